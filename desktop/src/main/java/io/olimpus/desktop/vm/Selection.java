package io.olimpus.desktop.vm;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Which nodes and links are selected, by id. Immutable, so the canvas redraws from one value. */
public record Selection(Set<String> nodes, Set<String> links) {
    public static final Selection NONE = new Selection(Set.of(), Set.of());

    public Selection {
        nodes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(nodes));
        links = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(links));
    }

    public static Selection ofNodes(Collection<String> ids) { return new Selection(new LinkedHashSet<>(ids), Set.of()); }

    public static Selection ofNode(String id) { return new Selection(Set.of(id), Set.of()); }

    public static Selection ofLink(String id) { return new Selection(Set.of(), Set.of(id)); }

    public boolean isEmpty() { return nodes.isEmpty() && links.isEmpty(); }

    public boolean hasNode(String id) { return nodes.contains(id); }

    public boolean hasLink(String id) { return links.contains(id); }

    /** Shift/Ctrl-click: adds the node when absent, removes it when present. */
    public Selection toggleNode(String id) {
        var n = new LinkedHashSet<>(nodes);
        if (!n.remove(id)) n.add(id);
        return new Selection(n, links);
    }

    public Selection toggleLink(String id) {
        var l = new LinkedHashSet<>(links);
        if (!l.remove(id)) l.add(id);
        return new Selection(nodes, l);
    }

    public Selection plus(Selection other) {
        var n = new LinkedHashSet<>(nodes);
        n.addAll(other.nodes);
        var l = new LinkedHashSet<>(links);
        l.addAll(other.links);
        return new Selection(n, l);
    }

    /** Keeps only ids that still exist (after an undo or a delete). */
    public Selection retain(Set<String> nodeIds, Set<String> linkIds) {
        var n = new LinkedHashSet<>(nodes);
        n.retainAll(nodeIds);
        var l = new LinkedHashSet<>(links);
        l.retainAll(linkIds);
        return n.size() == nodes.size() && l.size() == links.size() ? this : new Selection(n, l);
    }
}
