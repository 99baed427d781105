package io.olimpus.desktop.bench;

import io.olimpus.desktop.DesignerApp;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.TopologyCanvas;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import javafx.event.Event;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The 1,000-VM frame figures in the real window (docs/benchmarks.md): the application on a virtual
 * screen (GTK under Xvfb, prism sw) with JavaFX's pulse logger, a 1,000-VM ring and a 1,023-VM tree
 * opened from files without positions (laid out for their shape), each zoomed in and out with the
 * wheel and panned with the middle button (events fired at the canvas, so the load of other programs
 * cannot lose them). Markers on stdout ("FRAMES-BEGIN
 * name" / "FRAMES-END") delimit each gesture's pulses; docs/benchmarks.md has the command and the
 * script that reads them. Runs only when asked ({@code -Dolimpus.frames=true}).
 */
@EnabledIfSystemProperty(named = "olimpus.frames", matches = "true")
class RealWindowFrames extends FxRobot {
    @Test
    void measure() throws Exception {
        Path dir = Files.createTempDirectory("olimpus-frames");
        Path ring = dir.resolve("ring1000.json"), tree = dir.resolve("tree1023.json");
        Files.writeString(ring, TopologyFile.write(TopologyDocument.of(ShapeGenerator.generate("ring1000", Shape.ring(1000)))));
        Files.writeString(tree, TopologyFile.write(TopologyDocument.of(ShapeGenerator.generate("tree1023", Shape.tree(9, 2)))));
        for (Path design : new Path[] {ring, tree}) {
            FxToolkit.registerPrimaryStage();
            DesignerApp app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class, design.toString());
            try {
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.session() != null && app.session().root().getCenter() instanceof MainWindow w
                        && w.viewModel().topology().nodes().size() >= 1000);
                MainWindow w = (MainWindow) app.session().root().getCenter();
                TopologyCanvas c = w.canvas();
                WaitForAsyncUtils.asyncFx(c::fit).get(10, TimeUnit.SECONDS);
                settle();
                String name = design.getFileName().toString().replace(".json", "");
                double cx = c.getWidth() / 2, cy = c.getHeight() / 2;
                System.out.printf("FRAMES-ZOOM %s fitted %.3f%n", name, c.scale());
                gesture(name + " pan-fitted", () -> pan(c, cx, cy));
                gesture(name + " zoom-in", () -> zoom(c, cx, cy, 1.15, 16));
                System.out.printf("FRAMES-ZOOM %s zoomed %.3f%n", name, c.scale());
                gesture(name + " pan-zoomed", () -> pan(c, cx, cy));
                gesture(name + " zoom-out", () -> zoom(c, cx, cy, 1 / 1.15, 16));
            } finally {
                FxToolkit.cleanupApplication(app);
                FxToolkit.cleanupStages();
            }
        }
    }

    /**
     * 300 middle-button drag events, 3 px sideways and 1 px up or down each, back and forth, fired
     * at the canvas on the FX thread 10 ms apart (the window's pulses run between them).
     */
    private void pan(TopologyCanvas c, double cx, double cy) throws Exception {
        double x = cx - 150, y = cy;
        fire(c, MouseEvent.MOUSE_PRESSED, x, y);
        for (int i = 0; i < 300; i++) {
            int dir = (i / 100) % 2 == 0 ? 1 : -1;
            x += 3 * dir;
            y += i % 2 == 0 ? 1 : -1;
            fire(c, MouseEvent.MOUSE_DRAGGED, x, y);
            Thread.sleep(10);
        }
        fire(c, MouseEvent.MOUSE_RELEASED, x, y);
    }

    /** {@code steps} wheel notches at the centre, 30 ms apart. */
    private void zoom(TopologyCanvas c, double cx, double cy, double factor, int steps) throws Exception {
        for (int i = 0; i < steps; i++) {
            double dy = factor > 1 ? 40 : -40;
            WaitForAsyncUtils.asyncFx(() -> Event.fireEvent(c, new ScrollEvent(ScrollEvent.SCROLL, cx, cy, cx, cy, false, false, false, false,
                    false, false, 0, dy, 0, dy, ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)));
            Thread.sleep(30);
        }
    }

    private static void fire(TopologyCanvas c, javafx.event.EventType<MouseEvent> type, double x, double y) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> Event.fireEvent(c, new MouseEvent(type, x, y, x, y, MouseButton.MIDDLE, 1, false, false, false, false,
                false, type != MouseEvent.MOUSE_RELEASED, false, false, false, false, null)));
    }

    private interface Gesture { void run() throws Exception; }

    private void gesture(String name, Gesture r) throws Exception {
        settle();
        System.out.println("FRAMES-BEGIN " + name);
        r.run();
        settle();
        System.out.println("FRAMES-END " + name);
    }

    private void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents(10);
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents(10);
    }
}
