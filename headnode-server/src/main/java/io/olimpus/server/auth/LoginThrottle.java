package io.olimpus.server.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Slows down guessing without letting a guesser lock anybody else out. Failures are counted
 * per (account, client address): after {@link #FREE_FAILURES} in a row, that pair waits a delay
 * that doubles (1 s, 2 s, 4 s ... up to 5 minutes) after its last failure, so the owner logging
 * in from their own machine is never held back by someone failing elsewhere. An address that
 * fails {@link #ADDRESS_FREE_FAILURES} times over any accounts (a spray of made-up names) waits
 * the same way, before any password is hashed. And a global budget caps the failed attempts
 * per minute the server spends password hashing on: past it, only addresses without a recent
 * failure are heard. A success clears its pair; an address's count is forgiven after
 * {@link #FORGET_AFTER_MS} without failures. Kept in memory: a restart forgives.
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final int ADDRESS_FREE_FAILURES = 20;
    public static final int GLOBAL_FAILURES_PER_MINUTE = 600;
    static final long FIRST_DELAY_MS = 1_000;
    static final long MAX_DELAY_MS = 300_000;
    static final long FORGET_AFTER_MS = 900_000;
    /** How long an address with recent failures waits while the global budget is spent. */
    static final long BUDGET_WAIT_MS = 5_000;
    private static final int MAX_TRACKED = 100_000;

    /** Why an attempt must wait, and for how long. */
    public record Wait(long millis, String reason) {
        static final Wait NONE = new Wait(0, null);

        public boolean now() { return millis <= 0; }
    }

    private record State(int failures, long lastFailureAt) {
        long waitMs(int free, long now) {
            if (failures < free || now - lastFailureAt > FORGET_AFTER_MS) return 0;
            long delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(20, failures - free));
            return Math.max(0, lastFailureAt + delay - now);
        }
    }

    private final ConcurrentHashMap<String, State> pairs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, State> addresses = new ConcurrentHashMap<>();
    /** Failures per second over the last minute, as a ring indexed by second. */
    private final AtomicLongArray perSecond = new AtomicLongArray(60);
    private final AtomicLongArray secondOf = new AtomicLongArray(60);

    private static String pair(String account, String address) { return account + '\n' + address; }

    /** How long this account must still wait before trying from this address; {@link Wait#now()} when it may try. */
    public Wait check(String account, String address, long now) {
        State p = pairs.get(pair(account, address));
        long w = p == null ? 0 : p.waitMs(FREE_FAILURES, now);
        if (w > 0) return new Wait(w, "too many failed logins for this user from your address");
        State a = addresses.get(address);
        w = a == null ? 0 : a.waitMs(ADDRESS_FREE_FAILURES, now);
        if (w > 0) return new Wait(w, "too many failed logins from your address");
        boolean recentlyFailed = a != null && now - a.lastFailureAt < 60_000;
        if (recentlyFailed && failuresLastMinute(now) >= GLOBAL_FAILURES_PER_MINUTE)
            return new Wait(BUDGET_WAIT_MS, "the server is receiving too many failed logins");
        return Wait.NONE;
    }

    public void failed(String account, String address, long now) {
        if (pairs.size() > MAX_TRACKED) pairs.clear();  // bounded memory under a spray of names
        if (addresses.size() > MAX_TRACKED) addresses.clear();
        pairs.merge(pair(account, address), new State(1, now), (old, x) -> next(old, now));
        addresses.merge(address, new State(1, now), (old, x) -> next(old, now));
        long second = now / 1000;
        int slot = (int) (second % 60);
        if (secondOf.getAndSet(slot, second) != second) perSecond.set(slot, 0);
        perSecond.incrementAndGet(slot);
    }

    public void succeeded(String account, String address) { pairs.remove(pair(account, address)); }

    private static State next(State old, long now) {
        int base = now - old.lastFailureAt > FORGET_AFTER_MS ? 0 : old.failures;
        return new State(base + 1, now);
    }

    long failuresLastMinute(long now) {
        long second = now / 1000, n = 0;
        for (int i = 0; i < 60; i++) if (second - secondOf.get(i) < 60) n += perSecond.get(i);
        return n;
    }
}
