package io.olimpus.server.engine.apply;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.driver.VmEvidence;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.LinkChange;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.PlanDiff;
import io.olimpus.server.engine.plan.VmPlan;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Applies a plan's difference through a driver, in phases whose steps run in parallel: slice
 * scope, then networks, then VMs (each followed until it runs), then internet access, then the
 * removals an edit asks for. Every resource is journaled the moment the driver reports it.
 * On failure it deletes exactly what this job created — the journal's new entries plus anything
 * of the slice the platform lists that existed neither before nor in the journal — and proves it
 * by listing again.
 */
public final class DeploymentRunner {
    /** How often a booting VM's progress is told (how long so far, what its platform says it is doing). */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final ExecutorService pool;
    private final BootBudget budget;
    private final Duration pollInterval;
    private final Duration progressEvery;

    public DeploymentRunner(ExecutorService pool, BootBudget budget, Duration pollInterval) {
        this(pool, budget, pollInterval, PROGRESS_EVERY);
    }

    /** Every VM gets the same boot budget: for tests and benchmarks that drive the runner alone. */
    public DeploymentRunner(ExecutorService pool, Duration bootBudget, Duration pollInterval) {
        this(pool, BootBudget.fixed(bootBudget), pollInterval, PROGRESS_EVERY);
    }

    DeploymentRunner(ExecutorService pool, BootBudget budget, Duration pollInterval, Duration progressEvery) {
        this.pool = pool;
        this.budget = budget;
        this.pollInterval = pollInterval;
        this.progressEvery = progressEvery;
    }

