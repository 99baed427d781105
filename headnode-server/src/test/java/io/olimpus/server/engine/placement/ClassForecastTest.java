package io.olimpus.server.engine.placement;

import io.olimpus.model.topology.Resources;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassForecastTest {
    static final Resources SMALL = new Resources(1, 128, 1);

    static WorkerCapacity worker(String id, int cpu, int ram, int disk) {
        return new WorkerCapacity(id, "w" + id, new Resources(cpu, ram, disk), Resources.ZERO, true);
    }

    @Test
    void aClassThatFitsSaysYesWithTheTotals() {
        var f = ClassForecast.of("lab", 42, PlacerTest.vms(5, new Resources(1, 128, 1)),
                List.of(worker("a", 32, 65536, 500), worker("b", 32, 65536, 500)), Overcommit.DEFAULT, PlacementStrategy.SPREAD);
        assertThat(f.fits()).isTrue();
        assertThat(f.totalVms()).isEqualTo(210);
        assertThat(f.total()).isEqualTo(new Resources(210, 26880, 210));
        assertThat(f.studentsThatFit()).isEqualTo(42);
        assertThat(f.shortBy()).isEmpty();
        assertThat(f.message()).startsWith("42 students x 5 VMs = 210 VMs, 210 vCPU, 26.3 GB RAM, 210 GB disk: fits in zone lab with overcommit 4x vCPU, 1x RAM: yes");
        // What the class takes is on the workers, split as SPREAD splits it.
        int cpuAfter = f.workers().stream().mapToInt(w -> w.usedAfter().vcpus()).sum();
        assertThat(cpuAfter).isEqualTo(210);
        assertThat(f.workers()).allSatisfy(w -> assertThat(w.usedAfter().vcpus()).isBetween(100, 110));
    }

    @Test
    void aClassThatDoesNotFitSaysHowManyFitAndWhatIsMissingWhere() {
        // 2 workers x 4 cores x overcommit 2 = 16 vCPU; 6 students x 3 vCPU = 18: 5 fit, short by 2 vCPU.
        var f = ClassForecast.of("lab", 6, PlacerTest.vms(3, SMALL), List.of(worker("a", 4, 8192, 100), worker("b", 4, 8192, 100)),
                new Overcommit(2, 1, 1), PlacementStrategy.SPREAD);
        assertThat(f.fits()).isFalse();
        assertThat(f.studentsThatFit()).isEqualTo(5);
        assertThat(f.shortBy()).extracting(Shortfall::resource, Shortfall::missing).containsExactly(org.assertj.core.groups.Tuple.tuple("vCPU", 2L));
        assertThat(f.message()).contains("no, 5 of 6 students fit; short by 2 vCPU on").contains("add workers");
        assertThat(f.fullWorkers()).isNotEmpty();
    }

    /** The forecast must agree with the engine: placing the copies one by one with Placer, as each deploy does. */
    @Test
    void theForecastAgreesWithPlacingEachCopyAsTheEngineDoes() {
        List<WorkerCapacity> ws = List.of(worker("a", 3, 1000, 10), worker("b", 2, 700, 10));
        List<VmDemand> design = List.of(new VmDemand("v1", "big", new Resources(1, 300, 1)), new VmDemand("v2", "small", new Resources(1, 100, 1)));
        var f = ClassForecast.of("z", 10, design, ws, Overcommit.NONE, PlacementStrategy.PACK);
        // Engine: every slice placed against what the ones before took.
        int fit = 0;
        List<WorkerCapacity> now = ws;
        while (true) {
            Placement p = Placer.place(design, now, Overcommit.NONE, PlacementStrategy.PACK);
            if (!(p instanceof Placement.Placed placed)) break;
            fit++;
            List<WorkerCapacity> next = new java.util.ArrayList<>();
            for (WorkerCapacity w : now) {
                Resources u = w.used();
                for (var e : placed.workerByVm().entrySet())
                    if (e.getValue().equals(w.workerId())) u = u.plus(design.stream().filter(d -> d.vmId().equals(e.getKey())).findFirst().orElseThrow().need());
                next.add(new WorkerCapacity(w.workerId(), w.name(), w.capacity(), u, w.up()));
            }
            now = next;
        }
        assertThat(f.studentsThatFit()).isEqualTo(fit).isBetween(1, 9);
        assertThat(f.fits()).isFalse();
    }

    @Test
    void fragmentedRoomIsReportedFromTheClosestWorker() {
        // 2 workers with 1 free vCPU each: 2 vCPU free in all, but a copy needs 2 on one worker... per VM 1 vCPU, so use a 2-vCPU VM.
        var f = ClassForecast.of("z", 1, List.of(new VmDemand("v", "router", new Resources(2, 128, 1))),
                List.of(worker("a", 1, 1024, 10), worker("b", 1, 1024, 10)), Overcommit.NONE, PlacementStrategy.SPREAD);
        assertThat(f.fits()).isFalse();
        assertThat(f.studentsThatFit()).isZero();
        assertThat(f.shortBy()).extracting(Shortfall::resource).containsExactly("vCPU");
        assertThat(f.shortBy().get(0).missing()).isEqualTo(1);
    }

    @Test
    void aZoneWithNoWorkerUpSaysSo() {
        var down = new WorkerCapacity("a", "wa", new Resources(8, 8192, 100), Resources.ZERO, false);
        var f = ClassForecast.of("z", 3, PlacerTest.vms(2, SMALL), List.of(down), Overcommit.DEFAULT, PlacementStrategy.SPREAD);
        assertThat(f.fits()).isFalse();
        assertThat(f.message()).contains("no worker of the zone is up").contains("bring a worker up");
    }

    @Test
    void whatRunsAlreadyCounts() {
        var busy = new WorkerCapacity("a", "wa", new Resources(4, 4096, 100), new Resources(3, 0, 0), true);
        var f = ClassForecast.of("z", 2, PlacerTest.vms(1, SMALL), List.of(busy), Overcommit.NONE, PlacementStrategy.SPREAD);
        assertThat(f.studentsThatFit()).isEqualTo(1);
        assertThat(f.fullWorkers()).containsExactly("wa");
    }
}
