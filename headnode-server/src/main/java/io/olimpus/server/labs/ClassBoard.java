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
    /** QUEUED: waiting for a free deploy slot; the rest as a slice's own status says. */
    public enum State { QUEUED, DEPLOYING, RUNNING, FAILED, UNDEPLOYING, STOPPED, DRAFT }

    /** One student's copy; {@code reason} says why it failed (and what to do), {@code jobId} its last job. */
    public record Row(long sliceId, String student, State state, String reason, Long jobId, long at) {
        Row with(State s, String why, Long job, long now) { return new Row(sliceId, student, s, why, job == null ? jobId : job, now); }
    }

    public record Snapshot(long version, List<Row> rows) {
        public long count(State s) { return rows.stream().filter(r -> r.state() == s).count(); }
    }

    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private long version;

    public synchronized void put(Row r) {
        rows.put(r.sliceId(), r);
        version++;
        notifyAll();
    }

    /** Moves one row (kept as it was when the slice is not on the board). */
    public synchronized void move(long sliceId, State s, String reason, Long jobId, long now) {
        Row r = rows.get(sliceId);
        if (r != null) put(r.with(s, reason, jobId, now));
    }

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
