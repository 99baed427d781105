package io.olimpus.desktop.ui;

import io.olimpus.desktop.DesignerApp;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.vm.Selection;
import io.olimpus.model.topology.NodeKind;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.io.InputStream;
import java.text.MessageFormat;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, defect 7: the designer's right column and words, in the application as users start it
 * (DesignerApp, offline): the problems list keeps its room after a multi-select, long problems are
 * readable, no doubled quotes reach the user, and switching language keeps the zoom.
 */
class RightColumnUiTest extends DesignerAppFixture {

    @Test
    void theProblemsListKeepsItsRoomAfterAMultiSelectAndLongProblemsAreReadable() throws Exception {
        MainWindow w = designer();
        fx(() -> {
            for (int i = 0; i < 6; i++) {
                String id = w.viewModel().addNode(NodeKind.VM, new Xy(60 * i, 0));
                w.viewModel().updateVms(List.of(id), s -> s.withImage("an-image-this-catalog-has-never-heard-of-" + "x".repeat(40)), "image");
            }
            return null;
        });
        ListView<?> problems = lookup("#problem-list").queryAs(ListView.class);
        until("problems listed", () -> !problems.getItems().isEmpty());
        double before = fx(problems::getHeight);
        assertThat(before).as("the problems list has room to begin with").isGreaterThan(60);

        fx(() -> { w.viewModel().selectAll(); return null; });
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> { w.viewModel().select(Selection.NONE); return null; });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(problems::getHeight)).as("after a multi-select the list still shows problems").isGreaterThan(60);

        // A problem longer than the column is readable: wrapped in the cell and whole in its tooltip.
        ListCell<?> cell = fx(() -> problems.lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n)
                .filter(c -> c.getItem() != null).max(java.util.Comparator.comparingInt(c -> c.getText().length())).orElseThrow());
        String text = fx(cell::getText);
        assertThat(text).isNotBlank();
        assertThat(fx(() -> cell.getTooltip() == null ? null : cell.getTooltip().getText())).isEqualTo(text);
        assertThat(fx(cell::isWrapText)).isTrue();
    }

    @Test
    void noDoubledQuoteReachesTheUser() throws Exception {
        MainWindow w = designer();
        fx(() -> { w.viewModel().addNode(NodeKind.VM, new Xy(0, 0)); return null; });
        until("the File menu", () -> lookup("#menu-file").tryQuery().map(Node::isVisible).orElse(false));
        clickOn("#menu-file").clickOn("#menu-new");
        until("the unsaved question", () -> lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane d = lookup(".dialog-pane").queryAs(DialogPane.class);
        String discard = fx(() -> d.getButtonTypes().stream().filter(b -> b.getButtonData() == ButtonBar.ButtonData.NO).findFirst().orElseThrow().getText());
        assertThat(discard).isEqualTo("Don't save");
        fx(() -> { d.getScene().getWindow().hide(); return null; });

        // Every text of every bundle, as the UI shows it without arguments, has no doubled quote.
        for (String bundle : List.of("/io/olimpus/desktop/messages.properties", "/io/olimpus/desktop/messages_es.properties",
                "/io/olimpus/desktop/console/console.properties", "/io/olimpus/desktop/console/console_es.properties")) {
            Properties p = new Properties();
            try (InputStream in = getClass().getResourceAsStream(bundle)) {
                p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
            for (String key : p.stringPropertyNames()) {
                String shown = new MessageFormat(p.getProperty(key)).format(new Object[0]);
                assertThat(shown).as(bundle + " " + key).doesNotContain("''");
            }
        }
        for (String key : List.of("ask.discard", "cert.changedTitle", "props.unknownImage"))
            assertThat(Msg.get(key)).as(key).doesNotContain("''");
    }

    @Test
    void switchingLanguageKeepsTheZoom() throws Exception {
        MainWindow w = designer();
        fx(() -> {
            for (int i = 0; i < 4; i++) w.viewModel().addNode(NodeKind.VM, new Xy(80 * i, 40 * i));
            w.canvas().setView(2.0, -35, 12);
            return null;
        });
        until("the View menu", () -> lookup("#menu-view").tryQuery().map(Node::isVisible).orElse(false));
        clickOn("#menu-view").clickOn("#menu-language").clickOn("#menu-lang-es");
        until("the window rebuilt in Spanish", () -> designer() != w);
        WaitForAsyncUtils.waitForFxEvents();
        MainWindow es = designer();
        assertThat(fx(() -> es.canvas().scale())).isEqualTo(2.0);
        assertThat(fx(() -> es.canvas().translateXView())).isEqualTo(-35);
        assertThat(fx(() -> es.canvas().translateYView())).isEqualTo(12);
        assertThat(fx(() -> es.viewModel().topology().vms())).hasSize(4);
    }
}
