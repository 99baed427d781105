package io.olimpus.desktop.admin;

import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.ui.Msg;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The administration window: one menu item away from the designer ("Administration…", admins only). */
public final class AdminWindow {
    private AdminWindow() {}

    /**
     * Opens the administration of the server {@code client} is logged in to (as an admin) in its
     * own window next to {@code owner} (may be null); call on the FX thread. Returns the stage.
     */
    public static Stage show(OlimpusClient client, Window owner) {
        AdminPane pane = new AdminPane(client);
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setTitle(Msg.fmt("admin.title", client.address()));
        stage.setScene(new Scene(pane, 1100, 720));
        stage.setOnHidden(e -> pane.dispose());
        stage.show();
        return stage;
    }
}
