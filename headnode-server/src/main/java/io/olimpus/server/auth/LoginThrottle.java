package io.olimpus.server.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after {@link #FREE_FAILURES} failed logins in a row for one username, each
 * further attempt must wait a delay that doubles (1 s, 2 s, 4 s ... up to 5 minutes) after the
 * last failure. A success clears the count. Kept in memory: a restart forgives.
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    static final long FIRST_DELAY_MS = 1_000;
    static final long MAX_DELAY_MS = 300_000;
    private static final int MAX_TRACKED = 100_000;

    private record State(int failures, long lastFailureAt) {}

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    /** Milliseconds this username must still wait before trying, 0 when it may try now. */
    public long waitMs(String username, long now) {
        State s = states.get(username);
        if (s == null || s.failures < FREE_FAILURES) return 0;
        long delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(20, s.failures - FREE_FAILURES));
        return Math.max(0, s.lastFailureAt + delay - now);
    }

    public void failed(String username, long now) {
        if (states.size() > MAX_TRACKED) states.clear();  // bounded memory under a spray of names
        states.merge(username, new State(1, now), (old, x) -> new State(old.failures + 1, now));
    }

    public void succeeded(String username) { states.remove(username); }
}
