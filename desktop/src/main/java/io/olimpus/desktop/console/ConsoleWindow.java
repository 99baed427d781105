package io.olimpus.desktop.console;

import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A VM's console in its own window: a toolbar (Ctrl+Alt+Del, refresh, the connection's state)
 * over a {@link ConsoleView}. Closing the window closes the pipe.
 *
 * <pre>{@code ConsoleWindow.open(owner, "ring / vm1", pipe);}</pre>
 */
public final class ConsoleWindow {
    private final Stage stage;
    private final ConsoleView view;

    private ConsoleWindow(Stage stage, ConsoleView view) {
        this.stage = stage;
        this.view = view;
    }

    /** Opens the window (on the FX thread) and starts talking through the pipe. {@code owner} may be null. */
    public static ConsoleWindow open(Window owner, String title, ConsolePipe pipe) { return open(owner, title, pipe, false); }

    /**
     * {@code readOnly}: a watcher's window (an instructor, a student's VM): marked so in the toolbar
     * and the title, without Ctrl+Alt+Del, and no key or click is sent.
     */
    public static ConsoleWindow open(Window owner, String title, ConsolePipe pipe, boolean readOnly) {
        ConsoleView view = new ConsoleView(pipe, readOnly);
        Button cad = new Button(ConsoleText.get("ctrlAltDel"));
        cad.setTooltip(new Tooltip(ConsoleText.get("ctrlAltDel.tip")));
        cad.setOnAction(e -> { view.sendCtrlAltDel(); view.requestFocus(); });
        Button refresh = new Button(ConsoleText.get("refresh"));
        refresh.setTooltip(new Tooltip(ConsoleText.get("refresh.tip")));
        refresh.setOnAction(e -> { view.refresh(); view.requestFocus(); });
        for (Button b : new Button[]{cad, refresh}) {
            b.setFocusTraversable(false);   // the keyboard stays with the VM
            b.disableProperty().bind(view.stateProperty().isNotEqualTo(ConsoleView.State.RUNNING));
        }
        Label status = new Label();
        status.textProperty().bind(view.statusProperty());
        status.setTooltip(new Tooltip(ConsoleText.get("focus.tip")));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        ToolBar bar = new ToolBar(cad, refresh, grow, status);
        if (readOnly) {
            bar.getItems().remove(cad);
            bar.getItems().add(0, readOnlyMark());
            status.setTooltip(new Tooltip(ConsoleText.get("readOnly.tip")));
            title = title + " \u2014 " + ConsoleText.get("readOnly");
        }

        BorderPane root = new BorderPane(view);
        root.setTop(bar);
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setTitle(title);
        stage.setScene(new Scene(root, 720, 440));
        stage.setOnHidden(e -> view.close());
        // Once the screen's size is known, the window fits it (within the monitor) unless the user resized it.
        view.stateProperty().addListener((o, was, is) -> {
            if (is == ConsoleView.State.RUNNING && !stage.isMaximized()) fit(stage, view, bar);
        });
        stage.show();
        view.requestFocus();
        view.open();
        return new ConsoleWindow(stage, view);
    }

    /** The mark a watcher's window carries, so nobody takes it for their own console. */
    static Label readOnlyMark() {
        Label mark = new Label(ConsoleText.get("readOnly"));
        mark.setId("console-read-only");
        mark.setTooltip(new Tooltip(ConsoleText.get("readOnly.tip")));
        mark.setStyle("-fx-background-color: #8a5a00; -fx-text-fill: white; -fx-font-weight: bold; -fx-padding: 2 8; -fx-background-radius: 3;");
        return mark;
    }

    private static void fit(Stage stage, ConsoleView view, ToolBar bar) {
        Framebuffer fb = view.framebuffer();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double chromeW = stage.getWidth() - stage.getScene().getWidth(), chromeH = stage.getHeight() - stage.getScene().getHeight();
        double w = Math.min(fb.width() + chromeW, screen.getWidth() * 0.9);
        double h = Math.min(fb.height() + bar.getHeight() + chromeH, screen.getHeight() * 0.9);
        if (w > 0 && h > 0) {
            stage.setWidth(w);
            stage.setHeight(h);
        }
    }

    public Stage stage() { return stage; }

    public ConsoleView view() { return view; }

    /** Closes the window and the pipe. */
    public void close() { stage.close(); }
}
