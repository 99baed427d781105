package io.olimpus.model.shape;

import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.TopologyLimits;
import io.olimpus.model.topology.VmSpec;

/**
 * A request for a generated shape, validated when made. {@code count} is the number of VMs for
 * every shape but the tree, whose size follows from {@code depth} and {@code fanout}.
 * Make one with the factory methods: {@code Shape.ring(7).withPrefix("web")}.
 */
public record Shape(ShapeKind kind, int count, int depth, int fanout, StarHub hub, String prefix, VmSpec vm) {
    public static final String DEFAULT_PREFIX = "vm";

    public Shape {
        if (kind == null) throw new IllegalArgumentException("shape kind is required");
        if (hub == null) hub = StarHub.SWITCH;
        if (prefix == null) prefix = DEFAULT_PREFIX;
        if (vm == null) vm = VmSpec.EMPTY;
        // The prefix plus a number must stay a valid name; 6 digits leave room for any count we allow.
        if (!Names.isValid(prefix) || prefix.length() > Names.MAX_LENGTH - 6)
            throw new IllegalArgumentException("prefix '" + prefix + "' must match " + Names.REGEX + " and be at most " + (Names.MAX_LENGTH - 6) + " characters");
        switch (kind) {
            case LINEAR -> requireCount(kind, count, 1);
            case RING -> requireCount(kind, count, 3);
            case MESH -> requireCount(kind, count, 2);
            case STAR -> requireCount(kind, count, 2);
            case BUS -> requireCount(kind, count, 1);
            case TREE -> {
                if (depth < 0) throw new IllegalArgumentException("tree depth must be at least 0, got " + depth);
                if (fanout < 1) throw new IllegalArgumentException("tree fanout must be at least 1, got " + fanout);
                long size = treeSize(depth, fanout);
                if (size > TopologyLimits.MAX_NODES)
                    throw new IllegalArgumentException("a tree of depth " + depth + " and fanout " + fanout + " has " + size
                            + " VMs, more than the limit of " + TopologyLimits.MAX_NODES);
            }
        }
    }

    private static void requireCount(ShapeKind kind, int count, int min) {
        if (count < min) throw new IllegalArgumentException(kind.name().toLowerCase() + " needs at least " + min + " VMs, got " + count);
        if (count > TopologyLimits.MAX_NODES)
            throw new IllegalArgumentException(kind.name().toLowerCase() + " of " + count + " VMs exceeds the limit of " + TopologyLimits.MAX_NODES);
    }

    /** VMs in a full tree: 1 + f + f² + ... + f^depth; saturates instead of overflowing. */
    public static long treeSize(int depth, int fanout) {
        long total = 0, level = 1;
        for (int d = 0; d <= depth; d++) {
            total += level;
            if (total > Integer.MAX_VALUE) return Long.MAX_VALUE;
            level *= fanout;
        }
        return total;
    }

    public static Shape linear(int n) { return new Shape(ShapeKind.LINEAR, n, 0, 0, null, null, null); }
    public static Shape ring(int n) { return new Shape(ShapeKind.RING, n, 0, 0, null, null, null); }
    public static Shape mesh(int n) { return new Shape(ShapeKind.MESH, n, 0, 0, null, null, null); }
    public static Shape star(int n, StarHub hub) { return new Shape(ShapeKind.STAR, n, 0, 0, hub, null, null); }
    public static Shape tree(int depth, int fanout) { return new Shape(ShapeKind.TREE, 0, depth, fanout, null, null, null); }
    public static Shape bus(int n) { return new Shape(ShapeKind.BUS, n, 0, 0, null, null, null); }

    public Shape withPrefix(String p) { return new Shape(kind, count, depth, fanout, hub, p, vm); }
    public Shape withVm(VmSpec spec) { return new Shape(kind, count, depth, fanout, hub, prefix, spec); }

    /** How many VMs the shape generates (a VM hub of a star counts as one of the n). */
    public int vmCount() {
        return kind == ShapeKind.TREE ? (int) treeSize(depth, fanout) : count;
    }
}
