package io.olimpus.server.platform.openstack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pace of the waits on a project's listing follows how fast the cloud answers. Time is the
 * test's own clock, which a listing moves by how long the cloud "took": on a busy machine a real
 * listing of nothing once took 29 ms, over the 20 ms interval this test had asserted it beat.
 */
class ProjectListingTest {
    static final long POLL_MS = 20, POLL = POLL_MS * 1_000_000;

    record Item(String project, String id) {}

    final AtomicInteger listings = new AtomicInteger();
    final AtomicLong answerMs = new AtomicLong();
    final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    ProjectListing<Item> listing() {
        return new ProjectListing<>("p", pid -> {
            listings.incrementAndGet();
            now.addAndGet(answerMs.get() * 1_000_000);
            return List.of(new Item(pid, "a"), new Item("other", "b"));
        }, Item::project, Item::id, now::get);
    }

    @Test
    void aQuickCloudIsAskedEveryPollIntervalAndASlowOneAsOftenAsItAnswers() {
        ProjectListing<Item> l = listing();
        answerMs.set(5);
        assertThat(l.current(now.get(), POLL_MS)).containsOnlyKeys("a");
        assertThat(l.paceNanos(POLL_MS)).as("a listing quicker than the interval").isEqualTo(POLL);
        // Within the interval the same listing serves; after it, a new one is made.
        now.addAndGet(10_000_000);
        l.current(Long.MIN_VALUE, POLL_MS);
        assertThat(listings.get()).isEqualTo(1);
        now.addAndGet(POLL);
        l.current(Long.MIN_VALUE, POLL_MS);
        assertThat(listings.get()).isEqualTo(2);

        answerMs.set(150);
        l.current(now.get(), POLL_MS);
        assertThat(l.paceNanos(POLL_MS)).as("a listing that took 150 ms").isEqualTo(150_000_000L);
        // A wait that comes within the stretched pace uses that listing rather than asking again.
        int before = listings.get();
        now.addAndGet(100_000_000);
        l.current(Long.MIN_VALUE, POLL_MS);
        assertThat(listings.get()).isEqualTo(before);

        answerMs.set(0);
        l.current(now.get(), POLL_MS);
        assertThat(l.paceNanos(POLL_MS)).as("the cloud is quick again").isEqualTo(POLL);
    }
}
