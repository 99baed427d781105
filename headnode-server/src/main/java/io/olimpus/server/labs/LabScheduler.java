package io.olimpus.server.labs;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that acts on labs' windows and idle timeouts: every {@code period} it runs
 * {@link LabService#tick} at the clock's time. Tests call {@code tick} with the time they want
 * instead, so nothing waits for a real window to pass.
 */
public final class LabScheduler implements AutoCloseable {
    /** The bounds of the period, in the config file and the live settings alike. */
    public static final Duration MIN_PERIOD = Duration.ofSeconds(1), MAX_PERIOD = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(LabScheduler.class);
    private final ScheduledExecutorService timer;
    private final LabService labs;
    private final Clock clock;
    private Duration period;
    private ScheduledFuture<?> rounds;

    public LabScheduler(LabService labs, Clock clock, Duration period) {
        this.labs = labs;
        this.clock = clock;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "olimpus-lab-scheduler");
            t.setDaemon(true);
            return t;
        });
        period(period);
    }

    public synchronized Duration period() { return period; }

    /**
     * Acts every {@code period} from now on: the rounds of the old period stop (a round under way
     * finishes) and the next one comes one new period from now, so a shorter period set while a
     * window is near acts on it that soon, not after the rest of the old period.
     */
    public synchronized void period(Duration period) {
        if (rounds != null) rounds.cancel(false);
        this.period = period;
        rounds = timer.scheduleWithFixedDelay(() -> {
            try {
                labs.tick(clock.millis());
            } catch (RuntimeException e) {
                LOG.warn("the lab scheduler's round failed; it tries again in {}", period, e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the rounds and waits (30 s at most) for one under way to finish: the server closes its
     * database right after, and a round cut off there failed on a closed pool.
     */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("the lab scheduler's round did not finish within 30 s of the server's stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
