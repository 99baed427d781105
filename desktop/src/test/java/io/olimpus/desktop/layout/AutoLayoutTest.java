package io.olimpus.desktop.layout;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.shape.StarHub;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #16 defect 5: a design without positions gets a layout for its shape and size; every node
 * placed, none on another, and 1,000 nodes within a few thousand units each way (a 1,000-VM
 * ring used to be a circle 21,000 across, a 1,000-VM tree a fan of crossing lines).
 */
class AutoLayoutTest {
    /** Beyond this a 1,000-node drawing cannot be fitted into a window with nodes still visible. */
    static final double MAX_EXTENT = 8_000;

    static Topology gen(Shape s) { return ShapeGenerator.generate("t", s); }

    static double[] extent(Map<String, Xy> pos) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (Xy p : pos.values()) { x0 = Math.min(x0, p.x()); y0 = Math.min(y0, p.y()); x1 = Math.max(x1, p.x()); y1 = Math.max(y1, p.y()); }
        return new double[]{x1 - x0, y1 - y0};
    }

    /** Every node placed, no two centres closer than a node's size. */
    static void wellPlaced(Topology t, Map<String, Xy> pos) {
        assertThat(pos.keySet()).containsExactlyInAnyOrderElementsOf(t.nodes().stream().map(Node::id).toList());
        List<Xy> ps = new ArrayList<>(pos.values());
        for (int i = 0; i < ps.size(); i++)
            for (int j = i + 1; j < ps.size(); j++)
                assertThat(Math.hypot(ps.get(i).x() - ps.get(j).x(), ps.get(i).y() - ps.get(j).y()))
                        .as("nodes %d and %d apart", i, j).isGreaterThanOrEqualTo(GraphLayouts.CELL);
    }

    static void bounded(Map<String, Xy> pos) {
        double[] e = extent(pos);
        System.out.printf("extent %d nodes: %.0f x %.0f%n", pos.size(), e[0], e[1]);
        assertThat(e[0]).as("width").isLessThanOrEqualTo(MAX_EXTENT);
        assertThat(e[1]).as("height").isLessThanOrEqualTo(MAX_EXTENT);
    }

    @Test
    void aThousandVmRingFoldsIntoRowsThatFit() {
        Topology t = gen(Shape.ring(1000));
        assertThat(AutoLayout.kindOf(t)).isEqualTo(AutoLayout.Kind.SERPENTINE);
        Map<String, Xy> pos = AutoLayout.layout(t);
        wellPlaced(t, pos);
        bounded(pos);
        // All links but the ring's closing one join neighbours in a row or the row below.
        long longLinks = t.links().stream().filter(l -> {
            Xy a = pos.get(l.a()), b = pos.get(l.b());
            return Math.hypot(a.x() - b.x(), a.y() - b.y()) > AutoLayout.ROW + 1;
        }).count();
        assertThat(longLinks).isLessThanOrEqualTo(1);
    }

    @Test
    void aSmallRingStaysACircle() {
        Topology t = gen(Shape.ring(12));
        assertThat(AutoLayout.kindOf(t)).isEqualTo(AutoLayout.Kind.CIRCLE);
        Map<String, Xy> pos = AutoLayout.layout(t);
        wellPlaced(t, pos);
        double[] e = extent(pos);
        assertThat(e[0]).isCloseTo(e[1], org.assertj.core.data.Offset.offset(e[0] * 0.1));
    }

    @Test
    void aThousandVmTreeIsLayeredAndFits() {
        for (Shape s : List.of(Shape.tree(9, 2), Shape.tree(3, 10))) {
            Topology t = gen(s);
            assertThat(AutoLayout.kindOf(t)).isEqualTo(AutoLayout.Kind.TREE);
            Map<String, Xy> pos = AutoLayout.layout(t);
            wellPlaced(t, pos);
            bounded(pos);
            // Layered: every child lies below its parent (the root is the tree's centre, vm1).
            for (Link l : t.links()) assertThat(pos.get(l.b()).y()).as(l.id()).isGreaterThan(pos.get(l.a()).y());
        }
    }

    @Test
    void aThousandVmStarWrapsItsLeavesUnderTheHub() {
        Topology t = gen(Shape.star(1000, StarHub.SWITCH));
        Map<String, Xy> pos = AutoLayout.layout(t);
        wellPlaced(t, pos);
        bounded(pos);
        String hub = t.switches().get(0).id();
        for (Node n : t.vms()) assertThat(pos.get(n.id()).y()).isGreaterThan(pos.get(hub).y());
    }

    @Test
    void aSmallTreeIsTheClassicDrawing() {
        Topology t = gen(Shape.tree(2, 3));
        Map<String, Xy> pos = AutoLayout.layout(t);
        wellPlaced(t, pos);
        // 9 leaves on one row, the root above the middle.
        String root = t.nodeNamed("vm1").orElseThrow().id();
        long onLeafRow = pos.values().stream().filter(p -> p.y() == pos.get(root).y() + 2 * AutoLayout.LEVEL).count();
        assertThat(onLeafRow).isEqualTo(9);
    }

    @Test
    void aBigGraphWithCyclesIsASpiralAndUnlinkedNodesAGrid() {
        Topology ring = gen(Shape.ring(600));
        Topology chords = ring;
        for (int i = 0; i < 600; i += 7) chords = chords.connect(ring.nodes().get(i).id(), ring.nodes().get((i + 300) % 600).id());
        assertThat(AutoLayout.kindOf(chords)).isEqualTo(AutoLayout.Kind.SPIRAL);
        Map<String, Xy> pos = AutoLayout.layout(chords);
        wellPlaced(chords, pos);
        bounded(pos);

        Topology loose = new Topology("loose", gen(Shape.linear(900)).zone(), gen(Shape.linear(900)).nodes(), List.of());
        Map<String, Xy> grid = AutoLayout.layout(loose);
        wellPlaced(loose, grid);
        bounded(grid);
    }

    @Test
    void partsOfEveryShapeArePackedWithoutOverlap() {
        Topology t = gen(Shape.ring(300));
        var added = ShapeGenerator.addTo(t, Shape.tree(4, 3), null);
        added = ShapeGenerator.addTo(added.topology(), Shape.ring(8), null);
        added = ShapeGenerator.addTo(added.topology(), Shape.star(200, StarHub.VM), null);
        Topology all = added.topology();
        for (int i = 0; i < 30; i++) all = all.withNode(Node.vm(all.freshNodeId(), "solo" + i, all.nodes().get(0).vm()));
        Map<String, Xy> pos = AutoLayout.layout(all);
        wellPlaced(all, pos);
        bounded(pos);
    }

    @Test
    void aBigShapeIsPlacedLikeADesignWithoutPositions() {
        var added = ShapeGenerator.addTo(Topology.empty("t"), Shape.ring(1000), null);
        Map<String, Xy> pos = ShapePlacement.place(io.olimpus.model.shape.ShapeKind.RING, added, new Xy(500, 400));
        wellPlaced(added.topology(), pos);
        bounded(pos);
        double[] e = extent(pos);
        double cx = pos.values().stream().mapToDouble(Xy::x).min().orElseThrow() + e[0] / 2;
        assertThat(cx).isCloseTo(500, org.assertj.core.data.Offset.offset(1.0));
    }
}
