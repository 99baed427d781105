package io.olimpus.desktop.ui;

import io.olimpus.desktop.DesignerApp;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
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
 * Makes docs/course-import.png: the real application on a virtual screen, started with
 * {@code --import} on a course file of the tool's older variant ("Golden Zone", the cirros disk
 * file, sizes without flavors); the mapping dialog's best guesses accepted, the design opened with
 * its report. Runs only when asked, like {@link CanvasShot}, with {@code -Dolimpus.screenshot=$PWD/docs}:
 * <pre>xvfb-run -a -s "-screen 0 1600x1000x24" mvn -o -pl desktop -am test -Dtest=CourseImportShot \
 *   -Dsurefire.failIfNoSpecifiedTests=false "-Dfx.headless.args=-Dtestfx.robot=glass -Dprism.order=sw" \
 *   -Dolimpus.screenshot=$PWD/docs</pre>
 */
@EnabledIfSystemProperty(named = "olimpus.screenshot", matches = ".+")
class CourseImportShot extends FxRobot {
    @Test
    void shoot() throws Exception {
        Path dir = Path.of(System.getProperty("olimpus.screenshot"));
        Path file = Files.createTempDirectory("olimpus-shot").resolve("slicePrueba.json");
        Files.writeString(file, CourseImportUiTest.SLICE_PRUEBA);
        FxToolkit.registerPrimaryStage();
        DesignerApp app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class, "--import", file.toString());
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lookup("#import-mapping").tryQuery().isPresent());
            DialogPane mapping = lookup("#import-mapping").queryAs(DialogPane.class);
            ButtonType accept = mapping.getButtonTypes().stream().filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).findFirst().orElseThrow();
            interact(() -> ((javafx.scene.control.Button) mapping.lookupButton(accept)).fire());
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lookup("#import-report").tryQuery().isPresent());
            // The report sits at the window's lower right, so the design shows beside it.
            WaitForAsyncUtils.asyncFx(() -> {
                var report = lookup("#import-report").query().getScene().getWindow();
                var main = app.session().root().getScene().getWindow();
                report.setX(main.getX() + main.getWidth() - report.getWidth() - 12);
                report.setY(main.getY() + main.getHeight() - report.getHeight() - 40);
            }).get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents(20);
            Process p = new ProcessBuilder("import", "-window", "root", dir.resolve("course-import.png").toString()).inheritIO().start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }
}
