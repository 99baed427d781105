package io.olimpus.desktop.ui;

import io.olimpus.desktop.DesignerApp;
import javafx.scene.layout.BorderPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

/**
 * The designer as users start it (DesignerApp, offline), in English, for UI tests: the user's
 * language setting and the JVM's locale are put back after each test (a test may switch language),
 * and the application closed.
 */
abstract class DesignerAppFixture extends FxRobot {
    private static final Preferences USER = Preferences.userRoot().node("io/olimpus/desktop");
    protected DesignerApp app;
    private String language;
    private final Locale systemLocale = Locale.getDefault();

    @BeforeEach
    void launch() throws Exception {
        language = USER.get("language", null);
        USER.put("language", "en");
        FxToolkit.registerPrimaryStage();
        app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        if (language == null) USER.remove("language");
        else USER.put("language", language);
        Msg.use(Locale.ENGLISH);
        Locale.setDefault(systemLocale);  // the language switch sets it, for the JVM's later tests too
    }

    static <T> T fx(Callable<T> c) throws Exception { return io.olimpus.desktop.FxWait.fx(c); }

    static void until(String what, Callable<Boolean> c) throws Exception { io.olimpus.desktop.FxWait.until(what, c); }

    MainWindow designer() throws Exception { return fx(() -> (MainWindow) ((BorderPane) app.session().root()).getCenter()); }
}
