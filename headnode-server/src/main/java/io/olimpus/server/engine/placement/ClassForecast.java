package io.olimpus.server.engine.placement;

import io.olimpus.model.topology.Resources;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a class fits a zone: N copies of one design placed one after the other by {@link Placer},
 * exactly as the deployment engine places each student's slice (each copy is one slice, placed
 * whole or not at all, against what the copies before it took). When a copy does not fit, the
 * answer says how many students fit, how much is missing in all, and which workers are full.
 *
 * @param perStudent    what one copy asks for (flavor sizes summed)
 * @param total         what the whole class asks for
 * @param studentsThatFit how many copies were placed before the first that did not fit
 * @param shortBy       what the class lacks beyond what the zone's up workers still have free
 *                      (at least what the first copy that did not fit lacks on its closest worker)
 * @param workers       every worker with its room (after overcommit) before and after the class
 * @param message       the answer as a sentence, with what to do when it does not fit
 */
public record ClassForecast(String zone, int students, int vmsPerStudent, int totalVms, Resources perStudent, Resources total,
                            Overcommit overcommit, PlacementStrategy strategy, boolean fits, int studentsThatFit,
                            List<Shortfall> shortBy, List<WorkerRoom> workers, List<String> fullWorkers, String message) {

    /** A worker's room as the forecast sees it; {@code limit} is its capacity after overcommit, {@code usedAfter} with the class placed. */
    public record WorkerRoom(String workerId, String name, boolean up, Resources limit, Resources usedBefore, Resources usedAfter) {}

    public ClassForecast {
        shortBy = List.copyOf(shortBy);
        workers = List.copyOf(workers);
        fullWorkers = List.copyOf(fullWorkers);
    }

    /** Places {@code students} copies of {@code design} on {@code workers}; pure, the caller loads what the zone holds now. */
    public static ClassForecast of(String zone, int students, List<VmDemand> design, List<WorkerCapacity> workers,
                                   Overcommit overcommit, PlacementStrategy strategy) {
        if (students < 0) throw new IllegalArgumentException("students must not be negative: " + students);
        Resources per = Resources.ZERO;
        for (VmDemand d : design) per = per.plus(d.need());
        Resources total = times(per, students);

        Map<String, Resources> used = new HashMap<>();
        for (WorkerCapacity w : workers) used.put(w.workerId(), w.used());
        int placed = 0;
        Placement.DoesNotFit miss = null;
        for (int s = 0; s < students && !design.isEmpty(); s++) {
            List<WorkerCapacity> now = workers.stream()
                    .map(w -> new WorkerCapacity(w.workerId(), w.name(), w.capacity(), used.get(w.workerId()), w.up())).toList();
            Placement p = Placer.place(design, now, overcommit, strategy);
            if (p instanceof Placement.DoesNotFit d) { miss = d; break; }
            Map<String, Resources> need = new HashMap<>();
            for (VmDemand d : design) need.put(d.vmId(), d.need());
            ((Placement.Placed) p).workerByVm().forEach((vm, worker) -> used.merge(worker, need.get(vm), Resources::plus));
            placed++;
        }

        List<WorkerRoom> rooms = new ArrayList<>();
        long freeCpu = 0, freeRam = 0, freeDisk = 0;
        List<String> full = new ArrayList<>();
        Resources smallest = design.stream().map(VmDemand::need).reduce(ClassForecast::min).orElse(Resources.ZERO);
        for (WorkerCapacity w : workers) {
            Resources limit = overcommit.apply(w.capacity());
            Resources after = used.get(w.workerId());
            rooms.add(new WorkerRoom(w.workerId(), w.name(), w.up(), limit, w.used(), after));
            if (!w.up()) continue;
            long c = Math.max(0, (long) limit.vcpus() - after.vcpus()), r = Math.max(0, (long) limit.ramMb() - after.ramMb()),
                    d = Math.max(0, (long) limit.diskGb() - after.diskGb());
            freeCpu += c;
            freeRam += r;
            freeDisk += d;
            if (c < smallest.vcpus() || r < smallest.ramMb() || d < smallest.diskGb()) full.add(w.name());
        }

        boolean fits = miss == null;
        List<Shortfall> shortBy = new ArrayList<>();
        if (!fits) {
            Resources rest = times(per, students - placed);
            add(shortBy, "vCPU", "vCPU", rest.vcpus(), rest.vcpus() - freeCpu);
            add(shortBy, "RAM", "MB", rest.ramMb(), rest.ramMb() - freeRam);
            add(shortBy, "disk", "GB", rest.diskGb(), rest.diskGb() - freeDisk);
            // Free room split across workers can be too small for a copy though it adds up: say what the copy lacks where it came closest.
            if (shortBy.isEmpty()) shortBy.addAll(miss.shortfalls());
        }
        String message = sentence(zone, students, design.size(), total, overcommit, fits, placed, shortBy, full, miss);
        return new ClassForecast(zone, students, design.size(), design.size() * students, per, total, overcommit, strategy, fits, placed,
                shortBy, rooms, full, message);
    }

    private static void add(List<Shortfall> out, String resource, String unit, long needed, long missing) {
        if (missing > 0) out.add(new Shortfall(resource, unit, needed, missing));
    }

    private static Resources times(Resources r, int n) {
        return new Resources(Math.multiplyExact(r.vcpus(), n), Math.multiplyExact(r.ramMb(), n), Math.multiplyExact(r.diskGb(), n));
    }

    private static Resources min(Resources a, Resources b) {
        return new Resources(Math.min(a.vcpus(), b.vcpus()), Math.min(a.ramMb(), b.ramMb()), Math.min(a.diskGb(), b.diskGb()));
    }

    /** "26 GB" for whole gigabytes, "25.5 GB" otherwise. */
    static String gb(int ramMb) {
        return ramMb % 1024 == 0 ? (ramMb / 1024) + " GB" : String.format(Locale.ROOT, "%.1f GB", ramMb / 1024.0);
    }

    private static String ratio(double r) {
        return r == Math.rint(r) ? Integer.toString((int) r) : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String sentence(String zone, int students, int vms, Resources total, Overcommit oc, boolean fits, int placed,
                                   List<Shortfall> shortBy, List<String> full, Placement.DoesNotFit miss) {
        String head = students + " students x " + vms + " VMs = " + (students * vms) + " VMs, " + total.vcpus() + " vCPU, " + gb(total.ramMb())
                + " RAM, " + total.diskGb() + " GB disk: fits in zone " + zone + " with overcommit " + ratio(oc.cpu()) + "x vCPU, "
                + ratio(oc.ram()) + "x RAM: ";
        if (fits) return head + "yes";
        if (miss.closestWorker() == null) return head + "no: " + miss.message() + "; bring a worker up or choose another zone";
        return head + "no, " + placed + " of " + students + " students fit; short by "
                + String.join(" and ", shortBy.stream().map(Shortfall::toString).toList())
                + (full.isEmpty() ? "" : " on " + String.join(", ", full))
                + "; add workers, raise the zone's overcommit, use smaller flavors or split the class";
    }
}
