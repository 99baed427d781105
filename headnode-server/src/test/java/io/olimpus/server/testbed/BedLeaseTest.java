package io.olimpus.server.testbed;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class BedLeaseTest {
    /** Another class's thread asking for the bed; {@code got} says whether it has it. */
    record Contender(Thread thread, AtomicBoolean got) {
        static Contender start(BedLease lease) throws InterruptedException {
            AtomicBoolean got = new AtomicBoolean();
            Thread t = new Thread(() -> {
                try {
                    lease.acquire();
                    got.set(true);
                } catch (InterruptedException ignored) {
                    // the test is over
                }
            });
            t.start();
            // Until it either has the lease or waits for it: no timing involved in what is asserted next.
            long deadline = System.currentTimeMillis() + 30_000;
            while (t.isAlive() && t.getState() != Thread.State.TIMED_WAITING && System.currentTimeMillis() < deadline) Thread.sleep(10);
            return new Contender(t, got);
        }

        void assertWaiting() {
            assertThat(got).as("the other class got the bed while it was held").isFalse();
            assertThat(thread.getState()).isEqualTo(Thread.State.TIMED_WAITING);
        }

        void assertGotIt() throws InterruptedException {
            thread.join(30_000);
            assertThat(got).as("the other class got the bed once it was given back").isTrue();
        }
    }

    @Test
    void aSecondClassWaitsUntilTheFirstGivesTheBedBack() throws Exception {
        BedLease lease = new BedLease("the bed");
        lease.acquire();
        Contender other = Contender.start(lease);
        other.assertWaiting();
        lease.release();
        other.assertGotIt();
    }

    @Test
    void theHolderMayTakeItAgainAndGivesItBackOnlyWithItsLastRelease() throws Exception {
        BedLease lease = new BedLease("the bed");
        lease.acquire();
        lease.acquire();
        lease.release();
        Contender other = Contender.start(lease);
        other.assertWaiting();
        lease.release();
        other.assertGotIt();
    }

    @Test
    void aReleaseWithoutAnAcquireLeavesNoFreeHoldBehind() throws Exception {
        BedLease lease = new BedLease("the bed");
        lease.release();
        lease.acquire();
        Contender other = Contender.start(lease);
        other.assertWaiting();
        lease.release();
        other.assertGotIt();
    }
}
