package io.olimpus.server.labs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Catalog;
import io.olimpus.model.validation.CatalogCheck;
import io.olimpus.model.validation.TopologyValidator;
import io.olimpus.model.validation.ValidationReport;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.auth.Role;
import io.olimpus.server.courses.Course;
import io.olimpus.server.courses.CourseStore;
import io.olimpus.server.deploy.DeployJob;
import io.olimpus.server.deploy.DeploymentService;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.placement.ClassForecast;
import io.olimpus.server.engine.plan.Planner;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.slices.Slice;
import io.olimpus.server.slices.SliceService;
import io.olimpus.server.slices.SliceStatus;
import io.olimpus.server.slices.SliceStore;
import io.olimpus.server.users.User;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labs of a course: a template published with a window, one slice per enrolled student made from
 * it, opened (every copy deployed through the class runner), reset, closed (every copy undeployed,
 * kept as a draft) by hand or by the {@link LabScheduler}, and idle copies stopped. Only the
 * course's instructor or an admin manage a lab; a lab of somebody else's course answers 404.
 * Every copy goes through the ordinary deployment path (plan, claim, apply, roll back), acting as
 * the lab ("lab-7" in the audit log), since an instructor may read but not change students' slices.
 */
public final class LabService {
    private static final Logger LOG = LoggerFactory.getLogger(LabService.class);
    /** How long one copy's job may take before the board calls it failed (the job itself goes on). */
    static final long JOB_WAIT_MS = 30 * 60_000L;
    static final int MAX_NAME = 20;
    static final int MAX_IDLE_MINUTES = 7 * 24 * 60;

    /** What a lab is published with; null options take their defaults. */
    public record NewLab(String name, JsonNode template, Long opensAt, Long closesAt, Boolean deployAtOpen, Boolean undeployAtClose,
                         Integer idleMinutes, Boolean studentsMayEdit) {}

    /** A lab as a student sees it: its window and state, and their copy. */
    public record StudentLab(Lab lab, String course, long sliceId, SliceStatus sliceStatus) {}

