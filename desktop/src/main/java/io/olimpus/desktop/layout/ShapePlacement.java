package io.olimpus.desktop.layout;

import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.shape.ShapeKind;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the nodes of a freshly generated shape go, so it looks like its name: a ring is a circle,
 * a line is a row, a star and a bus put the hub in the middle, a tree hangs from its root.
 * Only the new nodes are placed; {@code centre} is where the shape's middle (the tree's root) lands.
 */
public final class ShapePlacement {
    public static final double GAP = 90;

    private ShapePlacement() {}

    public static Map<String, Xy> place(ShapeKind kind, ShapeGenerator.Added added, Xy centre) {
        List<String> ids = added.nodeIds();
        Map<String, Xy> out = new LinkedHashMap<>();
        int n = ids.size();
        if (n > AutoLayout.SMALL) return big(added, centre);
        switch (kind) {
            case LINEAR -> {
                for (int i = 0; i < n; i++) out.put(ids.get(i), centre.plus((i - (n - 1) / 2.0) * GAP, 0));
            }
            case RING, MESH -> circle(ids, centre, out);
            case STAR, BUS -> {
                out.put(added.anchorId(), centre);
                List<String> rim = ids.stream().filter(id -> !id.equals(added.anchorId())).toList();
                circle(rim, centre, out);
            }
            case TREE -> tree(added, centre, out);
        }
        return out;
    }

    /**
     * A shape of more than {@link AutoLayout#SMALL} nodes: a circle or a fan of that size cannot
     * be read nor fitted (a 1,000-VM ring was 21,000 wide), so it is laid out like a design without
     * positions (a serpentine, a wrapped tree, a spiral), its middle at {@code centre}.
     */
    private static Map<String, Xy> big(ShapeGenerator.Added added, Xy centre) {
        Set<String> fresh = new HashSet<>(added.linkIds());
        Map<String, Xy> pos = AutoLayout.layout(added.topology(), added.nodeIds(),
                added.topology().links().stream().filter(l -> fresh.contains(l.id())).toList());
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (Xy p : pos.values()) { x0 = Math.min(x0, p.x()); y0 = Math.min(y0, p.y()); x1 = Math.max(x1, p.x()); y1 = Math.max(y1, p.y()); }
        double dx = centre.x() - (x0 + x1) / 2, dy = centre.y() - (y0 + y1) / 2;
        Map<String, Xy> out = new LinkedHashMap<>();
        pos.forEach((id, p) -> out.put(id, p.plus(dx, dy)));
        return out;
    }

    /**
     * Rotates a placed shape about its centre so its anchor faces {@code towards} (the node it is
     * linked to), so the joining link does not cross the shape. A centred anchor stays put.
     */
    public static Map<String, Xy> turnAnchorTowards(Map<String, Xy> pos, String anchor, Xy centre, Xy towards) {
        Xy a = pos.get(anchor);
        // A big shape is rows or a spiral: turned, it would read askew.
        if (pos.size() > AutoLayout.SMALL || a == null || Math.hypot(a.x() - centre.x(), a.y() - centre.y()) < 1e-6) return pos;
        double turn = Math.atan2(towards.y() - centre.y(), towards.x() - centre.x())
                - Math.atan2(a.y() - centre.y(), a.x() - centre.x());
        double cos = Math.cos(turn), sin = Math.sin(turn);
        Map<String, Xy> out = new LinkedHashMap<>();
        pos.forEach((id, p) -> {
            double dx = p.x() - centre.x(), dy = p.y() - centre.y();
            out.put(id, new Xy(centre.x() + dx * cos - dy * sin, centre.y() + dx * sin + dy * cos));
        });
        return out;
    }

    private static void circle(List<String> ids, Xy centre, Map<String, Xy> out) {
        int n = ids.size();
        double r = Math.max(GAP, n * GAP / (2 * Math.PI));
        for (int i = 0; i < n; i++) {
            double a = -Math.PI / 2 + 2 * Math.PI * i / n;
            out.put(ids.get(i), centre.plus(r * Math.cos(a), r * Math.sin(a)));
        }
    }

    /** Levels by breadth-first search over the new links from the root; leaves spread evenly. */
    private static void tree(ShapeGenerator.Added added, Xy centre, Map<String, Xy> out) {
        Topology t = added.topology();
        Set<String> fresh = new HashSet<>(added.nodeIds());
        Set<String> newLinks = new HashSet<>(added.linkIds());
        Map<String, List<String>> children = new HashMap<>();
        for (Link l : t.links()) {
            if (!newLinks.contains(l.id()) || !fresh.contains(l.a()) || !fresh.contains(l.b())) continue;
            children.computeIfAbsent(l.a(), k -> new ArrayList<>()).add(l.b());
        }
        Map<String, Double> xs = new HashMap<>();
        double[] nextLeaf = {0};
        Map<String, Integer> depth = new HashMap<>();
        assign(added.anchorId(), 0, children, xs, depth, nextLeaf);
        double width = (nextLeaf[0] - 1) * GAP * 0.8;
        for (String id : added.nodeIds()) {
            Double x = xs.get(id);
            if (x == null) continue;
            out.put(id, centre.plus(x * GAP * 0.8 - width / 2, depth.get(id) * GAP * 1.2));
        }
    }

    private static void assign(String id, int d, Map<String, List<String>> children, Map<String, Double> xs,
                               Map<String, Integer> depth, double[] nextLeaf) {
        depth.put(id, d);
        List<String> kids = children.getOrDefault(id, List.of());
        if (kids.isEmpty()) {
            xs.put(id, nextLeaf[0]++);
            return;
        }
        for (String k : kids) assign(k, d + 1, children, xs, depth, nextLeaf);
        xs.put(id, (xs.get(kids.get(0)) + xs.get(kids.get(kids.size() - 1))) / 2);
    }
}
