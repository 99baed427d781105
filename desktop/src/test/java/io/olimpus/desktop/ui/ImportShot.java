package io.olimpus.desktop.ui;

import io.olimpus.desktop.DesignerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Makes docs/import-clab.png: the real application on a real (virtual) screen, started with
 * {@code --import} on containerlab's min-clos example, with its report dialog. Runs only when asked:
 * <pre>xvfb-run -a -s "-screen 0 1600x1000x24" mvn -o -pl desktop -am test -Dtest=ImportShot \
 *   -Dsurefire.failIfNoSpecifiedTests=false "-Dfx.headless.args=-Dtestfx.robot=glass -Dprism.order=sw" \
 *   -Dolimpus.screenshot=$PWD/docs/import-clab.png</pre>
 */
@EnabledIfSystemProperty(named = "olimpus.screenshot", matches = ".+")
class ImportShot extends FxRobot {
    @Test
    void shoot() throws Exception {
        Path lab = Files.createTempDirectory("olimpus-shot").resolve("clos01.clab.yml");
        try (var in = getClass().getResourceAsStream("clos01.clab.yml")) {
            Files.copy(in, lab);
        }
        FxToolkit.registerPrimaryStage();
        DesignerApp app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class, "--import", lab.toString());
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lookup("#import-report").tryQuery().isPresent());
            // The report sits at the window's lower right, as a user would move it to see the lab.
            WaitForAsyncUtils.asyncFx(() -> {
                var report = lookup("#import-report").query().getScene().getWindow();
                var main = app.session().root().getScene().getWindow();
                report.setX(main.getX() + main.getWidth() - report.getWidth() - 12);
                report.setY(main.getY() + main.getHeight() - report.getHeight() - 40);
            }).get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents(20);
            Path out = Path.of(System.getProperty("olimpus.screenshot"));
            Process p = new ProcessBuilder("import", "-window", "root", out.toString()).inheritIO().start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }
}
