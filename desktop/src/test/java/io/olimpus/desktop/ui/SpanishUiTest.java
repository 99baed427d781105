package io.olimpus.desktop.ui;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.vm.DesignerViewModel;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** The window built in Spanish: every word found in the bundle, none left in English by mistake. */
@ExtendWith(ApplicationExtension.class)
class SpanishUiTest extends FxRobot {
    private Preferences prefs;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        Msg.use(Locale.forLanguageTag("es"));
        prefs = Preferences.userRoot().node("io/olimpus/desktop-uitest/" + System.nanoTime());
        window = new MainWindow(new DesignerViewModel(LocalCatalog.bundled()), new Settings(prefs), l -> {}, () -> {});
        stage.setScene(new Scene(window, 1100, 700));
        stage.show();
    }

    @AfterEach
    void back() throws Exception {
        Msg.use(Locale.ENGLISH);
        prefs.removeNode();
    }

    @Test
    void everyLabelAndMenuIsTranslated() {
        List<String> texts = new ArrayList<>();
        lookup(n -> n instanceof Labeled).queryAllAs(Labeled.class).forEach(l -> { if (l.getText() != null) texts.add(l.getText()); });
        MenuBar bar = lookup("#menu-bar").queryAs(MenuBar.class);
        for (Menu m : bar.getMenus()) collect(m, texts);
        assertThat(texts).isNotEmpty().noneMatch(t -> t.contains("!"));
        assertThat(texts).contains("Archivo", "Deshacer", "Paleta", "Ajustar a la rejilla", "Disposición");
        assertThat(String.join(" ", texts)).doesNotContain("Undo").doesNotContain("Palette");
    }

    private static void collect(MenuItem item, List<String> out) {
        if (item.getText() != null) out.add(item.getText());
        if (item instanceof Menu m) for (MenuItem c : m.getItems()) collect(c, out);
    }
}
