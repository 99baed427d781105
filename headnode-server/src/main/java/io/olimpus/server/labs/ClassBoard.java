package io.olimpus.server.labs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab's live board: per student copy, where its class deploy (or reset, or close) is. Kept in
 * memory and versioned: every change bumps the version and wakes whoever streams the board, who
 * then sends the rows as they are (the same wake-and-read pattern as a job's events, JobHub).
 * A restart starts from the slices' stored statuses ({@link LabService#board}).
 */
public final class ClassBoard {
    /**
     * CREATING: the student's copy is being made from the template (no slice yet); QUEUED: waiting
     * for a free deploy slot; the rest as a slice's own status says. A copy that could not be made
     * is FAILED with no slice, and the reason.
     */
    public enum State { CREATING, QUEUED, DEPLOYING, RUNNING, FAILED, UNDEPLOYING, STOPPED, DRAFT }

    /** The states of work still under way: a board stream ends, and `lab open` stops waiting, when no copy is in one. */
    public static final java.util.Set<State> BUSY = java.util.EnumSet.of(State.CREATING, State.QUEUED, State.DEPLOYING, State.UNDEPLOYING);

    /**
     * One student's copy (a lab has one per student, so the student keys the row); {@code sliceId}
     * is null until the copy exists; {@code reason} says why it failed (and what to do), {@code jobId} its last job.
     */
    public record Row(Long sliceId, String student, State state, String reason, Long jobId, long at) {
        Row with(State s, String why, Long job, long now) { return new Row(sliceId, student, s, why, job == null ? jobId : job, now); }
    }

    public record Snapshot(long version, List<Row> rows) {
        public long count(State s) { return rows.stream().filter(r -> r.state() == s).count(); }

        public boolean busy() { return rows.stream().anyMatch(r -> BUSY.contains(r.state())); }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private long version;

    public synchronized void put(Row r) {
        rows.put(r.student(), r);
        version++;
        notifyAll();
    }

    /** Moves one student's row (kept as it was when the student is not on the board). */
    public synchronized void move(String student, State s, String reason, Long jobId, long now) {
        Row r = rows.get(student);
        if (r != null) put(r.with(s, reason, jobId, now));
    }

    /** The student's row now, if they are on the board. */
    public synchronized java.util.Optional<Row> row(String student) { return java.util.Optional.ofNullable(rows.get(student)); }

    public synchronized Snapshot snapshot() { return new Snapshot(version, new ArrayList<>(rows.values())); }

    /** Waits until the board changed after {@code version} or {@code millis} passed. */
    public synchronized void awaitChange(long afterVersion, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (version <= afterVersion) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return;
            wait(left);
        }
    }
}
