package io.olimpus.desktop.ui;

import io.olimpus.desktop.DesignerApp;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's pictures of the designer: the real application on a virtual screen, the whole screen saved. */
final class Shots {
    private Shots() {}

    /** What a picture shows once the application is on its start screen. */
    interface Scene {
        void shoot(DesignerApp app) throws Exception;
    }

    /** Starts the application, waits for its start screen, runs {@code scene}, and closes it whatever happens. */
    static void withApp(FxRobot robot, Scene scene) throws Exception {
        FxToolkit.registerPrimaryStage();
        DesignerApp app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class);
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#start-screen").tryQuery().isPresent());
            scene.shoot(app);
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    /** Runs {@code change} on the FX thread, lets the window settle, and saves the screen to {@code out}. */
    static void shotAfter(Runnable change, Path out) throws Exception {
        WaitForAsyncUtils.asyncFx(change).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents(20);
        shot(out);
    }

    /** The whole virtual screen, as ImageMagick's import sees it. */
    static void shot(Path out) throws Exception {
        Process p = new ProcessBuilder("import", "-window", "root", out.toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
