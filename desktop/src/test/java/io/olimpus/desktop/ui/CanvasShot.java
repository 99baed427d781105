package io.olimpus.desktop.ui;

import io.olimpus.desktop.DesignerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
        FxToolkit.registerPrimaryStage();
        DesignerApp app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class);
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lookup("#start-screen").tryQuery().isPresent());
            WaitForAsyncUtils.waitForFxEvents(20);
            shot(dir.resolve("start-screen.png"));
            clickOn("#start-example-tree7");
            WaitForAsyncUtils.waitForFxEvents(20);
            MainWindow w = (MainWindow) app.session().root().getCenter();
            WaitForAsyncUtils.asyncFx(() -> {
                var c = w.canvas();
                c.fit();
                c.zoomCentre(0.95 / c.scale());
            }).get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents(20);
            shot(dir.resolve("canvas-tells.png"));
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    private static void shot(Path out) throws Exception {
        Process p = new ProcessBuilder("import", "-window", "root", out.toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
