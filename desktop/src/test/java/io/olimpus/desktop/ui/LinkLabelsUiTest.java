package io.olimpus.desktop.ui;

import io.olimpus.desktop.vm.CanvasFacts;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.VmSpec;
import javafx.geometry.Rectangle2D;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: on a small planned ring, at the zoom where each VM shows its flavor and addresses, the
 * subnets were drawn at the links' midpoints, right on the VMs' plan captions and address lines,
 * and interface names sat beside names. Every link label now keeps clear of every other label,
 * every node and every node's text, and each subnet still shows, beside its own link.
 */
class LinkLabelsUiTest extends DesignerWindowFixture {

    /** The window as painted, in target/, to look at when this test fails. */
    private void keepPicture(String name) {
        try {
            var img = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> window.getScene().snapshot(null)).get(30, java.util.concurrent.TimeUnit.SECONDS);
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", java.nio.file.Path.of("target", name).toFile());
        } catch (Exception e) {
            System.out.println("no picture: " + e);
        }
    }

    @Test
    void onAPlannedRingOfFourNoLabelCoversAnotherANodeOrANodesTextAndEverySubnetShows() {
        ringOfFour(false);
    }

    /** As the README's running picture: a state for caption, the platform's addresses without interface names. */
    @Test
    void onARunningRingOfFourTooEverySubnetShowsClearlyNearerItsOwnLink() {
        ringOfFour(true);
    }

    private void ringOfFour(boolean running) {
        interact(() -> {
            vm.openDocument(TopologyDocument.of(ShapeGenerator.generate("ring",
                    Shape.ring(4).withVm(VmSpec.of("tiny", "cirros")))));
            var t = vm.topology();
            Map<String, String> subnets = new HashMap<>();
            Map<String, Map<String, String>> ips = new HashMap<>();
            int i = 0;
            for (Link l : t.links()) {
                String net = "198.18." + (128 + i) + ".";
                subnets.put(l.id(), net + "0/24");
                ips.computeIfAbsent(l.a(), k -> new HashMap<>()).put(l.id(), net + "2");
                ips.computeIfAbsent(l.b(), k -> new HashMap<>()).put(l.id(), net + "3");
                i++;
            }
            var c = window.canvas();
            CanvasFacts facts = CanvasFacts.NONE.withPlan(subnets, ips);
            if (running) {
                Map<String, CanvasFacts.Runtime> now = new HashMap<>();
                for (Node n : t.vms()) now.put(n.id(), new CanvasFacts.Runtime("RUNNING", "worker1", List.copyOf(ips.get(n.id()).values())));
                facts = facts.withRuntime(now);
            }
            c.setFacts(facts);
            Map<String, TopologyCanvas.Mark> marks = new HashMap<>();
            int w = 1;
            for (Node n : t.vms()) marks.put(n.id(), new TopologyCanvas.Mark(Color.SEAGREEN, running ? "running" : "+ worker" + (w++ % 3 + 1)));
            c.setMarks(marks);
            // As the README's picture is taken: fitted, then just close enough for the details.
            c.fit();
            if (c.scale() < TopologyCanvas.DETAIL_MIN_SCALE) c.zoomCentre(TopologyCanvas.DETAIL_MIN_SCALE * 1.02 / c.scale());
        });
        var c = window.canvas();
        keepPicture(running ? "link-labels-running.png" : "link-labels.png");
        List<TopologyCanvas.PlacedLabel> labels = c.placedLabels();
        List<Rectangle2D> texts = c.textBlocks();
        assertThat(texts).hasSize(4);
        assertThat(labels.stream().filter(TopologyCanvas.PlacedLabel::subnet).map(TopologyCanvas.PlacedLabel::text))
                .as("every subnet shown").containsExactlyInAnyOrder("198.18.128.0/24", "198.18.129.0/24", "198.18.130.0/24", "198.18.131.0/24");
        for (int a = 0; a < labels.size(); a++) {
            Rectangle2D box = labels.get(a).box();
            for (int b = a + 1; b < labels.size(); b++)
                assertThat(box.intersects(labels.get(b).box())).as(labels.get(a) + " vs " + labels.get(b)).isFalse();
            for (Rectangle2D text : texts) assertThat(box.intersects(text)).as(labels.get(a) + " on a node's text " + text).isFalse();
            for (Node n : vm.topology().nodes()) {
                var p = vm.position(n.id());
                assertThat(LabelLayout.hitsCircle(box, p, TopologyCanvas.NODE / 2)).as(labels.get(a) + " on " + n.name()).isFalse();
            }
        }
        // Each subnet reads as its link's: its centre is close to that link's line.
        for (TopologyCanvas.PlacedLabel l : labels) {
            if (!l.subnet()) continue;
            Link link = vm.topology().links().stream().filter(k -> l.text().equals(c.facts().subnet(k.id()))).findFirst().orElseThrow();
            var a = vm.position(link.a());
            var b = vm.position(link.b());
            double cx = l.box().getMinX() + l.box().getWidth() / 2, cy = l.box().getMinY() + l.box().getHeight() / 2;
            double dist = Math.abs((b.x() - a.x()) * (a.y() - cy) - (a.x() - cx) * (b.y() - a.y())) / Math.hypot(b.x() - a.x(), b.y() - a.y());
            assertThat(dist).as(l.text() + " near its link").isLessThan(l.box().getWidth());
            for (Link other : vm.topology().links()) {
                if (other == link) continue;
                assertThat(LabelLayout.besideDist(cx, cy, vm.position(other.a()), vm.position(other.b())))
                        .as(l.text() + " clearly nearer its own link than " + other.id()).isGreaterThanOrEqualTo(LabelLayout.CLEARLY_NEARER * LabelLayout.segDist(cx, cy, a, b));
            }
        }
    }
}
