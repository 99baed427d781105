package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.function.Consumer;

/** The login screen: server address (remembered), username, password, and a plain message when it fails. */
public final class LoginView extends StackPane {
    /** What the user typed. */
    public record Credentials(String server, String user, String password) {}

    private final TextField server = new TextField(), user = new TextField();
    private final PasswordField password = new PasswordField();
    private final Button login = new Button(Msg.get("login.button")), offline = new Button(Msg.get("login.offline"));
    private final Label message = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();

    public LoginView(String serverUrl, String username, Consumer<Credentials> onLogin, Runnable onOffline) {
        setId("login-view");
        getStyleClass().add("login-view");
        server.setId("login-server");
        user.setId("login-user");
        password.setId("login-password");
        login.setId("login-button");
        offline.setId("login-offline");
        message.setId("login-message");
        message.setWrapText(true);
        message.setMaxWidth(380);
        message.getStyleClass().add("login-message");
        server.setText(serverUrl);
        user.setText(username);
        server.setPromptText("https://olimpus.example.edu");
        busy.setVisible(false);
        busy.setPrefSize(22, 22);

        Label title = new Label(Msg.get("login.title"));
        title.getStyleClass().add("login-title");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label(Msg.get("login.server")), server);
        grid.addRow(1, new Label(Msg.get("login.user")), user);
        grid.addRow(2, new Label(Msg.get("login.password")), password);
        server.setPrefColumnCount(24);
        login.setDefaultButton(true);
        login.setOnAction(e -> onLogin.accept(new Credentials(server.getText().trim(), user.getText().trim(), password.getText())));
        offline.setOnAction(e -> onOffline.run());
        HBox buttons = new HBox(8, busy, login, offline);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(14, title, grid, buttons, message);
        box.setPadding(new Insets(28));
        box.setMaxSize(VBox.USE_PREF_SIZE, VBox.USE_PREF_SIZE);
        box.getStyleClass().add("login-box");
        getChildren().add(box);
        setAlignment(Pos.CENTER);
    }

    /** While a login is on its way: the form is locked and a spinner turns. */
    public void setBusy(boolean on) {
        busy.setVisible(on);
        login.setDisable(on);
        server.setDisable(on);
        user.setDisable(on);
        password.setDisable(on);
    }

    /** A message (why the login failed): the password field takes the focus for the next try. */
    public void showMessage(String text) {
        message.setText(text);
        if (!text.isEmpty() && !password.isFocused()) password.requestFocus();
    }

    public void focusFirstEmpty() {
        if (server.getText().isBlank()) server.requestFocus();
        else if (user.getText().isBlank()) user.requestFocus();
        else password.requestFocus();
    }

    public String message() { return message.getText(); }
}
