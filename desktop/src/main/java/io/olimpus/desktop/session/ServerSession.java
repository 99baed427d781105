package io.olimpus.desktop.session;

import io.olimpus.desktop.admin.AdminWindow;
import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.vm.DesignerViewModel;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.BorderPane;
import javafx.stage.Window;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The windows of the desktop connected to a headnode: the login screen, "My slices", and the
 * designer's server menu and panel. They show a {@link SessionViewModel} and hand it the user's
 * gestures; confirmations and opening windows are all that happens here.
 */
public final class ServerSession {
    private final SessionViewModel vm;
    private final SliceViewModel slice;
    private final DesignerViewModel design;
    private final BorderPane root = new BorderPane();
    private MainWindow window;
    private SlicePanel panel;
    private LoginView login;
    private LoginView.Credentials lastLogin;
    private SlicesView slices;
    private final java.util.Map<Long, javafx.stage.Stage> cloudConfigWindows = new java.util.HashMap<>();
    private Consumer<String> browser = url -> { throw new IllegalStateException("no browser to open " + url); };

    public ServerSession(Settings settings, DesignerViewModel design, DraftFolder drafts) {
        this.design = design;
        vm = new SessionViewModel(settings, design, drafts, backgroundThreads(), Platform::runLater);
        slice = vm.slice();
        root.setId("session-root");
        slice.setConsoles(new SliceViewModel.Consoles() {
            public void openInBrowser(String url) { browser.accept(url); }
            public void openViewer(OlimpusClient client, long sliceId, String vm) { ConsoleOpener.open(owner(), client, sliceId, vm); }
            public void openTerminal(OlimpusClient client, long sliceId, String vm) { ConsoleOpener.openTerminal(owner(), client, sliceId, vm); }
        });
        slice.setRenameQuestion(this::askRenamed);
        vm.onScreen(this::show);
        slice.onNotice(text -> {
            if (panel != null) panel.showNotice(text);
            if (window != null) window.showStatus(text);
        });
        slice.marksProperty().addListener((o, a, m) -> { if (window != null) window.canvas().setMarks(m); });
        slice.factsProperty().addListener((o, a, f) -> { if (window != null) window.canvas().setFacts(f); });
        slice.planProperty().addListener((o, a, p) -> { if (panel != null) panel.showPlan(p); });
        vm.loginMessageProperty().addListener((o, a, m) -> { if (login != null) login.showMessage(m); });
        vm.loggingInProperty().addListener((o, a, b) -> { if (login != null) login.setBusy(b); });
        vm.onCertificateQuestion(this::askAboutCertificate);
        slice.onVmPassword(p -> { if (p != null) VmPasswordDialog.show(owner(), p); });
        vm.slices().addListener((ListChangeListener<SliceRow>) c -> { if (slices != null) slices.show(List.copyOf(vm.slices())); });
        vm.slicesMessageProperty().addListener((o, a, m) -> { if (slices != null) slices.showMessage(m); });
    }

