package io.olimpus.desktop.ui;

import io.olimpus.desktop.bench.DesignerBench;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.desktop.vm.Selection;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pan frame is the last frame shifted plus freshly painted strips (see TopologyCanvas#panFrame);
 * after any sequence of pan moves the canvas must show what a full repaint of the same view
 * shows: no link, node or name missing or doubled at a strip's edge.
 */
@ExtendWith(ApplicationExtension.class)
class TopologyCanvasPanTest extends FxRobot {
    private final DesignerViewModel vm = new DesignerViewModel(LocalCatalog.bundled());
    private TopologyCanvas canvas;

    @Start
    void start(Stage stage) {
        vm.replace(DesignerBench.bigDocument(), null);
        canvas = new TopologyCanvas(vm);
        stage.setScene(new Scene(new StackPane(canvas), 700, 500));
        stage.show();
    }

    // Sideways, up, down, diagonal, sub-pixel steps and one jump of more than half the view. Moves
    // in one group follow each other with no frame rendered in between (as when events come
    // faster than the screen refreshes).
    private static final List<List<double[]>> MOVES = List.of(
            List.of(new double[]{7, 3}), List.of(new double[]{13, -5}, new double[]{-20, 11}),
            List.of(new double[]{0.5, 0.5}, new double[]{0.5, 0.5}, new double[]{1, 0}, new double[]{0, -1}),
            List.of(new double[]{-33, -40}), List.of(new double[]{64, 2}, new double[]{2.25, -1.75}, new double[]{-1, 90}),
            List.of(new double[]{400, 0}), List.of(new double[]{-3, -3}, new double[]{25, 25}, new double[]{-4, 1}));

    @Test
    void aPanShowsWhatAFullRepaintShowsWithNamesDrawn() {
        interact(() -> {
            // The longest and widest names a node may have (31 characters): they reach sideways
            // into a strip from nodes well outside it.
            var nodes = vm.topology().nodes();
            for (int i = 0; i < nodes.size(); i += 7) vm.rename(nodes.get(i).id(), String.format("w%029dw", i).replace('0', 'm'));
            canvas.setView(0.7, -200, -150);
            var links = vm.topology().links();
            vm.select(new Selection(Set.of(vm.topology().nodes().get(30).id()), Set.of(links.get(5).id(), links.get(1200).id())));
        });
        assertPanMatchesRepaint();
    }

    @Test
    void aPanShowsWhatAFullRepaintShowsWithTheWholeDrawingFitted() {
        interact(canvas::fit);
        assertPanMatchesRepaint();
    }

    private void assertPanMatchesRepaint() {
        double[] start = new double[2];
        interact(() -> { start[0] = canvas.translateXView(); start[1] = canvas.translateYView(); });
        double x = 300, y = 200, sx = 0, sy = 0;
        double px = x, py = y;
        interact(() -> fire(MouseEvent.MOUSE_PRESSED, px, py));
        for (List<double[]> group : MOVES) {
            for (double[] m : group) { x += m[0]; y += m[1]; sx += m[0]; sy += m[1]; }
            double[] to = {x, y};
            WritableImage[] panned = new WritableImage[1], repainted = new WritableImage[1];
            interact(() -> {
                double gx = to[0], gy = to[1];
                for (int i = group.size() - 1; i >= 0; i--) { gx -= group.get(i)[0]; gy -= group.get(i)[1]; }
                for (double[] m : group) { gx += m[0]; gy += m[1]; fire(MouseEvent.MOUSE_DRAGGED, gx, gy); }
                panned[0] = canvas.canvas().snapshot(null, null);
                canvas.redraw();
                repainted[0] = canvas.canvas().snapshot(null, null);
            });
            // The pan moves by whole pixels; what is left of a sub-pixel step waits for the next one.
            assertThat(canvas.translateXView() - start[0]).isCloseTo(sx, org.assertj.core.data.Offset.offset(0.5));
            assertThat(canvas.translateYView() - start[1]).isCloseTo(sy, org.assertj.core.data.Offset.offset(0.5));
            assertThat(differingPixels(panned[0], repainted[0])).as("pixels unlike a full repaint after moves %s",
                    group.stream().map(java.util.Arrays::toString).toList()).isZero();
        }
        double rx = x, ry = y;
        interact(() -> fire(MouseEvent.MOUSE_RELEASED, rx, ry));
    }

    /** Fires a middle-button mouse event at the canvas; call on the FX thread. */
    private void fire(javafx.event.EventType<MouseEvent> type, double x, double y) {
        Event.fireEvent(canvas, new MouseEvent(type, x, y, x, y, MouseButton.MIDDLE, 1, false, false, false, false,
                false, type != MouseEvent.MOUSE_RELEASED, false, false, false, false, null));
    }

    /** Pixels where some channel differs by more than the rounding of anti-aliasing (1-2 levels in a few pixels). */
    private static long differingPixels(WritableImage a, WritableImage b) {
        PixelReader ra = a.getPixelReader(), rb = b.getPixelReader();
        int w = (int) a.getWidth(), h = (int) a.getHeight();
        long n = 0;
        for (int j = 0; j < h; j++) for (int i = 0; i < w; i++) {
            int p = ra.getArgb(i, j), q = rb.getArgb(i, j);
            int d = 0;
            for (int s = 0; s < 32; s += 8) d = Math.max(d, Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff)));
            if (d > 2) n++;
        }
        return n;
    }
}
