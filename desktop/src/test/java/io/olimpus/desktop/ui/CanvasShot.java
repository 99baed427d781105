package io.olimpus.desktop.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;

/**
 * Makes docs/start-screen.png and docs/canvas-tells.png: the real application on a virtual screen,
 * first its start screen, then the tree example (icons, a note, two areas) zoomed to read the
 * interface names. Runs only when asked, like {@link ImportShot}, with
 * {@code -Dolimpus.screenshot=$PWD/docs} (a folder).
 */
@EnabledIfSystemProperty(named = "olimpus.screenshot", matches = ".+")
class CanvasShot extends FxRobot {
    @Test
    void shoot() throws Exception {
        Path dir = Path.of(System.getProperty("olimpus.screenshot"));
        Shots.withApp(this, app -> {
            WaitForAsyncUtils.waitForFxEvents(20);
            Shots.shot(dir.resolve("start-screen.png"));
            clickOn("#start-example-tree7");
            WaitForAsyncUtils.waitForFxEvents(20);
            MainWindow w = (MainWindow) app.session().root().getCenter();
            Shots.shotAfter(() -> {
                var c = w.canvas();
                c.fit();
                c.zoomCentre(0.95 / c.scale());
            }, dir.resolve("canvas-tells.png"));
        });
    }
}
