package io.olimpus.desktop.ui;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.vm.DesignerViewModel;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Locale;
import java.util.prefs.Preferences;

/**
 * The designer window the UI tests drive (TestFX, headless Monocle): in English, 1200×780 with the
 * application's stylesheet, its settings in a preferences node of its own (removed after each
 * test) and no user image-mapping file. A test class names another catalog with {@link #catalog()}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class DesignerWindowFixture extends FxRobot {
    protected DesignerViewModel vm;
    protected MainWindow window;
    protected Preferences prefs;

    /** The catalog the designer starts with: the bundled one unless a test class says otherwise. */
    protected LocalCatalog catalog() { return LocalCatalog.bundled(); }

    /** TestFX looks for {@code @Start} in the test class only, so the fixture sets its stage up before each test itself. */
    @BeforeEach
    void showWindow() throws Exception {
        FxToolkit.setupStage(this::start);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void start(Stage stage) {
        Msg.use(Locale.ENGLISH);
        prefs = Preferences.userRoot().node("io/olimpus/desktop-uitest/" + System.nanoTime());
        vm = new DesignerViewModel(catalog());
        window = new MainWindow(vm, new Settings(prefs), l -> {}, () -> {});
        window.setMappingFile(null);
        Scene scene = new Scene(window, 1200, 780);
        scene.getStylesheets().add(getClass().getResource("/io/olimpus/desktop/designer.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        stage.toFront();
    }

    @AfterEach
    void forgetPrefs() throws Exception {
        prefs.removeNode();
    }
}
