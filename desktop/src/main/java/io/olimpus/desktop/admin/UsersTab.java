package io.olimpus.desktop.admin;

import io.olimpus.wire.Wire;
import io.olimpus.desktop.ui.Msg;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Users: create one, import a course roster (CSV), and for the selected user disable or enable,
 * reset the password, set quotas or delete. Passwords the server generates are shown once, in a
 * box the admin can copy from.
 */
final class UsersTab extends BorderPane {
    private final Calls calls;
    private final BiFunction<String, List<FileChooser.ExtensionFilter>, File> pick;
    final TableView<Wire.User> table = new TableView<>();
    private final TextField name = new TextField();
    private final PasswordField password = new PasswordField();
    /** The acting admin's own password: the server asks for it to reset another admin's password. */
    private final PasswordField yourPassword = new PasswordField();
    private final ChoiceBox<String> role = new ChoiceBox<>(FXCollections.observableArrayList("user", "admin"));
    private final Spinner<Integer> vms = Tables.spinner("quota-vms", 0, 10_000, 10);
    private final Spinner<Integer> vcpus = Tables.spinner("quota-vcpus", 0, 100_000, 20);
    private final Spinner<Integer> ram = Tables.spinner("quota-ram", 0, 10_000_000, 20480);
    // What the user may store as drafts: slices, and nodes (VMs and switches) and links in one design.
    private final Spinner<Integer> slices = Tables.spinner("quota-slices", 0, 100_000, 20);
    private final Spinner<Integer> nodes = Tables.spinner("quota-nodes", 0, 100_000, 200);
    private final Spinner<Integer> links = Tables.spinner("quota-links", 0, 100_000, 400);
    private final TextArea secrets = new TextArea();
    private final Button toggle;

