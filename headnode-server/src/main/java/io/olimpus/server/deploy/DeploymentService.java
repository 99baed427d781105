package io.olimpus.server.deploy;

import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Catalog;
import io.olimpus.model.validation.Problem;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Passwords;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.db.Unique;
import io.olimpus.server.engine.apply.DeployEvent;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.apply.Failures;
import io.olimpus.server.engine.apply.JobOutcome;
import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.guest.GuestAccess;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.PlanDiff;
import io.olimpus.server.engine.plan.PlanRequest;
import io.olimpus.server.engine.plan.PlanResult;
import io.olimpus.server.engine.plan.Planner;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.slices.Slice;
import io.olimpus.server.slices.SliceService;
import io.olimpus.server.slices.SliceStatus;
import io.olimpus.server.slices.SliceStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Deploys, edits and undeploys slices as asynchronous jobs: plans against what the zone holds,
 * claims the plan's ids under unique keys (re-planning when another deploy won a race), applies
 * through the zone's driver while journaling every resource, and moves the slice's status. A job
 * a killed server left running is rolled back (or its undeploy finished) by {@link #recover()}.
 */
public final class DeploymentService {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);
    /**
     * A lost claim means another deploy took an id first; each round at least one claimer wins, so
     * this bounds how many deploys may plan at once (a lab opens 8 copies together) with room to spare.
     */
    private static final int CLAIM_ATTEMPTS = 16;
    /** What a caller refused during crash recovery is told to wait: a rollback after a restart takes seconds. */
    static final int RECOVERY_RETRY_SECONDS = 10;
    /** And while a job runs: long enough not to hammer the server, short enough to catch its end. */
    static final int BUSY_RETRY_SECONDS = 5;

    /** A dry run: the plan and what applying it would add, remove or change. */
    public record Preview(DeploymentPlan plan, PlanDiff diff, List<Problem> problems) {}

    /**
     * One VM of the plan as the platform reports it now; {@code consoleInBrowser}: its console is
     * the cloud's own page (opened in a browser), not RFB bytes through this server.
     */
    public record VmReport(VmPlan vm, VmStatus status, boolean consoleInBrowser, boolean serialConsole) {}

    private final SliceService slices;
    private final SliceStore sliceStore;
    private final DeploymentStore store;
    private final Supplier<Catalog> catalog;
    private final ZoneBackend.Factory zones;
    private final DeploymentRunner runner;
    private final ExecutorService jobs;
    private final AuditLog audit;
    private final Clock clock;
    private final JobHub hub = new JobHub();
    private final SecureRandom random = new SecureRandom();
    /** Slices whose job a restarted server is finishing (rolling back or undeploying) right now. */
    private final Set<Long> recovering = ConcurrentHashMap.newKeySet();

    public DeploymentService(SliceService slices, SliceStore sliceStore, DeploymentStore store, Supplier<Catalog> catalog,
                             ZoneBackend.Factory zones, DeploymentRunner runner, ExecutorService jobs, AuditLog audit, Clock clock) {
        this.slices = slices;
        this.sliceStore = sliceStore;
        this.store = store;
        this.catalog = catalog;
        this.zones = zones;
        this.runner = runner;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- planning ---------------------------------------------------------------------------

    private record Target(Slice slice, Topology topology, String zone) {}

    private Target target(Slice s) {
        if (s.zone() == null) throw DomainError.badField("zone", "the slice names no availability zone; set 'zone' in its design to deploy it");
        Topology t = TopologyFile.read(sliceStore.topologyJson(s.id()).orElseThrow(() -> DomainError.notFound("slice " + s.id()))).topology();
        for (Node n : t.vms())
            if (n.vm().zone() != null && !n.vm().zone().equals(s.zone()))
                throw DomainError.badField("topology.nodes." + n.id() + ".zone",
                        "VM '" + n.name() + "' asks for zone '" + n.vm().zone() + "' but the slice deploys to '" + s.zone() + "'; one zone per slice");
        return new Target(s, t, s.zone());
    }

    /**
     * The zone's backend; a zone that is not ready is a 409. An admin reads why (a file, a host, a
     * setting); anyone else reads that the zone is not ready, and the admins find the detail in
     * the log and the audit log.
     */
    private ZoneBackend backend(Principal caller, String zone) {
        try {
            return zones.open(zone);
        } catch (ZoneBackend.ZoneNotReady e) {
            String told = e.getMessage();
            if (!caller.isAdmin() && !e.forEveryone().equals(told)) {
                LOG.warn("zone {} refused a deployment of {}: {}", zone, caller.username(), told);
                audit.record(caller, "zone.not-ready", zone, told);
                told = e.forEveryone();
            }
            throw new DomainError(DomainError.Kind.CONFLICT, "zone-not-ready", told, "zone", told, Map.of());
        }
    }

    private PlanResult plan(Target t, ZoneBackend b, DeploymentPlan running) {
        // What the zone's deployed slices hold, this one's running VMs included (the planner keeps those in place).
        List<DeploymentPlan> all = new ArrayList<>(store.otherPlans(t.zone(), t.slice().id()));
        if (running != null) all.add(running);
        List<WorkerCapacity> workers = holding(b, all);
        PlanResult r = Planner.plan(new PlanRequest(t.slice().name(), t.topology(), catalog.get(), b.policy(), workers,
                store.allocationsExcept(t.zone(), t.slice().id()), running, random));
        // What the zone's platform cannot carry (a link property it has no means for) is refused with the rest, never ignored.
        List<Problem> unsupported = b.driver().designProblems(t.topology());
        if (unsupported.isEmpty()) return r;
        List<Problem> problems = new ArrayList<>(r instanceof PlanResult.Refused refused ? refused.problems() : List.of());
        problems.addAll(unsupported);
        return new PlanResult.Refused(problems);
    }

    /** The zone's workers, each with what {@code plans} hold on it (or what the platform reports when they hold nothing there). */
    private static List<WorkerCapacity> holding(ZoneBackend b, List<DeploymentPlan> plans) {
        Map<String, Resources> used = new HashMap<>();
        for (DeploymentPlan p : plans) for (VmPlan v : p.vms()) used.merge(v.workerId(), v.resources(), Resources::plus);
        return b.workers().stream()
                .map(w -> new WorkerCapacity(w.workerId(), w.name(), w.capacity(), used.getOrDefault(w.workerId(), w.used()), w.up())).toList();
    }

    /** A zone as a deploy would plan against it now: its rules and its workers with what deployed slices hold. */
    public record ZoneRoom(io.olimpus.server.engine.plan.ZonePolicy policy, List<WorkerCapacity> workers) {}

    /**
     * What the zone holds now, leaving out the slices of {@code excluding} (a lab's own copies, which
     * a forecast places again); a zone that is not ready is a 409, as for a deploy.
     */
    public ZoneRoom room(Principal caller, String zone, Set<Long> excluding) {
        ZoneBackend b = backend(caller, zone);
        List<DeploymentPlan> plans = store.plansInZone(zone).stream().filter(p -> !excluding.contains(p.sliceId()))
                .map(DeploymentStore.SlicePlan::plan).toList();
        return new ZoneRoom(b.policy(), holding(b, plans));
    }

    /** Blocks until the job is no longer running or {@code millis} passed; the job as it is then. */
    public DeployJob awaitFinished(long jobId, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            DeployJob j = store.job(jobId).orElseThrow(() -> DomainError.notFound("job " + jobId));
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (j.state() != DeployJob.State.RUNNING || left <= 0) return j;
            hub.await(jobId, Math.min(left, 1000));
        }
    }

    public Preview preview(Principal caller, long sliceId) {
        Target t = target(slices.visible(caller, sliceId));
        DeploymentPlan running = store.plan(sliceId).orElse(null);
        PlanResult r = plan(t, backend(caller, t.zone()), running);
        if (r instanceof PlanResult.Planned p) return new Preview(p.plan(), p.diff(), List.of());
        return new Preview(null, null, ((PlanResult.Refused) r).problems());
    }

    private static DomainError refused(List<Problem> problems) {
        List<Map<String, Object>> json = problems.stream().map(SliceService::problemJson).toList();
        return new DomainError(DomainError.Kind.UNPROCESSABLE, "does-not-fit", problems.get(0).message(), "topology", problems.get(0).message(), Map.of("problems", json));
    }

    // ---- jobs -------------------------------------------------------------------------------

    /**
     * A deploy started, with the password generated for the VMs it creates (null when it creates
     * none): the caller is told it in the answer to their request and nowhere else.
     */
    public record Started(DeployJob job, String vmPassword) {}

    /** Makes the platform match the slice's design: a first deploy, or an edit of a running slice. */
    public DeployJob deploy(Principal caller, long sliceId) {
        return start(caller, sliceId).job();
    }

    /**
     * As {@link #deploy}, telling the VMs' password. Each deploy that creates VMs gives them a new
     * password, held in memory for the job only and never stored, so that a leaked database or job
     * log reveals none: a VM added by a later edit has that edit's password, and a lost password
     * is replaced by deploying again (or reached through the owner's SSH key).
     */
    public Started start(Principal caller, long sliceId) {
        Slice s = slices.visible(caller, sliceId);
        if (s.status() == SliceStatus.DEPLOYING || s.status() == SliceStatus.UNDEPLOYING) throw busy(s);
        if (s.status() == SliceStatus.FAILED && !store.resources(sliceId).isEmpty())
            throw DomainError.conflict("slice-has-leftovers", "slice '" + s.name() + "' still has resources from a failed job; undeploy it first", "status");
        Target t = target(s);
        ZoneBackend b = backend(caller, t.zone());
        DeploymentPlan running = s.status() == SliceStatus.RUNNING ? store.plan(sliceId).orElse(null) : null;
        if (!sliceStore.compareAndSetStatus(sliceId, s.status(), SliceStatus.DEPLOYING, clock.millis()))
            throw DomainError.conflict("slice-busy", "slice '" + s.name() + "' changed while deploying; try again", "status");
        DeploymentPlan plan;
        try {
            slices.checkQuotaToDeploy(s, t.topology());
            plan = claimPlan(t, b, running);
        } catch (RuntimeException e) {
            sliceStore.compareAndSetStatus(sliceId, SliceStatus.DEPLOYING, s.status(), clock.millis());
            throw e;
        }
        DeployJob job = store.insertJob(sliceId, DeployJob.Kind.DEPLOY, caller.username(), plan, clock.millis());
        audit.record(caller, running == null ? "slice.deploy" : "slice.apply", s.owner() + "/" + s.name(), "job " + job.id());
        LOG.info("job {} slice {} ({}/{}): {} of {} VM(s) queued by {}", job.id(), sliceId, s.owner(), s.name(),
                running == null ? "deploy" : "edit", plan.vms().size(), caller.username());
        PlanDiff diff = PlanDiff.between(running, plan);
        boolean createsVms = !diff.addedVms().isEmpty() || !diff.changedVms().isEmpty();  // a changed VM is created anew
        SliceService.GuestSettings settings = slices.guestSettings(s);
        String password = createsVms ? Passwords.generate() : null;
        SliceContext ctx = new SliceContext(platformId(sliceId), s.name(), plan,
                new GuestAccess(settings.sshPublicKey(), password, settings.cloudConfig()));
        jobs.submit(() -> runDeploy(job, ctx, running, b));
        return new Started(job, password);
    }

    /** Plans and claims the plan's ids; another deploy claiming one first makes us plan again. */
    private DeploymentPlan claimPlan(Target t, ZoneBackend b, DeploymentPlan running) {
        for (int attempt = 1; ; attempt++) {
            PlanResult r = plan(t, b, running);
            if (r instanceof PlanResult.Refused refused) throw refused(refused.problems());
            DeploymentPlan plan = ((PlanResult.Planned) r).plan();
            try {
                store.claim(t.slice().id(), plan);
                return plan;
            } catch (RuntimeException e) {
                if (!(Unique.isViolation(e) || io.olimpus.server.db.Deadlock.isDeadlock(e)) || attempt >= CLAIM_ATTEMPTS) throw e;
            }
        }
    }

    private void runDeploy(DeployJob job, SliceContext ctx, DeploymentPlan running, ZoneBackend b) {
        long sliceId = job.sliceId();
        try (var tag = MDC.putCloseable(Failures.JOB, Long.toString(job.id()))) {
            LOG.info("job {} slice {}: running", job.id(), sliceId);
            Consumer<DeployEvent> events = recorder(job.id(), sliceId);
            JobOutcome outcome;
            try {
                outcome = runner.apply(ctx, running, PlanDiff.between(running, ctx.plan()), b.driver(), new DbJournal(store, sliceId, job.id(), clock), events);
            } catch (RuntimeException e) {
                try {
                events.accept(new DeployEvent.Finished(JobOutcome.INCOMPLETE, new Failures(ctx.sliceId()).tell(e, "the deploy of slice " + ctx.sliceName(), null)));
            } catch (RuntimeException lost) {
                LOG.warn("job {} slice {}: the failure's event could not be recorded", job.id(), ctx.sliceId(), lost);
            }
                outcome = JobOutcome.INCOMPLETE;
            }
            JobOutcome ended = outcome;
            settleSurely(job, SliceStatus.DEPLOYING, () -> settleDeploy(job, ctx.plan(), running, ended));
        }
    }

    /**
     * Records how a job ended. The job runs on a pool thread whose exceptions nobody reads, so a
     * store failure here (seen: a transient database error while six class deploys settled at once
     * on MariaDB) must not leave the job RUNNING for ever: the settle is tried again once, and if it
     * fails again the job ends INCOMPLETE and the slice FAILED, which an undeploy clears.
     */
    private void settleSurely(DeployJob job, SliceStatus busy, Runnable settle) {
        try {
            settle.run();
            return;
        } catch (RuntimeException first) {
            LOG.warn("job {} slice {}: recording how the job ended failed; trying once more", job.id(), job.sliceId(), first);
        }
        try {
            settle.run();
        } catch (RuntimeException again) {
            LOG.error("job {} slice {}: could not record how the job ended", job.id(), job.sliceId(), again);
            try {
                long now = clock.millis();
                sliceStore.compareAndSetStatus(job.sliceId(), busy, SliceStatus.FAILED, now);
                store.finishJob(job.id(), DeployJob.State.INCOMPLETE,
                        "the server could not record how this job ended (see its log); undeploy the slice to remove what remains", now);
            } catch (RuntimeException e) {
                LOG.error("job {} slice {}: the job stays RUNNING until the server restarts and recovers it", job.id(), job.sliceId(), e);
            } finally {
                hub.finished(job.id());
            }
        }
    }

    private void settleDeploy(DeployJob job, DeploymentPlan plan, DeploymentPlan running, JobOutcome outcome) {
        long sliceId = job.sliceId(), now = clock.millis();
        String message = lastMessage(job.id());
        switch (outcome) {
            case SUCCEEDED -> {
                store.savePlan(sliceId, plan, now);
                store.releaseExcept(sliceId, plan);
                sliceStore.compareAndSetStatus(sliceId, SliceStatus.DEPLOYING, SliceStatus.RUNNING, now);
                store.finishJob(job.id(), DeployJob.State.SUCCEEDED, message, now);
            }
            case ROLLED_BACK -> {
                // An edit that failed leaves the slice running as it was; a first deploy leaves nothing.
                store.releaseExcept(sliceId, running);
                if (running == null) store.deletePlan(sliceId);
                sliceStore.compareAndSetStatus(sliceId, SliceStatus.DEPLOYING, running == null ? SliceStatus.FAILED : SliceStatus.RUNNING, now);
                store.finishJob(job.id(), DeployJob.State.ROLLED_BACK, message, now);
            }
            case INCOMPLETE -> {
                // Resources are left: keep their ids claimed and the plan that names them, so undeploy can finish.
                store.savePlan(sliceId, plan, now);
                sliceStore.compareAndSetStatus(sliceId, SliceStatus.DEPLOYING, SliceStatus.FAILED, now);
                store.finishJob(job.id(), DeployJob.State.INCOMPLETE, message + " — resources remain; undeploy the slice to remove them", now);
            }
        }
        LOG.info("job {} slice {}: deploy finished {}", job.id(), sliceId, outcome);
        hub.finished(job.id());
    }

    /** Removes every resource of the slice and proves the platform holds none. */
    public DeployJob undeploy(Principal caller, long sliceId) {
        Slice s = slices.visible(caller, sliceId);
        if (s.status() == SliceStatus.DEPLOYING || s.status() == SliceStatus.UNDEPLOYING) throw busy(s);
        boolean leftovers = !store.resources(sliceId).isEmpty() || store.plan(sliceId).isPresent();
        if (!(s.status() == SliceStatus.RUNNING || (s.status() == SliceStatus.FAILED && leftovers)))
            throw DomainError.conflict("not-deployed", "slice '" + s.name() + "' is " + s.status() + " and has nothing deployed", "status");
        ZoneBackend b = backend(caller, s.zone());
        if (!sliceStore.compareAndSetStatus(sliceId, s.status(), SliceStatus.UNDEPLOYING, clock.millis()))
            throw DomainError.conflict("slice-busy", "slice '" + s.name() + "' changed meanwhile; try again", "status");
        DeploymentPlan plan = store.plan(sliceId).orElse(new DeploymentPlan(s.name(), s.zone(), List.of(), List.of()));
        DeployJob job = store.insertJob(sliceId, DeployJob.Kind.UNDEPLOY, caller.username(), plan, clock.millis());
        audit.record(caller, "slice.undeploy", s.owner() + "/" + s.name(), "job " + job.id());
        LOG.info("job {} slice {} ({}/{}): undeploy queued by {}", job.id(), sliceId, s.owner(), s.name(), caller.username());
        jobs.submit(() -> runUndeploy(job, new SliceContext(platformId(sliceId), s.name(), plan), b));
        return job;
    }

    /**
     * The truth about a slice whose job is running: a deploy or undeploy in progress, or one a
     * restarted server is finishing. Either way it ends by itself; the caller retries after it.
     */
    private DomainError busy(Slice s) {
        boolean recovery = recovering.contains(s.id());
        long job = store.latestJob(s.id()).map(DeployJob::id).orElse(0L);
        int retry = recovery ? RECOVERY_RETRY_SECONDS : BUSY_RETRY_SECONDS;
        String what = recovery
                ? "is being recovered after a server restart (job " + job + (s.status() == SliceStatus.DEPLOYING
                        ? ", its interrupted deploy is being rolled back)" : ", its interrupted undeploy is being finished)")
                : "is " + s.status() + " (job " + job + " is running)";
        return new DomainError(DomainError.Kind.CONFLICT, recovery ? "slice-recovering" : "slice-busy",
                "slice '" + s.name() + "' " + what + "; try again in " + retry + " s", "status", "slice " + what,
                Map.of("retryAfterSeconds", retry, "job", job));
    }

    private void runUndeploy(DeployJob job, SliceContext ctx, ZoneBackend b) {
        try (var tag = MDC.putCloseable(Failures.JOB, Long.toString(job.id()))) {
            LOG.info("job {} slice {}: running", job.id(), job.sliceId());
            undeployAndSettle(job, ctx, b);
        }
    }

    private void undeployAndSettle(DeployJob job, SliceContext ctx, ZoneBackend b) {
        Consumer<DeployEvent> events = recorder(job.id(), job.sliceId());
        JobOutcome outcome;
        try {
            outcome = runner.undeploy(ctx, b.driver(), new DbJournal(store, job.sliceId(), job.id(), clock), events);
        } catch (RuntimeException e) {
            try {
                events.accept(new DeployEvent.Finished(JobOutcome.INCOMPLETE, new Failures(ctx.sliceId()).tell(e, "the undeploy of slice " + ctx.sliceName(), null)));
            } catch (RuntimeException lost) {
                LOG.warn("job {} slice {}: the failure's event could not be recorded", job.id(), ctx.sliceId(), lost);
            }
            outcome = JobOutcome.INCOMPLETE;
        }
        JobOutcome ended = outcome;
        settleSurely(job, SliceStatus.UNDEPLOYING, () -> settleUndeploy(job, ended));
    }

    private void settleUndeploy(DeployJob job, JobOutcome outcome) {
        long now = clock.millis();
        if (outcome == JobOutcome.SUCCEEDED) {
            store.deletePlan(job.sliceId());
            store.releaseExcept(job.sliceId(), null);
            sliceStore.compareAndSetStatus(job.sliceId(), SliceStatus.UNDEPLOYING, SliceStatus.DRAFT, now);
            store.finishJob(job.id(), DeployJob.State.SUCCEEDED, lastMessage(job.id()), now);
        } else {
            sliceStore.compareAndSetStatus(job.sliceId(), SliceStatus.UNDEPLOYING, SliceStatus.FAILED, now);
            store.finishJob(job.id(), DeployJob.State.INCOMPLETE, lastMessage(job.id()), now);
        }
        LOG.info("job {} slice {}: undeploy finished {}", job.id(), job.sliceId(), outcome);
        hub.finished(job.id());
    }

    /**
     * At start-up: a job left RUNNING belongs to a server that died mid-way. A deploy is rolled back
     * (what it created is journaled, or listed by the platform); an undeploy is run again.
     */
    public int recover() {
        List<DeployJob> orphans = store.runningJobs();
        for (DeployJob job : orphans) {
            Slice s = sliceStore.get(job.sliceId()).orElse(null);
            if (s == null) { store.finishJob(job.id(), DeployJob.State.INCOMPLETE, "the slice is gone", clock.millis()); continue; }
            DeploymentPlan plan = store.jobPlan(job.id());
            ZoneBackend b;
            try {
                b = zones.open(s.zone());
            } catch (RuntimeException e) {
                // The zone's detail may name the server's files: the log has it, the job says what anyone may read.
                LOG.warn("job {} slice {}: cannot resume after a restart: {}", job.id(), s.id(), e.getMessage());
                String told = "cannot resume after a restart: " + (e instanceof ZoneBackend.ZoneNotReady z ? z.forEveryone()
                        : "zone '" + s.zone() + "' cannot be opened; an administrator can find job " + job.id() + " in the server log");
                recorder(job.id(), s.id()).accept(new DeployEvent.Finished(JobOutcome.INCOMPLETE, told));
                sliceStore.compareAndSetStatus(job.sliceId(), s.status(), SliceStatus.FAILED, clock.millis());
                store.finishJob(job.id(), DeployJob.State.INCOMPLETE, told, clock.millis());
                continue;
            }
            SliceContext ctx = new SliceContext(platformId(s.id()), s.name(), plan);
            recovering.add(s.id());
            LOG.info("job {} slice {}: left running by the previous server; {}", job.id(), s.id(),
                    job.kind() == DeployJob.Kind.UNDEPLOY ? "finishing its undeploy" : "rolling its deploy back");
            if (job.kind() == DeployJob.Kind.UNDEPLOY) {
                jobs.submit(() -> {
                    try {
                        runUndeploy(job, ctx, b);
                    } finally {
                        recovering.remove(s.id());
                    }
                });
                continue;
            }
            DeploymentPlan running = store.plan(s.id()).orElse(null);
            jobs.submit(() -> {
                try (var tag = MDC.putCloseable(Failures.JOB, Long.toString(job.id()))) {
                    Consumer<DeployEvent> events = recorder(job.id(), s.id());
                    events.accept(new DeployEvent.RollingBack("the server restarted during this deploy"));
                    Set<ResourceRef> before = new HashSet<>(store.resourcesBefore(s.id(), job.id()));
                    JobOutcome outcome;
                    try {
                        outcome = runner.rollback(ctx, b.driver(), new DbJournal(store, s.id(), job.id(), clock), events, before, before);
                    } catch (RuntimeException e) {
                        LOG.error("job {} slice {}: the rollback after a restart failed", job.id(), s.id(), e);
                        outcome = JobOutcome.INCOMPLETE;
                    }
                    events.accept(new DeployEvent.Finished(outcome, outcome == JobOutcome.ROLLED_BACK
                            ? "the server restarted during this deploy; everything it had created was removed"
                            : "the server restarted during this deploy and could not remove everything; undeploy the slice"));
                    settleDeploy(job, plan, running, outcome);
                } finally {
                    recovering.remove(s.id());
                }
            });
        }
        return orphans.size();
    }

    /**
     * Stores each event of a job as clients read it, and writes the job's transitions (a VM failed,
     * rolling back, finished) to the server log with the slice, job and VM ids; a failed VM's
     * evidence is kept apart from the events.
     */
    private Consumer<DeployEvent> recorder(long jobId, long sliceId) {
        AtomicInteger seq = new AtomicInteger(store.lastSeq(jobId));
        return e -> {
            if (e instanceof DeployEvent.EvidenceCollected ev) {
                store.saveEvidence(jobId, new DeploymentStore.StoredEvidence(ev.vmId(), ev.vmName(), ev.evidence().console(),
                        ev.evidence().platformLog(), clock.millis()));
                LOG.info("job {} slice {} vm {} ({}): kept its console's last {} and its platform log's last {} characters",
                        jobId, sliceId, ev.vmId(), ev.vmName(), ev.evidence().console().length(), ev.evidence().platformLog().length());
                return;
            }
            if (e instanceof DeployEvent.VmChanged v && v.state() == io.olimpus.server.engine.driver.VmState.FAILED)
                LOG.warn("job {} slice {} vm {} ({}): failed: {}", jobId, sliceId, v.vmId(), v.vmName(), v.detail());
            else if (e instanceof DeployEvent.RollingBack r) LOG.warn("job {} slice {}: rolling back: {}", jobId, sliceId, r.reason());
            else if (e instanceof DeployEvent.Finished f) LOG.info("job {} slice {}: {}: {}", jobId, sliceId, f.outcome(), f.message());
            String json = WireEvents.json(WireEvents.wire(e));
            synchronized (seq) {
                store.addEvent(jobId, seq.incrementAndGet(), clock.millis(), json);
            }
            hub.changed(jobId);
        };
    }

    private String lastMessage(long jobId) {
        List<DeploymentStore.StoredEvent> events = store.events(jobId, 0);
        for (int i = events.size() - 1; i >= 0; i--)
            if (WireEvents.read(events.get(i).json()) instanceof io.olimpus.wire.Wire.DeployEvent.Finished f) return f.message() == null ? "" : f.message();
        return null;
    }

    // ---- reading jobs -----------------------------------------------------------------------

    public DeployJob job(Principal caller, long jobId) {
        DeployJob j = store.job(jobId).orElseThrow(() -> DomainError.notFound("job " + jobId));
        try {
            slices.readable(caller, j.sliceId());  // its owner, admins, and the owner's instructors (read-only)
        } catch (DomainError e) {
            throw DomainError.notFound("job " + jobId);
        }
        return store.job(jobId).orElseThrow();
    }

    public List<DeploymentStore.StoredEvent> events(long jobId, int afterSeq) { return store.events(jobId, afterSeq); }

    /** What the job's failed VMs left (their console's end), for whoever may read the job: its slice's owner and admins. */
    public List<DeploymentStore.StoredEvidence> evidence(Principal caller, long jobId) {
        return store.evidence(job(caller, jobId).id());
    }

    /** The job's state as stored; callers have checked visibility already. */
    DeployJob.State jobState(long jobId) { return store.job(jobId).map(DeployJob::state).orElse(DeployJob.State.INCOMPLETE); }

    /** Blocks until the job has events after {@code afterSeq}, it finished, or {@code millis} passed. */
    public void awaitEvents(long jobId, int afterSeq, long millis) throws InterruptedException {
        if (store.lastSeq(jobId) > afterSeq) return;
        hub.await(jobId, millis);
    }

    public DeployJob latestJob(Principal caller, long sliceId) {
        slices.readable(caller, sliceId);
        return store.latestJob(sliceId).orElseThrow(() -> DomainError.notFound("job of slice " + sliceId));
    }

    // ---- operating running slices -----------------------------------------------------------

    public List<VmReport> vms(Principal caller, long sliceId) {
        Slice s = slices.readable(caller, sliceId);
        DeploymentPlan plan = store.plan(sliceId).orElseThrow(() -> DomainError.conflict("not-deployed", "slice '" + s.name() + "' is not deployed", "status"));
        ZoneBackend b = backend(caller, s.zone());
        SliceContext ctx = new SliceContext(platformId(sliceId), s.name(), plan);
        List<VmReport> out = new ArrayList<>();
        boolean browser = b.driver().consoleInBrowser(), serial = b.driver().offersSerialConsole();
        List<VmStatus> states;
        try {
            states = b.driver().statusNow(ctx, plan.vms());
        } catch (RuntimeException e) {
            VmStatus unknown = new VmStatus(io.olimpus.server.engine.driver.VmState.FAILED, "status unknown: "
                    + new Failures(ctx.sliceId()).tell(e, "reading the state of the slice's VMs", null));
            states = java.util.Collections.nCopies(plan.vms().size(), unknown);
        }
        for (int i = 0; i < plan.vms().size(); i++) out.add(new VmReport(plan.vms().get(i), states.get(i), browser, serial));
        return out;
    }

    public void power(Principal caller, long sliceId, String vmName, PowerAction action) {
        RunningVm t = runningVm(caller, sliceId, vmName, "VMs can be stopped and started only while it runs");
        backend(caller, t.slice().zone()).driver().power(t.context(), t.vm(), action);
        audit.record(caller, "vm." + action.name().toLowerCase(java.util.Locale.ROOT), t.label(), null);
    }

    /**
     * Checks, without touching the platform, that the caller may open the VM's console: the same
     * rules as {@link #power} (a visible, running slice; a VM of its plan). A WebSocket upgrade
     * runs this first, so a refusal is a plain HTTP answer.
     */
    public void checkConsole(Principal caller, long sliceId, String vmName) {
        runningVm(caller, sliceId, vmName, "a console is open only while it runs");
    }

    /** Opens the VM's graphical console (RFB bytes both ways) through its zone's driver; the caller closes it. */
    public Console console(Principal caller, long sliceId, String vmName) {
        RunningVm t = runningVm(caller, sliceId, vmName, "a console is open only while it runs");
        Console c = backend(caller, t.slice().zone()).driver().console(t.context(), t.vm());
        audit.record(caller, "vm.console", t.label(), null);
        return c;
    }

    /**
     * Checks, without touching the platform, that the caller may open the VM's serial console: a
     * running VM they may see, on a zone whose platform has one.
     */
    public void checkSerialConsole(Principal caller, long sliceId, String vmName) {
        RunningVm t = runningVm(caller, sliceId, vmName, "a console is open only while it runs");
        if (!backend(caller, t.slice().zone()).driver().offersSerialConsole())
            throw DomainError.conflict("serial-console-unavailable", "zone '" + t.slice().zone()
                    + "' offers no serial console (only Linux zones do); open the VM's graphical console instead", "vm");
    }

    /** Opens the VM's serial console (terminal bytes both ways) through its zone's driver; the caller closes it. */
    public Console serialConsole(Principal caller, long sliceId, String vmName) {
        checkSerialConsole(caller, sliceId, vmName);
        RunningVm t = runningVm(caller, sliceId, vmName, "a console is open only while it runs");
        Console c = backend(caller, t.slice().zone()).driver().serialConsole(t.context(), t.vm());
        audit.record(caller, "vm.serial-console", t.label(), null);
        return c;
    }

    /**
     * Checks, without touching the platform, that the caller may open an SSH connection to the VM
     * through the server, and returns the address it goes to: the VM's on its first network. Only
     * its owner and admins may (an instructor reads a student's slices, never logs into them); the
     * slice runs; the zone's platform relays SSH (on a cloud, a floating IP is the way in); the VM
     * has an address (a VM with no link has none).
     */
    public String checkSsh(Principal caller, long sliceId, String vmName) {
        RunningVm t = runningVm(caller, sliceId, vmName, "SSH reaches its VMs only while it runs: deploy it first");
        return sshAddress(caller, t);
    }

    private String sshAddress(Principal caller, RunningVm t) {
        if (!backend(caller, t.slice().zone()).driver().offersSshRelay())
            throw DomainError.conflict("ssh-unavailable", "zone '" + t.slice().zone() + "' does not relay SSH to its VMs (Linux zones do):"
                    + " on a cloud zone, give the VM internet access so it gets a floating IP, and SSH to that address", "vm");
        return t.vm().nics().stream().map(NicPlan::ip).filter(ip -> ip != null && !ip.isBlank()).findFirst()
                .orElseThrow(() -> DomainError.conflict("no-address", "VM '" + t.vm().name() + "' has no network address to SSH to"
                        + " (it has no link): link it to another node and deploy again, or use its serial console", "vm"));
    }

    /** A byte stream to the VM's SSH port, relayed by its zone's platform; the caller closes it. */
    public Console ssh(Principal caller, long sliceId, String vmName) {
        RunningVm t = runningVm(caller, sliceId, vmName, "SSH reaches its VMs only while it runs: deploy it first");
        String address = sshAddress(caller, t);
        Console c = backend(caller, t.slice().zone()).driver().sshRelay(t.context(), t.vm(), address);
        audit.record(caller, "vm.ssh", t.label(), null);
        return c;
    }

    /**
     * Checks, without touching the platform, that the caller may watch the VM's graphical console
     * read-only: its owner, an admin, or an instructor of a course its owner is enrolled in
     * ({@link SliceService#watchable}); on a zone whose console is relayed by this server, since
     * only a relayed console can be kept read-only here (a cloud's own console page cannot).
     */
    public void checkConsoleWatch(Principal caller, long sliceId, String vmName) {
        RunningVm t = watchedVm(caller, sliceId, vmName);
        if (backend(caller, t.slice().zone()).driver().consoleInBrowser())
            throw DomainError.conflict("read-only-console-unavailable", "zone '" + t.slice().zone() + "' shows consoles on the cloud's own page,"
                    + " which cannot be made read-only; watch the VM's serial console, or ask the student to share their screen", "vm");
    }

    /** Opens the VM's graphical console to be watched: the socket passes none of the viewer's input ({@link ConsoleSocket.Input#RFB_VIEW_ONLY}). */
    public Console consoleWatch(Principal caller, long sliceId, String vmName) {
        checkConsoleWatch(caller, sliceId, vmName);
        RunningVm t = watchedVm(caller, sliceId, vmName);
        Console c = backend(caller, t.slice().zone()).driver().console(t.context(), t.vm());
        audit.record(caller, "vm.console-watch", t.label(), "read-only");
        return c;
    }

    /** As {@link #checkSerialConsole}, for watching read-only. */
    public void checkSerialWatch(Principal caller, long sliceId, String vmName) {
        RunningVm t = watchedVm(caller, sliceId, vmName);
        if (!backend(caller, t.slice().zone()).driver().offersSerialConsole())
            throw DomainError.conflict("serial-console-unavailable", "zone '" + t.slice().zone()
                    + "' offers no serial console (only Linux zones do); watch the VM's graphical console instead", "vm");
    }

    /**
     * What the VM's guest writes on its serial console, to be watched ({@link SliceDriver#serialOutput}):
     * nothing typed reaches the guest, and the student's own terminal keeps the port.
     */
    public Console serialWatch(Principal caller, long sliceId, String vmName) {
        checkSerialWatch(caller, sliceId, vmName);
        RunningVm t = watchedVm(caller, sliceId, vmName);
        Console c = backend(caller, t.slice().zone()).driver().serialOutput(t.context(), t.vm());
        audit.record(caller, "vm.serial-watch", t.label(), "read-only");
        return c;
    }

    /** The cloud's own console page for the VM, for zones whose consoles open in a browser. */
    public String consoleUrl(Principal caller, long sliceId, String vmName) {
        RunningVm t = runningVm(caller, sliceId, vmName, "a console is open only while it runs");
        String url;
        try {
            url = backend(caller, t.slice().zone()).driver().consoleUrl(t.context(), t.vm());
        } catch (DriverException e) {
            throw DomainError.conflict("console-unavailable", e.getMessage(), "vm");
        }
        audit.record(caller, "vm.console", t.label(), null);
        return url;
    }

    private record RunningVm(Slice slice, SliceContext context, VmPlan vm) {
        String label() { return slice.owner() + "/" + slice.name() + "/" + vm.name(); }
    }

    private RunningVm runningVm(Principal caller, long sliceId, String vmName, String why) {
        return runningVm(slices.visible(caller, sliceId), vmName, why);
    }

    private RunningVm watchedVm(Principal caller, long sliceId, String vmName) {
        return runningVm(slices.watchable(caller, sliceId), vmName, "a console is open only while it runs");
    }

    private RunningVm runningVm(Slice s, String vmName, String why) {
        long sliceId = s.id();
        if (s.status() != SliceStatus.RUNNING)
            throw DomainError.conflict("not-running", "slice '" + s.name() + "' is " + s.status() + "; " + why, "status");
        DeploymentPlan plan = store.plan(sliceId).orElseThrow();
        if (!io.olimpus.model.topology.Names.isValid(vmName)) throw DomainError.badField("vm", io.olimpus.model.topology.Names.whyInvalid(vmName));
        VmPlan vm = plan.vms().stream().filter(v -> v.name().equals(vmName)).findFirst()
                .orElseThrow(() -> DomainError.notFound("VM '" + vmName + "' in slice " + s.name()));
        return new RunningVm(s, new SliceContext(platformId(sliceId), s.name(), plan), vm);
    }

    /** Whether anything of the slice may still exist on a platform: such a slice cannot be deleted. */
    public boolean holdsResources(long sliceId) {
        return !store.resources(sliceId).isEmpty() || store.plan(sliceId).isPresent();
    }

    /** The slice's name on platforms: stable, unique, and safe for a shell (s + database id). */
    /** The slice's id on the platforms (SliceContext#sliceId): what its resources there are named after. */
    public static String platformId(long sliceId) { return "s" + sliceId; }

    // ---- capture on a link --------------------------------------------------------------------

    /** A link id as the model makes them ("l1") or a file may carry them: plain, short, safe in a log. */
    private static final java.util.regex.Pattern LINK_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /**
     * Starts a capture on a link of a running slice the caller may see (its owner or an admin) and
     * waits until it writes its pcap header; the caller relays it ({@link LinkCapture#relay}) and
     * closes it. A zone whose platform cannot capture is refused naming the zone.
     */
    public LinkCapture capture(Principal caller, long sliceId, String linkId, io.olimpus.server.engine.driver.CaptureLimits limits) {
        Slice s = slices.visible(caller, sliceId);
        if (linkId == null || !LINK_ID.matcher(linkId).matches())
            throw DomainError.badField("link", "a link id is letters, digits, '_', '.' or '-' (like l1), at most 64");
        if (s.status() != SliceStatus.RUNNING)
            throw DomainError.conflict("not-running", "slice '" + s.name() + "' is " + s.status() + "; a capture runs only while it runs: deploy it first", "status");
        DeploymentPlan plan = store.plan(sliceId).orElseThrow();
        boolean atVm = plan.vms().stream().flatMap(v -> v.nics().stream()).anyMatch(n -> linkId.equals(n.linkId()));
        if (!atVm)
            throw new DomainError(DomainError.Kind.NOT_FOUND, "not-found", "slice '" + s.name() + "' has no link '" + linkId + "' that ends at a VM; "
                    + "capture on a link of a VM (its id, like l1, is in the design)", "link", "no such link at a VM of the running slice", Map.of());
        ZoneBackend b = backend(caller, s.zone());
        if (!b.driver().offersCapture())
            throw DomainError.conflict("capture-unavailable", "capture is available on Linux zones only; slice '" + s.name() + "' runs in zone '"
                    + s.zone() + "', whose platform offers no packet capture", "zone");
        SliceContext ctx = new SliceContext(platformId(sliceId), s.name(), plan);
        io.olimpus.server.engine.driver.PacketCapture started;
        try {
            started = b.driver().capture(ctx, linkId, limits);
        } catch (DriverException e) {
            LOG.warn("slice {} link {}: the capture did not start: {}", sliceId, linkId, e.getMessage());
            throw DomainError.conflict("capture-failed", "the capture on link '" + linkId + "' did not start; check that the slice's VMs run, then try again"
                    + (caller.isAdmin() ? " (" + e.getMessage() + ")" : ""), "link");
        }
        LinkCapture c = LinkCapture.start(started, limits);
        audit.record(caller, "link.capture", s.owner() + "/" + s.name() + "/" + linkId,
                c.where() + "; at most " + limits.packets() + " packets, " + limits.seconds() + " s, " + limits.bytes() + " bytes");
        return c;
    }
}
