package io.olimpus.desktop.ui;

import io.olimpus.desktop.DesignerApp;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, defect 8: the designer's window is sized and placed explicitly (some window managers
 * open it at 200×200 otherwise), 80% of the screen and centred the first time, then where the user
 * left it; a place no longer on any screen is not reused.
 */
class WindowPlaceUiTest extends FxRobot {
    private static final Preferences USER = Preferences.userRoot().node("io/olimpus/desktop");
    private static final List<String> KEYS = List.of("window.x", "window.y", "window.width", "window.height", "language");
    private final Map<String, String> kept = new HashMap<>();
    private DesignerApp app;
    private Stage stage;

    @BeforeEach
    void forgetThePlace() {
        for (String k : KEYS) {
            String v = USER.get(k, null);
            if (v != null) kept.put(k, v);
            USER.remove(k);
        }
        USER.put("language", "en");
    }

    @AfterEach
    void restore() throws Exception {
        close();
        for (String k : KEYS) {
            if (kept.containsKey(k)) USER.put(k, kept.get(k));
            else USER.remove(k);
        }
    }

    private void launch() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void close() throws Exception {
        if (app == null) return;
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        app = null;
    }

    static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS); }

    private Rectangle2D bounds() throws Exception {
        return fx(() -> new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
    }

    @Test
    void theFirstStartIsEightyPercentCentredThenTheWindowIsWhereTheUserLeftIt() throws Exception {
        launch();
        Rectangle2D screen = fx(() -> Screen.getPrimary().getVisualBounds());
        Rectangle2D first = bounds();
        assertThat(first.getWidth()).isEqualTo(Math.round(screen.getWidth() * 0.8), org.assertj.core.data.Offset.offset(1.0));
        assertThat(first.getHeight()).isEqualTo(Math.round(screen.getHeight() * 0.8), org.assertj.core.data.Offset.offset(1.0));
        assertThat(first.getMinX() + first.getWidth() / 2).isEqualTo(screen.getMinX() + screen.getWidth() / 2, org.assertj.core.data.Offset.offset(1.0));
        assertThat(first.getMinY() + first.getHeight() / 2).isEqualTo(screen.getMinY() + screen.getHeight() / 2, org.assertj.core.data.Offset.offset(1.0));

        fx(() -> {
            stage.setX(screen.getMinX() + 20);
            stage.setY(screen.getMinY() + 30);
            stage.setWidth(700);
            stage.setHeight(500);
            return null;
        });
        close();
        launch();
        assertThat(bounds()).as("remembered").isEqualTo(new Rectangle2D(screen.getMinX() + 20, screen.getMinY() + 30, 700, 500));
    }

    @Test
    void aPlaceOffEveryScreenOrTooSmallIsNotReused() throws Exception {
        USER.putDouble("window.x", -9000);
        USER.putDouble("window.y", -9000);
        USER.putDouble("window.width", 800);
        USER.putDouble("window.height", 600);
        launch();
        Rectangle2D screen = fx(() -> Screen.getPrimary().getVisualBounds());
        Rectangle2D b = bounds();
        assertThat(screen.contains(b)).as(b + " on " + screen).isTrue();
        assertThat(b.getWidth()).isGreaterThan(200);

        Rectangle2D main = new Rectangle2D(0, 0, 1920, 1080);
        assertThat(WindowPlace.choose(new Rectangle2D(10, 10, 200, 200), List.of(main)))
                .as("a 200×200 window is the defect, not a choice").isEqualTo(new Rectangle2D(192, 108, 1536, 864));
        Rectangle2D second = new Rectangle2D(1920, 0, 1280, 1024);
        assertThat(WindowPlace.choose(new Rectangle2D(2000, 50, 900, 700), List.of(main, second)))
                .as("on the second screen").isEqualTo(new Rectangle2D(2000, 50, 900, 700));
    }
}
