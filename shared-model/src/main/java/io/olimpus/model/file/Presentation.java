package io.olimpus.model.file;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a topology is drawn: positions, colours and notes by node id, and free notes. */
public record Presentation(Map<String, NodeLook> nodes, List<Note> notes) {
    public static final Presentation EMPTY = new Presentation(Map.of(), List.of());

    public Presentation {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        notes = List.copyOf(notes);
    }

    public Presentation withNode(String id, NodeLook look) {
        var next = new LinkedHashMap<>(nodes);
        next.put(id, look);
        return new Presentation(next, notes);
    }

    public Presentation withoutNodes(java.util.Collection<String> ids) {
        var next = new LinkedHashMap<>(nodes);
        ids.forEach(next::remove);
        return new Presentation(next, notes);
    }
}
