package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.client.JobFollower;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.ui.TopologyCanvas;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.model.validation.Severity;
import javafx.application.Platform;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.BorderPane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The desktop connected to a headnode: the login screen, "My slices", and the designer with its
 * server panel. Translates gestures into client calls, always on the client's background threads,
 * and their answers (and job events) back onto the FX thread into the views, the designer's
 * catalog and problems, and the canvas colours. The rules live on the server; this only shows them.
 */
public final class ServerSession {
    private final Settings settings;
    private final DesignerViewModel vm;
    private final Path drafts;
    private final BorderPane root = new BorderPane();
    private final DeployTracker tracker = new DeployTracker();
    private final BooleanProperty calling = new SimpleBooleanProperty(this, "calling");
    private final BooleanProperty connected = new SimpleBooleanProperty(this, "connected");
    private final BooleanProperty isAdmin = new SimpleBooleanProperty(this, "admin");
    private final BooleanBinding busy;
    private int inFlight;
    private OlimpusClient client;
    private MainWindow window;
    private SlicePanel panel;
    private LoginView login;
    private SlicesView slices;
    private Wire.Slice current;
    private PlanView plan;
    private boolean planShown;
    private AutoCloseable follower;
    private String notice = "";
    private long settledJob = -1;

    /** {@code drafts}: where a design is kept when the server cannot take it. */
    public ServerSession(Settings settings, DesignerViewModel vm, Path drafts) {
        this.settings = settings;
        this.vm = vm;
        this.drafts = drafts;
        root.setId("session-root");
        busy = calling.or(tracker.runningProperty()).or(connected.not());
        tracker.marksProperty().addListener((o, a, m) -> { if (!planShown) canvasMarks(m); });
        // A plan is for the design it was made from: the next edit makes it stale.
        vm.documentProperty().addListener((o, a, b) -> {
            if (planShown) showPlan(null);
            // An opened file or a rename changes the name the panel shows (the dirty flag may not change).
            if (a == null || b == null || !a.topology().name().equals(b.topology().name())) updatePanel();
        });
        vm.dirtyProperty().addListener((o, a, b) -> updatePanel());
    }