    private final LabStore store;
    private final CourseStore courses;
    private final io.olimpus.server.courses.CourseAccess access;
    private final SliceService slices;
    private final SliceStore sliceStore;
    private final DeploymentService deployments;
    private final ClassDeployRunner runner;
    private final Supplier<Catalog> catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<Long, ClassBoard> boards = new ConcurrentHashMap<>();
    /** Copies are made one at a time, in the background, on this thread (a database write each: quick, and never racing). */
    private final java.util.concurrent.ThreadPoolExecutor creator = new java.util.concurrent.ThreadPoolExecutor(1, 1, 30, java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "olimpus-lab-copies");
        t.setDaemon(true);
        return t;
    });
    { creator.allowCoreThreadTimeOut(true); }
    private final Object creating = new Object();
    /** Copies the idle timeout stopped, and when: stopped once, until their student is active again. */
    private final Map<Long, Long> idleStopped = new ConcurrentHashMap<>();
    /** When each lab was opened by this server: a student who never called the API is idle from then. */
    private final Map<Long, Long> openedAt = new ConcurrentHashMap<>();

    public LabService(LabStore store, CourseStore courses, io.olimpus.server.courses.CourseAccess access, SliceService slices, SliceStore sliceStore, DeploymentService deployments,
                      ClassDeployRunner runner, Supplier<Catalog> catalog, AuditLog audit, Clock clock) {
        this.store = store;
        this.courses = courses;
        this.access = access;
        this.slices = slices;
        this.sliceStore = sliceStore;
        this.deployments = deployments;
        this.runner = runner;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** Who the lab's own actions are done as: an admin-strength principal named after the lab. */
    private static Principal actingFor(long labId) { return new Principal(0, "lab-" + labId, Role.ADMIN); }

    // ---- access -----------------------------------------------------------------------------

    /** The course if the caller teaches it (or is an admin); 404 otherwise, so others' ids leak nothing. */
    public Course course(Principal caller, long courseId) { return access.requireOwner(caller, courseId); }

    public Lab lab(Principal caller, long labId) {
        Lab l = store.byId(labId).orElseThrow(() -> DomainError.notFound("lab " + labId));
        try {
            course(caller, l.courseId());
        } catch (DomainError e) {
            throw DomainError.notFound("lab " + labId);
        }
        return l;
    }

    // ---- publishing -------------------------------------------------------------------------

    public Lab create(Principal caller, long courseId, NewLab in) {
        Course c = course(caller, courseId);
        if (in.name() == null || !Names.isValid(in.name()) || in.name().length() > MAX_NAME)
            throw DomainError.badField("name", in.name() == null ? "required: a lab name like net1"
                    : Names.whyInvalid(in.name()) != null ? Names.whyInvalid(in.name()) : "must be at most " + MAX_NAME + " characters");
        if (in.template() == null || !in.template().isObject())
            throw DomainError.badField("template", "required: the lab's design, a topology document as POST /slices takes it");
        templateTopology(in.template().toString());
        if (in.opensAt() != null && in.closesAt() != null && in.closesAt() <= in.opensAt())
            throw DomainError.badField("closesAt", "must be after opensAt (" + in.opensAt() + "); both are epoch milliseconds");
        if (in.idleMinutes() != null && (in.idleMinutes() < 1 || in.idleMinutes() > MAX_IDLE_MINUTES))
            throw DomainError.badField("idleMinutes", "must be between 1 and " + MAX_IDLE_MINUTES + ", or left out for no idle timeout");
        if (store.ofCourse(courseId).stream().anyMatch(l -> l.name().equals(in.name())))
            throw DomainError.conflict("lab-exists", "course '" + c.name() + "' already has a lab named '" + in.name() + "'; choose another name", "name");
        Lab.Options o = new Lab.Options(in.deployAtOpen() == null || in.deployAtOpen(), in.undeployAtClose() == null || in.undeployAtClose(),
                in.idleMinutes(), in.studentsMayEdit() != null && in.studentsMayEdit());
        Lab l = store.insert(courseId, in.name(), in.template().toString(), in.opensAt(), in.closesAt(), o, clock.millis());
        audit.record(caller, "lab.create", c.name() + "/" + l.name(), "lab " + l.id());
        return l;
    }

    public List<Lab> list(Principal caller, long courseId) {
        course(caller, courseId);
        return store.ofCourse(courseId);
    }

    public String template(Principal caller, long labId) {
        lab(caller, labId);
        return store.template(labId);
    }

    /** Deletes a lab whose copies hold nothing; the copies stay as the students' own drafts. */
    public void delete(Principal caller, long labId) {
        Lab l = lab(caller, labId);
        for (LabStore.Copy c : store.copies(labId))
            if (deployments.holdsResources(c.sliceId()))
                throw DomainError.conflict("lab-deployed", "lab '" + l.name() + "' still has deployed copies (" + c.username() + "); close it first", "state");
        store.delete(labId);
        boards.remove(labId);
        audit.record(caller, "lab.delete", l.name(), "lab " + labId);
    }

    private Topology templateTopology(String json) {
        try {
            return TopologyFile.read(json).topology();
        } catch (RuntimeException e) {
            throw DomainError.badField("template", "is not a topology document: " + e.getMessage());
        }
    }

    /** The slice a student's copy is stored as: the lab's name and id, unique among the student's slices. */
    static String sliceName(Lab l) {
        String suffix = "-l" + l.id();
        String base = l.name();
        if (base.length() + suffix.length() > Names.MAX_LENGTH) base = base.substring(0, Names.MAX_LENGTH - suffix.length());
        return base + suffix;
    }

    /** The template as one student's design: named for the copy, in the course's zone. */
    private JsonNode copyDesign(Lab l, Course c) {
        JsonNode doc = io.olimpus.server.json.StrictJson.MAPPER.valueToTree(readTree(store.template(l.id())));
        ObjectNode t = (ObjectNode) doc.path("topology");
        t.put("name", sliceName(l));
        t.put("zone", c.zone());
        return doc;
    }

    private static JsonNode readTree(String json) {
        try {
            return io.olimpus.server.json.StrictJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored lab template is not JSON", e);
        }
    }

    // ---- assigning --------------------------------------------------------------------------

    /**
     * Makes a copy for every enrolled student who has none yet, in the background: the answer
     * comes at once, each missing student is on the board as CREATING until their copy exists
     * (then DRAFT), or FAILED with the reason (their retry makes it again). One student's failure
     * never stops the others. The future completes when every copy is made or failed.
     */
    public CompletableFuture<Void> assign(Principal caller, long labId) {
        Lab l = lab(caller, labId);
        audit.record(caller, "lab.assign", l.name(), "lab " + labId);
        return createMissing(l, student -> true, row -> CompletableFuture.completedFuture(null));
    }

    /** The enrolled students (of those {@code which} picks) who have no copy yet. */
    private List<User> missing(Lab l, java.util.function.Predicate<String> which) {
        Set<Long> have = new HashSet<>();
        for (LabStore.Copy cp : store.copies(l.id())) have.add(cp.userId());
        List<User> out = new ArrayList<>();
        for (CourseStore.Student st : courses.roster(l.courseId()))
            if (!have.contains(st.user().id()) && which.test(st.user().username())) out.add(st.user());
        return out;
    }

    /**
     * Puts every student (of {@code which}) without a copy on the board as CREATING now, then,
     * on the one creating thread, makes their copies one after the other; as each exists,
     * {@code then} starts what follows for it (a deploy). Completes when all of it did.
     */
    private CompletableFuture<Void> createMissing(Lab l, java.util.function.Predicate<String> which,
                                                  java.util.function.Function<ClassBoard.Row, CompletableFuture<Void>> then) {
        List<User> missing = missing(l, which);
        if (missing.isEmpty()) return CompletableFuture.completedFuture(null);
        ClassBoard board = board(l.id());
        long now = clock.millis();
        for (User u : missing) board.put(new ClassBoard.Row(null, u.username(), ClassBoard.State.CREATING, null, null, now));
        List<CompletableFuture<Void>> after = java.util.Collections.synchronizedList(new ArrayList<>());
        return CompletableFuture.runAsync(() -> {
            for (User u : missing) {
                ClassBoard.Row made = createCopy(l, u, board);
                if (made != null) after.add(then.apply(made));
            }
        }, creator).thenCompose(x -> CompletableFuture.allOf(after.toArray(CompletableFuture[]::new)));
    }

    /**
     * Makes {@code u}'s copy (or finds the one made meanwhile) and shows it on the board as a
     * DRAFT; on failure shows FAILED with the reason, and null. Made whole or not at all: a copy
     * stored but not linked to the lab is deleted again, so a retry never meets a stray slice.
     * One at a time (two students' copies never race for the same lab's rows).
     */
    private ClassBoard.Row createCopy(Lab l, User u, ClassBoard board) {
        synchronized (creating) {
            for (LabStore.Copy cp : store.copies(l.id()))
                if (cp.userId() == u.id()) return board.row(u.username()).filter(r -> Long.valueOf(cp.sliceId()).equals(r.sliceId())).orElseGet(() -> {
                    ClassBoard.Row r = new ClassBoard.Row(cp.sliceId(), u.username(), ClassBoard.State.DRAFT, null, null, clock.millis());
                    board.put(r);
                    return r;
                });
            Principal as = actingFor(l.id());
            Long made = null;
            try {
                Course c = courses.byId(l.courseId()).orElseThrow(() -> DomainError.notFound("course " + l.courseId()));
                made = slices.create(as, u.username(), copyDesign(l, c)).slice().id();
                store.link(l.id(), u.id(), made);
                ClassBoard.Row r = new ClassBoard.Row(made, u.username(), ClassBoard.State.DRAFT, null, null, clock.millis());
                board.put(r);
                return r;
            } catch (RuntimeException e) {
                if (made != null) {
                    try {
                        slices.delete(as, made);
                    } catch (RuntimeException again) {
                        LOG.warn("lab {}: the unlinked copy {} of {} could not be deleted: {}", l.id(), made, u.username(), again.getMessage());
                    }
                }
                String why = e instanceof DomainError ? e.getMessage() + "; fix it, then retry the failed copies"
                        : "the server could not make this copy (an administrator finds " + u.username() + "'s copy in the server log); retry the failed copies";
                if (e instanceof DomainError) LOG.info("lab {}: no copy for {}: {}", l.id(), u.username(), e.getMessage());
                else LOG.warn("lab {}: no copy for {}", l.id(), u.username(), e);
                board.put(new ClassBoard.Row(null, u.username(), ClassBoard.State.FAILED, why, null, clock.millis()));
                return null;
            }
        }
    }

    // ---- forecast ---------------------------------------------------------------------------

    /** Whether {@code students} copies (default: everyone enrolled) fit the course's zone now, placed as the engine places them. */
    public ClassForecast forecast(Principal caller, long labId, Integer students) {
        Lab l = lab(caller, labId);
        Course c = courses.byId(l.courseId()).orElseThrow();
        int n = students != null ? students : c.students();
        if (n < 0 || n > 10_000) throw DomainError.badField("students", "must be between 0 and 10000");
        Topology t = templateTopology(store.template(labId));
        Catalog cat = catalog.get();
        ValidationReport report = TopologyValidator.validate(t, List.of(new CatalogCheck(cat)));
        if (report.hasErrors())
            throw DomainError.unprocessable("template-invalid", "the lab's template does not validate: " + report.errors().get(0).message()
                    + "; fix the template", "template", report.errors().get(0).message(), Map.of());
        Set<Long> own = new HashSet<>();
        for (LabStore.Copy cp : store.copies(labId)) own.add(cp.sliceId());
        DeploymentService.ZoneRoom room = deployments.room(caller, c.zone(), own);
        return ClassForecast.of(c.zone(), n, Planner.demands(t, cat), room.workers(), room.policy().overcommit(), room.policy().strategy());
    }

    // ---- the board --------------------------------------------------------------------------

    /** The lab's board; after a restart, rebuilt from the copies' stored statuses. */
    public ClassBoard board(Principal caller, long labId) {
        lab(caller, labId);
        return board(labId);
    }

    private ClassBoard board(long labId) {
        return boards.computeIfAbsent(labId, id -> {
            ClassBoard b = new ClassBoard();
            for (LabStore.Copy cp : store.copies(id)) {
                Slice s = sliceStore.get(cp.sliceId()).orElse(null);
                if (s == null) continue;
                b.put(new ClassBoard.Row(cp.sliceId(), cp.username(), ClassBoard.State.valueOf(s.status().name()), null, null, s.updatedAt()));
            }
            return b;
        });
    }

    private List<ClassBoard.Row> rows(long labId, java.util.function.Predicate<ClassBoard.Row> which) {
        return board(labId).snapshot().rows().stream().filter(which).toList();
    }

    // ---- open, close, reset, retry ----------------------------------------------------------

    /**
     * Opens the lab: students may use their copies; with deploy-at-open, every copy not running is
     * deployed, and the copies of students enrolled since are made in the background, each
     * deployed as soon as it exists. The future completes when every copy is settled (tests wait
     * on it; the routes answer at once).
     */
    public CompletableFuture<Void> open(Principal caller, long labId) {
        Lab l = lab(caller, labId);
        if (l.state() == Lab.State.OPEN) throw DomainError.conflict("lab-open", "lab '" + l.name() + "' is already open; see its board", "state");
        if (!store.compareAndSetState(labId, l.state(), Lab.State.OPEN))
            throw DomainError.conflict("lab-busy", "lab '" + l.name() + "' changed meanwhile; reload it and try again", "state");
        openedAt.put(labId, clock.millis());
        audit.record(caller, "lab.open", l.name(), "lab " + labId);
        LOG.info("lab {} ({}): opened by {}", labId, l.name(), caller.username());
        if (!l.options().deployAtOpen()) return CompletableFuture.completedFuture(null);
        ClassDeployRunner.Step deploy = deployStep(labId);
        ClassBoard board = board(labId);
        CompletableFuture<Void> existing = runner.run(board, rows(labId, r -> r.state() != ClassBoard.State.RUNNING && r.sliceId() != null), deploy);
        CompletableFuture<Void> made = createMissing(l, student -> true, row -> runner.run(board, List.of(row), deploy));
        return CompletableFuture.allOf(existing, made);
    }

    /** Closes the lab: with undeploy-at-close, every copy is undeployed and kept as a draft. */
    public CompletableFuture<Void> close(Principal caller, long labId) {
        Lab l = lab(caller, labId);
        if (l.state() == Lab.State.CLOSED) throw DomainError.conflict("lab-closed", "lab '" + l.name() + "' is already closed", "state");
        if (!store.compareAndSetState(labId, l.state(), Lab.State.CLOSED))
            throw DomainError.conflict("lab-busy", "lab '" + l.name() + "' changed meanwhile; reload it and try again", "state");
        audit.record(caller, "lab.close", l.name(), "lab " + labId);
        LOG.info("lab {} ({}): closed by {}", labId, l.name(), caller.username());
        openedAt.remove(labId);
        if (!l.options().undeployAtClose()) return CompletableFuture.completedFuture(null);
        // Every copy, not only those deployed now: one still queued or deploying is undeployed
        // once its deploy ended (the runner keeps a copy's steps in order), else it kept running.
        return runner.run(board(labId), rows(labId, r -> r.sliceId() != null), undeployStep(labId), ClassDeployRunner.Phase.UNDEPLOY);
    }

    /** Undeploys, re-creates from the template and deploys one student's copy ({@code student} non-null) or every copy. */
    public CompletableFuture<Void> reset(Principal caller, long labId, String student) {
        Lab l = lab(caller, labId);
        if (l.state() != Lab.State.OPEN)
            throw DomainError.conflict("lab-not-open", "lab '" + l.name() + "' is " + l.state() + "; a reset deploys the copy, so open the lab first", "state");
        List<ClassBoard.Row> which = rows(labId, r -> r.sliceId() != null && (student == null || r.student().equals(student)));
        boolean enrolledWithoutCopy = !missing(l, x -> student == null || x.equals(student)).isEmpty();
        if (student != null && which.isEmpty() && !enrolledWithoutCopy)
            throw DomainError.badField("student", "'" + SliceService.clip(student) + "' has no copy of lab '" + l.name() + "'; enrol them and assign the lab");
        audit.record(caller, "lab.reset", l.name() + (student == null ? "" : "/" + student), "lab " + labId);
        Course c = courses.byId(l.courseId()).orElseThrow();
        ClassDeployRunner.Step deploy = deployStep(labId);
        Principal as = actingFor(labId);
        ClassBoard board = board(labId);
        CompletableFuture<Void> resets = runner.run(board, which, (row, job) -> {
            ClassDeployRunner.Outcome down = undeployStep(labId).run(row, job);
            if (!down.ok()) return down;
            slices.update(as, row.sliceId(), null, copyDesign(l, c));
            idleStopped.remove(row.sliceId());
            return deploy.run(row, job);
        });
        // A student enrolled since has no copy to reset: theirs is made from the template and deployed.
        CompletableFuture<Void> made = createMissing(l, x -> student == null || x.equals(student), row -> runner.run(board, List.of(row), deploy));
        return CompletableFuture.allOf(resets, made);
    }

    /** Deploys again the copies whose last deploy failed. */
    public CompletableFuture<Void> retry(Principal caller, long labId) {
        Lab l = lab(caller, labId);
        if (l.state() != Lab.State.OPEN)
            throw DomainError.conflict("lab-not-open", "lab '" + l.name() + "' is " + l.state() + "; open it first", "state");
        audit.record(caller, "lab.retry", l.name(), "lab " + labId);
        return runner.retryFailed(board(labId), deployStep(labId));
    }

    private ClassDeployRunner.Step deployStep(long labId) {
        Principal as = actingFor(labId);
        return (row, jobStarted) -> {
            if (store.byId(labId).map(Lab::state).orElse(Lab.State.CLOSED) == Lab.State.CLOSED)
                return ClassDeployRunner.Outcome.leftDraft("the lab was closed before this copy was deployed; open the lab again to deploy it");
            if (row.sliceId() == null) {
                // A copy that could not be made (its retry): made now, then deployed like the others.
                ClassDeployRunner.Outcome made = makeForRetry(labId, row);
                if (made != null) return made;
                row = board(labId).row(row.student()).orElseThrow();
            }
            Slice s = sliceStore.get(row.sliceId()).orElse(null);
            if (s == null) return ClassDeployRunner.Outcome.failed("the copy was deleted; assign the lab again", null);
            if (s.status() == SliceStatus.RUNNING) return ClassDeployRunner.Outcome.running(null);
            if (s.status() == SliceStatus.FAILED && deployments.holdsResources(s.id())) {
                ClassDeployRunner.Outcome down = finish(deployments.undeploy(as, s.id()), jobStarted, "undeploying what a failed deploy left");
                if (!down.ok()) return down;
            }
            return finish(deployments.deploy(as, s.id()), jobStarted, "the deploy");
        };
    }

    /** Makes the copy of a row that has none (it failed to be made): null once made, else why not. */
    private ClassDeployRunner.Outcome makeForRetry(long labId, ClassBoard.Row row) {
        Lab l = store.byId(labId).orElse(null);
        if (l == null) return ClassDeployRunner.Outcome.failed("the lab was deleted", null);
        User u = courses.roster(l.courseId()).stream().map(CourseStore.Student::user).filter(x -> x.username().equals(row.student())).findFirst().orElse(null);
        if (u == null) return ClassDeployRunner.Outcome.failed(row.student() + " is no longer enrolled in the course; enrol them again to give them a copy", null);
        ClassBoard board = board(labId);
        board.move(row.student(), ClassBoard.State.CREATING, null, null, clock.millis());
        ClassBoard.Row made = createCopy(l, u, board);
        if (made == null) {
            String why = board.row(row.student()).map(ClassBoard.Row::reason).orElse("the copy could not be made; retry it");
            return ClassDeployRunner.Outcome.failed(why, null);
        }
        board.move(row.student(), ClassBoard.State.DEPLOYING, null, null, clock.millis());
        return null;
    }

    private ClassDeployRunner.Step undeployStep(long labId) {
        Principal as = actingFor(labId);
        return (row, jobStarted) -> {
            if (row.sliceId() == null || !deployments.holdsResources(row.sliceId())) return ClassDeployRunner.Outcome.running(null);
            return finish(deployments.undeploy(as, row.sliceId()), jobStarted, "the undeploy");
        };
    }

    /** Waits for the copy's job and says how it ended; a failure's reason is the job's own message and what to do. */
    private ClassDeployRunner.Outcome finish(DeployJob started, java.util.function.LongConsumer jobStarted, String what) throws InterruptedException {
        jobStarted.accept(started.id());
        DeployJob done = deployments.awaitFinished(started.id(), JOB_WAIT_MS);
        return switch (done.state()) {
            case SUCCEEDED -> ClassDeployRunner.Outcome.running(done.id());
            case RUNNING -> ClassDeployRunner.Outcome.failed(what + " (job " + done.id() + ") still runs after " + JOB_WAIT_MS / 60_000
                    + " minutes; follow the job, then retry the failed copies", done.id());
            default -> ClassDeployRunner.Outcome.failed(what + " (job " + done.id() + ") ended " + done.state().name().toLowerCase(java.util.Locale.ROOT)
                    + (done.message() == null || done.message().isBlank() ? "" : ": " + done.message()) + "; retry the failed copies", done.id());
        };
    }

    // ---- idle timeout and the window ---------------------------------------------------------

    /** Stops the VMs of every running copy whose student has been idle longer than the lab allows; how many copies it stopped. */
    int stopIdle(Lab l, long now) {
        Integer minutes = l.options().idleMinutes();
        if (minutes == null || l.state() != Lab.State.OPEN) return 0;
        long limit = minutes * 60_000L;
        Principal as = actingFor(l.id());
        int stopped = 0;
        for (LabStore.Copy cp : store.copies(l.id())) {
            Slice s = sliceStore.get(cp.sliceId()).orElse(null);
            if (s == null || s.status() != SliceStatus.RUNNING) continue;
            long since = Math.max(store.lastActivity(cp.userId()).orElse(0L), openedAt.getOrDefault(l.id(), s.updatedAt()));
            Long stoppedAt = idleStopped.get(cp.sliceId());
            if (stoppedAt != null && since <= stoppedAt) continue;
            if (now - since < limit) { idleStopped.remove(cp.sliceId()); continue; }
            try {
                for (DeploymentService.VmReport v : deployments.vms(as, cp.sliceId()))
                    if (v.status().state() == VmState.RUNNING) deployments.power(as, cp.sliceId(), v.vm().name(), PowerAction.STOP);
                idleStopped.put(cp.sliceId(), now);
                board(l.id()).move(cp.username(), ClassBoard.State.STOPPED, "no activity for " + minutes + " minutes; "
                        + cp.username() + " can start the VMs again", null, now);
                audit.record("lab-" + l.id(), "lab.idle-stop", cp.username() + "/" + s.name(), "idle for " + minutes + " minutes");
                stopped++;
            } catch (RuntimeException e) {
                LOG.warn("lab {}: could not stop the idle copy of {}: {}", l.id(), cp.username(), e.getMessage());
            }
        }
        return stopped;
    }

    /**
     * One round of the scheduler at {@code now}: opens the labs whose window began, closes those
     * whose window ended, stops idle copies. Returns what it started, for tests to wait on.
     */
    public List<CompletableFuture<Void>> tick(long now) {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (Lab l : store.notClosed()) {
            Principal as = actingFor(l.id());
            try {
                boolean ended = l.closesAt() != null && l.closesAt() <= now;
                if (ended) started.add(close(as, l.id()));
                else if (l.state() == Lab.State.PUBLISHED && l.opensAt() != null && l.opensAt() <= now) started.add(open(as, l.id()));
                else if (l.state() == Lab.State.OPEN) stopIdle(l, now);
            } catch (RuntimeException e) {
                LOG.warn("lab {} ({}): the scheduler could not act on it: {}", l.id(), l.name(), e.getMessage());
            }
        }
        return started;
    }

    // ---- students ---------------------------------------------------------------------------

    /** The labs a user has a copy of, with the window, the lab's state and their copy's status. */
    public List<StudentLab> labsOf(Principal caller) {
        Map<Long, StudentLab> out = new LinkedHashMap<>();
        for (LabStore.Copy cp : store.copiesOf(caller.userId())) {
            Lab l = store.byId(cp.labId()).orElse(null);
            Slice s = sliceStore.get(cp.sliceId()).orElse(null);
            if (l == null || s == null) continue;
            String course = courses.byId(l.courseId()).map(Course::name).orElse("");
            out.put(l.id(), new StudentLab(l, course, s.id(), s.status()));
        }
        return List.copyOf(out.values());
    }

    /** Why the caller may not change this slice's design (a copy of a lab that does not let students edit), or null. */
    public String editRefusal(Principal caller, long sliceId) {
        if (caller.isAdmin()) return null;
        return store.labOfSlice(sliceId).flatMap(store::byId).filter(l -> !l.options().studentsMayEdit())
                .map(l -> "this slice is your copy of lab '" + l.name() + "', whose instructor does not let students change it;"
                        + " save a copy under another name to experiment, or ask your instructor").orElse(null);
    }
}
