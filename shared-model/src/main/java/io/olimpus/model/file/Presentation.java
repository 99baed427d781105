package io.olimpus.model.file;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a topology is drawn: positions, colours and notes by node id, free notes and named areas. */
public record Presentation(Map<String, NodeLook> nodes, List<Note> notes, List<Area> areas) {
    public static final Presentation EMPTY = new Presentation(Map.of(), List.of(), List.of());

    public Presentation {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        notes = List.copyOf(notes);
        areas = areas == null ? List.of() : List.copyOf(areas);
    }

    /** Without areas (formats and tools that have none). */
    public Presentation(Map<String, NodeLook> nodes, List<Note> notes) { this(nodes, notes, List.of()); }

    /** The same notes and areas with these node looks. */
    public Presentation withNodes(Map<String, NodeLook> looks) { return new Presentation(looks, notes, areas); }

    public Presentation withNotes(List<Note> n) { return new Presentation(nodes, n, areas); }

    public Presentation withAreas(List<Area> a) { return new Presentation(nodes, notes, a); }

    public boolean isEmpty() { return nodes.isEmpty() && notes.isEmpty() && areas.isEmpty(); }

    public Presentation withNode(String id, NodeLook look) {
        var next = new LinkedHashMap<>(nodes);
        next.put(id, look);
        return new Presentation(next, notes, areas);
    }

    public Presentation withoutNodes(java.util.Collection<String> ids) {
        var next = new LinkedHashMap<>(nodes);
        ids.forEach(next::remove);
        return new Presentation(next, notes, areas);
    }
}
