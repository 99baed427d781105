package io.olimpus.desktop.session;

import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.wire.Wire;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A student's slice as their instructor sees it: on the designer's canvas, in a window of its
 * own, read-only (the server lets an instructor read their students' slices, never change them;
 * the window offers no way to try), with a banner saying whose it is.
 */
public final class StudentSliceWindow {
    private StudentSliceWindow() {}

    /** What the window shows, read with the client off the FX thread. */
    public record Content(Wire.SliceDetail slice, LocalCatalog catalog) {}

    /** Reads the slice and the server's catalog (blocking: call it off the FX thread). */
    public static Content read(OlimpusClient client, long sliceId) {
        return new Content(client.slice(sliceId), WireTerms.catalog(client));
    }

    /** Opens the window on {@code student}'s slice next to {@code owner} (may be null); FX thread. */
    public static Stage show(Content c, String student, Window owner) {
        DesignerViewModel vm = new DesignerViewModel(c.catalog());
        vm.openDocument(OlimpusClient.design(c.slice()));
        MainWindow w = new MainWindow(vm, Settings.user(), lang -> {}, () -> {});
        w.makeReadOnly(Msg.fmt("readOnly.banner", student, c.slice().name(), Looks.sliceStatusWord(c.slice().status().name())));
        Stage stage = new Stage();
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
