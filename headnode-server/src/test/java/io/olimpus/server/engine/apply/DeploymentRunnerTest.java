package io.olimpus.server.engine.apply;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.driver.VmEvidence;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.ClusterAllocations;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.PlanDiff;
import io.olimpus.server.engine.plan.PlanResult;
import io.olimpus.server.engine.plan.Planner;
import io.olimpus.server.engine.plan.PlannerTest;
import io.olimpus.server.engine.plan.VmPlan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner against an in-memory platform: ordering, journaling, parallelism and rollback. */
class DeploymentRunnerTest {
    final ExecutorService pool = Executors.newFixedThreadPool(8);
    final DeploymentRunner runner = new DeploymentRunner(pool, Duration.ofSeconds(2), Duration.ofMillis(5));
    final List<DeployEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() { pool.shutdownNow(); }

    /** A platform that keeps resources in a set and can be told to fail. */
    static final class FakePlatform implements SliceDriver {
        final Set<ResourceRef> existing = ConcurrentHashMap.newKeySet();
        final List<String> deletions = new CopyOnWriteArrayList<>();
        volatile String failVm;              // createVm of this VM name throws after creating its disk
        volatile String orphanVm;            // creates a resource but dies before reporting it
        volatile String neverBoots;
        volatile boolean failDeletesOfVms;
        volatile CyclicBarrier vmBarrier;    // proves VMs are created in parallel
        volatile boolean evidenceFails;      // reading a failed VM's console throws
        volatile Duration zoneBudget;        // the zone's boot budget the driver reports (null: none)
        volatile long bootMillis;            // how long each VM boots after its launch, saying what its console shows
        final java.util.Map<String, Long> launched = new ConcurrentHashMap<>();

        static ResourceRef net(NetworkPlan n, String host) { return new ResourceRef("net", n.networkId() + "@" + host, host, n.networkId(), 10); }

        public void prepareSlice(SliceContext s, Consumer<ResourceRef> created) { add(new ResourceRef("scope", s.sliceName(), null, ResourceRef.SLICE, 0), created); }

        public void createNetwork(SliceContext s, NetworkPlan n, Consumer<ResourceRef> created) {
            for (String w : n.workerIds()) add(net(n, w), created);
        }

        volatile boolean networksTogether;   // one group of all networks, as the Linux driver does
        final List<Integer> networkCalls = new CopyOnWriteArrayList<>();

        @Override
        public List<List<NetworkPlan>> networkGroups(List<NetworkPlan> networks) {
            return networksTogether ? List.of(networks) : SliceDriver.super.networkGroups(networks);
        }

        @Override
        public void createNetworks(SliceContext s, List<NetworkPlan> group, Consumer<ResourceRef> created) {
            networkCalls.add(group.size());
            SliceDriver.super.createNetworks(s, group, created);
        }

        public void createVm(SliceContext s, VmPlan vm, Consumer<ResourceRef> created) {
            if (vmBarrier != null) {
                try { vmBarrier.await(2, TimeUnit.SECONDS); } catch (Exception e) { throw new DriverException("VMs were not created in parallel"); }
            }
            add(new ResourceRef("disk", vm.name(), vm.workerId(), vm.vmId(), 20), created);
            if (vm.name().equals(orphanVm)) {
                existing.add(new ResourceRef("vm", vm.name(), vm.workerId(), vm.vmId(), 30));
                throw new DriverException("connection to " + vm.workerId() + " lost");
            }
            if (vm.name().equals(failVm)) throw new DriverException("qemu on " + vm.workerId() + " refused to start " + vm.name());
            add(new ResourceRef("vm", vm.name(), vm.workerId(), vm.vmId(), 30), created);
            launched.put(vm.name(), System.nanoTime());
        }

        @Override
        public java.util.Optional<Duration> bootBudget(VmPlan vm) { return java.util.Optional.ofNullable(zoneBudget); }

        public void enableInternet(SliceContext s, VmPlan vm, NetworkPlan via, Consumer<ResourceRef> created) {
            add(new ResourceRef("nat", vm.name(), null, vm.vmId(), 25), created);
        }

