package io.olimpus.desktop.session;

import io.olimpus.desktop.client.OlimpusClient;
import io.olimpus.desktop.ui.Msg;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Opens a VM's console in its own window. This build has no VNC viewer yet (it comes with the
 * console part of the desktop), so the window says so plainly and names the server's console
 * address, instead of showing something that looks like a console and is not.
 */
final class ConsoleOpener {
    private ConsoleOpener() {}

    static Stage open(Window owner, OlimpusClient client, long sliceId, String vm) {
        Stage s = new Stage();
        if (owner != null) s.initOwner(owner);
        s.setTitle(Msg.fmt("console.title", vm));
        Label text = new Label(Msg.fmt("console.unavailable", vm, client.address() + "/api/v1/slices/" + sliceId + "/vms/" + vm + "/console"));
        text.setId("console-message");
        text.setWrapText(true);
        StackPane pane = new StackPane(text);
        pane.setPadding(new Insets(24));
        s.setScene(new Scene(pane, 480, 200));
        s.show();
        return s;
    }
}
