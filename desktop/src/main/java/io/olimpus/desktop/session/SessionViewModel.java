package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.client.ServerCertificate;
import io.olimpus.wire.Wire;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.file.TopologyDocument;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The desktop connected to a headnode, without its windows: logging in and out, which screen
 * shows, and "My slices"; the design open in the designer is its {@link #slice()}. Gestures become
 * client calls on {@code background}; their answers and the job's events come back through
 * {@code ui} (the FX thread in the application, inline in tests), the only place where this state
 * changes. Like {@link DesignerViewModel} it needs no FX toolkit: the windows observe it and call it.
 */
public final class SessionViewModel {
    public enum Screen { DESIGNER, LOGIN, SLICES }

    private final Settings settings;
    private final DesignerViewModel design;
    private final Connection connection;
    private final SliceViewModel slice;
    private final Signal<Screen> screen = new Signal<>(null);
    private final BooleanProperty admin = new SimpleBooleanProperty(this, "admin");
    private final StringProperty loginMessage = new SimpleStringProperty(this, "loginMessage", "");
    private final BooleanProperty loggingIn = new SimpleBooleanProperty(this, "loggingIn");
    private final ObservableList<SliceRow> slices = FXCollections.observableArrayList();
    /**
     * The one read-only view of {@link #slices}: JavaFX's unmodifiable wrapper follows its list
     * through a weak listener, so a wrapper made per call was collected with the listeners added to
     * it, and the window stopped seeing the list change (My slices stayed empty after a GC).
     */
    private final ObservableList<SliceRow> slicesReadOnly = FXCollections.unmodifiableObservableList(slices);
    private final StringProperty slicesMessage = new SimpleStringProperty(this, "slicesMessage", "");
    private String loginServer = "", loginUser = "";
    private final Signal<CertificateQuestion> certificateQuestion = new Signal<>(null);

    /**
     * A server presented a certificate the user must decide about: one this computer does not know
     * ({@code changed} false: accept it to pin it), or another than the one accepted before
     * ({@code changed} true: refused; replace the pin only if the teacher confirms it was replaced).
     * Asked once per failed login; {@link #trustCertificate} records the answer.
     */
    public record CertificateQuestion(String address, ServerCertificate certificate, boolean changed) {}

    public SessionViewModel(Settings settings, DesignerViewModel design, DraftFolder drafts, Executor background, Executor ui) {
        this(settings, design, drafts, background, ui, PowerFollower.STANDARD);
    }

    SessionViewModel(Settings settings, DesignerViewModel design, DraftFolder drafts, Executor background, Executor ui, PowerFollower power) {
        this.settings = settings;
        this.design = design;
        connection = new Connection(settings, background, ui);
        slice = new SliceViewModel(connection, design, drafts, power);
    }

    // ---- observable state -------------------------------------------------------------------

    /** The screen shown; {@link #onScreen} hears every request to show one, also of the one showing. */
    public Screen screen() { return screen.get(); }
    public void onScreen(Consumer<Screen> listener) { screen.listen(listener); }
    public ReadOnlyBooleanProperty connectedProperty() { return connection.connectedProperty(); }
    public ReadOnlyBooleanProperty adminProperty() { return admin; }
    /** The client of the server logged in to, or null. */
    public OlimpusClient client() { return connection.client(); }
    /** The design open in the designer as the server knows it. */
    public SliceViewModel slice() { return slice; }

    /** The login screen: the address and user it starts with, its message, and whether a login is on its way. */
    public String loginServer() { return loginServer; }
    public String loginUser() { return loginUser; }
    public ReadOnlyStringProperty loginMessageProperty() { return loginMessage; }
    public ReadOnlyBooleanProperty loggingInProperty() { return loggingIn; }
    /** Hears each certificate question (on the UI thread); the view asks the user and may call {@link #trustCertificate}. */
    public void onCertificateQuestion(Consumer<CertificateQuestion> listener) { certificateQuestion.listen(listener); }

    /** The user accepted the certificate of the question: it is pinned for that server (replacing any before); the next login trusts it. */
    public void trustCertificate(CertificateQuestion q) {
        settings.pinCertificate(q.address(), q.certificate().sha256());
        loginMessage.set(Msg.fmt("cert.accepted", q.address()));
    }

    /** "My slices", its last message, and whose they are. */
    public ObservableList<SliceRow> slices() { return slicesReadOnly; }
    public ReadOnlyStringProperty slicesMessageProperty() { return slicesMessage; }
    public String username() {
        OlimpusClient c = connection.client();
        return c == null || c.user() == null ? "" : c.user().username();
    }

    // ---- screens ----------------------------------------------------------------------------

    public void showDesigner() { screen.set(Screen.DESIGNER); }

    public void showLogin() { showLogin(null, null, ""); }

    /** The login screen, filled in with {@code server} and {@code user} (or the remembered ones). */
    public void showLogin(String server, String user, String message) {
        loginServer = server != null ? server : settings.serverUrl();
        loginUser = user != null ? user : settings.lastUser();
        loginMessage.set(message == null ? "" : message);
        screen.set(Screen.LOGIN);
    }

    public void showSlices() {
        if (connection.client() == null) {
            showLogin();
            return;
        }
        slicesMessage.set("");
        screen.set(Screen.SLICES);
        refreshSlices();
    }

    // ---- logging in -------------------------------------------------------------------------

    /** Logs in off the UI thread; on success the server's catalog replaces the local one. */
    public void login(String server, String user, String password) {
        loginMessage.set("");
        OlimpusClient next;
        String address;
        try {
            address = OlimpusClient.normalizedAddress(server);
            next = OlimpusClient.connect(server, settings.pinnedCertificate(address));
        } catch (ClientException e) {
            loginMessage.set(Failures.describe(e, server));
            return;
        }
        loggingIn.set(true);
        connection.run(() -> {
            next.login(user, password);
            return WireTerms.catalog(next);
        }, (catalog, err) -> {
            loggingIn.set(false);
            if (err != null) {
                next.close();
                loginMessage.set(Failures.describe(err, server));
                if (Failures.unwrap(err) instanceof ClientException ce && ce.certificate() != null
                        && (ce.kind() == ClientException.Kind.CERTIFICATE || ce.kind() == ClientException.Kind.CERTIFICATE_CHANGED))
                    certificateQuestion.set(new CertificateQuestion(address, ce.certificate(), ce.kind() == ClientException.Kind.CERTIFICATE_CHANGED));
            } else loggedIn(next, server, user, catalog);
        });
    }

    private void loggedIn(OlimpusClient next, String server, String user, LocalCatalog catalog) {
        connection.open(next);
        next.onSessionExpired(e -> connection.ui().execute(() -> sessionExpired(e)));
        settings.setServerUrl(server);
        settings.setLastUser(user);
        design.setCatalog(catalog);
        admin.set(next.user() != null && next.user().admin());
        slice.say(Msg.fmt("conn.loggedIn", user, next.address()));
        if (design.isDirty() || slice.current() != null) {
            showDesigner();
            slice.reload();
        } else showSlices();
    }

    private void sessionExpired(ClientException e) {
        if (!connection.connectedProperty().get()) return;
        connection.lost();
        admin.set(false);
        slice.stopFollowing();
        showLogin(connection.client() == null ? null : connection.client().address(), null, connection.describe(e));
    }

    public void logout() {
        OlimpusClient c = connection.drop();
        admin.set(false);
        if (c != null) connection.run(() -> {
            try {
                c.logout();
            } catch (RuntimeException ignored) {
                // the token dies with the session anyway
            }
            return null;
        }, (x, e) -> c.close());
        slice.close();
        slices.clear();
        design.setCatalog(LocalCatalog.load());
        showLogin();
    }

    // ---- my account -------------------------------------------------------------------------

    /** The caller's SSH public key ("" when none), read in the background: {@code shown} gets it, or {@code failed} what went wrong, on the UI thread. */
    public void readSshKey(java.util.function.Consumer<String> shown, java.util.function.Consumer<String> failed) {
        connection.call(c -> orEmpty(c.me().sshPublicKey()), shown, e -> failed.accept(connection.describe(e)));
    }

    /**
     * Keeps {@code key} (one OpenSSH public key line) as the caller's SSH public key, or removes it
     * when blank: every VM they deploy from then on gets it. {@code saved} gets the key now kept;
     * {@code refused} the server's reason (a bad key says what is wrong with it).
     */
    public void saveSshKey(String key, java.util.function.Consumer<String> saved, java.util.function.Consumer<String> refused) {
        connection.call(c -> orEmpty(c.setSshPublicKey(key == null ? "" : key.strip()).sshPublicKey()), saved, e -> refused.accept(connection.describe(e)));
    }

    /**
     * An editor of the open slice's own cloud-config, not read yet ({@link CloudConfigEditor#load});
     * null when the design is not a slice on the server (the notice then says to save it first).
     */
    public CloudConfigEditor cloudConfigEditor() {
        Wire.Slice s = slice.current();
        if (s == null || connection.client() == null) {
            slice.say(Msg.get("cloudcfg.noSlice"));
            return null;
        }
        return new CloudConfigEditor(connection, s.id(), s.name(), admin.get());
    }

    private static String orEmpty(String s) { return s == null ? "" : s; }

    // ---- my slices --------------------------------------------------------------------------

    public void refreshSlices() {
        connection.call(c -> WireTerms.rows(c.slices(null, null, null, null, 500, 0).items(), labsOf(c)), slices::setAll, this::sayInList);
    }

    /** The labs the user has a copy of; none from a server without courses (an older one answers 404). */
    private static List<io.olimpus.client.LabWire.StudentLab> labsOf(OlimpusClient c) {
        try {
            return c.myLabs();
        } catch (ClientException e) {
            if (e.status() == 404) return List.of();
            throw e;
        }
    }

    /** Opens a server slice in the designer (the caller asked before dropping unsaved changes). */
    public void openSlice(long id) {
        connection.call(c -> c.slice(id), d -> {
            slice.open(d);
            showDesigner();
        }, this::sayInList);
    }

    /** Stores a copy named "name-copy" (or -copy2, -copy3… when taken). */
    public void duplicateSlice(SliceRow s) {
        connection.call(c -> {
            TopologyDocument d = OlimpusClient.design(c.slice(s.id()));
            List<String> names = c.slices(null, null, null, null, 1000, 0).items().stream().map(Wire.Slice::name).toList();
            String name = s.name() + "-copy";
            for (int i = 2; names.contains(name); i++) name = s.name() + "-copy" + i;
            return c.createSlice(new TopologyDocument(d.topology().withName(name), d.presentation()));
        }, saved -> {
            slicesMessage.set(Msg.fmt("slices.duplicated", s.name(), saved.slice().name()));
            refreshSlices();
        }, this::sayInList);
    }

    /** Deletes a slice (the caller asked first). */
    public void deleteSlice(SliceRow s) {
        connection.call(c -> {
            c.deleteSlice(s.id());
            return s;
        }, x -> {
            slice.deleted(s.id());
            slicesMessage.set(Msg.fmt("slices.deleted", s.name()));
            refreshSlices();
        }, this::sayInList);
    }

    private void sayInList(Throwable err) { slicesMessage.set(connection.describe(err)); }
}
