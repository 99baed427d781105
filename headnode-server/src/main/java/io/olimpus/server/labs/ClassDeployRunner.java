package io.olimpus.server.labs;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step (deploy, reset) for many student copies with bounded concurrency: at most
 * {@code concurrency} steps at once across every lab of the server, so a class of 200 opening at
 * nine o'clock does not queue 200 jobs on the engine at once. Each copy goes QUEUED, then
 * DEPLOYING, then RUNNING or FAILED with its reason; one copy's failure never stops the others.
 */
public final class ClassDeployRunner implements AutoCloseable {
    /** The most copies deployed at once that an admin may set, in the config file and the live settings alike. */
    public static final int MAX_CONCURRENCY = 64;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClassDeployRunner.class);
    /** One copy's step, run on a runner thread; it blocks until the copy's job finished. */
    @FunctionalInterface
    public interface Step {
        Outcome run(ClassBoard.Row row, java.util.function.LongConsumer jobStarted) throws Exception;
    }

    /**
     * {@code reason}: for a failure, what went wrong and what to do; {@code jobId}: the copy's last job;
     * {@code shows}: what the board shows afterwards when not the phase's own outcome (null: RUNNING or DRAFT after success, FAILED after failure).
     */
    public record Outcome(boolean ok, String reason, Long jobId, ClassBoard.State shows) {
        public static Outcome running(Long jobId) { return new Outcome(true, null, jobId, null); }

        public static Outcome failed(String reason, Long jobId) { return new Outcome(false, reason, jobId, null); }

        /** The step had nothing to do to the copy (it was left a draft), for the reason given. */
        public static Outcome leftDraft(String reason) { return new Outcome(true, reason, null, ClassBoard.State.DRAFT); }
    }

    /** A fixed pool whose size an admin changes live ({@link #concurrency(int)}); copies beyond it wait QUEUED in its queue. */
    private final ThreadPoolExecutor slots;
    private final Clock clock;
    /**
     * Per copy, its last step asked for: a copy's steps run one after another, in the order they
     * were asked for. A close that came while a copy deployed undeploys it after that deploy
     * ended, instead of failing on a busy slice and leaving the copy running.
     */
    private final java.util.Map<Copy, CompletableFuture<Void>> lastStep = new java.util.concurrent.ConcurrentHashMap<>();

    /** One student's copy on one lab's board (a board is one lab's: compared by identity). */
    private record Copy(ClassBoard board, String student) {}

    public ClassDeployRunner(int concurrency, Clock clock) {
        requireValid(concurrency);
        this.clock = clock;
        var n = new java.util.concurrent.atomic.AtomicInteger();
        this.slots = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "olimpus-class-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static void requireValid(int concurrency) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }

    public int concurrency() { return slots.getMaximumPoolSize(); }

    /**
     * Changes how many copies are worked on at once, for the steps queued now and later: a larger
     * pool starts threads for queued copies at once; a smaller one lets the steps under way finish
     * and takes no new one until fewer than {@code concurrency} run.
     */
    public synchronized void concurrency(int concurrency) {
        requireValid(concurrency);
        // The core size may never exceed the maximum: grow the maximum first, shrink the core first.
        if (concurrency > slots.getMaximumPoolSize()) {
            slots.setMaximumPoolSize(concurrency);
            slots.setCorePoolSize(concurrency);
        } else {
            slots.setCorePoolSize(concurrency);
            slots.setMaximumPoolSize(concurrency);
        }
    }

    /** What the board shows while a step runs and after it succeeded: DEPLOYING then RUNNING for a deploy or reset. */
    public record Phase(ClassBoard.State busy, ClassBoard.State done) {
        public static final Phase DEPLOY = new Phase(ClassBoard.State.DEPLOYING, ClassBoard.State.RUNNING);
        public static final Phase UNDEPLOY = new Phase(ClassBoard.State.UNDEPLOYING, ClassBoard.State.DRAFT);
    }

    /** Queues {@code rows} on the board and deploys each; the future completes when every copy is settled. */
    public CompletableFuture<Void> run(ClassBoard board, List<ClassBoard.Row> rows, Step step) { return run(board, rows, step, Phase.DEPLOY); }

    /** Queues {@code rows} on the board and runs the step for each, showing {@code phase}; completes when every copy is settled. */
    public CompletableFuture<Void> run(ClassBoard board, List<ClassBoard.Row> rows, Step step, Phase phase) {
        long now = clock.millis();
        for (ClassBoard.Row r : rows) board.put(new ClassBoard.Row(r.sliceId(), r.student(), ClassBoard.State.QUEUED, null, r.jobId(), now));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (ClassBoard.Row r : rows) all.add(after(new Copy(board, r.student()), () -> one(board, r, step, phase)));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Runs {@code work} on a slot once the copy's earlier steps have ended; a step waiting its turn holds no slot. */
    private CompletableFuture<Void> after(Copy copy, Runnable work) {
        CompletableFuture<Void> next = lastStep.compute(copy, (k, before) -> before == null
                ? CompletableFuture.runAsync(work, slots)
                : before.handle((v, e) -> null).thenRunAsync(work, slots));
        next.whenComplete((v, e) -> lastStep.remove(copy, next));
        return next;
    }

    /** Runs the step again for the copies the board shows as failed. */
    public CompletableFuture<Void> retryFailed(ClassBoard board, Step step) {
        return run(board, board.snapshot().rows().stream().filter(r -> r.state() == ClassBoard.State.FAILED).toList(), step);
    }

    private void one(ClassBoard board, ClassBoard.Row row, Step step, Phase phase) {
        board.move(row.student(), phase.busy(), null, null, clock.millis());
        Outcome o;
        try {
            o = step.run(row, job -> board.move(row.student(), phase.busy(), null, job, clock.millis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            o = Outcome.failed("the server stopped while this copy was being worked on; retry it", null);
        } catch (io.olimpus.server.errors.DomainError e) {
            o = Outcome.failed(e.getMessage(), null);
        } catch (Exception e) {
            // The server's own failure (a database error) names tables and statements: the log keeps it, the board says what to do.
            LOG.warn("the copy of {} (slice {}): the class step failed", row.student(), row.sliceId(), e);
            o = Outcome.failed("the server failed on this copy (an administrator finds " + row.student() + "'s copy in the server log); retry it", null);
        }
        board.move(row.student(), o.shows() != null ? o.shows() : o.ok() ? phase.done() : ClassBoard.State.FAILED, o.reason(), o.jobId(), clock.millis());
    }

    @Override
    public void close() {
        slots.shutdownNow();
        try {
            slots.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
