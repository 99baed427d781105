package io.olimpus.server.labs;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDeployRunnerTest {
    static List<ClassBoard.Row> rows(int n) {
        List<ClassBoard.Row> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(new ClassBoard.Row((long) i, "s" + i, ClassBoard.State.DRAFT, null, null, 0));
        return out;
    }

    @Test
    void neverRunsMoreThanTheSettingAtOnceAndQueuesTheRest() throws Exception {
        try (var runner = new ClassDeployRunner(3, Clock.systemUTC())) {
            ClassBoard board = new ClassBoard();
            AtomicInteger now = new AtomicInteger(), max = new AtomicInteger();
            CountDownLatch threeIn = new CountDownLatch(3), release = new CountDownLatch(1);
            var done = runner.run(board, rows(10), (row, job) -> {
                max.accumulateAndGet(now.incrementAndGet(), Math::max);
                threeIn.countDown();
                release.await();
                now.decrementAndGet();
                return ClassDeployRunner.Outcome.running((long) row.sliceId());
            });
            assertThat(threeIn.await(30, TimeUnit.SECONDS)).isTrue();
            var snap = board.snapshot();
            assertThat(snap.count(ClassBoard.State.DEPLOYING)).isEqualTo(3);
            assertThat(snap.count(ClassBoard.State.QUEUED)).isEqualTo(7);
            release.countDown();
            done.get(60, TimeUnit.SECONDS);
            assertThat(max.get()).isEqualTo(3);
            assertThat(board.snapshot().count(ClassBoard.State.RUNNING)).isEqualTo(10);
            assertThat(board.snapshot().rows()).allSatisfy(r -> assertThat(r.jobId()).isEqualTo(r.sliceId()));
        }
    }

    @Test
    void oneFailureNeverStopsTheOthersAndRetryRunsOnlyTheFailed() throws Exception {
        try (var runner = new ClassDeployRunner(2, Clock.systemUTC())) {
            ClassBoard board = new ClassBoard();
            Set<Long> broken = ConcurrentHashMap.newKeySet();
            broken.addAll(Set.of(2L, 5L));
            Set<Long> ran = ConcurrentHashMap.newKeySet();
            ClassDeployRunner.Step step = (row, job) -> {
                ran.add(row.sliceId());
                if (row.sliceId() == 5) throw io.olimpus.server.errors.DomainError.conflict("zone-not-ready", "zone 'lab' is not ready", "zone");
                if (row.sliceId() == 6) throw new IllegalStateException("insert into alloc_segments failed");
                return broken.contains(row.sliceId()) ? ClassDeployRunner.Outcome.failed("vm2 did not boot; retry", 9L) : ClassDeployRunner.Outcome.running(1L);
            };
            runner.run(board, rows(6), step).get(60, TimeUnit.SECONDS);
            var snap = board.snapshot();
            assertThat(snap.count(ClassBoard.State.RUNNING)).isEqualTo(3);
            assertThat(snap.rows()).filteredOn(r -> r.sliceId() == 6).singleElement()
                    .satisfies(r -> assertThat(r.reason()).doesNotContain("alloc_segments").contains("retry"));
            assertThat(snap.rows()).filteredOn(r -> r.sliceId() == 2).singleElement()
                    .satisfies(r -> { assertThat(r.state()).isEqualTo(ClassBoard.State.FAILED); assertThat(r.reason()).isEqualTo("vm2 did not boot; retry"); });
            assertThat(snap.rows()).filteredOn(r -> r.sliceId() == 5).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("not ready"));

            broken.clear();
            ran.clear();
            runner.retryFailed(board, (row, job) -> { ran.add(row.sliceId()); return ClassDeployRunner.Outcome.running(2L); }).get(60, TimeUnit.SECONDS);
            assertThat(ran).containsExactlyInAnyOrder(2L, 5L, 6L);
            assertThat(board.snapshot().count(ClassBoard.State.RUNNING)).isEqualTo(6);
        }
    }

    @Test
    void aWatcherIsWokenByEveryChange() throws Exception {
        ClassBoard board = new ClassBoard();
        long v = board.snapshot().version();
        Thread t = new Thread(() -> board.put(new ClassBoard.Row(1L, "a", ClassBoard.State.QUEUED, null, null, 0)));
        t.start();
        board.awaitChange(v, 60_000);
        assertThat(board.snapshot().version()).isGreaterThan(v);
        t.join();
    }
}
