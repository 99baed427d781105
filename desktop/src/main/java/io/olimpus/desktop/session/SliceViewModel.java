package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.ui.TopologyCanvas;
import io.olimpus.desktop.vm.CanvasFacts;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.topology.Node;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The design open in the designer as the server knows it: the slice it is stored as (or none
 * yet), its plan, its job and its VMs, and the server actions on it (save, validate, plan,
 * deploy, undeploy, power, console), each answered with a notice. A design the server cannot
 * take is never lost: it stays open and a copy goes to the drafts folder.
 */
public final class SliceViewModel {
    /** Where a VM's console opens: the cloud's own page in the browser, or the desktop's viewer. */
    public interface Consoles {
        void openInBrowser(String url);

        void openViewer(OlimpusClient client, long sliceId, String vm);

        /** The VM's serial console, a text terminal. */
        void openTerminal(OlimpusClient client, long sliceId, String vm);
    }

    /** What a save does when the design's name is no longer the name of the slice it was opened from. */
    public enum Renamed { RENAME_SLICE, NEW_SLICE, CANCEL }

    private final Connection connection;
    private final DesignerViewModel design;
    private final DraftFolder drafts;
    private final PowerFollower power;
    private final DeployTracker tracker = new DeployTracker();
    private final DeployFollower jobs;
    private final BooleanBinding busy;
    private final Signal<String> notice = new Signal<>("");
    private final Signal<VmPassword> vmPassword = new Signal<>(null);
    private final ObjectProperty<Wire.Slice> current = new SimpleObjectProperty<>(this, "current");
    private final ObjectProperty<PlanView> plan = new SimpleObjectProperty<>(this, "plan");
    private final ObjectProperty<Map<String, TopologyCanvas.Mark>> marks = new SimpleObjectProperty<>(this, "marks", Map.of());
    private final ObjectProperty<CanvasFacts> facts = new SimpleObjectProperty<>(this, "facts", CanvasFacts.NONE);
    /** The addresses the platform reported last, by VM id (the VM table has no column for them). */
    private Map<String, List<String>> liveAddresses = Map.of();
    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private long settledJob = -1;
    /** The job whose evidence was asked for last: read once per job. */
    private long evidenceOf = -1;
    /** Asked before a save renames the open slice; without a window, a new slice keeps both. */
    private java.util.function.BiFunction<String, String, Renamed> askRenamed = (from, to) -> Renamed.NEW_SLICE;
    private Consoles consoles = new Consoles() {
        public void openInBrowser(String url) { throw new IllegalStateException("no browser to open " + url); }
        public void openViewer(OlimpusClient c, long sliceId, String vm) { throw new IllegalStateException("no console viewer for " + vm); }
        public void openTerminal(OlimpusClient c, long sliceId, String vm) { throw new IllegalStateException("no terminal for " + vm); }
    };

    SliceViewModel(Connection connection, DesignerViewModel design, DraftFolder drafts, PowerFollower power) {
        this.connection = connection;
        this.design = design;
        this.drafts = drafts;
        this.power = power;
        jobs = new DeployFollower(tracker, connection.ui());
        busy = connection.callingProperty().or(tracker.runningProperty()).or(connection.connectedProperty().not());
        // The canvas shows the plan while there is one, else the VMs' states.
        plan.addListener((o, a, b) -> remark());
        tracker.marksProperty().addListener((o, a, b) -> remark());
        tracker.vms().addListener((javafx.collections.ListChangeListener<VmLine>) c -> refact());
        design.documentProperty().addListener((o, a, b) -> {
            // A plan is for the design it was made from: the next edit makes it stale.
            plan.set(null);
            // An opened file or a rename changes the name shown (the dirty flag may not change).
            if (a == null || b == null || !a.topology().name().equals(b.topology().name())) describe();
        });
        design.dirtyProperty().addListener((o, a, b) -> describe());
        // New, open or import: the design is no longer the slice it came from, so a save never overwrites that slice.
        design.replacementsProperty().addListener((o, a, b) -> detach());
        current.addListener((o, a, b) -> describe());
        connection.connectedProperty().addListener((o, a, b) -> describe());
        describe();
    }

    // ---- observable state -------------------------------------------------------------------

