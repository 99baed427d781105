package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The editor of a slice's own cloud-config: a monospace text with what the server holds (or a
 * commented starter), its size against the 16 KiB limit and the caret's line and column, Save
 * (the server's reason for a refusal is shown, and the caret goes to the line it names), Remove,
 * and a question before closing with changes not saved. A lab's copy its student may not edit is
 * shown read-only with the reason. The {@link CloudConfigEditor} holds the state and talks to the server.
 */
final class CloudConfigWindow {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass OVER = PseudoClass.getPseudoClass("over");

    private CloudConfigWindow() {}

    static Stage show(Window owner, CloudConfigEditor vm) {
        Label explain = new Label(Msg.fmt("cloudcfg.explain", vm.sliceName()));
        explain.setWrapText(true);
        Label locked = new Label();
        locked.setId("cloud-config-locked");
        locked.setWrapText(true);
        locked.getStyleClass().add("cloud-config-locked");
        locked.setStyle("-fx-background-color: #fff3cd; -fx-border-color: #e0b84c; -fx-padding: 6;");
        locked.textProperty().bind(vm.lockedProperty());
        locked.visibleProperty().bind(vm.lockedProperty().isNotEmpty());
        locked.managedProperty().bind(locked.visibleProperty());

        TextArea text = new TextArea();
        text.setId("cloud-config-text");
        text.setWrapText(false);
        text.setPrefRowCount(24);
        text.setPrefColumnCount(90);
        text.setStyle("-fx-font-family: 'monospace';");
        text.textProperty().bindBidirectional(vm.textProperty());
        text.editableProperty().bind(vm.editableProperty());

        Label status = new Label();
        status.setId("cloud-config-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        status.setStyle("-fx-text-fill: -fx-text-base-color;");
        vm.failedProperty().addListener((o, a, b) -> {
            status.pseudoClassStateChanged(FAILED, b);
            status.setStyle(b ? "-fx-text-fill: #b00020; -fx-font-weight: bold;" : "-fx-text-fill: -fx-text-base-color;");
        });
        Label counter = new Label();
        counter.setId("cloud-config-bytes");
        counter.textProperty().bind(vm.counterProperty());
        vm.tooBigProperty().addListener((o, a, b) -> {
            counter.pseudoClassStateChanged(OVER, b);
            counter.setStyle(b ? "-fx-text-fill: #b00020; -fx-font-weight: bold;" : "");
        });
        Label caret = new Label();
        caret.setId("cloud-config-caret");
        Runnable where = () -> {
            String t = text.getText();
            int at = Math.min(text.getCaretPosition(), t.length());
            int line = 1, lineStart = 0;
            for (int i = 0; i < at; i++) if (t.charAt(i) == '\n') { line++; lineStart = i + 1; }
            caret.setText(Msg.fmt("cloudcfg.caret", line, at - lineStart + 1));
        };
        text.caretPositionProperty().addListener((o, a, b) -> where.run());
        where.run();

        // The line the server blames: selected, and the caret on its column, so the student sees it at once.
        vm.errorAtProperty().addListener((o, a, p) -> {
            if (p == null) return;
            String t = text.getText();
            int from = CloudConfigEditor.offsetOf(t, p.line(), 0);
            int end = CloudConfigEditor.lineEnd(t, from);
            int col = CloudConfigEditor.offsetOf(t, p.line(), p.column());
            text.requestFocus();
            // Selecting from the line's end back to the column leaves the caret on the column and the line's rest marked.
            if (p.column() > 0 && col < end) text.selectRange(end, col);
            else text.selectRange(from, end);
            if (from == end) text.positionCaret(from);
            text.setScrollTop(Math.max(0, (p.line() - 3) * text.getFont().getSize() * 1.4));
        });

        Button save = new Button(Msg.get("cloudcfg.save"));
        save.setId("cloud-config-save");
        save.setDefaultButton(false);
        Button remove = new Button(Msg.get("cloudcfg.remove"));
        remove.setId("cloud-config-remove");
        Button close = new Button(Msg.get("cloudcfg.close"));
        close.setId("cloud-config-close");
        var cannot = vm.editableProperty().not().or(vm.busyProperty());
        save.disableProperty().bind(cannot.or(vm.dirtyProperty().not()));
        remove.disableProperty().bind(cannot.or(vm.storedProperty().not()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bottom = new HBox(12, counter, caret, grow, remove, save, close);
        bottom.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox root = new VBox(8, explain, locked, text, status, bottom);
        root.setId("cloud-config-window");
        root.setPadding(new Insets(12));
        VBox.setVgrow(text, Priority.ALWAYS);

        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> (vm.isDirty() ? "* " : "") + Msg.fmt("cloudcfg.title", vm.sliceName()), vm.dirtyProperty()));
        Scene scene = new Scene(root, 820, 620);
        // Ctrl+S saves, as in any editor.
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.S,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> { if (!save.isDisabled()) vm.save(null); });
        stage.setScene(scene);

        save.setOnAction(e -> vm.save(null));
        remove.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, Msg.fmt("cloudcfg.removeConfirm", vm.sliceName()), ButtonType.OK, ButtonType.CANCEL);
            a.setHeaderText(null);
            a.getDialogPane().setId("cloud-config-remove-question");
            a.initOwner(stage);
            if (a.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK) vm.clear(null);
        });
        close.setOnAction(e -> { if (mayClose(stage, vm)) stage.close(); });
        stage.setOnCloseRequest(e -> { if (!mayClose(stage, vm)) e.consume(); });
        stage.show();
        vm.load();
        Platform.runLater(text::requestFocus);
        return stage;
    }

    /**
     * Closing with changes not saved asks: Save (the window closes once the server took them; a
     * refusal keeps it open with the reason), Discard, or Cancel. Answers true when it may close now.
     */
    private static boolean mayClose(Stage stage, CloudConfigEditor vm) {
        if (!vm.isDirty() || !vm.editableProperty().get()) return true;
        ButtonType save = new ButtonType(Msg.get("cloudcfg.save"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(Msg.get("cloudcfg.discard"), ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, Msg.fmt("cloudcfg.unsavedText", vm.sliceName()), save, discard, ButtonType.CANCEL);
        a.setHeaderText(Msg.get("cloudcfg.unsavedTitle"));
        a.getDialogPane().setId("cloud-config-unsaved");
        a.initOwner(stage);
        ButtonType answer = a.showAndWait().orElse(ButtonType.CANCEL);
        if (answer == discard) return true;
        if (answer == save) vm.save(stage::close);
        return false;
    }
}
