package io.olimpus.server.platform.openstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The latest listing of one kind of resource (servers, ports) of one project, shared by everyone
 * waiting on them: however many waits run, the project is listed at most once per poll interval.
 * Entries of other projects in the answer (an admin listing may hold them) are dropped. When the
 * cloud answers slower than the poll interval, the interval stretches to what the last listing
 * took: a loaded Neutron (3-5 s per request with a class deploying) is then asked about half as
 * often, and the requests that build the class's copies get its time.
 */
final class ProjectListing<T> {
    private final String projectId;
    private final Function<String, List<? extends T>> listing;
    private final Function<T, String> projectOf, idOf;
    private long listedAt = Long.MIN_VALUE;   // the clock's time when the last listing started
    private volatile long took;               // how long the last listing took, in nanoseconds
    private Map<String, T> byId = Map.of();
    private final LongSupplier clock;

    ProjectListing(String projectId, Function<String, List<? extends T>> listing, Function<T, String> projectOf, Function<T, String> idOf) {
        this(projectId, listing, projectOf, idOf, System::nanoTime);
    }

    /** {@code clock}: System.nanoTime(), or a test's own, so the pace is checked without depending on how busy the machine is. */
    ProjectListing(String projectId, Function<String, List<? extends T>> listing, Function<T, String> projectOf, Function<T, String> idOf, LongSupplier clock) {
        this.clock = clock;
        this.projectId = projectId;
        this.listing = listing;
        this.projectOf = projectOf;
        this.idOf = idOf;
    }

    /** The project's resources by id, as a listing that started after {@code since} (the clock's time) saw them. */
    private synchronized Map<String, T> listedAfter(long since) {
        if (listedAt <= since) {
            long start = clock.getAsLong();
            Map<String, T> out = new HashMap<>();
            for (T x : listing.apply(projectId)) if (projectId.equals(projectOf.apply(x))) out.put(idOf.apply(x), x);
            byId = out;
            listedAt = start;
            took = clock.getAsLong() - start;
        }
        return byId;
    }

    /**
     * A listing that started after {@code notBefore} and is still current: it started no longer ago
     * than it took plus the pause between looks ({@link #paceNanos}); else a new one. {@code pollMs}: the poll interval.
     */
    Map<String, T> current(long notBefore, long pollMs) {
        return listedAfter(Math.max(notBefore, clock.getAsLong() - took - paceNanos(pollMs)));
    }

    /** How long a wait pauses between looks: the poll interval, or what the last listing took when that was longer. */
    long paceNanos(long pollMs) { return Math.max(pollMs * 1_000_000, took); }

    /** Pauses a wait for the pace ({@link #paceNanos}). */
    void pause(long pollMs) { ServerWatch.sleep(paceNanos(pollMs) / 1_000_000); }
}
