package io.olimpus.model.topology;

import java.util.Objects;

/**
 * An undirected link between two nodes, by their ids, with how it misbehaves on purpose
 * ({@link LinkImpairment#NONE} for a plain link). On a link to a switch the impairment is the
 * VM's port's.
 */
public record Link(String id, String a, String b, LinkImpairment impairment) {
    public Link {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (id.isBlank()) throw new IllegalArgumentException("link id must not be blank");
        if (impairment == null) impairment = LinkImpairment.NONE;
    }

    public Link(String id, String a, String b) { this(id, a, b, LinkImpairment.NONE); }

    public Link withImpairment(LinkImpairment next) { return new Link(id, a, b, next); }

    public boolean touches(String nodeId) { return a.equals(nodeId) || b.equals(nodeId); }

    /** The end that is not {@code nodeId}. */
    public String other(String nodeId) { return a.equals(nodeId) ? b : a; }

    /** Order-independent key: a–b and b–a are the same pair. */
    public String pairKey() { return a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a; }
}
