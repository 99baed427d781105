package io.olimpus.model.file;

import java.util.List;

/** A design read from the course tool's format, with what had to change on the way (renamed VMs). */
public record CourseImport(TopologyDocument document, List<String> notices) {
    public CourseImport {
        notices = List.copyOf(notices);
    }
}
