package io.olimpus.desktop.layout;

import com.mxgraph.layout.hierarchical.mxHierarchicalLayout;
import com.mxgraph.layout.mxCircleLayout;
import com.mxgraph.layout.mxFastOrganicLayout;
import com.mxgraph.model.mxGeometry;
import com.mxgraph.view.mxGraph;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes node positions with JGraphX on a model-only graph (no Swing window). Pure and
 * thread-safe per call, so the designer runs it off the JavaFX thread.
 */
public final class GraphLayouts {
    /** The box every node occupies during layout; the canvas draws nodes about this size. */
    public static final double CELL = 48;

    private GraphLayouts() {}

    public static Map<String, Xy> layout(Topology t, LayoutKind kind) {
        return layout(t, kind, null);
    }

    /** {@code root} (may be null): for a tree, the node its part hangs from. */
    public static Map<String, Xy> layout(Topology t, LayoutKind kind, String root) {
        Map<String, Xy> out = new LinkedHashMap<>();
        if (t.nodes().isEmpty()) return out;
        if (kind == LayoutKind.TREE) return TreeLayout.layout(t, root);
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
        } finally {
            graph.getModel().endUpdate();
        }

        switch (kind) {
            case CIRCLE -> {
                mxCircleLayout c = new mxCircleLayout(graph);
                c.setRadius(Math.max(100, t.nodes().size() * CELL * 1.4 / (2 * Math.PI)));
                c.execute(parent);
            }
            case TREE -> throw new IllegalStateException("trees are laid out by TreeLayout");
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
        for (Node n : t.nodes()) {
            Object cell = cells.get(n.id());
            if (cell == null) continue;
            mxGeometry g = model.getGeometry(cell);
            out.put(n.id(), new Xy(g.getCenterX(), g.getCenterY()));
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
}