    /** The server slice open in the designer, or null (a new or local design). */
    public Wire.Slice current() { return current.get(); }
    public ReadOnlyObjectProperty<Wire.Slice> currentProperty() { return current; }
    /** The slice's name and status ("running on …", "not on the server yet · unsaved changes"). */
    public ReadOnlyStringProperty titleProperty() { return title; }
    public ReadOnlyStringProperty statusProperty() { return status; }
    /** The dry run shown, or null. */
    public ReadOnlyObjectProperty<PlanView> planProperty() { return plan; }
    /** The canvas colours: the plan's while one is shown, else each VM's state. */
    public ReadOnlyObjectProperty<Map<String, TopologyCanvas.Mark>> marksProperty() { return marks; }
    /** The job running or last run, and the VMs as last read. */
    public DeployTracker tracker() { return tracker; }
    /** What the canvas tells beyond the drawing: subnets and addresses from the last plan, each VM's state and worker. */
    public ReadOnlyObjectProperty<CanvasFacts> factsProperty() { return facts; }
    /** No server action now: a call is on its way, a job runs, or nobody is logged in. */
    public ObservableBooleanValue busyProperty() { return busy; }
    /** The outcome of the last action ("saved", "the server cannot be reached…"); heard each time it is said. */
    public String notice() { return notice.get(); }
    public void onNotice(Consumer<String> listener) { notice.listen(listener); }

    public void setConsoles(Consoles c) { consoles = c; }

    /**
     * The password a deploy's new VMs get, told once when the server accepts the deploy (its only
     * answer that holds it: the server stores it nowhere). Not kept here either.
     */
    public record VmPassword(String sliceName, String password) {
        @Override public String toString() { return "VmPassword[" + sliceName + ", ****]"; }
    }

    /** Hears each deploy's VM password, once, on the UI thread. */
    public void onVmPassword(Consumer<VmPassword> listener) { vmPassword.listen(listener); }

    /** The question asked when a save would rename the open slice: (slice's name, design's name) -> answer. */
    public void setRenameQuestion(java.util.function.BiFunction<String, String, Renamed> ask) { askRenamed = ask; }

    // ---- what the session does to it -----------------------------------------------------------

    /** The slice read from the server is now the design: its job and VMs are read next. */
    void open(Wire.SliceDetail d) {
        design.openDocument(OlimpusClient.design(d));
        current.set(WireTerms.summary(d));
        forgetJob();
        afterStatus();
    }

    /** The design was replaced: it is stored nowhere on the server until saved as a new slice. */
    private void detach() {
        if (current.get() == null) return;
        current.set(null);
        forgetJob();
        // "Saved ring5 on the server" above "not on the server yet" read false: the notice follows.
        say(Msg.get("srv.detached"));
    }

    /** Logged out: nothing of a server slice remains. */
    void close() {
        current.set(null);
        forgetJob();
    }

    /** The slice was deleted on the server: when it is the open one, the design is no longer stored anywhere. */
    void deleted(long id) {
        if (current.get() != null && current.get().id() == id) {
            current.set(null);
            tracker.clear();
        }
    }

    /** The session ended: the job's stream is closed (the job goes on on the server). */
    void stopFollowing() { jobs.stop(); }

    void say(String text) { notice.set(text == null ? "" : text); }

    private void forgetJob() {
        evidenceOf = -1;
        jobs.stop();
        tracker.clear();
        plan.set(null);
        liveAddresses = Map.of();
        facts.set(CanvasFacts.NONE);
    }

    // ---- save, validate, plan -----------------------------------------------------------------

    /** Stores the design on the server (a new slice, or the open one replaced); never loses it when that fails. */
    public void save() { save(null); }

