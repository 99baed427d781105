package io.olimpus.desktop.console;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.charset.StandardCharsets;

/**
 * A VM's serial console as a text terminal in its own window: what the guest writes on its serial
 * port (boot messages, a login prompt, a shell), and every key typed sent to it. Text can be
 * selected and copied with the mouse; Ctrl+C goes to the VM. Closing the window closes the pipe.
 *
 * <pre>{@code SerialTerminalWindow.open(owner, "ring / vm1", ServerConsolePipe.serial(client, id, "vm1"));}</pre>
 */
public final class SerialTerminalWindow {
    private final Stage stage;
    private final TextArea screen;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", ConsoleText.get("terminal.connecting"));
    private final TerminalScreen text = new TerminalScreen();
    private final ConsolePipe pipe;
    /** The text last shown, readable from any thread (the text area's own is the FX thread's). */
    private volatile String shown = "";

    /** A watcher's terminal: nothing typed or pasted is sent (the server passes no input either). */
    private final boolean readOnly;

    private SerialTerminalWindow(Stage stage, TextArea screen, ConsolePipe pipe, boolean readOnly) {
        this.stage = stage;
        this.screen = screen;
        this.pipe = pipe;
        this.readOnly = readOnly;
        if (readOnly) status.set(ConsoleText.get("terminal.readOnly.connecting"));
    }

    /** Opens the window (on the FX thread) and starts talking through the pipe. {@code owner} may be null. */
    public static SerialTerminalWindow open(Window owner, String title, ConsolePipe pipe) { return open(owner, title, pipe, false); }

    /** {@code readOnly}: a watcher's terminal (an instructor, a student's VM), marked so, without Paste; keys are not sent. */
    public static SerialTerminalWindow open(Window owner, String title, ConsolePipe pipe, boolean readOnly) {
        TextArea screen = new TextArea();
        screen.setId("serial-screen");
        screen.setEditable(false);
        screen.setWrapText(true);
        screen.setStyle("-fx-font-family: 'monospace'; -fx-control-inner-background: #111; -fx-text-fill: #ddd; -fx-highlight-fill: #446;");
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setTitle(readOnly ? title + " \u2014 " + ConsoleText.get("readOnly") : title);
        SerialTerminalWindow w = new SerialTerminalWindow(stage, screen, pipe, readOnly);

        Button paste = new Button(ConsoleText.get("terminal.paste"));
        paste.setId("serial-paste");
        paste.setTooltip(new Tooltip(ConsoleText.get("terminal.paste.tip")));
        paste.setFocusTraversable(false);   // the keyboard stays with the VM
        paste.setOnAction(e -> {
            String clip = Clipboard.getSystemClipboard().getString();
            if (clip != null) w.send(clip.replace("\r\n", "\r").replace('\n', '\r').getBytes(StandardCharsets.UTF_8));
            screen.requestFocus();
        });
        Label state = new Label();
        state.setId("serial-status");
        state.textProperty().bind(w.status.getReadOnlyProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        BorderPane root = new BorderPane(screen);
        root.setTop(readOnly ? new ToolBar(ConsoleWindow.readOnlyMark(), grow, state) : new ToolBar(paste, grow, state));

        // Keys go to the VM, never into the text: the text area only shows what the VM said.
        screen.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            byte[] b = TerminalKeys.pressed(e.getCode(), e.isControlDown() && !e.isAltDown());
            if (b != null) {
                w.send(b);
                e.consume();
            }
        });
        screen.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (!e.isControlDown()) w.send(TerminalKeys.typed(e.getCharacter()));
            e.consume();
        });

        stage.setScene(new Scene(root, 760, 460));
        stage.setOnHidden(e -> pipe.close());
        stage.show();
        screen.requestFocus();
        pipe.open(new ConsolePipe.Listener() {
            @Override
            public void received(byte[] bytes) { Platform.runLater(() -> w.show(bytes)); }

            @Override
            public void closed(String reason) { Platform.runLater(() -> w.status.set(ConsoleText.get("terminal.closed", reason))); }

            @Override
            public void failed(Throwable error) { Platform.runLater(() -> w.status.set(ConsoleText.get("terminal.failed", error.getMessage()))); }
        });
        return w;
    }

    private void send(byte[] bytes) {
        if (bytes.length > 0 && !readOnly) pipe.send(bytes);
    }

    private void show(byte[] bytes) {
        if (status.get().equals(ConsoleText.get("terminal.connecting"))) status.set(ConsoleText.get("terminal.connected"));
        if (status.get().equals(ConsoleText.get("terminal.readOnly.connecting"))) status.set(ConsoleText.get("terminal.readOnly.connected"));
        text.feed(bytes);
        shown = text.text();
        screen.setText(shown);
        screen.positionCaret(screen.getLength());
        screen.setScrollTop(Double.MAX_VALUE);
    }

    /** What the window shows now (for tests and screenshots). */
    public String shown() { return shown; }

    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    public Stage stage() { return stage; }

    public void close() { stage.close(); }
}
