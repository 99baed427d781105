package io.olimpus.model.file;

import java.util.List;

/**
 * A design read from the course tool's format, with what had to change on the way (renamed VMs)
 * and the problems of the elements left out or left unset (empty for a sound file).
 */
public record CourseImport(TopologyDocument document, List<String> notices, List<FileProblem> problems) {
    public CourseImport {
        notices = List.copyOf(notices);
        problems = List.copyOf(problems);
    }
}
