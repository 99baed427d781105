package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.Xy;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, the canvas: interface labels overlapped node names on short links (they sat at a fixed
 * distance from the node's centre, right where the name is drawn under a node linked downwards).
 * A label now goes along the link where it overlaps no node and no name, or is hidden.
 */
class InterfaceLabelPlacementTest {
    static final double W = TopologyCanvas.labelWidth("eth0");

    static Rectangle2D name(Xy p, String name) { return TopologyCanvas.nameBox(p, name.length() * 7.0 + 6, 18); }

    static Rectangle2D box(Xy at) { return new Rectangle2D(at.x() - W / 2, at.y() - 7, W, 14); }

    @Test
    void aLabelOnALinkGoingDownIsPlacedBelowTheNodesNameNotOnIt() {
        Xy a = new Xy(0, 0), b = new Xy(0, 160);
        Rectangle2D nameA = name(a, "vm1"), nameB = name(b, "vm2");
        Xy at = TopologyCanvas.interfaceLabelAt(a, b, W, nameA, nameB, true);
        assertThat(at).isNotNull();
        assertThat(box(at).intersects(nameA)).as("clear of its node's name").isFalse();
        assertThat(box(at).intersects(nameB)).isFalse();
        assertThat(at.y()).as("in its own half of the link").isLessThanOrEqualTo(80);
        // Where the fixed offset put it (the node's radius + 16): on the name.
        Xy old = new Xy(0, TopologyCanvas.NODE / 2 + 16);
        assertThat(box(old).intersects(nameA)).as("the old place overlapped the name").isTrue();
    }

    @Test
    void aLinkTooShortForAClearPlaceHidesItsLabel() {
        Xy a = new Xy(0, 0), b = new Xy(0, 90);
        assertThat(TopologyCanvas.interfaceLabelAt(a, b, W, name(a, "vm1"), name(b, "vm2"), true)).isNull();
        Xy c = new Xy(0, 0), d = new Xy(60, 0);
        assertThat(TopologyCanvas.interfaceLabelAt(c, d, W, name(c, "vm1"), name(d, "vm2"), true)).isNull();
    }

    @Test
    void theOnlyLabelOfAVmToSwitchLinkMayUseTheWholeLink() {
        Xy vm = new Xy(0, 0), sw = new Xy(90, 0);
        Rectangle2D nameVm = name(vm, "vm2"), nameSw = name(sw, "sw1");
        assertThat(TopologyCanvas.interfaceLabelAt(vm, sw, W, nameVm, nameSw, true)).as("half the link is too short").isNull();
        Xy at = TopologyCanvas.interfaceLabelAt(vm, sw, W, nameVm, nameSw, false);
        assertThat(at).isNotNull();
        assertThat(box(at).intersects(nameVm) || box(at).intersects(nameSw)).isFalse();
        assertThat(box(at).getMaxX()).as("clear of the switch").isLessThanOrEqualTo(sw.x() - TopologyCanvas.NODE / 2);
    }

    @Test
    void onEveryDirectionAPlacedLabelOverlapsNeitherNodeNorName() {
        for (int deg = 0; deg < 360; deg += 15) {
            for (double len : new double[] {70, 100, 130, 200}) {
                Xy a = new Xy(0, 0), b = new Xy(len * Math.cos(Math.toRadians(deg)), len * Math.sin(Math.toRadians(deg)));
                Rectangle2D nameA = name(a, "router-long-name"), nameB = name(b, "vm2");
                for (boolean shared : new boolean[] {true, false}) {
                    Xy at = TopologyCanvas.interfaceLabelAt(a, b, W, nameA, nameB, shared);
                    if (at == null) continue;
                    Rectangle2D bx = box(at);
                    assertThat(bx.intersects(nameA) || bx.intersects(nameB)).as(deg + "° " + len).isFalse();
                    for (Xy c : new Xy[] {a, b}) {
                        double nx = Math.max(bx.getMinX(), Math.min(c.x(), bx.getMaxX())), ny = Math.max(bx.getMinY(), Math.min(c.y(), bx.getMaxY()));
                        assertThat(Math.hypot(nx - c.x(), ny - c.y())).as(deg + "° " + len).isGreaterThanOrEqualTo(TopologyCanvas.NODE / 2);
                    }
                }
            }
        }
    }
}
