package io.olimpus.server.testbed;

import java.util.concurrent.TimeUnit;

/**
 * One test class at a time on a test bed within this JVM. The e2e classes run concurrently when
 * they use different beds (junit-platform.properties, {@link LinuxBed}, {@link OpenStackBed}); a
 * class that forgot those annotations still cannot share a bed with a running one, because the
 * bed's {@code up()} takes this lease and its {@code down()} gives it back. Reentrant for the
 * thread that holds it (a class's @BeforeAll and @AfterAll run on one thread), so a class may
 * call {@code up()} again while it holds the bed.
 */
public final class BedLease {
    /** Longer than any one e2e class has ever run: past it, some class never called down(). */
    private static final long WAIT_MINUTES = 60;
    private final String bed;
    private Thread owner;
    private int holds;

    public BedLease(String bed) { this.bed = bed; }

    public synchronized void acquire() throws InterruptedException {
        Thread me = Thread.currentThread();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(WAIT_MINUTES);
        while (holds > 0 && owner != me) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new IllegalStateException(bed + " has been held by thread '" + owner.getName() + "' for " + WAIT_MINUTES
                    + " min: make sure every class that calls up() calls down() in its @AfterAll");
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        owner = me;
        holds++;
    }

    /** Gives one hold back; a down() without its up() (an @AfterAll after a failed @BeforeAll) is harmless. */
    public synchronized void release() {
        if (holds == 0) return;
        if (--holds == 0) {
            owner = null;
            notifyAll();
        }
    }
}
