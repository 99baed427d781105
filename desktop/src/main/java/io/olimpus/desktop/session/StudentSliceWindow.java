package io.olimpus.desktop.session;

import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.wire.Wire;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A student's slice as their instructor sees it: on the designer's canvas, in a window of its
 * own, read-only (the server lets an instructor read their students' slices, never change them;
 * the window offers no way to try), with a banner saying whose it is. While the copy runs, its
 * VMs' consoles and serial terminals open from the toolbar, read-only too.
 */
public final class StudentSliceWindow {
    private StudentSliceWindow() {}

    /** What the window shows, read with the client off the FX thread; {@code running}: the VMs whose consoles can be watched. */
    public record Content(Wire.SliceDetail slice, LocalCatalog catalog, List<Wire.VmView> running) {
        public Content(Wire.SliceDetail slice, LocalCatalog catalog) { this(slice, catalog, List.of()); }
    }

    /** Reads the slice and the server's catalog, and its running VMs if it runs (blocking: call it off the FX thread). */
    public static Content read(OlimpusClient client, long sliceId) {
        Wire.SliceDetail slice = client.slice(sliceId);
        return new Content(slice, WireTerms.catalog(client), runningVms(client, slice));
    }

    /** The copy's running VMs (none when it is not deployed); blocking. */
    public static List<Wire.VmView> runningVms(OlimpusClient client, Wire.SliceDetail slice) {
        if (!"RUNNING".equals(slice.status().name())) return List.of();
        return client.vms(slice.id()).stream().filter(v -> v.state() == Wire.VmState.RUNNING).toList();
    }

    /** Opens a student's VM's console ({@code serial}: its serial terminal) read-only next to {@code owner}; FX thread. */
    public static void watch(Window owner, OlimpusClient client, long sliceId, String student, String vm, boolean serial) {
        if (serial) ConsoleOpener.watchTerminal(owner, client, sliceId, student, vm);
        else ConsoleOpener.watch(owner, client, sliceId, student, vm);
    }

    /**
     * The toolbar's part that watches one of the copy's VMs: pick the VM, open its console or its
     * serial terminal, both read-only. Disabled, saying why, when no VM of the copy runs.
     */
    static List<Node> watchTools(OlimpusClient client, long sliceId, String student, List<Wire.VmView> running, Supplier<Window> owner) {
        ChoiceBox<String> vm = new ChoiceBox<>();
        vm.setId("watch-vm");
        running.forEach(v -> vm.getItems().add(v.name()));
        if (!running.isEmpty()) vm.getSelectionModel().selectFirst();
        Button console = new Button(Msg.get("watch.console"));
        console.setId("watch-console");
        console.setOnAction(e -> watch(owner.get(), client, sliceId, student, vm.getValue(), false));
        Button terminal = new Button(Msg.get("watch.terminal"));
        terminal.setId("watch-terminal");
        terminal.setOnAction(e -> watch(owner.get(), client, sliceId, student, vm.getValue(), true));
        boolean none = running.isEmpty();
        for (var c : List.of(vm, console, terminal)) c.setDisable(none);
        terminal.setDisable(none || running.stream().noneMatch(v -> v.serial() != null));
        Label why = new Label(none ? Msg.get("watch.none") : Msg.get("watch.hint"));
        why.setId("watch-hint");
        return List.of(new Separator(javafx.geometry.Orientation.VERTICAL), vm, console, terminal, why);
    }

    /** Opens the window on {@code student}'s slice next to {@code owner} (may be null); FX thread. */
    public static Stage show(Content c, String student, Window owner) { return show(c, student, owner, null); }

    /** As {@link #show(Content, String, Window)}; with a client, the running VMs' consoles can be watched from the toolbar. */
    public static Stage show(Content c, String student, Window owner, OlimpusClient client) {
        DesignerViewModel vm = new DesignerViewModel(c.catalog());
        vm.openDocument(OlimpusClient.design(c.slice()));
        MainWindow w = new MainWindow(vm, Settings.user(), lang -> {}, () -> {});
        Stage stage = new Stage();
        List<Node> tools = client == null ? List.of() : watchTools(client, c.slice().id(), student, c.running(), () -> stage);
        w.makeReadOnly(Msg.fmt("readOnly.banner", student, c.slice().name(), Looks.sliceStatusWord(c.slice().status().name())), tools.toArray(Node[]::new));
        if (owner != null) stage.initOwner(owner);
        stage.setTitle(Msg.fmt("readOnly.title", student, c.slice().name()));
        Scene scene = new Scene(w, 1100, 720);
        scene.getStylesheets().add(StudentSliceWindow.class.getResource("/io/olimpus/desktop/designer.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        Platform.runLater(w.canvas()::fit);
        return stage;
    }
}
