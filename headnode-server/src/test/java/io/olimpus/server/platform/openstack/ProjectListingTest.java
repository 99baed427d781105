package io.olimpus.server.platform.openstack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The pace of the waits on a project's listing follows how fast the cloud answers. */
class ProjectListingTest {
    static final long POLL_MS = 20, POLL = POLL_MS * 1_000_000;

    record Item(String project, String id) {}

    final AtomicInteger listings = new AtomicInteger();
    final AtomicLong answerMs = new AtomicLong();

    ProjectListing<Item> listing() {
        return new ProjectListing<>("p", pid -> {
            listings.incrementAndGet();
            ServerWatch.sleep(answerMs.get());
            return List.of(new Item(pid, "a"), new Item("other", "b"));
        }, Item::project, Item::id);
    }

    @Test
    void aQuickCloudIsAskedEveryPollIntervalAndASlowOneAsOftenAsItAnswers() {
        ProjectListing<Item> l = listing();
        assertThat(l.current(System.nanoTime(), POLL_MS)).containsOnlyKeys("a");
        assertThat(l.paceNanos(POLL_MS)).as("a listing quicker than the interval").isEqualTo(POLL);

        answerMs.set(150);
        l.current(System.nanoTime(), POLL_MS);
        assertThat(l.paceNanos(POLL_MS)).as("a listing that took 150 ms").isGreaterThanOrEqualTo(150_000_000L);
        // A wait that comes within the stretched pace uses that listing rather than asking again.
        int before = listings.get();
        l.current(System.nanoTime() - 1_000_000_000L, POLL_MS);
        assertThat(listings.get()).isEqualTo(before);

        answerMs.set(0);
        l.current(System.nanoTime(), POLL_MS);
        assertThat(l.paceNanos(POLL_MS)).as("the cloud is quick again").isEqualTo(POLL);
    }
}
