package io.olimpus.server.engine.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Probes every worker each period, in parallel, each probe bounded by a timeout so one hung worker
 * cannot stall the others. A worker is marked down after {@code missesBeforeDown} failed rounds in a
 * row (one lost packet must not evict a worker), and up again at its first answer.
 */
public final class WorkerMonitor {
    private static final System.Logger LOG = System.getLogger(WorkerMonitor.class.getName());
    private final Supplier<? extends Collection<String>> workers;
    private final WorkerProbe probe;
    private final MonitoringSink sink;
    private final ExecutorService probes;
    private final Duration probeTimeout;
    private final int missesBeforeDown;
    private final Map<String, Integer> misses = new ConcurrentHashMap<>();
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    public WorkerMonitor(Supplier<? extends Collection<String>> workers, WorkerProbe probe, MonitoringSink sink,
                         ExecutorService probes, Duration probeTimeout, int missesBeforeDown) {
        if (missesBeforeDown < 1) throw new IllegalArgumentException("missesBeforeDown must be at least 1");
        this.workers = workers;
        this.probe = probe;
        this.sink = sink;
        this.probes = probes;
        this.probeTimeout = probeTimeout;
        this.missesBeforeDown = missesBeforeDown;
    }

    /** One round over every worker; returns when each probe answered or timed out. */
    public void pollOnce() {
        List<String> ids = List.copyOf(workers.get());
        List<Future<WorkerSample>> pending = new ArrayList<>(ids.size());
        for (String id : ids) pending.add(probes.submit(() -> probe.probe(id)));
        long deadline = System.nanoTime() + probeTimeout.toNanos();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Future<WorkerSample> f = pending.get(i);
            try {
                WorkerSample s = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                misses.put(id, 0);
                sink.sampled(s);
                report(id, true, "answered");
            } catch (TimeoutException e) {
                f.cancel(true);
                missed(id, "no answer within " + probeTimeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                missed(id, String.valueOf(e.getCause().getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        known.keySet().retainAll(ids);
        misses.keySet().retainAll(ids);
    }

    private void missed(String id, String reason) {
        int n = misses.merge(id, 1, Integer::sum);
        if (n >= missesBeforeDown) report(id, false, n + " probes in a row failed; last: " + reason);
    }

    private void report(String id, boolean up, String reason) {
        Boolean before = known.put(id, up);
        if (before == null || before != up) sink.availabilityChanged(id, up, reason);
    }

    /** Polls every {@code period} until the returned handle is cancelled. */
    public ScheduledFuture<?> start(ScheduledExecutorService scheduler, Duration period) {
        return scheduler.scheduleWithFixedDelay(() -> {
            // A failing sink (the database away) must not end monitoring: the next round tries again.
            try { pollOnce(); } catch (RuntimeException e) { LOG.log(System.Logger.Level.WARNING, "worker monitoring round failed", e); }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
}
