package io.olimpus.server.monitoring;

import io.olimpus.server.engine.monitoring.MonitoringSink;
import io.olimpus.server.engine.monitoring.WorkerSample;
import io.olimpus.server.zones.ZoneStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the monitor's findings in the database: each sample in worker_samples (and the worker's
 * last-seen time), each change of availability in workers.is_up / down_reason, which the placer
 * reads. Samples older than the retention are purged at most once a minute, as new ones arrive.
 * Worker ids are the workers' database ids as strings.
 */
public final class StoringSink implements MonitoringSink {
    private static final Logger log = LoggerFactory.getLogger(StoringSink.class);
    private static final long PURGE_EVERY_MS = 60_000;
    private final SampleStore samples;
    private final ZoneStore zones;
    private final Clock clock;
    private final Duration retention;
    private final AtomicLong lastPurge = new AtomicLong(0);

    public StoringSink(SampleStore samples, ZoneStore zones, Clock clock, Duration retention) {
        this.samples = samples;
        this.zones = zones;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public void sampled(WorkerSample sample) {
        long id = Long.parseLong(sample.workerId());
        samples.insert(id, sample);
        zones.seen(id, sample.takenAt().toEpochMilli());
        long now = clock.millis(), last = lastPurge.get();
        if (now - last >= PURGE_EVERY_MS && lastPurge.compareAndSet(last, now)) {
            int n = samples.purgeBefore(now - retention.toMillis());
            if (n > 0) log.debug("purged {} worker samples older than {}", n, retention);
        }
    }

    @Override
    public void availabilityChanged(String workerId, boolean up, String reason) {
        long id = Long.parseLong(workerId);
        zones.setAvailability(id, up, reason);
        String name = zones.workerById(id).map(w -> w.zone() + "/" + w.name()).orElse("#" + workerId);
        if (up) log.info("worker {} is up", name);
        else log.warn("worker {} is down: {}", name, reason);
    }
}