    UsersTab(Calls calls, BiFunction<String, List<FileChooser.ExtensionFilter>, File> pick) {
        this.calls = calls;
        this.pick = pick;
        table.setId("users-table");
        table.getColumns().addAll(List.of(
                Tables.column("admin.user.name", Wire.User::username),
                Tables.column("admin.user.role", u -> u.role().name().toLowerCase(java.util.Locale.ROOT)),
                Tables.column("admin.user.disabled", u -> Tables.yesNo(u.disabled())),
                Tables.column("admin.user.maxVms", u -> u.quota() == null ? null : u.quota().maxVms()),
                Tables.column("admin.user.maxVcpus", u -> u.quota() == null ? null : u.quota().maxVcpus()),
                Tables.column("admin.user.maxRamMb", u -> u.quota() == null ? null : u.quota().maxRamMb()),
                Tables.column("admin.user.maxSlices", u -> u.quota() == null ? null : u.quota().maxSlices()),
                Tables.column("admin.user.maxNodes", u -> u.quota() == null ? null : u.quota().maxNodes()),
                Tables.column("admin.created", u -> Tables.when(u.createdAt()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        name.setId("user-name");
        name.setPromptText(Msg.get("admin.user.name"));
        password.setId("user-password");
        password.setPromptText(Msg.get("admin.user.passwordPrompt"));
        yourPassword.setId("user-your-password");
        yourPassword.setPromptText(Msg.get("admin.user.yourPasswordPrompt"));
        role.setId("user-role");
        role.setValue("user");
        secrets.setId("user-secrets");
        secrets.setEditable(false);
        secrets.setPrefRowCount(3);
        secrets.setPromptText(Msg.get("admin.user.secretsPrompt"));
        toggle = Tables.button("user-toggle", "admin.user.disable", this::toggleDisabled);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, u) -> selected(u));

        VBox top = new VBox(
                Tables.bar(name, password, role, Tables.button("user-create", "admin.user.create", this::create),
                        Tables.button("user-import", "admin.user.import", this::importCsv),
                        Tables.button("users-refresh", "admin.refresh", this::refresh)),
                Tables.bar(toggle, yourPassword, Tables.button("user-reset", "admin.user.reset", this::resetPassword),
                        new Label(Msg.get("admin.user.quota")), vms, vcpus, ram,
                        new Label(Msg.get("admin.user.drafts")), slices, nodes, links,
                        Tables.button("user-quota", "admin.user.setQuota", this::setQuota),
                        Tables.button("user-delete", "admin.delete", this::delete)));
        setTop(top);
        setCenter(table);
        setBottom(secrets);
        selected(null);
    }

    void refresh() {
        calls.run(() -> calls.client.users(null, 1000, 0).items(), this::show);
    }

    private void show(List<Wire.User> users) {
        String keep = selectedName();
        table.getItems().setAll(users);
        if (keep != null) users.stream().filter(u -> u.username().equals(keep)).findFirst()
                .ifPresent(u -> table.getSelectionModel().select(u));
    }

    private String selectedName() {
        Wire.User u = table.getSelectionModel().getSelectedItem();
        return u == null ? null : u.username();
    }

    private void selected(Wire.User u) {
        boolean none = u == null;
        for (String id : List.of("#user-toggle", "#user-reset", "#user-quota", "#user-delete"))
            lookupAll(id).forEach(n -> n.setDisable(none));
        toggle.setDisable(none);
        if (none) return;
        toggle.setText(Msg.get(u.disabled() ? "admin.user.enable" : "admin.user.disable"));
        if (u.quota() != null) {
            vms.getValueFactory().setValue(u.quota().maxVms());
            vcpus.getValueFactory().setValue(u.quota().maxVcpus());
            ram.getValueFactory().setValue(u.quota().maxRamMb());
            slices.getValueFactory().setValue(u.quota().maxSlices());
            nodes.getValueFactory().setValue(u.quota().maxNodes());
            links.getValueFactory().setValue(u.quota().maxLinks());
        }
    }

    private void create() {
        String n = name.getText().trim(), pw = password.getText();
        Wire.NewUser nu = new Wire.NewUser(n, pw.isEmpty() ? null : pw, role.getValue(), null, null, null);
        calls.run(() -> calls.client.createUser(nu), u -> {
            name.clear();
            password.clear();
            if (u.password() != null) remember(u.username(), u.password());
            calls.say(Msg.fmt("admin.user.created", u.username()));
            refresh();
        });
    }

    private void importCsv() {
        File f = pick.apply(Msg.get("admin.user.import"), List.of(new FileChooser.ExtensionFilter("CSV", "*.csv", "*.txt")));
        if (f == null) return;
        String csv;
        try {
            csv = Files.readString(f.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            calls.fail(e);
            return;
        }
        calls.run(() -> calls.client.importUsers(csv), created -> {
            for (Wire.User u : created) if (u.password() != null) remember(u.username(), u.password());
            calls.say(Msg.fmt("admin.user.imported", created.size()));
            refresh();
        });
    }

    private void toggleDisabled() {
        Wire.User u = table.getSelectionModel().getSelectedItem();
        if (u == null) return;
        calls.run(() -> calls.client.patchUser(u.username(), Wire.UserPatch.disabled(!u.disabled())), changed -> {
            calls.say(Msg.fmt(changed.disabled() ? "admin.user.disabledNow" : "admin.user.enabledNow", changed.username()));
            refresh();
        });
    }

    private void resetPassword() {
        Wire.User u = table.getSelectionModel().getSelectedItem();
        if (u == null) return;
        String n = u.username();
        String mine = null;
        if (u.admin()) {
            mine = yourPassword.getText();
            yourPassword.clear();
            if (mine.isEmpty()) {
                calls.warn(Msg.fmt("admin.user.yourPasswordNeeded", n));
                yourPassword.requestFocus();
                return;
            }
        }
        String confirm = mine;
        calls.run(() -> calls.client.resetPassword(n, null, confirm), pw -> {
            remember(n, pw);
            calls.say(Msg.fmt("admin.user.resetDone", n));
        });
    }

    private void setQuota() {
        String n = selectedName();
        if (n == null) return;
        Wire.UserPatch p = new Wire.UserPatch(null, null, vms.getValue(), vcpus.getValue(), ram.getValue(),
                slices.getValue(), nodes.getValue(), links.getValue());
        calls.run(() -> calls.client.patchUser(n, p), u -> {
            calls.say(Msg.fmt("admin.user.quotaSet", n));
            refresh();
        });
    }

    private void delete() {
        String n = selectedName();
        if (n == null) return;
        calls.act(() -> calls.client.deleteUser(n), () -> {
            calls.say(Msg.fmt("admin.deleted", n));
            refresh();
        });
    }

    /** Shows a password the server generated: it is never shown again. */
    private void remember(String user, String pw) {
        secrets.appendText(user + ": " + pw + "\n");
    }
}
