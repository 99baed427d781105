package io.olimpus.model.shape;

import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the course's shapes. A generated shape can stand alone or be added to an existing
 * topology, optionally linked to a chosen node; names continue where the topology's leave off
 * (vm1..vm4 exist, so the new ring starts at vm5) so they are unique and readable.
 */
public final class ShapeGenerator {
    private ShapeGenerator() {}

    /** The result of adding a shape: the new topology and which nodes and links are new. */
    public record Added(Topology topology, List<String> nodeIds, List<String> linkIds, String anchorId) {}

    public static Topology generate(String topologyName, Shape shape) {
        return addTo(Topology.empty(topologyName), shape, null).topology();
    }

    /**
     * Adds the shape to {@code base}. When {@code attachTo} names a node, the shape's anchor
     * (the first VM of a line or ring, the hub of a star, the root of a tree, the bus switch)
     * is linked to it.
     */
    public static Added addTo(Topology base, Shape shape, String attachTo) {
        if (attachTo != null) base.requireNode(attachTo);
        var b = new Builder(base, shape);
        int n = shape.count();
        List<String> vms = new ArrayList<>();
        String anchor;
        switch (shape.kind()) {
            case LINEAR -> {
                for (int i = 0; i < n; i++) vms.add(b.vm());
                for (int i = 0; i + 1 < n; i++) b.link(vms.get(i), vms.get(i + 1));
                anchor = vms.get(0);
            }
            case RING -> {
                for (int i = 0; i < n; i++) vms.add(b.vm());
                for (int i = 0; i < n; i++) b.link(vms.get(i), vms.get((i + 1) % n));
                anchor = vms.get(0);
            }
            case MESH -> {
                for (int i = 0; i < n; i++) vms.add(b.vm());
                for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) b.link(vms.get(i), vms.get(j));
                anchor = vms.get(0);
            }
            case STAR -> {
                if (shape.hub() == StarHub.SWITCH) {
                    anchor = b.sw();
                    for (int i = 0; i < n; i++) b.link(anchor, b.vm());
                } else {
                    anchor = b.vm();
                    for (int i = 1; i < n; i++) b.link(anchor, b.vm());
                }
            }
            case BUS -> {
                anchor = b.sw();
                for (int i = 0; i < n; i++) b.link(anchor, b.vm());
            }
            case TREE -> {
                anchor = b.vm();
                List<String> level = List.of(anchor);
                for (int d = 0; d < shape.depth(); d++) {
                    List<String> next = new ArrayList<>(level.size() * shape.fanout());
                    for (String parent : level)
                        for (int f = 0; f < shape.fanout(); f++) {
                            String child = b.vm();
                            b.link(parent, child);
                            next.add(child);
                        }
                    level = next;
                }
            }
            default -> throw new IllegalStateException("unknown shape " + shape.kind());
        }
        if (attachTo != null) b.link(attachTo, anchor);
        return b.finish(anchor);
    }

    /** Ids and names are taken from counters seeded once, so generating N nodes is O(N). */
    private static final class Builder {
        final Topology base;
        final Shape shape;
        final List<Node> nodes;
        final List<Link> links;
        final List<String> newNodes = new ArrayList<>(), newLinks = new ArrayList<>();
        final Set<String> takenNames = new HashSet<>();
        long nodeSeq, linkSeq;
        int vmNameSeq = 1, swNameSeq = 1;

        Builder(Topology base, Shape shape) {
            this.base = base;
            this.shape = shape;
            this.nodes = new ArrayList<>(base.nodes());
            this.links = new ArrayList<>(base.links());
            for (Node n : base.nodes()) takenNames.add(n.name());
            nodeSeq = Long.parseLong(base.freshNodeId().substring(1));
            linkSeq = Long.parseLong(base.freshLinkId().substring(1));
        }

        String vm() {
            String name;
            do name = shape.prefix() + vmNameSeq++; while (takenNames.contains(name));
            return add(Node.vm("n" + nodeSeq++, name, shape.vm()));
        }

        String sw() {
            String name;
            do name = "sw" + swNameSeq++; while (takenNames.contains(name));
            return add(Node.switchNode("n" + nodeSeq++, name));
        }

        private String add(Node node) {
            takenNames.add(node.name());
            nodes.add(node);
            newNodes.add(node.id());
            return node.id();
        }

        void link(String a, String b) {
            String id = "l" + linkSeq++;
            links.add(new Link(id, a, b));
            newLinks.add(id);
        }

        Added finish(String anchor) {
            return new Added(new Topology(base.name(), base.zone(), nodes, links), newNodes, newLinks, anchor);
        }
    }
}
