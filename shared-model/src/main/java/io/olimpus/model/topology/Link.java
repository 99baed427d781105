package io.olimpus.model.topology;

import java.util.Objects;

/** An undirected link between two nodes, by their ids. */
public record Link(String id, String a, String b) {
    public Link {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (id.isBlank()) throw new IllegalArgumentException("link id must not be blank");
    }

    public boolean touches(String nodeId) { return a.equals(nodeId) || b.equals(nodeId); }

    /** The end that is not {@code nodeId}. */
    public String other(String nodeId) { return a.equals(nodeId) ? b : a; }

    /** Order-independent key: a–b and b–a are the same pair. */
    public String pairKey() { return a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a; }
}