    /** The client calls' threads: daemons, so an open call never keeps the application alive. */
    private static ExecutorService backgroundThreads() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "olimpus-session");
            t.setDaemon(true);
            return t;
        });
    }

    public BorderPane root() { return root; }
    public SessionViewModel viewModel() { return vm; }

    /** Where a cloud's console page opens: the application's host services (the system browser). */
    public void setBrowser(Consumer<String> openUrl) { browser = openUrl; }

    // ---- the designer window (rebuilt on a language switch) ---------------------------------

    /** Joins a (new) designer window: the server menu, the panel, the canvas colours. */
    public void attach(MainWindow w) {
        window = w;
        panel = new SlicePanel(slice, this::openCloudConfig);
        w.addServerParts(menu(), panel);
        panel.showPlan(slice.planProperty().get());
        panel.showNotice(slice.notice());
        w.canvas().setMarks(slice.marksProperty().get());
        w.setLinkActions(this::linkActions);
        w.canvas().setFacts(slice.factsProperty().get());
        w.canvas().setOnOpenConsole(slice::consoleOfNode);
        if (root.getCenter() instanceof MainWindow) root.setCenter(w);
    }

    private Menu menu() {
        Menu m = new Menu(Msg.get("menu.server"));
        m.setId("menu-server");
        MenuItem connect = item("menu.connect", vm::showLogin);
        MenuItem list = item("menu.slices", vm::showSlices);
        MenuItem save = item("srv.save", slice::save);
        MenuItem validate = item("srv.validate", slice::validate);
        MenuItem planIt = item("srv.plan", slice::plan);
        MenuItem deploy = item("srv.deploy", slice::deploy);
        MenuItem undeploy = item("srv.undeploy", slice::undeploy);
        MenuItem logout = item("menu.logout", vm::logout);
        MenuItem sshKey = item("menu.sshKey", () -> SshKeyDialog.show(owner(), vm));
        MenuItem cloudConfig = item("menu.cloudConfig", this::openCloudConfig);
        cloudConfig.disableProperty().bind(vm.connectedProperty().not());
        sshKey.disableProperty().bind(vm.connectedProperty().not());
        MenuItem admin = item("menu.admin", () -> AdminWindow.show(vm.client(), owner()));
        admin.disableProperty().bind(vm.adminProperty().not());
        MenuItem courses = item("menu.courses", () -> io.olimpus.desktop.course.CourseWindow.show(vm.client(), owner()));
        courses.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.connectedProperty().get() && io.olimpus.desktop.course.CourseWindow.teaches(vm.client()), vm.connectedProperty()));
        list.disableProperty().bind(vm.connectedProperty().not());
        logout.disableProperty().bind(vm.connectedProperty().not());
        for (MenuItem i : List.of(validate, planIt, deploy, undeploy)) i.disableProperty().bind(slice.busyProperty());
        m.getItems().addAll(connect, list, new SeparatorMenuItem(), save, validate, planIt, deploy, undeploy, cloudConfig, new SeparatorMenuItem(), courses, admin, sshKey, logout);
        return m;
    }

    /** The open slice's cloud-config in its editor window (the notice says why not when the design is not on the server). */
    private void openCloudConfig() {
        // One editor per slice: a second would overwrite the first's save with older text.
        javafx.stage.Stage open = slice.current() == null ? null : cloudConfigWindows.get(slice.current().id());
        if (open != null && open.isShowing()) {
            open.toFront();
            return;
        }
        CloudConfigEditor editor = vm.cloudConfigEditor();
        if (editor == null) return;
        javafx.stage.Stage stage = CloudConfigWindow.show(owner(), editor);
        cloudConfigWindows.put(editor.sliceId(), stage);
        stage.setOnHidden(e -> cloudConfigWindows.remove(editor.sliceId(), stage));
    }

    private static MenuItem item(String key, Runnable r) {
        MenuItem i = new MenuItem(Msg.get(key));
        i.setId("menu-" + key.replace("menu.", "").replace('.', '-'));
        i.setOnAction(e -> r.run());
        return i;
    }

    // ---- screens ----------------------------------------------------------------------------

    public void showDesigner() { vm.showDesigner(); }

    /** The login screen, filled in with {@code server} and {@code user} (or the remembered ones). */
    public LoginView showLogin(String server, String user, String message) {
        vm.showLogin(server, user, message);
        return login;
    }

    public void login(LoginView.Credentials c) {
        lastLogin = c;
        vm.login(c.server(), c.user(), c.password());
    }

    /** Shows the fingerprint once; an accepted certificate is pinned and the same login tried again. */
    private void askAboutCertificate(SessionViewModel.CertificateQuestion q) {
        ButtonType trust = new ButtonType(Msg.get(q.changed() ? "cert.replace" : "cert.trust"), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        ButtonType refuse = new ButtonType(Msg.get("cert.refuse"), javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        var c = q.certificate();
        Alert a = new Alert(q.changed() ? Alert.AlertType.WARNING : Alert.AlertType.CONFIRMATION,
                Msg.fmt(q.changed() ? "cert.changedText" : "cert.unknownText", q.address(), c.fingerprint(), c.subject(),
                        java.time.Instant.ofEpochMilli(c.notAfter()).toString().substring(0, 10)), trust, refuse);
        a.setHeaderText(Msg.get(q.changed() ? "cert.changedTitle" : "cert.unknownTitle"));
        a.getDialogPane().setId("certificate-dialog");
        // Refusing is the default: Enter must never trust a certificate.
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(trust)).setDefaultButton(false);
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(refuse)).setDefaultButton(true);
        if (owner() != null) a.initOwner(owner());
        if (a.showAndWait().orElse(refuse) != trust) return;
        vm.trustCertificate(q);
        if (lastLogin != null) login(lastLogin);
    }

    /** Opens a server slice in the designer, once the user agrees to drop unsaved changes. */
    public void openSlice(long id) {
        if (window != null && design.isDirty() && !window.confirmDiscard()) return;
        vm.openSlice(id);
    }

    private void show(SessionViewModel.Screen s) {
        switch (s) {
            case DESIGNER -> {
                root.setCenter(window);
                if (window != null) Platform.runLater(window.canvas()::fit);
            }
            case LOGIN -> {
                login = new LoginView(vm.loginServer(), vm.loginUser(), this::login, vm::showDesigner);
                login.showMessage(vm.loginMessageProperty().get());
                root.setCenter(login);
                Platform.runLater(login::focusFirstEmpty);
            }
            case SLICES -> {
                slices = new SlicesView(vm.username(), new SlicesView.Actions() {
                    public void open(SliceRow r) { openSlice(r.id()); }
                    public void duplicate(SliceRow r) { vm.duplicateSlice(r); }
                    public void delete(SliceRow r) { if (confirmDelete(r)) vm.deleteSlice(r); }
                    public void refresh() { vm.refreshSlices(); }
                    public void backToDesigner() { vm.showDesigner(); }
                });
                slices.show(List.copyOf(vm.slices()));
                root.setCenter(slices);
            }
        }
    }

    /** A save would rename the slice the design was opened from: the student says whether that is meant. */
    private SliceViewModel.Renamed askRenamed(String slice, String design) {
        ButtonType rename = new ButtonType(Msg.fmt("srv.renameSlice", slice, design), javafx.scene.control.ButtonBar.ButtonData.OTHER);
        ButtonType asNew = new ButtonType(Msg.fmt("srv.saveAsNew", design), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, Msg.fmt("srv.renamedText", slice, design), asNew, rename, ButtonType.CANCEL);
        a.setHeaderText(Msg.get("srv.renamedTitle"));
        a.getDialogPane().setId("rename-question");
        if (owner() != null) a.initOwner(owner());
        ButtonType r = a.showAndWait().orElse(ButtonType.CANCEL);
        return r == rename ? SliceViewModel.Renamed.RENAME_SLICE : r == asNew ? SliceViewModel.Renamed.NEW_SLICE : SliceViewModel.Renamed.CANCEL;
    }

    private boolean confirmDelete(SliceRow s) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, Msg.fmt("slices.confirmDelete", s.name()), ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText(null);
        if (owner() != null) a.initOwner(owner());
        return a.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK;
    }

    private Window owner() { return root.getScene() == null ? null : root.getScene().getWindow(); }

    /** Capture… on a link of the slice shown, while it runs (Linux zones; others answer why not). */
    private List<MenuItem> linkActions(String linkId) {
        io.olimpus.wire.Wire.Slice s = slice.current();
        if (s == null || s.status() != io.olimpus.wire.Wire.SliceStatus.RUNNING || vm.client() == null) return List.of();
        MenuItem capture = new MenuItem(Msg.get("ctx.capture"));
        capture.setId("menu-capture");
        capture.setOnAction(e -> CaptureWindow.open(owner(), vm.client(), s.id(), s.name(), linkId));
        return List.of(capture);
    }
}
