package io.olimpus.desktop.layout;

import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Positions for a design that has none (a file from another tool, a generated shape), chosen by
 * each connected part's shape and size so that even 1,000 nodes read and fit one screen (#16
 * defect 5: a 1,000-VM ring used to become a circle 21,000 wide that Fit could not show).
 * <ul>
 * <li>a ring: a circle up to {@link #SMALL} nodes, beyond that folded into a serpentine of rows;</li>
 * <li>a line: a row up to {@link #SMALL} nodes, beyond that the same serpentine;</li>
 * <li>a tree: layered from its centre; a wide part (a big star, a bushy level) wraps its children
 *     into several rows under their parent, so the drawing stays roughly as wide as tall;</li>
 * <li>any other graph: organic up to {@link #ORGANIC_MAX} nodes, beyond that a square spiral in
 *     breadth-first order from its busiest node (neighbours stay near);</li>
 * <li>unlinked nodes: a grid.</li>
 * </ul>
 * The parts are then packed in rows, biggest first. No two nodes share a place. Pure, so it may run
 * off the JavaFX thread.
 */
public final class AutoLayout {
    /** Up to this many nodes a ring stays a circle and a line a row. */
    public static final int SMALL = 40;
    /** Up to this many nodes a graph that is neither ring, line nor tree is laid out organically. */
    static final int ORGANIC_MAX = 300;
    /** Up to this many nodes a tree is drawn classically, one column per leaf, never wrapped. */
    static final int TREE_UNWRAPPED = 100;
    static final double STEP = 90, ROW = 110;
    static final double COLUMN = TreeLayout.COLUMN, LEVEL = TreeLayout.LEVEL;

    /** What a connected part was recognised as (tests and the pulse logger name it). */
    public enum Kind { SINGLE, CIRCLE, ROW, SERPENTINE, TREE, ORGANIC, SPIRAL }

    private AutoLayout() {}

    public static Map<String, Xy> layout(Topology t) {
        return layout(t, t.nodes().stream().map(Node::id).toList(), t.links());
    }

    /** Lays out {@code ids} of {@code t} only, with those of {@code links} that join two of them. */
    public static Map<String, Xy> layout(Topology t, List<String> ids, Collection<Link> links) {
        Map<String, Set<String>> adj = new LinkedHashMap<>();
        for (String id : ids) adj.put(id, new LinkedHashSet<>());
        for (Link l : links)
            if (adj.containsKey(l.a()) && adj.containsKey(l.b()) && !l.a().equals(l.b())) {
                adj.get(l.a()).add(l.b());
                adj.get(l.b()).add(l.a());
            }
        List<Block> blocks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : adj.keySet()) {
            if (seen.contains(id)) continue;
            List<String> part = bfs(adj, id).order;
            seen.addAll(part);
            blocks.add(Block.of(part(t, adj, part)));
        }
        blocks.sort(Comparator.comparingInt((Block b) -> -b.pos.size()));
        return GraphLayouts.normalise(pack(blocks));
    }

    /** The kind the whole of {@code t} is recognised as when it is one part (for tests). */
    public static Kind kindOf(Topology t) {
        Map<String, Set<String>> adj = new LinkedHashMap<>();
        for (Node n : t.nodes()) adj.put(n.id(), new LinkedHashSet<>());
        for (Link l : t.links())
            if (adj.containsKey(l.a()) && adj.containsKey(l.b()) && !l.a().equals(l.b())) {
                adj.get(l.a()).add(l.b());
                adj.get(l.b()).add(l.a());
            }
        return classify(adj, new ArrayList<>(adj.keySet()));
    }

    // ---- one connected part ---------------------------------------------------------------

    private static Kind classify(Map<String, Set<String>> adj, List<String> part) {
        int n = part.size();
        if (n == 1) return Kind.SINGLE;
        long degrees = 0;
        int maxDeg = 0;
        boolean allTwo = true;
        for (String id : part) {
            int d = adj.get(id).size();
            degrees += d;
            maxDeg = Math.max(maxDeg, d);
            allTwo &= d == 2;
        }
        long edges = degrees / 2;
        if (allTwo && edges == n) return n <= SMALL ? Kind.CIRCLE : Kind.SERPENTINE;
        if (edges == n - 1 && maxDeg <= 2) return n <= SMALL ? Kind.ROW : Kind.SERPENTINE;
        if (edges == n - 1) return Kind.TREE;
        return n <= ORGANIC_MAX ? Kind.ORGANIC : Kind.SPIRAL;
    }

    private static Map<String, Xy> part(Topology t, Map<String, Set<String>> adj, List<String> part) {
        Kind kind = classify(adj, part);
        return switch (kind) {
            case SINGLE -> Map.of(part.get(0), new Xy(0, 0));
            case CIRCLE -> circle(walk(adj, part.get(0)));
            case ROW -> row(walk(adj, end(adj, part)));
            case SERPENTINE -> serpentine(walk(adj, part.stream().allMatch(id -> adj.get(id).size() == 2) ? part.get(0) : end(adj, part)));
            case TREE -> tree(adj, part);
            case ORGANIC -> organic(t, part);
            case SPIRAL -> spiral(bfs(adj, busiest(adj, part)).order);
        };
    }

    /** The nodes of a ring or line in the order the links join them, from {@code start}. */
    private static List<String> walk(Map<String, Set<String>> adj, String start) {
        List<String> order = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cur = start;
        while (cur != null) {
            order.add(cur);
            seen.add(cur);
            String next = null;
            for (String nb : adj.get(cur)) if (!seen.contains(nb)) { next = nb; break; }
            cur = next;
        }
        return order;
    }

    private static String end(Map<String, Set<String>> adj, List<String> part) {
        for (String id : part) if (adj.get(id).size() <= 1) return id;
        return part.get(0);
    }

    private static String busiest(Map<String, Set<String>> adj, List<String> part) {
        String best = part.get(0);
        for (String id : part) if (adj.get(id).size() > adj.get(best).size()) best = id;
        return best;
    }

    private static Map<String, Xy> circle(List<String> order) {
        Map<String, Xy> out = new LinkedHashMap<>();
        int n = order.size();
        double r = Math.max(STEP, n * STEP / (2 * Math.PI));
        for (int i = 0; i < n; i++) {
            double a = -Math.PI / 2 + 2 * Math.PI * i / n;
            out.put(order.get(i), new Xy(r * Math.cos(a), r * Math.sin(a)));
        }
        return out;
    }

    private static Map<String, Xy> row(List<String> order) {
        Map<String, Xy> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) out.put(order.get(i), new Xy(i * STEP, 0));
        return out;
    }

    /**
     * Rows read left to right, then right to left, so each link but a ring's closing one joins
     * neighbours; about 16:10 wide as a screen.
     */
    static Map<String, Xy> serpentine(List<String> order) {
        int n = order.size();
        int cols = Math.max(1, (int) Math.round(Math.sqrt(1.6 * n * ROW / STEP)));
        Map<String, Xy> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int r = i / cols, c = i % cols;
            if (r % 2 == 1) c = cols - 1 - c;
            out.put(order.get(i), new Xy(c * STEP, r * ROW));
        }
        return out;
    }

    /** A square spiral of grid cells from the middle outwards: the first node in the middle. */
    static Map<String, Xy> spiral(List<String> order) {
        Map<String, Xy> out = new LinkedHashMap<>();
        int x = 0, y = 0, dx = 1, dy = 0, leg = 1, stepsInLeg = 0, legsAtLength = 0;
        for (String id : order) {
            out.put(id, new Xy(x * STEP, y * STEP));
            x += dx;
            y += dy;
            if (++stepsInLeg == leg) {
                stepsInLeg = 0;
                int t = dx; dx = -dy; dy = t;  // turn a quarter
                if (++legsAtLength == 2) { legsAtLength = 0; leg++; }
            }
        }
        return out;
    }

    private static Map<String, Xy> organic(Topology t, List<String> part) {
        Set<String> in = new HashSet<>(part);
        List<Node> nodes = t.nodes().stream().filter(n -> in.contains(n.id())).toList();
        List<Link> links = t.links().stream().filter(l -> in.contains(l.a()) && in.contains(l.b())).toList();
        return GraphLayouts.layout(new Topology(t.name(), t.zone(), nodes, links), LayoutKind.ORGANIC);
    }

    /**
     * Layered from the tree's centre. Each subtree is a block; a parent packs its children's
     * blocks in rows no wider than about twice the side of a square holding its subtree, so a
     * 1,000-leaf star is a block of rows under its hub, not a line 70,000 wide. Small trees are
     * never wrapped: the classic drawing, one column per leaf, parent over its children.
     * Iterative (children before parents in reverse breadth-first order): deep trees do not
     * overflow the stack.
     */
    static Map<String, Xy> tree(Map<String, Set<String>> adj, List<String> part) {
        String root = TreeLayout.centre(listAdj(adj, part), part);
        Search s = bfs(adj, root);
        Map<String, List<String>> kids = new HashMap<>();
        for (String id : s.order) kids.put(id, new ArrayList<>());
        for (String id : s.order) if (s.parent.get(id) != null) kids.get(s.parent.get(id)).add(id);
        boolean wrap = part.size() > TREE_UNWRAPPED;
        Map<String, Integer> size = new HashMap<>();
        Map<String, double[]> block = new HashMap<>();      // width, height, node's x in the block
        Map<String, Xy> offset = new HashMap<>();           // a child's block origin in its parent's block
        for (int i = s.order.size() - 1; i >= 0; i--) {
            String v = s.order.get(i);
            List<String> ks = kids.get(v);
            int sz = 1;
            for (String k : ks) sz += size.get(k);
            size.put(v, sz);
            if (ks.isEmpty()) { block.put(v, new double[]{0, 0, 0}); continue; }
            double limit = wrap ? Math.max(COLUMN * 8, 2 * Math.sqrt(sz * COLUMN * LEVEL)) : Double.MAX_VALUE;
            double x = 0, y = LEVEL, shelfH = 0, width = 0, firstShelfL = Double.NaN, firstShelfR = 0;
            boolean firstShelf = true;
            for (String k : ks) {
                double[] b = block.get(k);
                if (x > 0 && x + b[0] > limit) {
                    y += shelfH + LEVEL;
                    x = 0;
                    shelfH = 0;
                    firstShelf = false;
                }
                offset.put(k, new Xy(x, y));
                if (firstShelf) {
                    if (Double.isNaN(firstShelfL)) firstShelfL = x + b[2];
                    firstShelfR = x + b[2];
                }
                width = Math.max(width, x + b[0]);
                shelfH = Math.max(shelfH, b[1]);
                x += b[0] + COLUMN;
            }
            block.put(v, new double[]{width, y + shelfH, (firstShelfL + firstShelfR) / 2});
        }
        Map<String, Xy> origin = new HashMap<>();
        Map<String, Xy> out = new LinkedHashMap<>();
        origin.put(root, new Xy(0, 0));
        for (String v : s.order) {
            Xy o = origin.get(v);
            out.put(v, o.plus(block.get(v)[2], 0));
            for (String k : kids.get(v)) origin.put(k, o.plus(offset.get(k).x(), offset.get(k).y()));
        }
        return out;
    }

    private static Map<String, List<String>> listAdj(Map<String, Set<String>> adj, List<String> part) {
        Map<String, List<String>> out = new HashMap<>();
        for (String id : part) out.put(id, new ArrayList<>(adj.get(id)));
        return out;
    }

    private record Search(List<String> order, Map<String, String> parent) {}

    private static Search bfs(Map<String, Set<String>> adj, String from) {
        List<String> order = new ArrayList<>();
        Map<String, String> parent = new HashMap<>();
        var queue = new ArrayDeque<String>();
        queue.add(from);
        parent.put(from, null);
        while (!queue.isEmpty()) {
            String cur = queue.poll();
            order.add(cur);
            for (String nb : adj.get(cur))
                if (!parent.containsKey(nb)) {
                    parent.put(nb, cur);
                    queue.add(nb);
                }
        }
        return new Search(order, parent);
    }

    // ---- the parts side by side -------------------------------------------------------------

    /** A laid-out part moved so its top-left node centre is at (0, 0). */
    private record Block(Map<String, Xy> pos, double w, double h) {
        static Block of(Map<String, Xy> pos) {
            double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
            for (Xy p : pos.values()) { x0 = Math.min(x0, p.x()); y0 = Math.min(y0, p.y()); x1 = Math.max(x1, p.x()); y1 = Math.max(y1, p.y()); }
            Map<String, Xy> moved = new LinkedHashMap<>();
            double dx = -x0, dy = -y0;
            pos.forEach((id, p) -> moved.put(id, p.plus(dx, dy)));
            return new Block(moved, x1 - x0, y1 - y0);
        }
    }

    /** Rows of parts, each row no wider than about 1.5 times the side of a square holding them all. */
    private static Map<String, Xy> pack(List<Block> blocks) {
        double area = 0, widest = 0;
        for (Block b : blocks) { area += (b.w + STEP) * (b.h + STEP); widest = Math.max(widest, b.w); }
        double limit = Math.max(widest, 1.5 * Math.sqrt(area));
        Map<String, Xy> out = new LinkedHashMap<>();
        double x = 0, y = 0, rowH = 0;
        for (Block b : blocks) {
            if (x > 0 && x + b.w > limit) { y += rowH + STEP * 1.5; x = 0; rowH = 0; }
            double bx = x, by = y;
            b.pos.forEach((id, p) -> out.put(id, p.plus(bx, by)));
            rowH = Math.max(rowH, b.h);
            x += b.w + STEP * 1.5;
        }
        return out;
    }
}