        public void delete(SliceContext s, ResourceRef ref) {
            if (failDeletesOfVms && ref.kind().equals("vm")) throw new DriverException("worker down");
            // Rank order is the contract: nothing of an element goes while a higher-ranked part of it remains.
            for (ResourceRef other : existing)
                if (other.owner().equals(ref.owner()) && other.teardownRank() > ref.teardownRank())
                    throw new AssertionError(ref + " deleted before " + other);
            existing.remove(ref);
            deletions.add(ref.kind() + ":" + ref.name());
        }

        public List<ResourceRef> list(SliceContext s) { return new ArrayList<>(existing); }

        public VmStatus status(SliceContext s, VmPlan vm) {
            if (vm.name().equals(neverBoots)) return new VmStatus(VmState.BOOTING, null);
            Long at = launched.get(vm.name());
            if (at != null && System.nanoTime() - at < bootMillis * 1_000_000) return new VmStatus(VmState.BOOTING, "console: Reached target Network");
            boolean exists = existing.stream().anyMatch(r -> r.kind().equals("vm") && r.name().equals(vm.name()));
            return new VmStatus(exists ? VmState.RUNNING : VmState.FAILED, exists ? null : "gone");
        }

        public void power(SliceContext s, VmPlan vm, PowerAction a) {}

        /** Each shaping asked for, as "vm/link: summary", in order. */
        final List<String> shaped = new CopyOnWriteArrayList<>();

        @Override
        public void shapePort(SliceContext s, VmPlan vm, io.olimpus.server.engine.plan.NicPlan nic, io.olimpus.model.topology.LinkImpairment imp) {
            shaped.add(vm.name() + "/" + nic.linkId() + ": " + imp.summary());
        }

        /** What a VM's console said, while the VM exists: read after the rollback, it would be gone. */
        @Override
        public VmEvidence evidence(SliceContext s, VmPlan vm) {
            if (evidenceFails) throw new DriverException("worker unreachable");
            boolean exists = existing.stream().anyMatch(r -> r.owner().equals(vm.vmId()));
            return exists ? new VmEvidence("console of " + vm.name() + "\u001B[0m\r\n", "qemu said " + vm.name()) : VmEvidence.NONE;
        }

        private void add(ResourceRef ref, Consumer<ResourceRef> created) {
            existing.add(ref);
            created.accept(ref);
        }
    }

    static PlanResult.Planned plan(Topology t, DeploymentPlan running) {
        return (PlanResult.Planned) Planner.plan(PlannerTest.request(t, ClusterAllocations.NONE, running));
    }

    static Topology ring(int n) {
        return ShapeGenerator.generate("ring", Shape.ring(n).withVm(VmSpec.of("small", "cirros")));
    }

    @Test
    void deployCreatesEverythingJournalsItAndRunsVmsInParallel() {
        FakePlatform p = new FakePlatform();
        p.vmBarrier = new CyclicBarrier(4);
        MemoryJournal j = new MemoryJournal();
        var planned = plan(ring(4), null);
        JobOutcome outcome = runner.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, j, events::add);

