package io.olimpus.desktop.layout;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GraphLayoutsTest {
    @ParameterizedTest
    @EnumSource(LayoutKind.class)
    void everyNodeGetsItsOwnPlaceEvenInAForest(LayoutKind kind) {
        Topology t = ShapeGenerator.generate("t", Shape.tree(2, 3));
        t = ShapeGenerator.addTo(t, Shape.ring(5), null).topology(); // a second, separate part
        Map<String, Xy> pos = GraphLayouts.layout(t, kind);
        assertThat(pos.keySet()).containsExactlyInAnyOrderElementsOf(t.nodes().stream().map(Node::id).toList());
        Set<String> cells = new HashSet<>();
        for (Xy p : pos.values()) {
            assertThat(Double.isFinite(p.x()) && Double.isFinite(p.y())).isTrue();
            cells.add(Math.round(p.x() / 10) + ":" + Math.round(p.y() / 10));
        }
        assertThat(cells).as("distinct positions").hasSize(pos.size());
        double minX = pos.values().stream().mapToDouble(Xy::x).min().orElseThrow();
        double minY = pos.values().stream().mapToDouble(Xy::y).min().orElseThrow();
        assertThat(minX).isEqualTo(80.0);
        assertThat(minY).isEqualTo(80.0);
    }

    @ParameterizedTest
    @EnumSource(LayoutKind.class)
    void treeRootIsAboveItsChildren(LayoutKind kind) {
        if (kind != LayoutKind.TREE && kind != LayoutKind.HIERARCHICAL) return;
        Topology t = ShapeGenerator.generate("t", Shape.tree(2, 2));
        Map<String, Xy> pos = GraphLayouts.layout(t, kind);
        assertThat(pos.get("n1").y()).isLessThan(pos.get("n2").y());
        assertThat(pos.get("n2").y()).isLessThan(pos.get("n4").y());
    }
}
