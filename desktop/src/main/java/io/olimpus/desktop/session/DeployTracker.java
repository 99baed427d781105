package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.ui.TopologyCanvas;
import io.olimpus.wire.Wire;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deploy or undeploy job looks like while it runs, fed by the job's events in order (on the
 * FX thread): the progress bar's fraction and step, each VM's state (the canvas marks), the
 * rollback as it happens, and the outcome with its message. Also holds the VMs as last read from
 * the server, so the same table and colours serve a running slice.
 */
public final class DeployTracker {
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final StringProperty step = new SimpleStringProperty(this, "step", "");
    private final BooleanProperty running = new SimpleBooleanProperty(this, "running", false);
    private final BooleanProperty rollingBack = new SimpleBooleanProperty(this, "rollingBack", false);
    private final ObjectProperty<String> outcome = new SimpleObjectProperty<>(this, "outcome");
    private final BooleanProperty failed = new SimpleBooleanProperty(this, "failed", false);
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty evidence = new SimpleStringProperty(this, "evidence", "");
    private final ObservableList<VmLine> vms = FXCollections.observableArrayList();
    private final ObjectProperty<Map<String, TopologyCanvas.Mark>> marks = new SimpleObjectProperty<>(this, "marks", Map.of());

    public ReadOnlyDoubleProperty progressProperty() { return progress; }
    public ReadOnlyStringProperty stepProperty() { return step; }
    public ReadOnlyBooleanProperty runningProperty() { return running; }
    public ReadOnlyBooleanProperty rollingBackProperty() { return rollingBack; }
    public ReadOnlyObjectProperty<String> outcomeProperty() { return outcome; }
    /** The job ended without doing what it was asked (rolled back, or incomplete). */
    public ReadOnlyBooleanProperty failedProperty() { return failed; }
    public ReadOnlyStringProperty messageProperty() { return message; }
    /** What the failed VMs of the last job left (the end of their consoles), or empty: "what happened". */
    public ReadOnlyStringProperty evidenceProperty() { return evidence; }

    /** The evidence the server kept for the job that just failed. */
    public void showEvidence(String text) { evidence.set(text == null ? "" : text); }
    public ObservableList<VmLine> vms() { return vms; }
    public ReadOnlyObjectProperty<Map<String, TopologyCanvas.Mark>> marksProperty() { return marks; }

    /** The VMs that ran before the job (an edit of a running slice keeps them): a failed job does not undo them. */
    private java.util.Set<String> ranBefore = java.util.Set.of();
    private boolean deploying;

    /** A job starts with its VMs as they are before it (queued for what a deploy creates). */
    public void start(boolean deploy, List<VmLine> planned) {
        deploying = deploy;
        ranBefore = planned.stream().filter(v -> !WireTerms.QUEUED.equals(v.state())).map(VmLine::vmId).collect(java.util.stream.Collectors.toSet());
        progress.set(-1);
        step.set(Msg.get(deploy ? "job.starting.deploy" : "job.starting.undeploy"));
        running.set(true);
        rollingBack.set(false);
        outcome.set(null);
        failed.set(false);
        message.set("");
        evidence.set("");
        vms.setAll(planned);
        remark();
    }

    public void progress(int done, int total, String what) {
        progress.set(total <= 0 ? -1 : Math.min(1, done / (double) total));
        step.set(what == null ? "" : what);
    }

    public void vmChanged(String vmId, String vmName, String state, String detail) {
        for (int i = 0; i < vms.size(); i++) {
            VmLine v = vms.get(i);
            if (v.vmId().equals(vmId) || v.name().equals(vmName)) {
                vms.set(i, v.withState(state, detail));
                remark();
                return;
            }
        }
        vms.add(new VmLine(vmId, vmName, "", state, detail));
        remark();
    }

    public void rollingBack(String reason) {
        rollingBack.set(true);
        step.set(Msg.fmt("job.rollingBack", reason == null ? "" : reason));
    }

    /** The job ended: SUCCEEDED, ROLLED_BACK or INCOMPLETE, with the server's explanation. */
    public void finished(String result, String why) {
        running.set(false);
        outcome.set(result);
        failed.set(result != null && !WireTerms.succeeded(result));
        message.set(why == null ? "" : why);
        progress.set(1);
        String key = "job.outcome." + String.valueOf(result).toLowerCase(java.util.Locale.ROOT);
        step.set(Msg.has(key) ? Msg.get(key) : String.valueOf(result));
        if (failed.get() && deploying) settleFailedDeploy(Wire.JobOutcome.ROLLED_BACK.name().equals(result));
    }

    /**
     * A deploy that failed leaves no VM "queued" or "creating": the failed ones keep their reason,
     * the ones it never reached (or, rolled back, removed again) read "not deployed". What ran before
     * the job stays as it was; the server's list, read next, has the last word.
     */
    private void settleFailedDeploy(boolean rolledBack) {
        for (int i = 0; i < vms.size(); i++) {
            VmLine v = vms.get(i);
            if (WireTerms.FAILED.equals(v.state()) || ranBefore.contains(v.vmId())) continue;
            boolean untouched = WireTerms.QUEUED.equals(v.state());
            if (untouched || rolledBack)
                vms.set(i, v.withState(WireTerms.NOT_DEPLOYED, Msg.get(untouched ? "vms.notReached" : "vms.rolledBack")));
        }
        remark();
    }

    /** The event stream broke before the job finished (the server went away): said, and the job no longer shown as running here. */
    public void lost(String why) {
        running.set(false);
        message.set(why == null ? "" : why);
        step.set(Msg.get("job.lost"));
    }

    /** The VMs as the server reports them now (after a job, or for a running slice). */
    public void showVms(List<VmLine> now) {
        vms.setAll(now);
        remark();
    }

    /** Forgets the VMs and marks (a slice that is not deployed, or another design). */
    public void clear() {
        vms.clear();
        running.set(false);
        rollingBack.set(false);
        outcome.set(null);
        failed.set(false);
        message.set("");
        evidence.set("");
        step.set("");
        progress.set(0);
        remark();
    }

    public VmLine vm(String name) { return vms.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null); }

    private void remark() {
        Map<String, TopologyCanvas.Mark> m = new LinkedHashMap<>();
        for (VmLine v : vms) m.put(v.vmId(), Looks.stateMark(v.state(), v.detail()));
        marks.set(Map.copyOf(m));
    }
}
