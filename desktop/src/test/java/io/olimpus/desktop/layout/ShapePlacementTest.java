package io.olimpus.desktop.layout;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.shape.ShapeKind;
import io.olimpus.model.shape.StarHub;
import io.olimpus.model.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShapePlacementTest {
    @Test
    void ringNodesSitOnOneCircleAroundTheCentre() {
        var added = ShapeGenerator.addTo(Topology.empty("t"), Shape.ring(8), null);
        Map<String, Xy> pos = ShapePlacement.place(ShapeKind.RING, added, new Xy(100, 100));
        double r0 = Math.hypot(pos.get("n1").x() - 100, pos.get("n1").y() - 100);
        for (Xy p : pos.values()) assertThat(Math.hypot(p.x() - 100, p.y() - 100)).isCloseTo(r0, within(1e-6));
    }

    @Test
    void starHubIsInTheMiddleAndLinearIsARow() {
        var star = ShapeGenerator.addTo(Topology.empty("t"), Shape.star(6, StarHub.SWITCH), null);
        assertThat(ShapePlacement.place(ShapeKind.STAR, star, new Xy(5, 5)).get(star.anchorId())).isEqualTo(new Xy(5, 5));
        var line = ShapeGenerator.addTo(Topology.empty("t"), Shape.linear(4), null);
        Map<String, Xy> pos = ShapePlacement.place(ShapeKind.LINEAR, line, new Xy(0, 0));
        assertThat(pos.values()).extracting(Xy::y).containsOnly(0.0);
        assertThat(pos.get("n1").x()).isLessThan(pos.get("n4").x());
    }

    @Test
    void treeLevelsGoDown() {
        var tree = ShapeGenerator.addTo(Topology.empty("t"), Shape.tree(2, 3), null);
        Map<String, Xy> pos = ShapePlacement.place(ShapeKind.TREE, tree, new Xy(0, 0));
        assertThat(pos).hasSize(13);
        assertThat(pos.get(tree.anchorId()).y()).isEqualTo(0.0);
        assertThat(pos.get("n13").y()).isGreaterThan(pos.get("n2").y());
    }
}
