package io.olimpus.desktop.session;

import io.olimpus.desktop.client.ClientException;
import io.olimpus.desktop.client.OlimpusClient;
import io.olimpus.desktop.client.Wire;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.ui.TopologyCanvas;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.topology.Node;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The desktop connected to a headnode, without its windows: who is logged in, which screen shows,
 * "My slices", and the slice open in the designer with its plan, its job and its VMs. Gestures
 * become client calls on {@code background}; their answers and the job's events come back through
 * {@code ui} (the FX thread in the application, inline in tests), the only place where this state
 * changes. Like {@link DesignerViewModel} it needs no FX toolkit: the windows observe it and call it.
 * The rules live on the server; this keeps what it said.
 */
public final class SessionViewModel {
    public enum Screen { DESIGNER, LOGIN, SLICES }

    /** Where a VM's console opens: the cloud's own page in the browser, or the desktop's viewer. */
    public interface Consoles {
        void openInBrowser(String url);

        void openViewer(OlimpusClient client, long sliceId, String vm);
    }

    private final Settings settings;
    private final DesignerViewModel design;
    private final DraftFolder drafts;
    private final Executor background, ui;
    private final PowerFollower power;
    private final DeployTracker tracker = new DeployTracker();
    private final DeployFollower jobs;
    private final Signal<Screen> screen = new Signal<>(null);
    private final Signal<String> notice = new Signal<>("");
    private final BooleanProperty connected = new SimpleBooleanProperty(this, "connected");
    private final BooleanProperty admin = new SimpleBooleanProperty(this, "admin");
    private final BooleanProperty calling = new SimpleBooleanProperty(this, "calling");
    private final BooleanBinding busy;
    private final StringProperty loginMessage = new SimpleStringProperty(this, "loginMessage", "");
    private final BooleanProperty loggingIn = new SimpleBooleanProperty(this, "loggingIn");
    private final ObservableList<SliceRow> slices = FXCollections.observableArrayList();
    private final StringProperty slicesMessage = new SimpleStringProperty(this, "slicesMessage", "");
    private final ObjectProperty<Wire.Slice> current = new SimpleObjectProperty<>(this, "current");
    private final ObjectProperty<PlanView> plan = new SimpleObjectProperty<>(this, "plan");
    private final ObjectProperty<Map<String, TopologyCanvas.Mark>> marks = new SimpleObjectProperty<>(this, "marks", Map.of());
    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private String loginServer = "", loginUser = "";
    private OlimpusClient client;
    private int inFlight;
    private long settledJob = -1;
    private Consoles consoles = new Consoles() {
        public void openInBrowser(String url) { throw new IllegalStateException("no browser to open " + url); }
        public void openViewer(OlimpusClient c, long sliceId, String vm) { throw new IllegalStateException("no console viewer for " + vm); }
    };

    public SessionViewModel(Settings settings, DesignerViewModel design, DraftFolder drafts, Executor background, Executor ui) {
        this(settings, design, drafts, background, ui, PowerFollower.STANDARD);
    }

    SessionViewModel(Settings settings, DesignerViewModel design, DraftFolder drafts, Executor background, Executor ui, PowerFollower power) {
        this.settings = settings;
        this.design = design;
        this.drafts = drafts;
        this.background = background;
        this.ui = ui;
        this.power = power;
        jobs = new DeployFollower(tracker, ui);
        busy = calling.or(tracker.runningProperty()).or(connected.not());
        // The canvas shows the plan while there is one, else the VMs' states.
        plan.addListener((o, a, b) -> remark());
        tracker.marksProperty().addListener((o, a, b) -> remark());
        design.documentProperty().addListener((o, a, b) -> {
            // A plan is for the design it was made from: the next edit makes it stale.
            plan.set(null);
            // An opened file or a rename changes the name shown (the dirty flag may not change).
            if (a == null || b == null || !a.topology().name().equals(b.topology().name())) describeSlice();
        });
        design.dirtyProperty().addListener((o, a, b) -> describeSlice());
        current.addListener((o, a, b) -> describeSlice());
        connected.addListener((o, a, b) -> describeSlice());
        describeSlice();
    }