        assertThat(outcome).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(j.resources()).containsExactlyInAnyOrderElementsOf(p.existing);
        assertThat(p.existing.stream().filter(r -> r.kind().equals("vm"))).hasSize(4);
        for (VmPlan vm : planned.plan().vms())
            assertThat(events).contains(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.RUNNING, null));
        var last = (DeployEvent.Progress) events.stream().filter(e -> e instanceof DeployEvent.Progress).reduce((a, b) -> b).orElseThrow();
        assertThat(last.done()).isEqualTo(last.total()).isEqualTo(1 + 4 + 4);
        assertThat(events.get(events.size() - 1)).isInstanceOf(DeployEvent.Finished.class);
    }

    @Test
    void networksAreCreatedInTheDriversGroupsEachCountedAsDone() {
        FakePlatform alone = new FakePlatform(), together = new FakePlatform();
        together.networksTogether = true;
        var planned = plan(ring(4), null);
        for (FakePlatform p : List.of(alone, together)) {
            events.clear();
            MemoryJournal j = new MemoryJournal();
            assertThat(runner.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
            assertThat(j.resources()).containsExactlyInAnyOrderElementsOf(p.existing);
            assertThat(events.stream().filter(e -> e instanceof DeployEvent.Progress pr && pr.step().startsWith("network "))).hasSize(4);
        }
        assertThat(alone.networkCalls).containsExactly(1, 1, 1, 1);
        assertThat(together.networkCalls).containsExactly(4);
    }

    @Test
    void aFailedVmRollsBackExactlyWhatTheDeployCreated() {
        FakePlatform p = new FakePlatform();
        p.failVm = "vm3";
        MemoryJournal j = new MemoryJournal();
        var planned = plan(ring(4), null);
        JobOutcome outcome = runner.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, j, events::add);

        assertThat(outcome).isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(p.existing).isEmpty();
        assertThat(j.resources()).isEmpty();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(DeployEvent.VmChanged.class, v -> {
            assertThat(v.vmName()).isEqualTo("vm3");
            assertThat(v.state()).isEqualTo(VmState.FAILED);
            assertThat(v.detail()).contains("refused to start vm3");
        }));
        assertThat(events).contains(new DeployEvent.Finished(JobOutcome.ROLLED_BACK, "qemu on " + planned.plan().vms().get(2).workerId() + " refused to start vm3"));
    }

    @Test
    void theFailedVmsConsoleIsReadBeforeTheRollbackDeletesIt() {
        FakePlatform p = new FakePlatform();
        p.neverBoots = "vm2";
        var fast = new DeploymentRunner(pool, Duration.ofMillis(200), Duration.ofMillis(10));
        var planned = plan(ring(3), null);
        assertThat(fast.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, new MemoryJournal(), events::add))
                .isEqualTo(JobOutcome.ROLLED_BACK);
        VmPlan vm2 = planned.plan().vms().stream().filter(v -> v.name().equals("vm2")).findFirst().orElseThrow();
        // Only the VM that failed, cleaned to printable text, and before anything was deleted.
        assertThat(events.stream().filter(e -> e instanceof DeployEvent.EvidenceCollected))
                .containsExactly(new DeployEvent.EvidenceCollected(vm2.vmId(), "vm2", new VmEvidence("console of vm2\n", "qemu said vm2")));
        int evidence = events.indexOf(events.stream().filter(e -> e instanceof DeployEvent.EvidenceCollected).findFirst().orElseThrow());
        assertThat(events.subList(0, evidence)).noneMatch(e -> e instanceof DeployEvent.ResourceDeleted || e instanceof DeployEvent.RollingBack);
        assertThat(p.existing).isEmpty();
    }

    @Test
    void aConsoleThatCannotBeReadDoesNotStopTheRollback() {
        FakePlatform p = new FakePlatform();
        p.failVm = "vm1";
        p.evidenceFails = true;
        var planned = plan(ring(3), null);
        assertThat(runner.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, new MemoryJournal(), events::add))
                .isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(events).noneMatch(e -> e instanceof DeployEvent.EvidenceCollected);
        assertThat(p.existing).isEmpty();
    }

    @Test
    void evidenceIsTheBoundedPrintableEndOfWhatTheGuestSaid() {
        String noisy = "boot\u0000\u0007 \u001B[1;31mred\u001B[0m \u001B]0;title\u0007ok\r\nnext\ttab\r\n";
        assertThat(new VmEvidence(noisy, null).console()).isEqualTo("boot red ok\nnext\ttab\n");
        assertThat(new VmEvidence(null, null).isEmpty()).isTrue();
        String longLog = "x".repeat(10_000) + "the end";
        String kept = new VmEvidence(longLog, "").console();
        assertThat(kept).hasSize(VmEvidence.MAX_CHARS).endsWith("the end");
    }

    @Test
    void resourcesCreatedButNeverReportedAreFoundByListingAndRemoved() {
        FakePlatform p = new FakePlatform();
        p.orphanVm = "vm2";
        MemoryJournal j = new MemoryJournal();
        var planned = plan(ring(3), null);
        assertThat(runner.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, j, events::add))
                .isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(p.existing).isEmpty();
        assertThat(p.deletions).contains("vm:vm2");
    }

    @Test
    void aVmThatNeverBootsFailsTheDeployWithABoundedWait() {
        FakePlatform p = new FakePlatform();
        p.neverBoots = "vm1";
        var fast = new DeploymentRunner(pool, Duration.ofMillis(200), Duration.ofMillis(10));
        var planned = plan(ring(3), null);
        assertThat(fast.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, new MemoryJournal(), events::add))
                .isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(events).anySatisfy(e -> assertThat(e.toString()).contains("vm1 on ").contains(" did not reach RUNNING within its boot budget of 0 s (last state BOOTING)"));
        assertThat(p.existing).isEmpty();
    }

    @Test
    void theImagesBudgetComesFirstThenTheZonesThenTheDefault() {
        FakePlatform p = new FakePlatform();
        VmPlan vm = plan(ring(3), null).plan().vms().get(0);   // image "cirros"
        var byCatalog = BootBudget.fromCatalog(name -> name.equals("cirros") ? java.util.Optional.of(Duration.ofSeconds(900)) : java.util.Optional.empty());
        var noImageBudget = BootBudget.fromCatalog(name -> java.util.Optional.empty());
        p.zoneBudget = Duration.ofSeconds(600);
        assertThat(byCatalog.of(vm, p)).isEqualTo(Duration.ofSeconds(900));
        assertThat(noImageBudget.of(vm, p)).isEqualTo(Duration.ofSeconds(600));
        p.zoneBudget = null;
        assertThat(noImageBudget.of(vm, p)).isEqualTo(BootBudget.DEFAULT);
    }

    /** Issue #21-1: a real image booting for minutes was failed by a fixed budget; now the zone's budget holds, and the wait says how far it got. */
    @Test
    void aSlowBootIsNoFailureWithinTheZonesBudgetAndItsProgressIsTold() {
        FakePlatform p = new FakePlatform();
        p.zoneBudget = Duration.ofSeconds(30);
        p.bootMillis = 700;
        var runner = new DeploymentRunner(pool, BootBudget.fromCatalog(name -> java.util.Optional.empty()), Duration.ofMillis(20), Duration.ofMillis(100));
        var planned = plan(ring(3), null);
        assertThat(runner.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, new MemoryJournal(), events::add))
                .isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(DeployEvent.VmChanged.class, v -> {
            assertThat(v.state()).isEqualTo(VmState.BOOTING);
            assertThat(v.detail()).matches("booting for \\d+ s of 30 s, console: Reached target Network");
        }));
    }

    @Test
    void aBootPastItsImagesBudgetFailsNamingTheBudgetAndWhatTheConsoleShowed() {
        FakePlatform p = new FakePlatform();
        p.zoneBudget = Duration.ofSeconds(30);
        p.bootMillis = 60_000;
        var runner = new DeploymentRunner(pool, BootBudget.fromCatalog(name -> java.util.Optional.of(Duration.ofMillis(300))), Duration.ofMillis(20));
        var planned = plan(ring(3), null);
        assertThat(runner.apply(new SliceContext("s1", "ring", planned.plan()), null, planned.diff(), p, new MemoryJournal(), events::add))
                .isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(events).anySatisfy(e -> assertThat(e.toString()).contains("did not reach RUNNING within its boot budget of 0 s (last state BOOTING,"
                + " console: Reached target Network)").contains("raise its boot budget"));
        assertThat(p.existing).isEmpty();
    }

    @Test
    void editingARunningSliceAddsOnlyTheDifferenceAndAFailureKeepsWhatRan() {
        FakePlatform p = new FakePlatform();
        MemoryJournal j = new MemoryJournal();
        Topology t = ring(3);
        var first = plan(t, null);
        SliceContext ctx = new SliceContext("s1", "ring", first.plan());
        assertThat(runner.apply(ctx, null, first.diff(), p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        Set<ResourceRef> running = Set.copyOf(p.existing);

        Topology bigger = t.withNode(Node.vm(t.freshNodeId(), "vm4", VmSpec.of("small", "cirros").withInternet(true)));
        bigger = bigger.connect(bigger.nodeNamed("vm4").orElseThrow().id(), bigger.nodeNamed("vm1").orElseThrow().id());
        var second = plan(bigger, first.plan());
        p.failVm = "vm1";   // vm1 changed (a new NIC), so it is replaced — and that fails
        JobOutcome outcome = runner.apply(new SliceContext("s1", "ring", second.plan()), first.plan(), second.diff(), p, j, events::add);
        assertThat(outcome).isEqualTo(JobOutcome.ROLLED_BACK);
        // Nothing new remains; untouched VMs are still there.
        assertThat(p.existing).allMatch(running::contains);
        assertThat(p.existing.stream().filter(r -> r.kind().equals("vm")).map(ResourceRef::name)).contains("vm2", "vm3");

        p.failVm = null;
        var third = plan(bigger, first.plan());
        assertThat(runner.apply(new SliceContext("s1", "ring", third.plan()), first.plan(), third.diff(), p, j, events::add))
                .isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(p.existing.stream().filter(r -> r.kind().equals("vm")).map(ResourceRef::name)).containsExactlyInAnyOrder("vm1", "vm2", "vm3", "vm4");
        assertThat(p.existing).anyMatch(r -> r.kind().equals("nat") && r.name().equals("vm4"));
    }

    @Test
    void aNewVmsImpairedPortsAreShapedAndAChangedLinkIsReshapedWithoutTouchingItsVms() {
        FakePlatform p = new FakePlatform();
        MemoryJournal j = new MemoryJournal();
        Topology line = ShapeGenerator.generate("line", Shape.linear(3).withVm(VmSpec.of("small", "cirros")));
        String l1 = line.links().get(0).id();
        Topology delayed = line.withLinkImpairment(l1, new io.olimpus.model.topology.LinkImpairment(100.0, null, null, null));
        var first = plan(delayed, null);
        assertThat(runner.apply(new SliceContext("s1", "line", first.plan()), null, first.diff(), p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(p.shaped).containsExactlyInAnyOrder("vm1/" + l1 + ": delay 100 ms", "vm2/" + l1 + ": delay 100 ms");
        Set<ResourceRef> running = Set.copyOf(p.existing);

        p.shaped.clear();
        events.clear();
        var second = plan(line.withLinkImpairment(l1, new io.olimpus.model.topology.LinkImpairment(0.0, null, null, 0.2)), first.plan());
        assertThat(runner.apply(new SliceContext("s1", "line", second.plan()), first.plan(), second.diff(), p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(p.shaped).containsExactlyInAnyOrder("vm1/" + l1 + ": rate 0.2 Mbit/s", "vm2/" + l1 + ": rate 0.2 Mbit/s");
        assertThat(p.existing).isEqualTo(running);
        assertThat(p.deletions).isEmpty();
        assertThat(((DeployEvent.Finished) events.get(events.size() - 1)).message())
                .endsWith("; link " + l1 + ": delay 100 -> 0 ms, rate 0 -> 0.2 Mbit/s");

        p.shaped.clear();
        var third = plan(line, second.plan());
        runner.apply(new SliceContext("s1", "line", third.plan()), second.plan(), third.diff(), p, j, events::add);
        assertThat(p.shaped).containsExactlyInAnyOrder("vm1/" + l1 + ": none", "vm2/" + l1 + ": none");
    }

    @Test
    void undeployRemovesEverythingAndReportsLeftoversWhenItCannot() {
        FakePlatform p = new FakePlatform();
        MemoryJournal j = new MemoryJournal();
        var planned = plan(ring(3), null);
        SliceContext ctx = new SliceContext("s1", "ring", planned.plan());
        runner.apply(ctx, null, planned.diff(), p, j, events::add);

        p.failDeletesOfVms = true;
        assertThat(runner.undeploy(ctx, p, j, events::add)).isEqualTo(JobOutcome.INCOMPLETE);
        assertThat(((DeployEvent.Finished) events.get(events.size() - 1)).message()).as("the job's last word says why")
                .contains("could not delete").contains("first failure: worker down");
        // The VMs could not go, so nothing under them went either; all of it stays recorded.
        assertThat(j.resources()).containsExactlyInAnyOrderElementsOf(p.existing);
        assertThat(p.existing.stream().filter(r -> r.kind().equals("vm") || r.kind().equals("net"))).hasSize(3 + 3 * 2);

        p.failDeletesOfVms = false;
        assertThat(runner.undeploy(ctx, p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(p.existing).isEmpty();
        assertThat(j.resources()).isEmpty();
        // Across the whole slice: every VM went before any network, every network before the slice scope.
        int lastVm = -1, firstNet = Integer.MAX_VALUE, lastNet = -1, scope = -1;
        for (int i = 0; i < p.deletions.size(); i++) {
            String d = p.deletions.get(i);
            if (d.startsWith("vm:")) lastVm = i;
            if (d.startsWith("net:")) { firstNet = Math.min(firstNet, i); lastNet = i; }
            if (d.startsWith("scope:")) scope = i;
        }
        assertThat(lastVm).isLessThan(firstNet);
        assertThat(lastNet).isLessThan(scope);
    }

    @Test
    void removingAVmFromARunningSliceDeletesOnlyItsResources() {
        FakePlatform p = new FakePlatform();
        MemoryJournal j = new MemoryJournal();
        Topology line = ShapeGenerator.generate("line", Shape.linear(3).withVm(VmSpec.of("small", "cirros")));
        var first = plan(line, null);
        runner.apply(new SliceContext("s1", "line", first.plan()), null, first.diff(), p, j, events::add);
        Topology shorter = line.withoutNode(line.nodeNamed("vm3").orElseThrow().id());
        var second = plan(shorter, first.plan());
        PlanDiff diff = second.diff();
        assertThat(runner.apply(new SliceContext("s1", "line", second.plan()), first.plan(), diff, p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(p.existing.stream().filter(r -> r.kind().equals("vm")).map(ResourceRef::name)).containsExactlyInAnyOrder("vm1", "vm2");
        assertThat(p.existing).noneMatch(r -> r.owner().equals(diff.removedNetworks().get(0).networkId()));
        assertThat(j.resources()).containsExactlyInAnyOrderElementsOf(p.existing);
    }

    @Test
    void aSwitchThatSpansMoreWorkersAfterAnEditGrowsInPlaceAndShrinksBack() {
        FakePlatform p = new FakePlatform();
        MemoryJournal j = new MemoryJournal();
        Topology bus = ShapeGenerator.generate("bus", Shape.bus(2).withVm(VmSpec.of("small", "cirros")));
        var first = plan(bus, null);
        assertThat(runner.apply(new SliceContext("s1", "bus", first.plan()), null, first.diff(), p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        Set<ResourceRef> before = Set.copyOf(p.existing);

        String sw = bus.switches().get(0).id();
        Topology grown = bus;
        for (String name : List.of("vm3", "vm4", "vm5")) {   // enough VMs that placement reaches the third worker
            grown = grown.withNode(Node.vm(grown.freshNodeId(), name, VmSpec.of("small", "cirros")));
            grown = grown.connect(grown.nodeNamed(name).orElseThrow().id(), sw);
        }
        var second = plan(grown, first.plan());
        assertThat(second.diff().changedNetworks()).as("the switch's network spans a new worker").hasSize(1);
        NetworkPlan wider = second.diff().changedNetworks().get(0);
        assertThat(wider.workerIds()).hasSizeGreaterThan(first.plan().networks().get(0).workerIds().size());
        assertThat(second.diff().changedVms()).isEmpty();

        assertThat(runner.apply(new SliceContext("s1", "bus", second.plan()), first.plan(), second.diff(), p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(p.deletions).as("nothing of the running VMs or of their network was taken down").isEmpty();
        assertThat(p.existing).containsAll(before);
        for (String w : wider.workerIds()) assertThat(p.existing).contains(FakePlatform.net(wider, w));
        assertThat(j.resources()).containsExactlyInAnyOrderElementsOf(p.existing);

        // Back to two VMs: the network leaves the worker that only the new VMs used, and nothing else goes.
        var third = plan(bus, second.plan());
        NetworkPlan narrower = third.diff().changedNetworks().get(0);
        Set<String> left = new java.util.HashSet<>(wider.workerIds());
        narrower.workerIds().forEach(left::remove);
        assertThat(runner.apply(new SliceContext("s1", "bus", third.plan()), second.plan(), third.diff(), p, j, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(p.existing).containsAll(before);
        for (String w : left) assertThat(p.existing).doesNotContain(FakePlatform.net(wider, w));
        assertThat(p.deletions).allMatch(d -> d.matches("(vm|disk):vm[345]") || d.startsWith("net:" + wider.networkId() + "@"));
        assertThat(j.resources()).containsExactlyInAnyOrderElementsOf(p.existing);
    }
}