    public JobOutcome apply(SliceContext slice, DeploymentPlan running, PlanDiff diff, SliceDriver driver,
                            DeploymentJournal journal, Consumer<DeployEvent> events) {
        Set<ResourceRef> before = new HashSet<>(journal.resources());
        List<ResourceRef> listed = listOrNull(slice, driver);
        if (listed == null) {
            // Without a listing, a rollback could not prove itself: refuse before creating anything.
            String reason = "the platform did not answer; nothing was created";
            events.accept(new DeployEvent.Finished(JobOutcome.ROLLED_BACK, reason));
            return JobOutcome.ROLLED_BACK;
        }
        Set<ResourceRef> listedBefore = new HashSet<>(listed);
        DeploymentPlan plan = slice.plan();
        Consumer<ResourceRef> created = ref -> {
            journal.record(ref);
            events.accept(new DeployEvent.ResourceCreated(ref));
        };
        List<NetworkPlan> networks = concat(diff.addedNetworks(), diff.changedNetworks());
        List<VmPlan> vms = concat(diff.addedVms(), diff.changedVms());
        List<VmPlan> withInternet = vms.stream().filter(v -> v.internet() && !v.nics().isEmpty()).toList();
        List<Shaping> shapings = shapings(plan, diff, vms);
        int total = (running == null ? 1 : 0) + networks.size() + vms.size() + withInternet.size() + shapings.size()
                + diff.removedVms().size() + diff.removedNetworks().size();
        // Steps finish on several threads at once: counting and telling happen together, so the
        // events always count up and the last one says done == total.
        AtomicInteger done = new AtomicInteger();
        Consumer<String> stepDone = step -> {
            synchronized (done) {
                events.accept(new DeployEvent.Progress(done.incrementAndGet(), total, step));
            }
        };
        Failures failures = new Failures(slice.sliceId());
        Set<VmPlan> failedVms = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (VmPlan vm : vms) events.accept(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.QUEUED, null));
        try {
            if (running == null) {
                driver.prepareSlice(slice, created);
                stepDone.accept("slice prepared");
            }
            // A network that only spans other workers changes in place: creating it again extends it to
            // its new workers (creations are idempotent and leave attached VMs alone), and it leaves the
            // workers it no longer spans once their VMs are gone. Any other changed element is replaced:
            // its old resources go first, since its names are reused.
            List<NetworkPlan> regrown = diff.changedNetworks().stream().filter(n -> inPlace(running, n)).toList();
            for (NetworkPlan n : diff.changedNetworks()) if (!regrown.contains(n)) deleteOwned(slice, driver, journal, events, n.networkId(), null);
            for (VmPlan v : diff.changedVms()) deleteOwned(slice, driver, journal, events, v.vmId(), null);
            runAll(networks.isEmpty() ? List.<List<NetworkPlan>>of() : driver.networkGroups(networks), group -> {
                driver.createNetworks(slice, group, created);
                for (NetworkPlan n : group) stepDone.accept("network " + n.name());
            });
            runAll(vms, vm -> {
                events.accept(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.CREATING, null));
                try {
                    driver.createVm(slice, vm, created);
                    events.accept(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.BOOTING, null));
                    awaitRunning(slice, driver, vm, events);
                } catch (RuntimeException e) {
                    failedVms.add(vm);
                    events.accept(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.FAILED, failures.tell(e, "the deploy of " + vm.name(), vm.vmId())));
                    throw e;
                }
                events.accept(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.RUNNING, null));
                stepDone.accept("VM " + vm.name());
            });
            runAll(shapings, sh -> {
                driver.shapePort(slice, sh.vm(), sh.nic(), sh.impairment(), created);
                stepDone.accept(sh.describe());
            });
            runAll(withInternet, vm -> {
                NetworkPlan via = plan.network(vm.nics().get(0).networkId()).orElseThrow();
                driver.enableInternet(slice, vm, via, created);
                stepDone.accept("internet for " + vm.name());
            });
            for (VmPlan v : diff.removedVms()) {
                events.accept(new DeployEvent.VmChanged(v.vmId(), v.name(), VmState.DELETING, null));
                deleteOwned(slice, driver, journal, events, v.vmId(), null);
                events.accept(new DeployEvent.VmChanged(v.vmId(), v.name(), VmState.DELETED, null));
                stepDone.accept("removed VM " + v.name());
            }
            for (NetworkPlan n : regrown) {
                Set<String> left = new HashSet<>(running.network(n.networkId()).orElseThrow().workerIds());
                n.workerIds().forEach(left::remove);
                if (!left.isEmpty()) deleteOwned(slice, driver, journal, events, n.networkId(), left);
            }
            for (NetworkPlan n : diff.removedNetworks()) {
                deleteOwned(slice, driver, journal, events, n.networkId(), null);
                stepDone.accept("removed network " + n.name());
            }
        } catch (RuntimeException failure) {
            String reason = failures.tell(failure, "the deploy of slice " + slice.sliceName(), null);
            // The rollback deletes the failed VMs' folders: what they said goes with the job first.
            collectEvidence(slice, driver, failedVms, events);
            events.accept(new DeployEvent.RollingBack(reason));
            JobOutcome outcome = rollback(slice, driver, journal, events, before, listedBefore);
            events.accept(new DeployEvent.Finished(outcome, reason));
            return outcome;
        }
        String reshaped = diff.changedLinks().isEmpty() ? "" : "; " + String.join("; ", diff.changedLinks().stream().map(LinkChange::describe).toList());
        events.accept(new DeployEvent.Finished(JobOutcome.SUCCEEDED, "deployed " + plural(vms.size(), "VM") + " on " + plural(networks.size(), "network") + reshaped));
        return JobOutcome.SUCCEEDED;
    }

    /** One VM port to shape: a NIC of a VM on an impaired link, or on a link whose impairment changed. */
    private record Shaping(VmPlan vm, NicPlan nic, LinkImpairment impairment) {
        String describe() {
            return "link " + nic.linkId() + " on " + vm.name() + ": " + (impairment.impairs() ? impairment.summary() : "plain");
        }
    }

    /**
     * The ports to shape: every NIC of a created or replaced VM whose link is impaired (its tap is
     * new), and every NIC of a VM that stays on a link whose impairment changed (in place, so
     * the VM keeps running; back to none removes the shaping).
     */
    private static List<Shaping> shapings(DeploymentPlan plan, PlanDiff diff, List<VmPlan> created) {
        List<Shaping> out = new ArrayList<>();
        Set<String> fresh = new HashSet<>();
        for (VmPlan vm : created) {
            fresh.add(vm.vmId());
            for (NicPlan nic : vm.nics()) {
                LinkImpairment imp = plan.impairment(nic.linkId());
                if (imp.impairs()) out.add(new Shaping(vm, nic, imp));
            }
        }
        for (LinkChange change : diff.changedLinks())
            for (VmPlan vm : plan.vms()) {
                if (fresh.contains(vm.vmId())) continue;
                for (NicPlan nic : vm.nics()) if (nic.linkId().equals(change.linkId())) out.add(new Shaping(vm, nic, change.after()));
            }
        return out;
    }

    /**
     * Deletes what exists now but did not before the job: journaled since, or listed by the
     * platform and unknown (created by a step that died before it could report).
     */
    public JobOutcome rollback(SliceContext slice, SliceDriver driver, DeploymentJournal journal, Consumer<DeployEvent> events,
                               Set<ResourceRef> before, Set<ResourceRef> listedBefore) {
        Set<ResourceRef> mine = new LinkedHashSet<>();
        for (ResourceRef r : journal.resources()) if (!before.contains(r)) mine.add(r);
        for (ResourceRef r : safeList(slice, driver)) if (!before.contains(r) && !listedBefore.contains(r)) mine.add(r);
        deleteByRank(slice, driver, journal, events, mine);
        List<ResourceRef> after = listOrNull(slice, driver);
        if (after == null) return JobOutcome.INCOMPLETE;
        for (ResourceRef r : after) if (!before.contains(r) && !listedBefore.contains(r)) return JobOutcome.INCOMPLETE;
        for (ResourceRef r : journal.resources()) if (!before.contains(r)) return JobOutcome.INCOMPLETE;
        return JobOutcome.ROLLED_BACK;
    }

    /** Removes every resource of the slice, recorded or found, and proves the platform holds none. */
    public JobOutcome undeploy(SliceContext slice, SliceDriver driver, DeploymentJournal journal, Consumer<DeployEvent> events) {
        for (VmPlan vm : slice.plan().vms()) events.accept(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.DELETING, null));
        Set<ResourceRef> all = new LinkedHashSet<>(journal.resources());
        all.addAll(safeList(slice, driver));
        RuntimeException failure = deleteByRank(slice, driver, journal, events, all);
        Failures failures = new Failures(slice.sliceId());
        List<ResourceRef> listed = listOrNull(slice, driver);
        List<ResourceRef> left = listed == null ? List.of() : listed;
        JobOutcome outcome = listed != null && left.isEmpty() && journal.resources().isEmpty() ? JobOutcome.SUCCEEDED : JobOutcome.INCOMPLETE;
        if (outcome == JobOutcome.SUCCEEDED)
            for (VmPlan vm : slice.plan().vms()) events.accept(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.DELETED, null));
        String message = outcome == JobOutcome.SUCCEEDED ? "undeployed"
                : listed == null ? "the platform could not be listed to prove the slice is gone; run undeploy again"
                : "could not delete " + describe(left.isEmpty() ? journal.resources() : left)
                  + (failure == null ? "" : " (first failure: " + failures.tell(failure, "the undeploy of slice " + slice.sliceName(), null) + ")");
        events.accept(new DeployEvent.Finished(outcome, message));
        return outcome;
    }

    /** Each failed VM's evidence, in the order of the plan; a VM the platform can say nothing of is skipped. */
    private static void collectEvidence(SliceContext slice, SliceDriver driver, Set<VmPlan> failed, Consumer<DeployEvent> events) {
        for (VmPlan vm : slice.plan().vms()) {
            if (!failed.contains(vm)) continue;
            VmEvidence e;
            try {
                e = driver.evidence(slice, vm);
            } catch (RuntimeException x) {
                // Evidence is best effort; the rollback must go on whatever the platform says.
                LoggerFactory.getLogger(DeploymentRunner.class).warn("slice {} vm {}: its console could not be read before the rollback", slice.sliceId(), vm.vmId(), x);
                continue;
            }
            if (e != null && !e.isEmpty()) events.accept(new DeployEvent.EvidenceCollected(vm.vmId(), vm.name(), e));
        }
    }

    /** What {@code owner} has, on {@code onHosts} only when that is given, deleted and proven gone like any step. */
    private void deleteOwned(SliceContext slice, SliceDriver driver, DeploymentJournal journal, Consumer<DeployEvent> events,
                             String owner, Set<String> onHosts) {
        Set<ResourceRef> owned = new LinkedHashSet<>();
        for (ResourceRef r : journal.resources()) if (r.owner().equals(owner)) owned.add(r);
        for (ResourceRef r : driver.list(slice)) if (r.owner().equals(owner)) owned.add(r);
        if (onHosts != null) owned.removeIf(r -> !onHosts.contains(r.host()));
        RuntimeException failure = deleteByRank(slice, driver, journal, events, owned);
        if (failure != null) throw failure;
    }

    private static boolean inPlace(DeploymentPlan running, NetworkPlan next) {
        return running != null && running.network(next.networkId()).map(old -> old.sameSegmentAs(next)).orElse(false);
    }

    /**
     * Highest rank first; within a rank the driver's groups ({@link SliceDriver#deleteGroups}: on
     * Linux, one per host, one round trip each) in parallel. When a rank cannot be fully deleted,
     * the lower ranks stay: they may be what the survivors still use (a bridge under a running VM).
     * All of it stays journaled, so the next attempt resumes where this one stopped. Returns the
     * first failure (null when all went), so the job's last message can say why something is left.
     */
    private RuntimeException deleteByRank(SliceContext slice, SliceDriver driver, DeploymentJournal journal, Consumer<DeployEvent> events,
                                          Set<ResourceRef> refs) {
        Set<ResourceRef> going = Set.copyOf(refs);
        Consumer<ResourceRef> deleted = r -> {
            journal.forget(r);
            events.accept(new DeployEvent.ResourceDeleted(r));
        };
        for (List<ResourceRef> rank : byRankHighestFirst(refs)) {
            try {
                runAll(driver.deleteGroups(rank), group -> driver.deleteTogether(slice, group, going, deleted));
            } catch (RuntimeException e) {
                return e;
            }
        }
        return null;
    }

    /** The resources grouped by teardown rank, highest first: the order every teardown deletes them in. */
    public static List<List<ResourceRef>> byRankHighestFirst(java.util.Collection<ResourceRef> refs) {
        Map<Integer, List<ResourceRef>> byRank = new TreeMap<>(Comparator.reverseOrder());
        for (ResourceRef r : refs) byRank.computeIfAbsent(r.teardownRank(), k -> new ArrayList<>()).add(r);
        return List.copyOf(byRank.values());
    }

    /**
     * Follows the VM until it runs, fails, or its boot budget (counted from its launch) is spent.
     * A slow boot is no failure until then; meanwhile its progress is told every
     * {@code progressEvery}: how long it has booted and what the platform last saw of it.
     */
    private void awaitRunning(SliceContext slice, SliceDriver driver, VmPlan vm, Consumer<DeployEvent> events) {
        Duration allowed = budget.of(vm, driver);
        long started = System.nanoTime(), deadline = started + allowed.toNanos(), nextProgress = started + progressEvery.toNanos();
        VmStatus last = null;
        while (System.nanoTime() < deadline) {
            last = driver.status(slice, vm);
            if (last.state() == VmState.RUNNING) return;
            if (last.state() == VmState.FAILED)
                throw new DriverException(vm.name() + " failed" + (last.detail() == null ? "" : ": " + last.detail()));
            long now = System.nanoTime();
            if (now >= nextProgress) {
                events.accept(new DeployEvent.VmChanged(vm.vmId(), vm.name(), VmState.BOOTING,
                        "booting for " + Duration.ofNanos(now - started).toSeconds() + " s of " + allowed.toSeconds() + " s" + seen(last)));
                nextProgress = now + progressEvery.toNanos();
            }
            sleep(pollInterval);
        }
        // Name the worker: a VM stuck booting is most often a worker in trouble, or an image that needs a larger budget.
        throw new DriverException(vm.name() + " on " + vm.workerId() + " did not reach RUNNING within its boot budget of " + allowed.toSeconds()
                + " s (last state " + (last == null ? "unknown" : last.state()) + seen(last) + "); if the image is known to boot slowly,"
                + " an administrator can raise its boot budget (the image's bootSeconds or the zone's setting)");
    }

    /** What the platform last said of a booting VM (the Linux driver: its console's last line), as a clause. */
    private static String seen(VmStatus status) {
        return status == null || status.detail() == null || status.detail().isBlank() ? "" : ", " + status.detail();
    }

    /** Runs every task in parallel and waits for all of them, so a failure never leaves a step running unseen. */
    private <T> void runAll(List<T> items, Consumer<T> task) {
        List<Future<?>> futures = new ArrayList<>(items.size());
        for (T item : items) futures.add(pool.submit((Callable<Void>) () -> { task.accept(item); return null; }));
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // A checked exception from a step is not a platform's answer: an internal error, told as one.
                if (first == null) first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (first == null) first = new DriverException("interrupted");
            }
        }
        if (first != null) throw first;
    }

    /** For collecting what to delete: a platform that cannot list yields what the journal knows. */
    private static List<ResourceRef> safeList(SliceContext slice, SliceDriver driver) {
        List<ResourceRef> l = listOrNull(slice, driver);
        return l == null ? List.of() : l;
    }

    /** For proving a slice is gone: null means the platform could not say, which proves nothing. */
    private static List<ResourceRef> listOrNull(SliceContext slice, SliceDriver driver) {
        try {
            return driver.list(slice);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String describe(List<ResourceRef> refs) {
        return refs.size() + " resource(s): " + String.join(", ", refs.stream().limit(5).map(r -> r.kind() + " " + r.name()).toList());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while waiting for a VM to boot");
        }
    }

    private static String plural(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }
}