    // ---- observable state -------------------------------------------------------------------

    /** The screen shown; {@link #onScreen} hears every request to show one, also of the one showing. */
    public Screen screen() { return screen.get(); }
    public void onScreen(Consumer<Screen> listener) { screen.listen(listener); }
    /** The outcome of the last action ("saved", "the server cannot be reached…"); heard each time it is said. */
    public String notice() { return notice.get(); }
    public void onNotice(Consumer<String> listener) { notice.listen(listener); }
    public ReadOnlyBooleanProperty connectedProperty() { return connected; }
    public ReadOnlyBooleanProperty adminProperty() { return admin; }
    /** No server action now: a call is on its way, a job runs, or nobody is logged in. */
    public ObservableBooleanValue busyProperty() { return busy; }
    public OlimpusClient client() { return client; }

    /** The login screen: the address and user it starts with, its message, and whether a login is on its way. */
    public String loginServer() { return loginServer; }
    public String loginUser() { return loginUser; }
    public ReadOnlyStringProperty loginMessageProperty() { return loginMessage; }
    public ReadOnlyBooleanProperty loggingInProperty() { return loggingIn; }

    /** "My slices" and its last message. */
    public ObservableList<SliceRow> slices() { return FXCollections.unmodifiableObservableList(slices); }
    public ReadOnlyStringProperty slicesMessageProperty() { return slicesMessage; }
    public String username() { return client == null || client.user() == null ? "" : client.user().username(); }

    /** The server slice open in the designer, or null (a new or local design). */
    public Wire.Slice currentSlice() { return current.get(); }
    public ReadOnlyObjectProperty<Wire.Slice> currentProperty() { return current; }
    /** The open slice's name and status ("running on …", "not on the server yet · unsaved changes"). */
    public ReadOnlyStringProperty titleProperty() { return title; }
    public ReadOnlyStringProperty statusProperty() { return status; }
    /** The dry run shown, or null. */
    public ReadOnlyObjectProperty<PlanView> planProperty() { return plan; }
    /** The canvas colours: the plan's while one is shown, else each VM's state. */
    public ReadOnlyObjectProperty<Map<String, TopologyCanvas.Mark>> marksProperty() { return marks; }
    /** The job running or last run, and the VMs as last read. */
    public DeployTracker tracker() { return tracker; }

