package io.olimpus.server.engine.monitoring;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerMonitorTest {
    final ExecutorService pool = Executors.newCachedThreadPool();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final Set<String> hanging = ConcurrentHashMap.newKeySet();
    final List<WorkerSample> samples = new CopyOnWriteArrayList<>();
    final List<String> changes = new CopyOnWriteArrayList<>();
    final Map<String, Boolean> up = new ConcurrentHashMap<>();

    final WorkerProbe probe = id -> {
        if (hanging.contains(id)) Thread.sleep(600_000);   // for good: a poll that waited for it would outlast any bound below
        if (failing.contains(id)) throw new IllegalStateException("cannot open SSH to " + id);
        return new WorkerSample(id, Instant.EPOCH, 12.5, 100, 1000, 5, 50);
    };
    final MonitoringSink sink = new MonitoringSink() {
        public void sampled(WorkerSample s) { samples.add(s); }
        public void availabilityChanged(String id, boolean isUp, String reason) { changes.add(id + (isUp ? " up" : " down: " + reason)); up.put(id, isUp); }
    };

    WorkerMonitor monitor(int misses) {
        return new WorkerMonitor(() -> List.of("w1", "w2", "w3"), probe, sink, pool, Duration.ofSeconds(3), misses);
    }

    @AfterEach void stop() { pool.shutdownNow(); }

    @Test
    void aWorkerIsMarkedDownOnlyAfterMissesInARowAndUpAgainAtItsFirstAnswer() {
        WorkerMonitor m = monitor(2);
        m.pollOnce();
        assertThat(changes).containsExactly("w1 up", "w2 up", "w3 up");
        failing.add("w2");
        m.pollOnce();
        assertThat(up.get("w2")).as("one miss is not enough").isTrue();
        m.pollOnce();
        assertThat(up.get("w2")).isFalse();
        assertThat(changes.get(3)).startsWith("w2 down: 2 probes in a row failed; last: cannot open SSH to w2");
        m.pollOnce();
        assertThat(changes).as("reported once, not every round").hasSize(4);
        failing.clear();
        m.pollOnce();
        assertThat(changes).last().isEqualTo("w2 up");
        assertThat(samples).extracting(WorkerSample::workerId).filteredOn("w2"::equals).hasSize(2);
    }

    @Test
    void aHungWorkerTimesOutWithoutHoldingUpTheOthers() {
        hanging.add("w3");
        WorkerMonitor m = monitor(1);
        long t0 = System.nanoTime();
        m.pollOnce();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(120));
        assertThat(samples).extracting(WorkerSample::workerId).containsExactlyInAnyOrder("w1", "w2");
        assertThat(changes).contains("w3 down: 1 probes in a row failed; last: no answer within 3000 ms");
    }
}
