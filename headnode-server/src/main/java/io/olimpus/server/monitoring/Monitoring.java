package io.olimpus.server.monitoring;

import io.olimpus.server.engine.monitoring.WorkerMonitor;
import io.olimpus.server.engine.monitoring.WorkerProbe;
import io.olimpus.server.engine.monitoring.WorkerSample;
import io.olimpus.server.zones.Worker;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneStore;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Worker monitoring of every zone that has settings and whose platform probes its workers: a
 * {@link WorkerMonitor} whose worker list is read from the database each round (so workers and
 * zones added later are watched too), each worker read by its zone's platform's probe.
 */
public final class Monitoring implements AutoCloseable {
    private final ZoneStore zones;
    private final Function<String, Optional<WorkerProbe>> probes;
    /** The probe of each watched worker, by worker id, as of the last round's list. */
    private volatile Map<String, WorkerProbe> watched = Map.of();
    private final ExecutorService probeThreads;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> handle;
    private final WorkerMonitor monitor;

    /** @param probes a platform's worker probe, by platform id; empty for platforms without workers to probe */
    public Monitoring(ZoneStore zones, Function<String, Optional<WorkerProbe>> probes, StoringSink sink, Duration period, int missesBeforeDown) {
        this.zones = zones;
        this.probes = probes;
        this.probeThreads = Executors.newFixedThreadPool(16, daemon("olimpus-probe"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("olimpus-monitor"));
        this.monitor = new WorkerMonitor(this::watch, this::probe, sink, probeThreads, Duration.ofSeconds(10), missesBeforeDown);
        this.handle = monitor.start(scheduler, period);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Ids of the workers to probe this round: those of every zone with settings whose platform has a probe. */
    private Set<String> watch() {
        Map<String, WorkerProbe> now = new LinkedHashMap<>();
        for (Zone z : zones.zonesWithSettings())
            probes.apply(z.platform()).ifPresent(p -> {
                for (Worker w : zones.workers(z.name())) now.put(Long.toString(w.id()), p);
            });
        watched = now;
        return now.keySet();
    }

    private WorkerSample probe(String workerId) throws Exception {
        WorkerProbe p = watched.get(workerId);
        if (p == null) throw new IllegalStateException("worker #" + workerId + " is no longer watched");
        return p.probe(workerId);
    }

    /** One round now, outside the schedule (tests, or an admin's refresh). */
    public void pollOnce() { monitor.pollOnce(); }

    @Override
    public void close() {
        handle.cancel(true);
        scheduler.shutdownNow();
        probeThreads.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