    public void setConsoles(Consoles c) { consoles = c; }

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
        if (client == null) { showLogin(); return; }
        slicesMessage.set("");
        screen.set(Screen.SLICES);
        refreshSlices();
    }

    // ---- logging in -------------------------------------------------------------------------

    /** Logs in off the UI thread; on success the server's catalog replaces the local one. */
    public void login(String server, String user, String password) {
        loginMessage.set("");
        OlimpusClient next;
        try {
            next = OlimpusClient.connect(server);
        } catch (ClientException e) {
            loginMessage.set(Failures.describe(e, server));
            return;
        }
        loggingIn.set(true);
        CompletableFuture.supplyAsync(() -> {
            next.login(user, password);
            return WireTerms.catalog(next);
        }, background).whenComplete((catalog, err) -> ui.execute(() -> {
            loggingIn.set(false);
            if (err != null) {
                next.close();
                loginMessage.set(Failures.describe(err, server));
            } else loggedIn(next, server, user, catalog);
        }));
    }

    private void loggedIn(OlimpusClient next, String server, String user, LocalCatalog catalog) {
        if (client != null) client.close();
        client = next;
        client.onSessionExpired(e -> ui.execute(() -> sessionExpired(e)));
        settings.setServerUrl(server);
        settings.setLastUser(user);
        design.setCatalog(catalog);
        connected.set(true);
        admin.set(client.user() != null && client.user().admin());
        say(Msg.fmt("conn.loggedIn", user, client.address()));
        if (design.isDirty() || current.get() != null) {
            showDesigner();
            if (current.get() != null) reloadCurrent();
        } else showSlices();
    }

    private void sessionExpired(ClientException e) {
        if (!connected.get()) return;
        connected.set(false);
        admin.set(false);
        jobs.stop();
        showLogin(client == null ? null : client.address(), null, describe(e));
    }

    public void logout() {
        OlimpusClient c = client;
        client = null;
        connected.set(false);
        admin.set(false);
        jobs.stop();
        if (c != null) CompletableFuture.runAsync(() -> {
            try {
                c.logout();
            } catch (RuntimeException ignored) {
                // the token dies with the session anyway
            }
        }, background).whenComplete((x, e) -> c.close());
        current.set(null);
        tracker.clear();
        plan.set(null);
        slices.clear();
        design.setCatalog(LocalCatalog.load());
        showLogin();
    }

    // ---- my slices --------------------------------------------------------------------------

    public void refreshSlices() {
        call(c -> c.slices(null, null, null, null, 500, 0).items(), list -> slices.setAll(list.stream().map(WireTerms::row).toList()),
                e -> slicesMessage.set(describe(e)));
    }

    /** Opens a server slice in the designer (the caller asked before dropping unsaved changes). */
    public void openSlice(long id) {
        call(c -> c.slice(id), d -> {
            design.openDocument(OlimpusClient.design(d));
            current.set(WireTerms.summary(d));
            jobs.stop();
            tracker.clear();
            plan.set(null);
            showDesigner();
            afterStatus();
        }, e -> slicesMessage.set(describe(e)));
    }

    /** Stores a copy named "name-copy" (or -copy2, -copy3… when taken). */
    public void duplicateSlice(SliceRow s) {
        call(c -> {
            TopologyDocument d = OlimpusClient.design(c.slice(s.id()));
            List<String> names = c.slices(null, null, null, null, 1000, 0).items().stream().map(Wire.Slice::name).toList();
            String name = s.name() + "-copy";
            for (int i = 2; names.contains(name); i++) name = s.name() + "-copy" + i;
            return c.createSlice(new TopologyDocument(d.topology().withName(name), d.presentation()));
        }, saved -> {
            slicesMessage.set(Msg.fmt("slices.duplicated", s.name(), saved.slice().name()));
            refreshSlices();
        }, e -> slicesMessage.set(describe(e)));
    }

    /** Deletes a slice (the caller asked first). */
    public void deleteSlice(SliceRow s) {
        call(c -> {
            c.deleteSlice(s.id());
            return s;
        }, x -> {
            if (current.get() != null && current.get().id() == s.id()) {
                current.set(null);
                tracker.clear();
            }
            slicesMessage.set(Msg.fmt("slices.deleted", s.name()));
            refreshSlices();
        }, e -> slicesMessage.set(describe(e)));
    }

    // ---- the open slice: save, validate, plan -------------------------------------------------

    /** Stores the design on the server (a new slice, or the open one replaced); never loses it when that fails. */
    public void save() { save(null); }

    private void save(Runnable then) {
        if (client == null) {
            keepDraft(Msg.get("draft.offline"));
            return;
        }
        TopologyDocument doc = design.document();
        Wire.Slice open = current.get();
        call(c -> open == null ? c.createSlice(doc) : c.putSlice(open.id(), doc), saved -> {
            if (design.document() == doc) design.markSaved();
            current.set(saved.slice());
            design.setServerProblems(List.of());
            say(Msg.fmt("srv.saved", saved.slice().name()));
            if (then != null) then.run();
        }, this::refused);
    }

    public void validate() { save(this::planSaved); }

    /** The dry run of the design as it stands: unsaved edits are saved first (the server plans what it stores). */
    public void plan() {
        if (current.get() == null || design.isDirty()) save(this::planSaved);
        else planSaved();
    }

    private void planSaved() {
        long id = current.get().id();
        call(c -> c.plan(id), p -> {
            PlanView v = WireTerms.planView(p);
            plan.set(v);
            say(v.isEmpty() ? Msg.get("plan.nothing") : v.summary());
        }, this::refused);
    }

    // ---- deploy, undeploy, follow -----------------------------------------------------------

    /** Saves, then deploys (a running slice: applies only the difference the plan shows). */
    public void deploy() {
        save(() -> {
            long id = current.get().id();
            call(c -> c.deploy(id), job -> follow(job, queued()), this::refused);
        });
    }

    public void undeploy() {
        if (current.get() == null) return;
        long id = current.get().id();
        call(c -> c.undeploy(id), job -> follow(job, List.copyOf(tracker.vms())), this::refused);
    }

    /** What a deploy starts with: VMs it creates or changes are queued, the others keep their state. */
    private List<VmLine> queued() {
        Map<String, VmLine> known = new HashMap<>();
        for (VmLine v : tracker.vms()) known.put(v.vmId(), v);
        Map<String, Looks.Change> change = new HashMap<>();
        Map<String, String> where = new HashMap<>();
        if (plan.get() != null) for (PlanView.Line l : plan.get().vms()) { change.put(l.vmId(), l.change()); where.put(l.vmId(), l.where()); }
        List<VmLine> out = new ArrayList<>();
        for (Node n : design.topology().vms()) {
            VmLine k = known.get(n.id());
            Looks.Change c = change.get(n.id());
            boolean kept = k != null && c != Looks.Change.CREATE && c != Looks.Change.CHANGE;
            out.add(kept ? k : new VmLine(n.id(), n.name(), k != null ? k.worker() : where.getOrDefault(n.id(), ""), WireTerms.QUEUED, ""));
        }
        return out;
    }

    private void follow(Wire.DeployJob job, List<VmLine> start) {
        plan.set(null);
        tracker.start(WireTerms.isDeploy(job), start);
        current.set(WireTerms.whileRunning(current.get(), job));
        jobs.follow(client, job.id(), new DeployFollower.Ends() {
            @Override public void finished() { reloadCurrent(); }

            @Override public void lost(ClientException e) {
                tracker.lost(describe(e));
                say(describe(e));
            }
        });
    }

    /** Reads the open slice's status again, then its VMs when something of it is deployed. */
    private void reloadCurrent() {
        if (current.get() == null) return;
        long id = current.get().id();
        call(c -> WireTerms.summary(c.slice(id)), s -> {
            current.set(s);
            afterStatus();
        }, this::failed);
    }

    private void afterStatus() {
        Wire.Slice s = current.get();
        if (WireTerms.hasVms(s)) loadVms();
        else if (WireTerms.jobUnderWay(s)) {
            // The job's last event comes just before the server settles the slice's status: a job
            // already finished means the status read a moment ago is settled now, so read it again (once).
            call(c -> c.sliceJob(s.id()), job -> {
                if (!job.finished()) follow(job, List.copyOf(tracker.vms()));
                else if (settledJob != job.id()) {
                    settledJob = job.id();
                    reloadCurrent();
                }
            }, this::failed);
        }
    }

    /** The VMs as the platform reports them now. */
    public void loadVms() {
        Wire.Slice s = current.get();
        if (s == null || client == null) return;
        call(c -> c.vms(s.id()), list -> tracker.showVms(WireTerms.lines(list)), e -> {
            // A failed slice with nothing left has no VMs to show: not an error worth a message.
            if (!Failures.is(e, ClientException.Kind.CONFLICT)) failed(e);
        });
    }

    /** {@code action}: stop, start or reboot; the VMs are read until that VM shows the outcome. */
    public void power(VmLine v, String action) {
        long id = current.get().id();
        call(c -> power.follow(() -> c.power(id, v.name(), action), () -> c.vms(id), now -> WireTerms.reached(now, v.name(), action),
                        now -> ui.execute(() -> tracker.showVms(WireTerms.lines(now)))),
                list -> {
                    tracker.showVms(WireTerms.lines(list));
                    say(Msg.fmt("vms.done." + action, v.name()));
                }, this::failed);
    }

    /**
     * A zone either forwards the VM's display through the server (the desktop's own viewer) or
     * has a console page of its own (a cloud's noVNC), which opens in the browser.
     */
    public void console(VmLine v) {
        long id = current.get().id();
        OlimpusClient viewerClient = client;
        call(c -> {
            Wire.VmView view = c.vms(id).stream().filter(x -> x.name().equals(v.name())).findFirst().orElse(null);
            return view != null && WireTerms.opensInBrowser(view) ? c.consoleUrl(id, v.name()) : null;
        }, url -> {
            if (url != null) {
                consoles.openInBrowser(url);
                say(Msg.fmt("console.browser", v.name()));
            } else consoles.openViewer(viewerClient, id, v.name());
        }, this::failed);
    }

    // ---- failures -----------------------------------------------------------------------------

    /** A refusal of the design (422 with problems) marks them on the canvas; anything else is said plainly. */
    private void refused(Throwable err) {
        List<Wire.DesignProblem> problems = Failures.designProblems(err);
        if (problems.isEmpty()) {
            failed(err);
            return;
        }
        design.setServerProblems(problems.stream().map(WireTerms::problem).toList());
        String first = problems.stream().filter(p -> !WireTerms.isWarning(p)).map(Wire.DesignProblem::message)
                .findFirst().orElse(Failures.unwrap(err).getMessage());
        say(Msg.fmt("srv.refused", problems.size(), first));
    }

    private void failed(Throwable err) {
        if (Failures.is(err, ClientException.Kind.UNREACHABLE) && design.isDirty()) keepDraft(describe(err));
        else say(describe(err));
    }

    /**
     * The server cannot take the design: it stays open and unsaved in the designer, and a copy is
     * written to the drafts folder. Saving again once the server is back sends it.
     */
    private void keepDraft(String why) {
        try {
            say(Msg.fmt("draft.kept", why, drafts.keep(design.document())));
        } catch (IOException e) {
            say(Msg.fmt("draft.notWritten", why, e.getMessage()));
        }
    }

    private String describe(Throwable err) {
        return Failures.describe(err, client != null ? client.address() : settings.serverUrl());
    }

    // ---- plumbing -----------------------------------------------------------------------------

    /** Runs {@code work} with the client on {@code background}; {@code ok} or {@code failed} then run on {@code ui}. */
    private <T> void call(Function<OlimpusClient, T> work, Consumer<T> ok, Consumer<Throwable> failed) {
        OlimpusClient c = client;
        if (c == null) {
            failed.accept(new IllegalStateException(Msg.get("conn.offline")));
            return;
        }
        inFlight++;
        calling.set(true);
        CompletableFuture.supplyAsync(() -> work.apply(c), background).whenComplete((v, err) -> ui.execute(() -> {
            inFlight--;
            calling.set(inFlight > 0);
            if (err == null) ok.accept(v);
            else failed.accept(Failures.unwrap(err));
        }));
    }

    private void say(String text) { notice.set(text == null ? "" : text); }

    private void remark() { marks.set(plan.get() != null ? plan.get().marks() : tracker.marksProperty().get()); }

    private void describeSlice() {
        Wire.Slice s = current.get();
        title.set(s != null ? s.name() : design.topology().name());
        String text;
        if (client == null) text = Msg.get("srv.offline");
        else if (s == null) text = Msg.get("srv.notOnServer");
        else text = Msg.fmt("srv.status", Looks.sliceStatusWord(s.status()), client.address());
        status.set(design.isDirty() ? text + " · " + Msg.get("srv.unsaved") : text);
    }
}
