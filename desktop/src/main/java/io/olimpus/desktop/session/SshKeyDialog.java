package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The student's SSH public key, which every VM they deploy gets (through cloud-init): shown,
 * pasted or loaded from a .pub file, saved or removed. The server checks the key; its reason is
 * shown under the text. Without a key, VMs get a password shown once when they are deployed.
 */
final class SshKeyDialog {
    /** A public key line is short; anything bigger is not a .pub file (a private key, say). */
    static final long MAX_FILE_BYTES = 16_384;

    private SshKeyDialog() {}

    static Stage show(Window owner, SessionViewModel vm) {
        Label explain = new Label(Msg.get("sshkey.explain"));
        explain.setWrapText(true);
        TextArea key = new TextArea();
        key.setId("ssh-key-text");
        key.setWrapText(true);
        key.setPrefRowCount(4);
        key.setPromptText("ssh-ed25519 AAAA… you@laptop");
        key.setStyle("-fx-font-family: 'monospace';");
        Label status = new Label(Msg.get("sshkey.reading"));
        status.setId("ssh-key-status");
        status.setWrapText(true);
        Button load = new Button(Msg.get("sshkey.load"));
        load.setId("ssh-key-load");
        Button save = new Button(Msg.get("sshkey.save"));
        save.setId("ssh-key-save");
        save.setDefaultButton(true);
        Button remove = new Button(Msg.get("sshkey.remove"));
        remove.setId("ssh-key-remove");
        Button close = new Button(Msg.get("sshkey.close"));
        close.setCancelButton(true);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        VBox root = new VBox(8, explain, key, status, new HBox(8, load, grow, remove, save, close));
        root.setPadding(new Insets(12));
        VBox.setVgrow(key, Priority.ALWAYS);

        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(Msg.get("sshkey.title"));
        stage.setScene(new Scene(root, 560, 300));

        java.util.function.Consumer<String> shown = k -> {
            key.setText(k);
            status.setText(k.isEmpty() ? Msg.get("sshkey.none") : Msg.get("sshkey.kept"));
        };
        load.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle(Msg.get("sshkey.load"));
            File home = new File(System.getProperty("user.home"), ".ssh");
            if (home.isDirectory()) fc.setInitialDirectory(home);
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(Msg.get("sshkey.pubFiles"), "*.pub"),
                    new FileChooser.ExtensionFilter(Msg.get("sshkey.allFiles"), "*"));
            File f = fc.showOpenDialog(stage);
            if (f == null) return;
            try {
                if (Files.size(f.toPath()) > MAX_FILE_BYTES) status.setText(Msg.fmt("sshkey.tooBig", f.getName()));
                else {
                    key.setText(Files.readString(f.toPath()).strip());
                    status.setText(Msg.fmt("sshkey.loaded", f.getName()));
                }
            } catch (IOException ex) {
                status.setText(Msg.fmt("sshkey.unreadable", f.getName(), ex.getMessage()));
            }
        });
        save.setOnAction(e -> {
            status.setText(Msg.get("sshkey.saving"));
            vm.saveSshKey(key.getText(), k -> {
                shown.accept(k);
                if (!k.isEmpty()) status.setText(Msg.get("sshkey.saved"));
            }, status::setText);
        });
        remove.setOnAction(e -> vm.saveSshKey("", k -> {
            shown.accept(k);
            status.setText(Msg.get("sshkey.removed"));
        }, status::setText));
        close.setOnAction(e -> stage.close());
        stage.show();
        vm.readSshKey(shown, status::setText);
        return stage;
    }
}