    private void save(Runnable then) {
        if (connection.client() == null) {
            keepDraft(Msg.get("draft.offline"));
            return;
        }
        TopologyDocument doc = design.document();
        Wire.Slice opened = current.get();
        Renamed answer = opened == null || opened.name().equals(doc.topology().name()) ? Renamed.RENAME_SLICE
                : askRenamed.apply(opened.name(), doc.topology().name());
        if (answer == Renamed.CANCEL) {
            say(Msg.get("srv.notSaved"));
            return;
        }
        Wire.Slice open = answer == Renamed.NEW_SLICE ? null : opened;
        // A replacement says which version it changes, so a slice somebody saved meanwhile is not overwritten.
        connection.call(c -> open == null ? c.createSlice(doc) : c.putSlice(open.id(), open.version(), doc), saved -> {
            if (design.document() == doc) design.markSaved();
            current.set(saved.slice());
            // What only the server knows (the quota) stays in the Problems list as a warning until the next edit.
            List<Wire.DesignProblem> told = WireTerms.serverOnlyWarnings(saved);
            design.setServerProblems(told.stream().map(WireTerms::problem).toList());
            say(told.isEmpty() ? Msg.fmt("srv.saved", saved.slice().name()) : Msg.fmt("srv.savedWarned", saved.slice().name(), told.get(0).message()));
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
        connection.call(c -> c.plan(id), p -> {
            PlanView v = WireTerms.planView(p);
            facts.set(WireTerms.planFacts(p, facts.get()));
            plan.set(v);
            say(v.isEmpty() ? Msg.get("plan.nothing") : v.summary());
        }, this::refused);
    }

    // ---- deploy, undeploy, follow -----------------------------------------------------------

    /** Saves, then deploys (a running slice: applies only the difference the plan shows). */
    public void deploy() {
        save(() -> {
            long id = current.get().id();
            String name = current.get().name();
            connection.call(c -> c.deploy(id), job -> {
                follow(job, queued());
                if (job.vmPassword() != null) vmPassword.set(new VmPassword(name, job.vmPassword()));
                // Said once: nothing here holds it after the listeners had it.
                vmPassword.set(null);
            }, this::refused);
        });
    }

    public void undeploy() {
        if (current.get() == null) return;
        long id = current.get().id();
        connection.call(c -> c.undeploy(id), job -> follow(job, List.copyOf(tracker.vms())), this::refused);
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
        jobs.follow(connection.client(), job.id(), new DeployFollower.Ends() {
            @Override public void finished() {
                if (tracker.failedProperty().get()) loadEvidence(job.id());
                reload();
            }

            @Override public void lost(ClientException e) {
                tracker.lost(connection.describe(e));
                say(connection.describe(e));
            }
        });
    }

    /** What the job's failed VMs left before the rollback deleted them, into the tracker's "what happened". */
    private void loadEvidence(long jobId) {
        if (evidenceOf == jobId) return;
        evidenceOf = jobId;
        connection.call(c -> WireTerms.evidenceText(c.jobEvidence(jobId)), tracker::showEvidence, this::failed);
    }

    /** Reads the open slice's status again, then its VMs when something of it is deployed. */
    void reload() {
        if (current.get() == null) return;
        long id = current.get().id();
        connection.call(c -> WireTerms.summary(c.slice(id)), s -> {
            current.set(s);
            afterStatus();
        }, this::failed);
    }

    private void afterStatus() {
        Wire.Slice s = current.get();
        // A slice reopened after its deploy failed still explains itself.
        if (s.status() == Wire.SliceStatus.FAILED && evidenceOf < 0)
            connection.call(c -> c.sliceJob(s.id()), job -> { if (WireTerms.failedJob(job)) loadEvidence(job.id()); }, this::failed);
        if (WireTerms.hasVms(s)) loadVms();
        else if (WireTerms.jobUnderWay(s)) {
            // The job's last event comes just before the server settles the slice's status: a job
            // already finished means the status read a moment ago is settled now, so read it again (once).
            connection.call(c -> c.sliceJob(s.id()), job -> {
                if (!job.finished()) follow(job, List.copyOf(tracker.vms()));
                else if (settledJob != job.id()) {
                    settledJob = job.id();
                    reload();
                }
            }, this::failed);
        }
    }

    // ---- the VMs --------------------------------------------------------------------------------

    /** The VMs as the platform reports them now. */
    public void loadVms() {
        Wire.Slice s = current.get();
        if (s == null || connection.client() == null) return;
        connection.call(c -> c.vms(s.id()), this::showVms, e -> {
            // A failed slice with nothing left has no VMs to show: not an error worth a message.
            if (!Failures.is(e, ClientException.Kind.CONFLICT)) failed(e);
        });
    }

    /** {@code action}: stop, start or reboot; the VMs are read until that VM shows the outcome. */
    public void power(VmLine v, String action) {
        long id = current.get().id();
        connection.call(c -> power.follow(() -> c.power(id, v.name(), action), () -> c.vms(id),
                        now -> WireTerms.reached(now, v.name(), action),
                        now -> connection.ui().execute(() -> showVms(now))),
                list -> {
                    showVms(list);
                    say(Msg.fmt("vms.done." + action, v.name()));
                }, this::failed);
    }

    private void showVms(List<Wire.VmView> list) {
        liveAddresses = WireTerms.addresses(list);
        tracker.showVms(WireTerms.lines(list));
        refact();
    }

    private void refact() {
        Map<String, CanvasFacts.Runtime> now = new HashMap<>();
        for (VmLine v : tracker.vms())
            if (v.vmId() != null) now.put(v.vmId(), new CanvasFacts.Runtime(v.state(), v.worker(), liveAddresses.get(v.vmId())));
        facts.set(facts.get().withRuntime(now));
    }

    /** A double-click on a VM of the canvas: its console, when the slice runs it. */
    public void consoleOfNode(String vmId) {
        if (current.get() == null) return;
        tracker.vms().stream().filter(v -> vmId.equals(v.vmId())).findFirst().ifPresent(this::console);
    }

    /**
     * A zone either forwards the VM's display through the server (the desktop's own viewer) or
     * has a console page of its own (a cloud's noVNC), which opens in the browser.
     */
    public void console(VmLine v) {
        long id = current.get().id();
        OlimpusClient viewerClient = connection.client();
        connection.call(c -> {
            Wire.VmView view = c.vms(id).stream().filter(x -> x.name().equals(v.name())).findFirst().orElse(null);
            return view != null && WireTerms.opensInBrowser(view) ? c.consoleUrl(id, v.name()) : null;
        }, url -> {
            if (url != null) {
                consoles.openInBrowser(url);
                say(Msg.fmt("console.browser", v.name()));
            } else consoles.openViewer(viewerClient, id, v.name());
        }, this::failed);
    }

    /**
     * The VM's serial console as a text terminal, on zones that forward one (Linux zones); on
     * others the notice says to use the graphical console.
     */
    public void terminal(VmLine v) {
        long id = current.get().id();
        OlimpusClient viewerClient = connection.client();
        connection.call(c -> c.vms(id).stream().filter(x -> x.name().equals(v.name())).findFirst().map(Wire.VmView::serial).orElse(null),
                serial -> {
                    if (serial == null) say(Msg.fmt("terminal.none", v.name()));
                    else consoles.openTerminal(viewerClient, id, v.name());
                }, this::failed);
    }

    // ---- failures -----------------------------------------------------------------------------

    /** A refusal of the design (422 with problems) marks them on the canvas; anything else is said plainly. */
    private void refused(Throwable err) {
        if (Failures.is(err, ClientException.Kind.STALE)) {
            keptBecauseStale();
            return;
        }
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
        if (Failures.is(err, ClientException.Kind.UNREACHABLE) && design.isDirty()) keepDraft(connection.describe(err));
        else say(connection.describe(err));
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

    /**
     * Somebody saved the open slice after it was read here: nothing was saved, and saving again
     * would fail the same way. This design stays open and a copy goes to the drafts folder; the
     * student reopens the slice to see the other change and redoes theirs.
     */
    private void keptBecauseStale() {
        String name = current.get() == null ? design.document().topology().name() : current.get().name();
        try {
            say(Msg.fmt("srv.stale", name, drafts.keep(design.document())));
        } catch (IOException e) {
            say(Msg.fmt("draft.notWritten", Msg.fmt("srv.staleShort", name), e.getMessage()));
        }
    }

    // ---- what is shown ----------------------------------------------------------------------------

    private void remark() { marks.set(plan.get() != null ? plan.get().marks() : tracker.marksProperty().get()); }

    private void describe() {
        Wire.Slice s = current.get();
        OlimpusClient c = connection.client();
        title.set(s != null ? s.name() : design.topology().name());
        String text;
        if (c == null) text = Msg.get("srv.offline");
        else if (s == null) text = Msg.get("srv.notOnServer");
        else text = Msg.fmt("srv.status", Looks.sliceStatusWord(s.status().name()), c.address());
        status.set(design.isDirty() ? text + " · " + Msg.get("srv.unsaved") : text);
    }
}
