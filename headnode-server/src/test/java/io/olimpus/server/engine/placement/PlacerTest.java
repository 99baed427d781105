package io.olimpus.server.engine.placement;

import io.olimpus.model.topology.Resources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlacerTest {
    static final Resources SMALL = new Resources(1, 512, 5);
    static WorkerCapacity worker(String id, int cpu, int ram, int disk) {
        return new WorkerCapacity(id, "worker-" + id, new Resources(cpu, ram, disk), Resources.ZERO, true);
    }
    static List<VmDemand> vms(int n, Resources r) {
        List<VmDemand> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(new VmDemand("v" + i, "vm" + i, r));
        return out;
    }

    @Test
    void spreadUsesEveryWorkerEvenly() {
        var p = (Placement.Placed) Placer.place(vms(6, SMALL), List.of(worker("a", 4, 4096, 50), worker("b", 4, 4096, 50), worker("c", 4, 4096, 50)),
                Overcommit.NONE, PlacementStrategy.SPREAD);
        assertThat(p.workerByVm()).hasSize(6);
        assertThat(p.workerByVm().values().stream().filter("a"::equals).count()).isEqualTo(2);
        assertThat(p.workerByVm().values().stream().filter("b"::equals).count()).isEqualTo(2);
        assertThat(p.workerByVm().values().stream().filter("c"::equals).count()).isEqualTo(2);
    }

    @Test
    void packFillsOneWorkerBeforeTheNext() {
        var p = (Placement.Placed) Placer.place(vms(3, SMALL), List.of(worker("a", 4, 4096, 50), worker("b", 4, 4096, 50)),
                Overcommit.NONE, PlacementStrategy.PACK);
        assertThat(p.workerByVm().values()).containsOnly(p.workerByVm().get("v1"));
    }

    @Test
    void downWorkersAndUsedCapacityAreRespected() {
        var busy = new WorkerCapacity("a", "worker-a", new Resources(2, 2048, 20), new Resources(2, 1024, 0), true);
        var down = new WorkerCapacity("b", "worker-b", new Resources(64, 65536, 500), Resources.ZERO, false);
        var free = worker("c", 1, 1024, 10);
        var p = (Placement.Placed) Placer.place(vms(1, SMALL), List.of(busy, down, free), Overcommit.NONE, PlacementStrategy.SPREAD);
        assertThat(p.workerByVm()).containsEntry("v1", "c");
    }

    @Test
    void overcommitLetsMoreVcpusFit() {
        List<WorkerCapacity> one = List.of(worker("a", 2, 8192, 100));
        assertThat(Placer.place(vms(4, SMALL), one, Overcommit.NONE, PlacementStrategy.SPREAD)).isInstanceOf(Placement.DoesNotFit.class);
        assertThat(Placer.place(vms(4, SMALL), one, new Overcommit(2.0, 1.0, 1.0), PlacementStrategy.SPREAD)).isInstanceOf(Placement.Placed.class);
    }

    @Test
    void aSliceThatDoesNotFitSaysWhichVmWhichResourceAndHowMuch() {
        List<VmDemand> demand = List.of(new VmDemand("v1", "vm1", SMALL), new VmDemand("v2", "big", new Resources(2, 4096, 5)));
        var miss = (Placement.DoesNotFit) Placer.place(demand, List.of(worker("a", 4, 3072, 50), worker("b", 1, 1024, 50)),
                Overcommit.NONE, PlacementStrategy.SPREAD);
        assertThat(miss.vmName()).isEqualTo("big");
        assertThat(miss.closestWorker()).isEqualTo("worker-a");
        assertThat(miss.shortfalls()).containsExactly(new Shortfall("RAM", "MB", 4096, 1024));
        assertThat(miss.message()).isEqualTo("big needs 2 vCPU, 4096 MB RAM and 5 GB disk; the closest worker, worker-a, lacks 1024 MB of RAM");
    }

    @Test
    void allOrNothingWhenTheLastVmDoesNotFit() {
        var r = Placer.place(vms(5, SMALL), List.of(worker("a", 2, 4096, 50), worker("b", 2, 4096, 50)), Overcommit.NONE, PlacementStrategy.SPREAD);
        assertThat(r).isInstanceOf(Placement.DoesNotFit.class);
        assertThat(((Placement.DoesNotFit) r).shortfalls()).extracting(Shortfall::resource).containsExactly("vCPU");
    }

    @Test
    void noWorkersUpIsSaidPlainly() {
        var down = new WorkerCapacity("a", "worker-a", new Resources(8, 8192, 80), Resources.ZERO, false);
        var r = (Placement.DoesNotFit) Placer.place(vms(1, SMALL), List.of(down), Overcommit.NONE, PlacementStrategy.SPREAD);
        assertThat(r.message()).isEqualTo("vm1 cannot be placed: no worker of the zone is up");
        var none = (Placement.DoesNotFit) Placer.place(vms(1, SMALL), List.of(), Overcommit.NONE, PlacementStrategy.SPREAD);
        assertThat(none.message()).contains("the zone has no workers");
    }

    @Test
    void usedBeyondALoweredRatioDoesNotBreakPlacement() {
        var over = new WorkerCapacity("a", "worker-a", new Resources(2, 2048, 20), new Resources(6, 1024, 0), true);
        var r = Placer.place(vms(1, SMALL), List.of(over, worker("b", 2, 2048, 20)), Overcommit.NONE, PlacementStrategy.PACK);
        assertThat(((Placement.Placed) r).workerByVm()).containsEntry("v1", "b");
    }
}
