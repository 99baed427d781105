package io.olimpus.server.deploy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes clients that follow a job's events: every stored event bumps the job's counter and
 * notifies the waiters, who then read the new events from the store. Events themselves live in
 * the database only, so a poll and a stream always agree and a restart loses nothing.
 */
final class JobHub {
    private final Map<Long, Object> monitors = new ConcurrentHashMap<>();

    private Object monitor(long jobId) { return monitors.computeIfAbsent(jobId, k -> new Object()); }

    void changed(long jobId) {
        Object m = monitor(jobId);
        synchronized (m) { m.notifyAll(); }
    }

    /** Waits until something changes for the job or the timeout passes. */
    void await(long jobId, long millis) throws InterruptedException {
        Object m = monitor(jobId);
        synchronized (m) { m.wait(millis); }
    }

    void finished(long jobId) {
        changed(jobId);
        monitors.remove(jobId);
    }
}
