package io.olimpus.desktop.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.wire.Wire;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.ui.TopologyCanvas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The session's pure parts: the start-up arguments, the plan view and the deploy tracker fed by events. */
class SessionModelTest {
    @BeforeAll
    static void english() { Msg.use(Locale.ENGLISH); }

    @Test
    void startUpArgumentsLogInOnlyWithThePasswordFromTheEnvironment() {
        StartArgs a = StartArgs.parse(List.of("--server", "http://h:8000", "--user", "ana", "lab.json"), Map.of("OLIMPUS_PASSWORD", "pw"));
        assertThat(a.logsIn()).isTrue();
        assertThat(a.server()).isEqualTo("http://h:8000");
        assertThat(a.user()).isEqualTo("ana");
        assertThat(a.password()).isEqualTo("pw");
        assertThat(a.rest()).containsExactly("lab.json");

        StartArgs noPw = StartArgs.parse(List.of("--server=http://h:8000", "--user=ana"), Map.of());
        assertThat(noPw.logsIn()).as("no password: the login screen, filled in").isFalse();
        assertThat(noPw.asksForServer()).isTrue();

        StartArgs offline = StartArgs.parse(List.of("--import", "course.json"), Map.of("OLIMPUS_PASSWORD", "pw"));
        assertThat(offline.asksForServer()).isFalse();
        assertThat(offline.rest()).containsExactly("--import", "course.json");
        assertThat(StartArgs.parse(List.of("--server", " ", "--user"), Map.of()).asksForServer()).as("blank and dangling values").isFalse();
    }

    @Test
    void thePlanSaysWhatIsCreatedChangedKeptAndRemovedAndWhere() throws Exception {
        ObjectMapper m = new ObjectMapper();
        var plan = m.readValue("""
                {"sliceName":"r","zone":"bed","networks":[],"vms":[
                 {"vmId":"n1","name":"vm1","workerId":"worker1"},{"vmId":"n2","name":"vm2","workerId":"worker2"},
                 {"vmId":"n3","name":"vm3","workerId":""}]}""", Wire.Plan.class);
        var diff = m.readValue("""
                {"addedNetworks":[{}],"removedNetworks":[],"changedNetworks":[],
                 "addedVms":[{"vmId":"n3"}],"changedVms":[{"vmId":"n2"}],"removedVms":[{"vmId":"n9","name":"old","workerId":"worker3"}]}""", Wire.PlanDiff.class);
        PlanView p = WireTerms.planView(new Wire.Preview(plan, diff, List.of()));
        assertThat(p.vms()).extracting(PlanView.Line::change, PlanView.Line::name, PlanView.Line::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Looks.Change.KEEP, "vm1", "worker1"),
                org.assertj.core.groups.Tuple.tuple(Looks.Change.CHANGE, "vm2", "worker2"),
                org.assertj.core.groups.Tuple.tuple(Looks.Change.CREATE, "vm3", "bed"),
                org.assertj.core.groups.Tuple.tuple(Looks.Change.REMOVE, "old", "worker3"));
        assertThat(p.isEmpty()).isFalse();
        assertThat(p.marks()).containsOnlyKeys("n1", "n2", "n3");
        assertThat(p.marks().get("n3").caption()).isEqualTo("+ bed");
        assertThat(p.marks().get("n2").color()).isEqualTo(Looks.changeColor(Looks.Change.CHANGE));
        assertThat(p.vms().get(3).text()).isEqualTo("− remove old from worker3");
        assertThat(p.summary()).startsWith("1 to create, 1 to change, 1 to remove, 1 kept; networks: 1 new");
    }

    @Test
    void theTrackerColoursEachVmByItsEventsShowsTheRollbackAndTheOutcome() {
        DeployTracker t = new DeployTracker();
        t.start(true, List.of(new VmLine("n1", "vm1", "worker1", "QUEUED", ""), new VmLine("n2", "vm2", "worker2", "QUEUED", "")));
        assertThat(t.runningProperty().get()).isTrue();
        assertThat(t.progressProperty().get()).as("indeterminate until the first step").isEqualTo(-1);
        assertThat(t.marksProperty().get().get("n1").color()).isEqualTo(Looks.stateColor("QUEUED"));

        t.progress(1, 4, "creating network l1");
        t.vmChanged("n1", "vm1", "CREATING", null);
        t.vmChanged("n2", "vm2", "BOOTING", null);
        assertThat(t.progressProperty().get()).isEqualTo(0.25);
        assertThat(t.stepProperty().get()).isEqualTo("creating network l1");
        Map<String, TopologyCanvas.Mark> marks = t.marksProperty().get();
        assertThat(marks.get("n1")).isEqualTo(new TopologyCanvas.Mark(Looks.stateColor("CREATING"), "creating"));
        assertThat(marks.get("n2").caption()).isEqualTo("booting");

        t.vmChanged("n2", "vm2", "FAILED", "worker2 did not answer over SSH");
        assertThat(t.marksProperty().get().get("n2").caption()).as("the failure explained in place").isEqualTo("failed: worker2 did not answer over SSH");
        assertThat(t.vm("vm2").detail()).isEqualTo("worker2 did not answer over SSH");
        t.rollingBack("vm2 failed");
        assertThat(t.rollingBackProperty().get()).isTrue();
        assertThat(t.stepProperty().get()).isEqualTo("Rolling back: vm2 failed");
        t.vmChanged("n1", "vm1", "DELETING", null);
        t.vmChanged("n1", "vm1", "DELETED", null);
        t.finished("ROLLED_BACK", "vm2: worker2 did not answer; everything created was removed");
        assertThat(t.runningProperty().get()).isFalse();
        assertThat(t.outcomeProperty().get()).isEqualTo("ROLLED_BACK");
        assertThat(t.stepProperty().get()).isEqualTo(Msg.get("job.outcome.rolled_back"));
        assertThat(t.messageProperty().get()).contains("everything created was removed");
        assertThat(t.marksProperty().get().get("n1").color()).isEqualTo(Looks.stateColor("DELETED"));

        t.showVms(List.of(new VmLine("n1", "vm1", "worker1", "RUNNING", "")));
        assertThat(t.marksProperty().get()).containsOnlyKeys("n1");
        t.clear();
        assertThat(t.marksProperty().get()).isEmpty();
        assertThat(t.vms()).isEmpty();
    }

    @Test
    void serverProblemsKeepTheirCodeAndNodes() {
        var p = WireTerms.problem(new Wire.DesignProblem("QUOTA_EXCEEDED", Wire.Severity.ERROR, "the design has 7 VMs; your quota allows 6", List.of("n1"), null));
        assertThat(p.code()).isEqualTo(io.olimpus.model.validation.ProblemCode.QUOTA_EXCEEDED);
        assertThat(p.nodeIds()).containsExactly("n1");
        assertThat(p.linkIds()).isEmpty();
        var unknown = WireTerms.problem(new Wire.DesignProblem("SOMETHING_NEW", Wire.Severity.WARNING, "m", List.of(), List.of("l1")));
        assertThat(unknown.isError()).isFalse();
        assertThat(unknown.linkIds()).containsExactly("l1");
    }
}
