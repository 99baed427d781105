package io.olimpus.desktop.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;

/** F1: every keyboard shortcut over the canvas; any click or Esc closes it. */
public final class HelpOverlay extends StackPane {
    /** The shortcuts, as (keys, message key); the menus use the same keys. */
    public static final List<String[]> SHORTCUTS = List.of(
            new String[]{"Ctrl+N / Ctrl+O / Ctrl+S", "help.files"},
            new String[]{"Ctrl+Shift+S", "menu.saveAs"},
            new String[]{"Ctrl+I", "menu.import"},
            new String[]{"Ctrl+E", "menu.export"},
            new String[]{"Ctrl+Z / Ctrl+Y", "help.undo"},
            new String[]{"Ctrl+C / Ctrl+V / Ctrl+D", "help.clipboard"},
            new String[]{"Delete", "menu.delete"},
            new String[]{"F2", "menu.rename"},
            new String[]{"Ctrl+A", "menu.selectAll"},
            new String[]{"Ctrl+F", "menu.find"},
            new String[]{"S / L", "help.tools"},
            new String[]{"L + drag, Alt+drag", "help.altLink"},
            new String[]{"Ctrl+1 / Ctrl+2", "help.addNodes"},
            new String[]{"Ctrl+K", "menu.shape"},
            new String[]{"Ctrl+Alt+1…4", "help.layouts"},
            new String[]{"Ctrl++ / Ctrl+− / Ctrl+0", "help.zoom"},
            new String[]{"Space+drag, right/middle drag", "help.pan"},
            new String[]{"Arrows", "help.nudge"},
            new String[]{"Ctrl+G", "menu.snap"},
            new String[]{"Ctrl+M", "menu.minimap"},
            new String[]{"F1", "menu.help"});

    public HelpOverlay() {
        setId("help-overlay");
        getStyleClass().add("help-overlay");
        GridPane grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(6);
        int row = 0;
        for (String[] s : SHORTCUTS) {
            Label k = new Label(s[0]);
            k.getStyleClass().add("shortcut-key");
            grid.addRow(row++, k, new Label(Msg.get(s[1])));
        }
        Label title = new Label(Msg.get("help.title"));
        title.getStyleClass().add("panel-title");
        VBox box = new VBox(12, title, grid, new Label(Msg.get("help.close")));
        box.getStyleClass().add("help-box");
        box.setPadding(new Insets(20));
        box.setMaxSize(VBox.USE_PREF_SIZE, VBox.USE_PREF_SIZE);
        StackPane.setAlignment(box, Pos.CENTER);
        getChildren().add(box);
        setOnMouseClicked(e -> setVisible(false));
        setVisible(false);
    }
}
