package io.olimpus.server.engine.placement;

import io.olimpus.model.topology.Resources;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places all of a slice's VMs on a zone's workers, or none: filter the workers that are up and
 * have room (after overcommit), then score by the zone's strategy. VMs are placed largest first,
 * which fits more slices than arrival order when workers are nearly full.
 */
public final class Placer {
    private Placer() {}

    public static Placement place(List<VmDemand> vms, List<WorkerCapacity> workers, Overcommit overcommit, PlacementStrategy strategy) {
        Map<String, Room> free = new LinkedHashMap<>();
        Map<String, Room> limit = new HashMap<>();
        for (WorkerCapacity w : workers) {
            if (!w.up()) continue;
            Room cap = Room.of(overcommit.apply(w.capacity()));
            limit.put(w.workerId(), cap);
            free.put(w.workerId(), cap.minus(Room.of(w.used())));
        }
        Map<String, String> nameOf = new HashMap<>();
        for (WorkerCapacity w : workers) nameOf.put(w.workerId(), w.name());

        List<VmDemand> order = new ArrayList<>(vms);
        order.sort(Comparator.comparingLong((VmDemand v) -> weight(v.need())).reversed());
        Map<String, String> placed = new LinkedHashMap<>();
        for (VmDemand vm : order) {
            Room need = Room.of(vm.need());
            String best = null;
            double bestScore = 0;
            for (var e : free.entrySet()) {
                Room f = e.getValue();
                if (!f.covers(need)) continue;
                double score = f.minus(need).fractionOf(limit.get(e.getKey()));
                if (strategy == PlacementStrategy.PACK) score = -score;
                if (best == null || score > bestScore) { best = e.getKey(); bestScore = score; }
            }
            if (best == null) return doesNotFit(vm, free, nameOf, workers.size());
            free.put(best, free.get(best).minus(need));
            placed.put(vm.vmId(), best);
        }
        return new Placement.Placed(placed);
    }

    private static Placement doesNotFit(VmDemand vm, Map<String, Room> free, Map<String, String> nameOf, int workerCount) {
        if (free.isEmpty()) {
            String why = workerCount == 0 ? "the zone has no workers" : "no worker of the zone is up";
            return new Placement.DoesNotFit(vm.vmId(), vm.vmName(), null, List.of(), vm.vmName() + " cannot be placed: " + why);
        }
        String closest = null;
        List<Shortfall> closestShort = null;
        double closestGap = Double.MAX_VALUE;
        for (var e : free.entrySet()) {
            List<Shortfall> s = shortfalls(vm.need(), e.getValue());
            double gap = 0;
            for (Shortfall x : s) gap += (double) x.missing() / Math.max(1, x.needed());
            if (gap < closestGap) { closest = e.getKey(); closestShort = s; closestGap = gap; }
        }
        Resources n = vm.need();
        String message = vm.vmName() + " needs " + n.vcpus() + " vCPU, " + n.ramMb() + " MB RAM and " + n.diskGb()
                + " GB disk; the closest worker, " + nameOf.get(closest) + ", lacks "
                + String.join(" and ", closestShort.stream().map(Shortfall::toString).toList());
        return new Placement.DoesNotFit(vm.vmId(), vm.vmName(), nameOf.get(closest), closestShort, message);
    }

    static List<Shortfall> shortfalls(Resources need, Room free) {
        List<Shortfall> out = new ArrayList<>(3);
        if (need.vcpus() > free.vcpus()) out.add(new Shortfall("vCPU", "vCPU", need.vcpus(), need.vcpus() - Math.max(0, free.vcpus())));
        if (need.ramMb() > free.ramMb()) out.add(new Shortfall("RAM", "MB", need.ramMb(), need.ramMb() - Math.max(0, free.ramMb())));
        if (need.diskGb() > free.diskGb()) out.add(new Shortfall("disk", "GB", need.diskGb(), need.diskGb() - Math.max(0, free.diskGb())));
        return out;
    }

    /** Signed amounts: room goes negative when an admin lowers a ratio below what already runs, and that must not throw. */
    record Room(long vcpus, long ramMb, long diskGb) {
        static Room of(Resources r) { return new Room(r.vcpus(), r.ramMb(), r.diskGb()); }

        Room minus(Room o) { return new Room(vcpus - o.vcpus, ramMb - o.ramMb, diskGb - o.diskGb); }

        boolean covers(Room need) { return vcpus >= need.vcpus && ramMb >= need.ramMb && diskGb >= need.diskGb; }

        double fractionOf(Room cap) {
            return (cap.vcpus == 0 ? 0 : (double) vcpus / cap.vcpus) + (cap.ramMb == 0 ? 0 : (double) ramMb / cap.ramMb)
                    + (cap.diskGb == 0 ? 0 : (double) diskGb / cap.diskGb);
        }
    }

    private static long weight(Resources r) {
        return (long) r.vcpus() * 4096L + r.ramMb() + r.diskGb() * 64L;
    }
}
