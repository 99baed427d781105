package io.olimpus.model.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A slice's design: a name, an optional default availability zone, nodes and links.
 * Immutable: every edit returns a new Topology, which is what makes undo and safe sharing cheap.
 * It may hold mistakes (dangling links, duplicate names): the validator reports them; the
 * constructor only refuses what cannot be represented at all.
 */
public final class Topology {
    private final String name;
    private final String zone;
    private final List<Node> nodes;
    private final List<Link> links;
    private final Map<String, Node> nodesById;
    private final long nextNodeSeq;
    private final long nextLinkSeq;

    public Topology(String name, String zone, List<Node> nodes, List<Link> links) {
        this.name = Objects.requireNonNull(name, "name");
        this.zone = zone;
        this.nodes = List.copyOf(nodes);
        this.links = List.copyOf(links);
        Map<String, Node> byId = new HashMap<>(this.nodes.size() * 2);
        long maxNode = 0;
        for (Node n : this.nodes) {
            byId.putIfAbsent(n.id(), n);
            maxNode = Math.max(maxNode, seqOf(n.id(), 'n'));
        }
        long maxLink = 0;
        for (Link l : this.links) maxLink = Math.max(maxLink, seqOf(l.id(), 'l'));
        this.nodesById = Collections.unmodifiableMap(byId);
        this.nextNodeSeq = maxNode + 1;
        this.nextLinkSeq = maxLink + 1;
    }

    public static Topology empty(String name) {
        return new Topology(name, null, List.of(), List.of());
    }

    private static long seqOf(String id, char prefix) {
        if (id.length() < 2 || id.charAt(0) != prefix || id.length() > 18) return 0;
        long v = 0;
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') return 0;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    public String name() { return name; }
    public String zone() { return zone; }
    public List<Node> nodes() { return nodes; }
    public List<Link> links() { return links; }

    public Optional<Node> node(String id) { return Optional.ofNullable(nodesById.get(id)); }

    public Node requireNode(String id) {
        Node n = nodesById.get(id);
        if (n == null) throw new IllegalArgumentException("no node with id " + id);
        return n;
    }

    public Optional<Node> nodeNamed(String nodeName) {
        return nodes.stream().filter(n -> n.name() != null && n.name().equals(nodeName)).findFirst();
    }

    public List<Node> vms() { return nodes.stream().filter(Node::isVm).toList(); }
    public List<Node> switches() { return nodes.stream().filter(Node::isSwitch).toList(); }

    public List<Link> linksOf(String nodeId) {
        return links.stream().filter(l -> l.touches(nodeId)).toList();
    }

    /** An id no node of this topology has; ids are n1, n2, ... so they read well in files. */
    public String freshNodeId() { return "n" + nextNodeSeq; }

    public String freshLinkId() { return "l" + nextLinkSeq; }

    /** The first name of the form prefix1, prefix2, ... that no node uses. */
    public String freshName(String prefix) {
        var taken = new java.util.HashSet<String>();
        for (Node n : nodes) taken.add(n.name());
        for (int i = 1; ; i++) {
            String candidate = prefix + i;
            if (!taken.contains(candidate)) return candidate;
        }
    }

    public Topology withName(String newName) { return new Topology(newName, zone, nodes, links); }

    public Topology withZone(String newZone) { return new Topology(name, newZone, nodes, links); }

    /** Adds the node, or replaces the node with the same id. */
    public Topology withNode(Node node) {
        List<Node> next = new ArrayList<>(nodes.size() + 1);
        boolean replaced = false;
        for (Node n : nodes) {
            if (n.id().equals(node.id())) { next.add(node); replaced = true; }
            else next.add(n);
        }
        if (!replaced) next.add(node);
        return new Topology(name, zone, next, links);
    }

    public Topology updateNode(String id, UnaryOperator<Node> change) {
        return withNode(change.apply(requireNode(id)));
    }

    /** Removes the node and every link that touches it. */
    public Topology withoutNode(String id) {
        return withoutNodes(List.of(id));
    }

    public Topology withoutNodes(java.util.Collection<String> ids) {
        var gone = new java.util.HashSet<>(ids);
        return new Topology(name, zone,
                nodes.stream().filter(n -> !gone.contains(n.id())).toList(),
                links.stream().filter(l -> !gone.contains(l.a()) && !gone.contains(l.b())).toList());
    }

    public Topology withLink(Link link) {
        List<Link> next = new ArrayList<>(links);
        next.add(link);
        return new Topology(name, zone, nodes, next);
    }

    /** Links two nodes with a fresh link id. */
    public Topology connect(String a, String b) {
        return withLink(new Link(freshLinkId(), a, b));
    }

    /** The link with that id set to behave as {@code impairment}; other links stay as they are. */
    public Topology withLinkImpairment(String linkId, LinkImpairment impairment) {
        return new Topology(name, zone, nodes, links.stream().map(l -> l.id().equals(linkId) ? l.withImpairment(impairment) : l).toList());
    }

    public Topology withoutLink(String linkId) {
        return new Topology(name, zone, nodes, links.stream().filter(l -> !l.id().equals(linkId)).toList());
    }

    @Override public boolean equals(Object o) {
        return o instanceof Topology t && name.equals(t.name) && Objects.equals(zone, t.zone)
                && nodes.equals(t.nodes) && links.equals(t.links);
    }

    @Override public int hashCode() { return Objects.hash(name, zone, nodes, links); }

    @Override public String toString() {
        return "Topology[" + name + ", " + nodes.size() + " nodes, " + links.size() + " links]";
    }
}
