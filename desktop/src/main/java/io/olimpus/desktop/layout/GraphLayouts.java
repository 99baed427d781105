package io.olimpus.desktop.layout;

import com.mxgraph.layout.hierarchical.mxHierarchicalLayout;
import com.mxgraph.layout.mxCircleLayout;
import com.mxgraph.layout.mxCompactTreeLayout;
import com.mxgraph.layout.mxFastOrganicLayout;
import com.mxgraph.model.mxGeometry;
import com.mxgraph.view.mxGraph;
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
 * Computes node positions with JGraphX on a model-only graph (no Swing window). Pure and
 * thread-safe per call, so the designer runs it off the JavaFX thread.
 */
public final class GraphLayouts {
    /** The box every node occupies during layout; the canvas draws nodes about this size. */
    public static final double CELL = 48;
    private static final String VIRTUAL_ROOT = "\u0000root";

    private GraphLayouts() {}

    public static Map<String, Xy> layout(Topology t, LayoutKind kind) {
        Map<String, Xy> out = new LinkedHashMap<>();
        if (t.nodes().isEmpty()) return out;
        mxGraph graph = new mxGraph();
        Object parent = graph.getDefaultParent();
        Map<String, Object> cells = new HashMap<>(t.nodes().size() * 2);
        graph.getModel().beginUpdate();
        try {
            int i = 0;
            int cols = (int) Math.ceil(Math.sqrt(t.nodes().size()));
            for (Node n : t.nodes()) {
                // A grid start keeps the organic layout deterministic and away from one point.
                double x = (i % cols) * CELL * 2, y = (i / cols) * CELL * 2;
                cells.put(n.id(), graph.insertVertex(parent, n.id(), null, x, y, CELL, CELL));
                i++;
            }
            for (Link l : t.links()) {
                Object a = cells.get(l.a()), b = cells.get(l.b());
                if (a != null && b != null && a != b) graph.insertEdge(parent, l.id(), null, a, b);
            }
            if (kind == LayoutKind.TREE) {
                // One root over every connected part, so a forest lays out as one tree.
                Object root = graph.insertVertex(parent, VIRTUAL_ROOT, null, 0, 0, CELL, CELL);
                for (String r : componentRoots(t)) graph.insertEdge(parent, null, null, root, cells.get(r));
            }
        } finally {
            graph.getModel().endUpdate();
        }

        switch (kind) {
            case CIRCLE -> {
                mxCircleLayout c = new mxCircleLayout(graph);
                c.setRadius(Math.max(100, t.nodes().size() * CELL * 1.4 / (2 * Math.PI)));
                c.execute(parent);
            }
            case TREE -> {
                mxCompactTreeLayout tree = new mxCompactTreeLayout(graph, false);
                tree.setLevelDistance((int) CELL);
                tree.setNodeDistance((int) (CELL / 2));
                tree.setEdgeRouting(false);
                tree.setResetEdges(false);
                tree.execute(parent, ((com.mxgraph.model.mxGraphModel) graph.getModel()).getCell(VIRTUAL_ROOT));
            }
            case HIERARCHICAL -> {
                mxHierarchicalLayout h = new mxHierarchicalLayout(graph);
                h.setInterRankCellSpacing(CELL * 1.5);
                h.setIntraCellSpacing(CELL);
                h.execute(parent);
            }
            case ORGANIC -> {
                mxFastOrganicLayout o = new mxFastOrganicLayout(graph);
                o.setForceConstant(CELL * 2);
                o.setMaxIterations(Math.max(50, Math.min(500, 20_000 / Math.max(1, t.nodes().size()) * 10)));
                o.setUseInputOrigin(false);
                o.execute(parent);
            }
        }
        var model = (com.mxgraph.model.mxGraphModel) graph.getModel();
        Object rootCell = model.getCell(VIRTUAL_ROOT);
        double shiftY = 0;
        if (rootCell != null) shiftY = -(model.getGeometry(rootCell).getCenterY() + CELL * 1.5);
        for (Node n : t.nodes()) {
            Object cell = cells.get(n.id());
            if (cell == null) continue;
            mxGeometry g = model.getGeometry(cell);
            out.put(n.id(), new Xy(g.getCenterX(), g.getCenterY() + shiftY));
        }
        return normalise(out);
    }

    /** Moves the drawing so its top-left node centre sits at (80, 80). */
    static Map<String, Xy> normalise(Map<String, Xy> pos) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE;
        for (Xy p : pos.values()) { minX = Math.min(minX, p.x()); minY = Math.min(minY, p.y()); }
        double dx = 80 - minX, dy = 80 - minY;
        Map<String, Xy> out = new LinkedHashMap<>();
        pos.forEach((id, p) -> out.put(id, p.plus(dx, dy)));
        return out;
    }

    /** For each connected part, its node of highest degree (ties: first in file order). */
    static List<String> componentRoots(Topology t) {
        Map<String, List<String>> adj = new HashMap<>();
        for (Node n : t.nodes()) adj.put(n.id(), new ArrayList<>());
        for (Link l : t.links()) {
            if (adj.containsKey(l.a()) && adj.containsKey(l.b()) && !l.a().equals(l.b())) {
                adj.get(l.a()).add(l.b());
                adj.get(l.b()).add(l.a());
            }
        }
        Set<String> seen = new HashSet<>();
        List<String> roots = new ArrayList<>();
        for (Node n : t.nodes()) {
            if (!seen.add(n.id())) continue;
            String best = n.id();
            var queue = new ArrayDeque<String>();
            queue.add(n.id());
            while (!queue.isEmpty()) {
                String cur = queue.poll();
                if (adj.get(cur).size() > adj.get(best).size()) best = cur;
                for (String nb : adj.get(cur)) if (seen.add(nb)) queue.add(nb);
            }
            roots.add(best);
        }
        return roots;
    }
}
