package io.olimpus.desktop.layout;

import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layout → Tree: each connected part drawn as a tree hanging from its centre (the node whose
 * farthest node is nearest), or from the selected node in its part, following links whichever way
 * they were written; the parts side by side. Every node gets a column of its own among the leaves
 * under it, so no two nodes ever share a place. Links that close a cycle are drawn where their
 * ends land.
 */
public final class TreeLayout {
    static final double COLUMN = GraphLayouts.CELL * 1.5, LEVEL = GraphLayouts.CELL * 2.5;

    private TreeLayout() {}

    /** {@code preferredRoot} (may be null) roots the part it belongs to. */
    public static Map<String, Xy> layout(Topology t, String preferredRoot) {
        Map<String, List<String>> adj = new LinkedHashMap<>();
        for (Node n : t.nodes()) adj.put(n.id(), new ArrayList<>());
        for (Link l : t.links())
            if (adj.containsKey(l.a()) && adj.containsKey(l.b()) && !l.a().equals(l.b())) {
                adj.get(l.a()).add(l.b());
                adj.get(l.b()).add(l.a());
            }
        Map<String, Xy> out = new LinkedHashMap<>();
        Set<String> placed = new HashSet<>();
        double[] nextColumn = {0};
        for (String start : adj.keySet()) {
            if (placed.contains(start)) continue;
            List<String> part = bfsOrder(adj, start).order();
            String root = preferredRoot != null && part.contains(preferredRoot) ? preferredRoot : centre(adj, part);
            Map<String, List<String>> children = new HashMap<>();
            Search s = bfsOrder(adj, root);
            for (String id : s.order()) children.put(id, new ArrayList<>());
            for (String id : s.order()) if (s.parent().get(id) != null) children.get(s.parent().get(id)).add(id);
            place(root, 0, children, out, nextColumn);
            placed.addAll(part);
            nextColumn[0] += 1;  // a free column between parts
        }
        return GraphLayouts.normalise(out);
    }

    /** Leaves take the next free column; a parent sits over the middle of its children. Returns its x. */
    private static double place(String root, int depth, Map<String, List<String>> children, Map<String, Xy> out, double[] nextColumn) {
        // Iterative post-order: deep chains (a 1,000-node line) must not overflow the stack.
        record Frame(String id, int depth) {}
        var stack = new ArrayDeque<Frame>();
        var done = new HashSet<String>();
        stack.push(new Frame(root, depth));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            List<String> kids = children.get(f.id());
            if (!done.contains(f.id()) && !kids.isEmpty()) {
                done.add(f.id());
                for (int i = kids.size() - 1; i >= 0; i--) stack.push(new Frame(kids.get(i), f.depth() + 1));
                continue;
            }
            stack.pop();
            double x;
            if (kids.isEmpty()) x = nextColumn[0]++ * COLUMN;
            else x = (out.get(kids.get(0)).x() + out.get(kids.get(kids.size() - 1)).x()) / 2;
            out.put(f.id(), new Xy(x, f.depth() * LEVEL));
        }
        return out.get(root).x();
    }

    private record Search(List<String> order, Map<String, String> parent, Map<String, Integer> depth) {}

    private static Search bfsOrder(Map<String, List<String>> adj, String from) {
        List<String> order = new ArrayList<>();
        Map<String, String> parent = new HashMap<>();
        Map<String, Integer> depth = new HashMap<>();
        var queue = new ArrayDeque<String>();
        queue.add(from);
        parent.put(from, null);
        depth.put(from, 0);
        while (!queue.isEmpty()) {
            String cur = queue.poll();
            order.add(cur);
            for (String nb : adj.get(cur))
                if (!depth.containsKey(nb)) {
                    depth.put(nb, depth.get(cur) + 1);
                    parent.put(nb, cur);
                    queue.add(nb);
                }
        }
        return new Search(order, parent, depth);
    }

    /**
     * The middle of the part's longest path (two searches), which is the tree's centre: the
     * node from which the farthest node is nearest, so the drawing is as shallow as it can be.
     */
    static String centre(Map<String, List<String>> adj, List<String> part) {
        Search first = bfsOrder(adj, part.get(0));
        String end1 = first.order().get(first.order().size() - 1);
        Search second = bfsOrder(adj, end1);
        String end2 = second.order().get(second.order().size() - 1);
        int length = second.depth().get(end2);
        String at = end2;
        for (int i = 0; i < length / 2; i++) at = second.parent().get(at);
        return at;
    }
}
