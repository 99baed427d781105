package io.olimpus.desktop.ui;

import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import javafx.geometry.Point2D;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #16 defect 5 in the real window: a 1,000-VM ring saved without positions opens laid out so
 * that after Fit every node is on the canvas and drawn (it used to open as a circle 21,000 wide
 * that Fit, floored at 5%, could not show: a blank canvas). The shape dialog states its limit
 * and refuses above it instead of turning 1,000 into 500.
 */
class LargeDesignUiTest extends DesignerWindowFixture {



    @Test
    void aThousandVmRingWithoutPositionsIsOnScreenAfterFit(@TempDir Path dir) throws Exception {
        Topology ring = ShapeGenerator.generate("ring1000", Shape.ring(1000));
        Path f = dir.resolve("ring1000.json");
        Files.writeString(f, TopologyFile.write(TopologyDocument.of(ring)));
        interact(() -> window.openFile(f));
        assertThat(vm.topology().nodes()).hasSize(1000);
        interact(() -> window.canvas().fit());
        WaitForAsyncUtils.waitForFxEvents();

        TopologyCanvas canvas = window.canvas();
        double w = canvas.getWidth(), h = canvas.getHeight();
        WritableImage[] shot = new WritableImage[1];
        interact(() -> shot[0] = canvas.canvas().snapshot(null, null));
        PixelReader px = shot[0].getPixelReader();
        // The background is what the canvas shows where no node is: its top-left corner.
        int background = px.getArgb(1, 1);
        int drawn = 0;
        for (Node n : vm.topology().nodes()) {
            Point2D p = canvas.worldToLocal(vm.position(n.id()));
            assertThat(p.getX()).as(n.name() + " x on the canvas").isBetween(0.0, w);
            assertThat(p.getY()).as(n.name() + " y on the canvas").isBetween(0.0, h);
            if (px.getArgb((int) p.getX(), (int) p.getY()) != background) drawn++;
        }
        assertThat(drawn).as("nodes drawn where they are").isGreaterThan(990);
        assertThat(canvas.scale()).as("nodes big enough to see and click").isGreaterThan(0.15);
    }

    @SuppressWarnings("unchecked")
    @Test
    void theShapeDialogStatesItsLimitAndNeverChangesTheCount() {
        clickOn("#tool-shape");
        DialogPane d = lookup("#shape-dialog").queryAs(DialogPane.class);
        Spinner<Integer> c = (Spinner<Integer>) d.lookup("#shape-count");
        Label limit = (Label) d.lookup("#shape-count-limit");
        assertThat(limit.getText()).contains("2,000");
        Label error = (Label) d.lookup("#shape-error");

        clickOn(c.getEditor()).eraseText(3);
        interact(() -> c.getEditor().setText("1000"));
        interact(() -> c.increment(0));   // commits the typed text as a user's Enter would
        assertThat(c.getValue()).isEqualTo(1000);
        assertThat(d.lookupButton(ButtonType.OK).isDisabled()).isFalse();

        interact(() -> { c.getEditor().setText("2500"); c.increment(0); });
        assertThat(c.getValue()).as("never changed silently").isEqualTo(2500);
        assertThat(d.lookupButton(ButtonType.OK).isDisabled()).isTrue();
        assertThat(error.getText()).contains("2,500").contains("2,000");

        interact(() -> { c.getEditor().setText("1000"); c.increment(0); });
        clickOn(d.lookupButton(ButtonType.OK));
        assertThat(vm.topology().vms()).hasSize(1000);
        interact(() -> window.canvas().fit());
        TopologyCanvas canvas = window.canvas();
        for (Node n : List.of(vm.topology().vms().get(0), vm.topology().vms().get(999))) {
            Point2D p = canvas.worldToLocal(vm.position(n.id()));
            assertThat(p.getX()).isBetween(0.0, canvas.getWidth());
            assertThat(p.getY()).isBetween(0.0, canvas.getHeight());
        }
    }
}
