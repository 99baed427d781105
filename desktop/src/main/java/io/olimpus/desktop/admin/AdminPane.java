package io.olimpus.desktop.admin;

import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.ui.Msg;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.List;

/**
 * The administration of one headnode: users, flavors, images, and zones with their workers (load
 * charts and what runs where), as tabs over one status line. Everything goes through the client
 * off the FX thread.
 */
public final class AdminPane extends BorderPane {
    /** Picks a file to read (a roster CSV or an image); the real one is a FileChooser, tests give their own. */
    @FunctionalInterface
    public interface FilePicker {
        File pick(Window owner, String title, List<FileChooser.ExtensionFilter> filters);
    }

    public static final FilePicker CHOOSER = (owner, title, filters) -> {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(filters);
        return fc.showOpenDialog(owner);
    };

    private final Calls calls;
    private FilePicker picker = CHOOSER;
    private final UsersTab users;
    private final FlavorsTab flavors;
    private final ImagesTab images;
    private final ZonesTab zones;

    public AdminPane(OlimpusClient client) {
        Label status = new Label(Msg.fmt("admin.connected", client.address()));
        status.setId("admin-status");
        status.setPadding(new Insets(4, 8, 4, 8));
        status.setWrapText(true);
        calls = new Calls(client, status);
        users = new UsersTab(calls, this::pick);
        flavors = new FlavorsTab(calls);
        images = new ImagesTab(calls, this::pick);
        zones = new ZonesTab(calls);
        TabPane tabs = new TabPane(
                tab("admin-tab-users", Msg.get("admin.users"), users),
                tab("admin-tab-flavors", Msg.get("admin.flavors"), flavors),
                tab("admin-tab-images", Msg.get("admin.images"), images),
                tab("admin-tab-zones", Msg.get("admin.zones"), zones));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> refresh(t));
        setCenter(tabs);
        setBottom(status);
        getStylesheets().add(AdminPane.class.getResource("/io/olimpus/desktop/admin.css").toExternalForm());
        users.refresh();
    }

    private static Tab tab(String id, String title, javafx.scene.Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        return t;
    }

    private void refresh(Tab t) {
        if (t == null) return;
        switch (t.getId()) {
            case "admin-tab-users" -> users.refresh();
            case "admin-tab-flavors" -> flavors.refresh();
            case "admin-tab-images" -> images.refresh();
            default -> zones.refresh();
        }
    }

    private File pick(String title, List<FileChooser.ExtensionFilter> filters) {
        return picker.pick(getScene() == null ? null : getScene().getWindow(), title, filters);
    }

    /** Replaces the file chooser (tests; a desktop that remembers the last folder). */
    public void setFilePicker(FilePicker p) {
        this.picker = p == null ? CHOOSER : p;
    }

    /** Client calls still in flight from this pane (FX thread). */
    public int callsRunning() {
        return calls.runningProperty().get();
    }

    /** Stops background refreshing (the charts' timer); the window calls it when it closes. */
    public void dispose() {
        zones.dispose();
    }
}
