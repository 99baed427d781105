package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The password the VMs of a deploy get, shown the one time the server answers it (it stores it
 * nowhere): selectable, with Copy, and the plea to write it down. Not modal: the deploy's
 * progress goes on in the window behind it.
 */
final class VmPasswordDialog {
    private VmPasswordDialog() {}

    static Stage show(Window owner, SliceViewModel.VmPassword p) {
        Label header = new Label(Msg.fmt("vmpw.header", p.sliceName()));
        header.getStyleClass().add("panel-title");
        header.setStyle("-fx-font-weight: bold; -fx-font-size: 1.15em;");
        header.setWrapText(true);
        TextField password = new TextField(p.password());
        password.setId("vm-password");
        password.setEditable(false);
        password.setStyle("-fx-font-family: 'monospace'; -fx-font-size: 1.4em;");
        password.setPrefColumnCount(Math.max(16, p.password().length() + 2));
        Label explain = new Label(Msg.get("vmpw.explain"));
        explain.setWrapText(true);
        Label copied = new Label();
        copied.setId("vm-password-copied");
        Button copy = new Button(Msg.get("vmpw.copy"));
        copy.setId("vm-password-copy");
        Button close = new Button(Msg.get("vmpw.close"));
        close.setId("vm-password-close");
        close.setDefaultButton(true);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox field = new HBox(8, password, copy);
        HBox.setHgrow(password, Priority.ALWAYS);
        field.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox root = new VBox(10, header, field, explain, new HBox(8, copied, grow, close));
        root.setId("vm-password-dialog");
        root.setPadding(new Insets(14));

        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setTitle(Msg.get("vmpw.title"));
        stage.setScene(new Scene(root, 520, 250));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(p.password());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            copied.setText(Msg.get("vmpw.copied"));
        });
        close.setOnAction(e -> stage.close());
        stage.show();
        password.requestFocus();
        password.selectAll();
        return stage;
    }
}
