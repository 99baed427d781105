package io.olimpus.server.labs;

import io.olimpus.server.db.Unique;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records that a user called the API or opened a console (both resolve their token), at most one
 * database write a minute per user: what a lab's idle timeout, counted in minutes, reads.
 */
public final class Activity {
    static final long WRITE_EVERY_MS = 60_000;

    private final LabStore store;
    private final Clock clock;
    private final Map<Long, Long> written = new ConcurrentHashMap<>();

    public Activity(LabStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void touch(long userId) {
        long now = clock.millis();
        Long last = written.get(userId);
        if (last != null && now - last < WRITE_EVERY_MS) return;
        written.put(userId, now);
        try {
            store.touch(userId, now);
        } catch (RuntimeException e) {
            // Two first requests of a user at once: the other one's row is as good as ours. A user
            // deleted while their request was in flight has no activity to keep; the request
            // itself then fails on its own terms (its session is gone), never as a 500 from here.
            if (!Unique.isViolation(e) && !Unique.isMissingParent(e)) throw e;
        }
    }
}
