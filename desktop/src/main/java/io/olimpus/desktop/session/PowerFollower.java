package io.olimpus.desktop.session;

import io.olimpus.wire.Wire;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * After a stop, start or reboot, reads the VMs every {@code every} until they show what the action
 * leads to, or at most for {@code atMost}, so a VM's colour follows the platform without the user
 * pressing Refresh. Blocking: it runs on a background thread and sleeps between reads.
 */
final class PowerFollower {
    static final PowerFollower STANDARD = new PowerFollower(Duration.ofSeconds(2), Duration.ofSeconds(90));

    private final Duration every, atMost;

    PowerFollower(Duration every, Duration atMost) {
        this.every = every;
        this.atMost = atMost;
    }

    /**
     * Runs {@code action}, then reads with {@code read} until {@code reached}; each read before that
     * goes to {@code meanwhile}. Returns the last read.
     */
    List<Wire.VmView> follow(Runnable action, Supplier<List<Wire.VmView>> read, Predicate<List<Wire.VmView>> reached,
                             Consumer<List<Wire.VmView>> meanwhile) {
        action.run();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            List<Wire.VmView> now = read.get();
            if (reached.test(now) || System.nanoTime() - deadline > 0) return now;
            meanwhile.accept(now);
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }
}
