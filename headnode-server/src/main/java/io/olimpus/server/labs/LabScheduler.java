package io.olimpus.server.labs;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that acts on labs' windows and idle timeouts: every {@code period} it runs
 * {@link LabService#tick} at the clock's time. Tests call {@code tick} with the time they want
 * instead, so nothing waits for a real window to pass.
 */
public final class LabScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabScheduler.class);
    private final ScheduledExecutorService timer;

    public LabScheduler(LabService labs, Clock clock, Duration period) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "olimpus-lab-scheduler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                labs.tick(clock.millis());
            } catch (RuntimeException e) {
                LOG.warn("the lab scheduler's round failed; it tries again in {}", period, e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