    /** ~/.olimpus/drafts, or the folder named by the system property {@code olimpus.drafts}. */
    public static Path defaultDrafts() {
        String p = System.getProperty("olimpus.drafts");
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".olimpus", "drafts");
    }

    public BorderPane root() { return root; }
    public DeployTracker tracker() { return tracker; }
    public ReadOnlyBooleanProperty connectedProperty() { return connected; }
    public OlimpusClient client() { return client; }
    /** The server slice open in the designer, or null (a new or local design). */
    public Wire.Slice currentSlice() { return current; }

    // ---- the designer window (rebuilt on a language switch) ---------------------------------

    /** Joins a (new) designer window: the server menu, the panel, the canvas colours. */
    public void attach(MainWindow w) {
        window = w;
        panel = new SlicePanel(tracker, busy, new SlicePanel.Actions() {
            public void save() { ServerSession.this.save(null); }
            public void validate() { ServerSession.this.validate(); }
            public void plan() { ServerSession.this.plan(); }
            public void deploy() { ServerSession.this.deploy(); }
            public void undeploy() { ServerSession.this.undeploy(); }
            public void power(VmLine v, String action) { ServerSession.this.power(v, action); }
            public void console(VmLine v) { ServerSession.this.console(v); }
            public void refresh() { loadVms(); }
        });
        w.addServerParts(menu(), panel);
        if (plan != null && planShown) { panel.showPlan(plan); w.canvas().setMarks(plan.marks()); }
        else canvasMarks(tracker.marksProperty().get());
        updatePanel();
        if (root.getCenter() instanceof MainWindow) root.setCenter(w);
    }

    private Menu menu() {
        Menu m = new Menu(Msg.get("menu.server"));
        m.setId("menu-server");
        MenuItem connect = item("menu.connect", this::showLogin);
        MenuItem list = item("menu.slices", this::showSlices);
        MenuItem save = item("srv.save", () -> save(null));
        MenuItem validate = item("srv.validate", this::validate);
        MenuItem planIt = item("srv.plan", this::plan);
        MenuItem deploy = item("srv.deploy", this::deploy);
        MenuItem undeploy = item("srv.undeploy", this::undeploy);
        MenuItem logout = item("menu.logout", this::logout);
        MenuItem admin = item("menu.admin", () -> io.olimpus.desktop.admin.AdminWindow.show(client, root.getScene() == null ? null : root.getScene().getWindow()));
        admin.disableProperty().bind(isAdmin.not());
        list.disableProperty().bind(connected.not());
        logout.disableProperty().bind(connected.not());
        for (MenuItem i : List.of(validate, planIt, deploy, undeploy)) i.disableProperty().bind(busy);
        m.getItems().addAll(connect, list, new SeparatorMenuItem(), save, validate, planIt, deploy, undeploy, new SeparatorMenuItem(), admin, logout);
        return m;
    }

    private static MenuItem item(String key, Runnable r) {
        MenuItem i = new MenuItem(Msg.get(key));
        i.setId("menu-" + key.replace("menu.", "").replace('.', '-'));
        i.setOnAction(e -> r.run());
        return i;
    }

    // ---- screens ----------------------------------------------------------------------------

    public void showDesigner() {
        root.setCenter(window);
        if (window != null) Platform.runLater(window.canvas()::fit);
    }

    public void showLogin() { showLogin(null, null, ""); }

    /** The login screen, filled in with {@code server} and {@code user} (or the remembered ones). */
    public LoginView showLogin(String server, String user, String message) {
        login = new LoginView(server != null ? server : settings.serverUrl(), user != null ? user : settings.lastUser(),
                this::login, this::showDesigner);
        login.showMessage(message == null ? "" : message);
        root.setCenter(login);
        Platform.runLater(login::focusFirstEmpty);
        return login;
    }

    public void showSlices() {
        if (client == null) { showLogin(); return; }
        slices = new SlicesView(client.user() == null ? "" : client.user().username(), new SlicesView.Actions() {
            public void open(SliceRow s) { openSlice(s.id()); }
            public void duplicate(SliceRow s) { duplicateSlice(s); }
            public void delete(SliceRow s) { deleteSlice(s); }
            public void refresh() { refreshSlices(); }
            public void backToDesigner() { showDesigner(); }
        });
        root.setCenter(slices);
        refreshSlices();
    }

    // ---- logging in -------------------------------------------------------------------------

    /** Logs in off the FX thread; on success the server's catalog replaces the local one. */
    public void login(LoginView.Credentials c) {
        LoginView form = login;
        OlimpusClient next;
        try {
            next = OlimpusClient.connect(c.server());
        } catch (ClientException e) {
            if (form != null) form.showMessage(describe(e, c.server()));
            return;
        }
        if (form != null) form.setBusy(true);
        next.async(() -> {
            next.login(c.user(), c.password());
            return catalogOf(next);
        }).whenComplete((catalog, err) -> Platform.runLater(() -> {
            if (form != null) form.setBusy(false);
            if (err != null) {
                next.close();
                if (form != null) form.showMessage(describe(err, c.server()));
                return;
            }
            if (client != null) client.close();
            client = next;
            client.onSessionExpired(e -> Platform.runLater(() -> sessionExpired(e)));
            settings.setServerUrl(c.server());
            settings.setLastUser(c.user());
            vm.setCatalog(catalog);
            connected.set(true);
            isAdmin.set(client.user() != null && client.user().admin());
            setNotice(Msg.fmt("conn.loggedIn", c.user(), client.address()));
            if (vm.isDirty() || current != null) {
                showDesigner();
                if (current != null) reloadCurrent();
            } else showSlices();
        }));
    }

    private static LocalCatalog catalogOf(OlimpusClient c) {
        List<LocalCatalog.Flavor> flavors = c.flavors().stream()
                .map(f -> new LocalCatalog.Flavor(f.name(), new Resources(f.vcpus(), f.ramMb(), f.diskGb()))).toList();
        List<String> images = c.images().stream().map(Wire.Image::name).toList();
        List<String> zones = c.zones().stream().map(Wire.Zone::name).toList();
        return new LocalCatalog(flavors, images, zones);
    }

    private void sessionExpired(ClientException e) {
        if (!connected.get()) return;
        connected.set(false);
        isAdmin.set(false);
        closeFollower();
        showLogin(client == null ? null : client.address(), null, describe(e, null));
    }

    public void logout() {
        OlimpusClient c = client;
        client = null;
        connected.set(false);
        isAdmin.set(false);
        closeFollower();
        if (c != null) c.async(() -> { try { c.logout(); } catch (RuntimeException ignored) { /* the token dies with the session anyway */ } return null; })
                .whenComplete((x, e) -> c.close());
        current = null;
        tracker.clear();
        showPlan(null);
        vm.setCatalog(LocalCatalog.load());
        showLogin();
    }

    // ---- my slices --------------------------------------------------------------------------

    private void refreshSlices() {
        SlicesView view = slices;
        call(() -> client.slices(null, null, null, null, 500, 0).items(), list -> view.show(list.stream().map(ServerSession::row).toList()),
                e -> view.showMessage(describe(e, null)));
    }

    static SliceRow row(Wire.Slice s) { return new SliceRow(s.id(), s.owner(), s.name(), s.zone(), s.vmCount(), s.status().name(), s.updatedAt()); }

    public void openSlice(long id) {
        if (window != null && vm.isDirty() && !window.confirmDiscard()) return;
        call(() -> client.slice(id), d -> {
            vm.openDocument(OlimpusClient.design(d));
            current = summary(d);
            closeFollower();
            tracker.clear();
            showPlan(null);
            showDesigner();
            afterStatus();
        }, e -> { if (slices != null) slices.showMessage(describe(e, null)); });
    }

    private void duplicateSlice(SliceRow s) {
        SlicesView view = slices;
        call(() -> {
            TopologyDocument d = OlimpusClient.design(client.slice(s.id()));
            List<String> names = client.slices(null, null, null, null, 1000, 0).items().stream().map(Wire.Slice::name).toList();
            String name = s.name() + "-copy";
            for (int i = 2; names.contains(name); i++) name = s.name() + "-copy" + i;
            return client.createSlice(new TopologyDocument(d.topology().withName(name), d.presentation()));
        }, saved -> { view.showMessage(Msg.fmt("slices.duplicated", s.name(), saved.slice().name())); refreshSlices(); },
                e -> view.showMessage(describe(e, null)));
    }

    private void deleteSlice(SliceRow s) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, Msg.fmt("slices.confirmDelete", s.name()), ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText(null);
        if (root.getScene() != null) a.initOwner(root.getScene().getWindow());
        if (a.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) return;
        SlicesView view = slices;
        call(() -> { client.deleteSlice(s.id()); return s; }, x -> {
            if (current != null && current.id() == s.id()) { current = null; tracker.clear(); updatePanel(); }
            view.showMessage(Msg.fmt("slices.deleted", s.name()));
            refreshSlices();
        }, e -> view.showMessage(describe(e, null)));
    }

    // ---- the open slice: save, validate, plan ------------------------------------------------

    /** Stores the design on the server (a new slice, or the open one replaced); never loses it when that fails. */
    public void save(Runnable then) {
        if (client == null) { keepDraft(Msg.get("draft.offline")); return; }
        TopologyDocument doc = vm.document();
        Long id = current == null ? null : current.id();
        call(() -> id == null ? client.createSlice(doc) : client.putSlice(id, doc), saved -> {
            if (vm.document() == doc) vm.markSaved();
            current = saved.slice();
            vm.setServerProblems(List.of());
            setNotice(Msg.fmt("srv.saved", saved.slice().name()));
            if (then != null) then.run();
        }, this::refused);
    }

    public void validate() { save(this::planSaved); }

    /** The dry run of the design as it stands: unsaved edits are saved first (the server plans what it stores). */
    public void plan() {
        if (current == null || vm.isDirty()) save(this::planSaved);
        else planSaved();
    }

    private void planSaved() {
        long id = current.id();
        call(() -> client.plan(id), p -> {
            showPlan(planView(p));
            setNotice(plan.isEmpty() ? Msg.get("plan.nothing") : plan.summary());
        }, this::refused);
    }

    static PlanView planView(Wire.Preview p) {
        List<PlanView.Line> planned = new ArrayList<>();
        String zone = p.plan().zone() == null ? "" : p.plan().zone();
        for (var v : p.plan().vms()) planned.add(line(v, zone));
        List<String> added = new ArrayList<>(), changed = new ArrayList<>();
        p.diff().addedVms().forEach(v -> added.add(v.vmId()));
        p.diff().changedVms().forEach(v -> changed.add(v.vmId()));
        List<PlanView.Line> removed = new ArrayList<>();
        p.diff().removedVms().forEach(v -> removed.add(line(v, zone)));
        return PlanView.of(planned, added, changed, removed, p.diff().addedNetworks().size(),
                p.diff().removedNetworks().size(), p.diff().changedNetworks().size());
    }

    private static PlanView.Line line(Wire.VmPlan v, String zone) {
        String worker = v.workerId() == null ? "" : v.workerId();
        return new PlanView.Line(Looks.Change.KEEP, v.vmId(), v.name(), worker.isEmpty() ? zone : worker);
    }

    private void showPlan(PlanView p) {
        plan = p;
        planShown = p != null;
        if (panel != null) panel.showPlan(p);
        canvasMarks(p != null ? p.marks() : tracker.marksProperty().get());
    }

    // ---- deploy, undeploy, follow -----------------------------------------------------------

    /** Saves, then deploys (a running slice: applies only the difference the plan shows). */
    public void deploy() {
        save(() -> {
            long id = current.id();
            call(() -> client.deploy(id), job -> follow(job, queued()), this::refused);
        });
    }

    public void undeploy() {
        if (current == null) return;
        long id = current.id();
        call(() -> client.undeploy(id), job -> follow(job, new ArrayList<>(tracker.vms())), this::refused);
    }

    /** What a deploy starts with: VMs it creates or changes are queued, the others keep their state. */
    private List<VmLine> queued() {
        Map<String, VmLine> known = new HashMap<>();
        for (VmLine v : tracker.vms()) known.put(v.vmId(), v);
        Map<String, Looks.Change> change = new HashMap<>();
        Map<String, String> where = new HashMap<>();
        if (plan != null) for (PlanView.Line l : plan.vms()) { change.put(l.vmId(), l.change()); where.put(l.vmId(), l.where()); }
        List<VmLine> out = new ArrayList<>();
        for (Node n : vm.topology().vms()) {
            VmLine k = known.get(n.id());
            Looks.Change c = change.get(n.id());
            boolean kept = k != null && c != Looks.Change.CREATE && c != Looks.Change.CHANGE;
            out.add(kept ? k : new VmLine(n.id(), n.name(), k != null ? k.worker() : where.getOrDefault(n.id(), ""), "QUEUED", ""));
        }
        return out;
    }

    private void follow(Wire.DeployJob job, List<VmLine> start) {
        closeFollower();
        showPlan(null);
        tracker.start(job.kind().name().toLowerCase(java.util.Locale.ROOT), start);
        current = withStatus(current, job.kind() == Wire.JobKind.DEPLOY ? Wire.SliceStatus.DEPLOYING : Wire.SliceStatus.UNDEPLOYING);
        updatePanel();
        follower = client.followJob(job.id(), new JobFollower.Listener() {
            @Override public void onEvent(Wire.JobEvent e) { Platform.runLater(() -> apply(e)); }

            @Override public void onFailure(ClientException e) {
                Platform.runLater(() -> {
                    tracker.lost(describe(e, null));
                    setNotice(describe(e, null));
                });
            }
        });
    }

    private void apply(Wire.JobEvent e) {
        if (e.event() instanceof Wire.DeployEvent.Progress p) tracker.progress(p.done(), p.total(), p.step());
        else if (e.event() instanceof Wire.DeployEvent.VmChanged v) tracker.vmChanged(v.vmId(), v.vmName(), v.state().name(), v.detail());
        else if (e.event() instanceof Wire.DeployEvent.RollingBack r) tracker.rollingBack(r.reason());
        else if (e.event() instanceof Wire.DeployEvent.Finished f) {
            tracker.finished(f.outcome().name(), f.message());
            closeFollower();
            reloadCurrent();
        }
        // resources created and deleted: the progress step already says what
    }

    /** Reads the open slice's status again, then its VMs when something of it is deployed. */
    private void reloadCurrent() {
        if (current == null) return;
        long id = current.id();
        call(() -> summary(client.slice(id)), s -> { current = s; afterStatus(); }, this::failed);
    }

    private void afterStatus() {
        updatePanel();
        switch (current.status()) {
            case RUNNING, FAILED -> loadVms();
            case DEPLOYING, UNDEPLOYING -> {
                long id = current.id();
                // The job's last event comes just before the server settles the slice's status: a job
                // already finished means the status read a moment ago is settled now, so read it again (once).
                call(() -> client.sliceJob(id), job -> {
                    if (!job.finished()) follow(job, new ArrayList<>(tracker.vms()));
                    else if (settledJob != job.id()) { settledJob = job.id(); reloadCurrent(); }
                }, this::failed);
            }
            default -> { }
        }
    }

    /** The VMs as the platform reports them now. */
    public void loadVms() {
        if (current == null || client == null) return;
        long id = current.id();
        call(() -> client.vms(id), list -> tracker.showVms(lines(list)), e -> {
            // A failed slice with nothing left has no VMs to show: not an error worth a message.
            if (!(e instanceof ClientException ce && ce.kind() == ClientException.Kind.CONFLICT)) failed(e);
        });
    }

    /**
     * Stops, starts or reboots one VM, then reads the VMs every 2 s (on the client's thread, at
     * most {@value #POWER_WATCH_MS} ms) until that VM shows the state the action leads to, so its
     * colour follows the platform without the user pressing Refresh.
     */
    private void power(VmLine v, String action) {
        long id = current.id();
        OlimpusClient c = client;
        Wire.VmState target = action.equals("stop") ? Wire.VmState.STOPPED : Wire.VmState.RUNNING;
        call(() -> {
            c.power(id, v.name(), action);
            long deadline = System.currentTimeMillis() + POWER_WATCH_MS;
            while (true) {
                List<Wire.VmView> now = c.vms(id);
                boolean reached = now.stream().anyMatch(x -> x.name().equals(v.name()) && target == x.state());
                if (reached || System.currentTimeMillis() > deadline) return now;
                Platform.runLater(() -> tracker.showVms(lines(now)));
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return now;
                }
            }
        }, list -> {
            tracker.showVms(lines(list));
            setNotice(Msg.fmt("vms.done." + action, v.name()));
        }, this::failed);
    }

    private static final long POWER_WATCH_MS = 90_000;

    private static List<VmLine> lines(List<Wire.VmView> vms) {
        return vms.stream().map(x -> new VmLine(x.vmId(), x.name(), x.worker(), x.state().name(), x.detail())).toList();
    }

    /**
     * A zone either forwards the VM's display through the server (the desktop's own viewer) or
     * has a console page of its own (a cloud's noVNC), which opens in the browser.
     */
    private void console(VmLine v) {
        long id = current.id();
        OlimpusClient c = client;
        call(() -> {
            Wire.VmView view = c.vms(id).stream().filter(x -> x.name().equals(v.name())).findFirst().orElse(null);
            return view != null && view.consoleKind() == Wire.ConsoleKind.BROWSER ? c.consoleUrl(id, v.name()) : null;
        }, url -> {
            if (url != null) {
                browser.accept(url);
                setNotice(Msg.fmt("console.browser", v.name()));
            } else {
                ConsoleOpener.open(root.getScene() == null ? null : root.getScene().getWindow(), c, id, v.name());
            }
        }, this::failed);
    }

    private Consumer<String> browser = url -> { throw new IllegalStateException("no browser to open " + url); };

    /** Where a cloud's console page opens: the application's host services (the system browser). */
    public void setBrowser(Consumer<String> openUrl) { browser = openUrl; }

    private void closeFollower() {
        if (follower == null) return;
        try { follower.close(); } catch (Exception ignored) { /* already closed */ }
        follower = null;
    }

    // ---- failures -----------------------------------------------------------------------------

    /** A refusal of the design (422 with problems) marks them on the canvas; anything else is said plainly. */
    private void refused(Throwable err) {
        Throwable t = unwrap(err);
        if (t instanceof ClientException ce && ce.kind() == ClientException.Kind.INVALID && !ce.problems().isEmpty()) {
            vm.setServerProblems(ce.problems().stream().map(ServerSession::problem).toList());
            String first = ce.problems().stream().filter(p -> p.severity() != Wire.Severity.WARNING).map(Wire.DesignProblem::message)
                    .findFirst().orElse(ce.getMessage());
            setNotice(Msg.fmt("srv.refused", ce.problems().size(), first));
            return;
        }
        failed(t);
    }

    private void failed(Throwable err) {
        Throwable t = unwrap(err);
        if (t instanceof ClientException ce && ce.kind() == ClientException.Kind.UNREACHABLE && vm.isDirty()) {
            keepDraft(describe(t, null));
            return;
        }
        setNotice(describe(t, null));
    }

    static Problem problem(Wire.DesignProblem p) {
        Severity sev = p.severity() == Wire.Severity.WARNING ? Severity.WARNING : Severity.ERROR;
        ProblemCode code;
        try {
            code = ProblemCode.valueOf(p.code());
        } catch (IllegalArgumentException | NullPointerException e) {
            code = sev == Severity.ERROR ? ProblemCode.ZONE_CAPACITY : ProblemCode.DISCONNECTED;
        }
        return new Problem(code, sev, p.message(), p.nodeIds() == null ? List.of() : p.nodeIds(), p.linkIds() == null ? List.of() : p.linkIds());
    }

    /**
     * The server cannot take the design: it stays open and unsaved in the designer, and a copy is
     * written to the drafts folder so not even a crash loses it. Saving again once the server is
     * back sends it.
     */
    private void keepDraft(String why) {
        try {
            Files.createDirectories(drafts);
            Path file = drafts.resolve(vm.topology().name() + ".json");
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, TopologyFile.write(vm.document()), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            setNotice(Msg.fmt("draft.kept", why, file));
        } catch (IOException e) {
            setNotice(Msg.fmt("draft.notWritten", why, e.getMessage()));
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** A sentence the student can act on, in the UI's language for the usual connection failures. */
    String describe(Throwable err, String server) {
        Throwable t = unwrap(err);
        String where = server != null ? server : client != null ? client.address() : settings.serverUrl();
        if (t instanceof ClientException ce) {
            return switch (ce.kind()) {
                case UNREACHABLE -> Msg.fmt("conn.unreachable", where);
                case CERTIFICATE -> Msg.fmt("conn.certificate", where);
                case CREDENTIALS -> ce.status() == 429 ? ce.getMessage() : Msg.get("conn.credentials");
                case SESSION_EXPIRED -> Msg.get("conn.expired");
                default -> ce.getMessage();
            };
        }
        return String.valueOf(t.getMessage());
    }

    // ---- plumbing -----------------------------------------------------------------------------

    /** Runs {@code work} on the client's threads; {@code ok} or {@code failed} then run on the FX thread. */
    private <T> void call(Supplier<T> work, Consumer<T> ok, Consumer<Throwable> failed) {
        OlimpusClient c = client;
        if (c == null) { failed.accept(new IllegalStateException(Msg.get("conn.offline"))); return; }
        inFlight++;
        calling.set(true);
        c.async(work).whenComplete((v, err) -> Platform.runLater(() -> {
            inFlight--;
            calling.set(inFlight > 0);
            if (err == null) ok.accept(v);
            else failed.accept(unwrap(err));
        }));
    }

    private void canvasMarks(Map<String, TopologyCanvas.Mark> m) {
        if (window != null) window.canvas().setMarks(m);
    }

    private void setNotice(String text) {
        notice = text == null ? "" : text;
        if (panel != null) panel.showNotice(notice);
        if (window != null) window.showStatus(notice);
    }

    public String notice() { return notice; }

    private static Wire.Slice summary(Wire.SliceDetail d) {
        // The detail does not carry the owner's id, and nothing here reads it.
        return new Wire.Slice(d.id(), 0, d.owner(), d.name(), d.zone(), d.status(), d.vmCount(), d.vcpus(), d.ramMb(), d.version(), d.createdAt(), d.updatedAt());
    }

    private static Wire.Slice withStatus(Wire.Slice s, Wire.SliceStatus status) {
        return s == null ? null : new Wire.Slice(s.id(), s.ownerId(), s.owner(), s.name(), s.zone(), status, s.vmCount(), s.vcpus(), s.ramMb(), s.version(), s.createdAt(), s.updatedAt());
    }

    private void updatePanel() {
        if (panel == null) return;
        String name = current != null ? current.name() : vm.topology().name();
        String status;
        if (client == null) status = Msg.get("srv.offline");
        else if (current == null) status = Msg.get("srv.notOnServer");
        else {
            String key = "slice.status." + current.status();
            status = Msg.fmt("srv.status", Msg.has(key) ? Msg.get(key) : current.status(), client.address());
        }
        if (vm.isDirty()) status = status + " · " + Msg.get("srv.unsaved");
        panel.showSlice(name, status);
        panel.showNotice(notice);
    }
}
