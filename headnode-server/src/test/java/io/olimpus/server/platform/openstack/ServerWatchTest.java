package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import org.junit.jupiter.api.Test;
import org.openstack4j.model.compute.Server;
import org.openstack4j.openstack.compute.domain.NovaServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Waits on Nova against a scripted listing: what ends a wait, and how many listings the waits cost. */
class ServerWatchTest {
    static final long POLL_MS = 20;

    /** The servers Nova lists per project; tests change a server's status while waits run. */
    final Map<String, Map<String, Server.Status>> cloud = new ConcurrentHashMap<>();
    final AtomicInteger listings = new AtomicInteger();

    ServerWatch watch(Duration timeout) {
        return new ServerWatch(pid -> {
            listings.incrementAndGet();
            List<Server> out = new ArrayList<>();
            cloud.getOrDefault(pid, Map.of()).forEach((id, st) -> out.add(server(pid, id, st)));
            out.add(server("someone-else", "x-1", Server.Status.ACTIVE));   // Nova's listing may hold other projects' servers
            return out;
        }, timeout, POLL_MS);
    }

    static Server server(String projectId, String id, Server.Status status) {
        NovaServer s = new NovaServer();
        s.id = id;
        s.name = "vm-" + id;
        s.tenantId = projectId;
        s.status = status;
        return s;
    }

    void set(String pid, String id, Server.Status st) { cloud.computeIfAbsent(pid, k -> new ConcurrentHashMap<>()).put(id, st); }

    @Test
    void aWaitEndsWhenNovaSaysActiveOrError() {
        ServerWatch w = watch(Duration.ofSeconds(30));
        set("p", "s-1", Server.Status.ACTIVE);
        w.awaitActive("p", "s-1", "vm1");
        set("p", "s-2", Server.Status.ERROR);
        assertThatThrownBy(() -> w.awaitActive("p", "s-2", "vm2")).isInstanceOf(DriverException.class)
                .hasMessage("vm2: Nova put the server in ERROR: Nova gave no fault message");
        assertThatThrownBy(() -> w.awaitActive("p", "x-1", "vm3")).hasMessage("vm3: Nova lost server x-1 while it was being built");
    }

    @Test
    void aServerThatStaysInBuildFailsAtTheTimeout() {
        ServerWatch w = watch(Duration.ofMillis(100));
        set("p", "s-1", Server.Status.BUILD);
        assertThatThrownBy(() -> w.awaitActive("p", "s-1", "vm1")).hasMessage("vm1: Nova did not make the server ACTIVE within 0 s (last BUILD)");
    }

    @Test
    void serversBootingTogetherShareOneListingPerPollInterval() throws Exception {
        ServerWatch w = watch(Duration.ofSeconds(30));
        int vms = 8;
        for (int i = 0; i < vms; i++) set("p", "s-" + i, Server.Status.BUILD);
        ExecutorService pool = Executors.newFixedThreadPool(vms);
        long start = System.nanoTime();
        try {
            List<Future<?>> waits = new ArrayList<>();
            for (int i = 0; i < vms; i++) {
                String id = "s-" + i;
                waits.add(pool.submit(() -> w.awaitActive("p", id, id)));
            }
            Thread.sleep(20 * POLL_MS);
            for (int i = 0; i < vms; i++) set("p", "s-" + i, Server.Status.ACTIVE);
            for (Future<?> f : waits) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // One listing per waiter to start with, then listings at least a poll interval apart, however many wait.
        assertThat(listings.get()).isLessThanOrEqualTo(vms + (int) (elapsedMs / POLL_MS) + 1);
    }

    @Test
    void aDeletionEndsWhenTheServerIsGoneOrDeleted() {
        ServerWatch w = watch(Duration.ofSeconds(30));
        set("p", "s-1", Server.Status.DELETED);
        w.awaitDeleted("p", "s-1", System.nanoTime(), () -> { throw new AssertionError("the project's listing answers"); });
        w.awaitDeleted("p", "s-2", System.nanoTime(), () -> { throw new AssertionError("the project's listing answers"); });
        // With no project known, the server is asked for alone.
        int[] gets = {0};
        w.awaitDeleted(null, "s-3", System.nanoTime(), () -> ++gets[0] < 3 ? server("p", "s-3", Server.Status.ACTIVE) : null);
        assertThat(gets[0]).isEqualTo(3);
        assertThat(listings.get()).isEqualTo(2);
    }

    @Test
    void aServerThatDoesNotGoFailsAtTheTimeoutWithNovasStatus() {
        ServerWatch w = watch(Duration.ofMillis(100));
        set("p", "s-1", Server.Status.ACTIVE);
        assertThatThrownBy(() -> w.awaitDeleted("p", "s-1", System.nanoTime(), () -> null))
                .hasMessage("Nova did not delete server vm-s-1 within 0 s (status ACTIVE)");
        set("p", "s-1", Server.Status.ERROR);
        assertThatThrownBy(() -> w.awaitDeleted("p", "s-1", System.nanoTime(), () -> null))
                .hasMessage("Nova could not delete server vm-s-1: Nova gave no fault message");
    }
}
