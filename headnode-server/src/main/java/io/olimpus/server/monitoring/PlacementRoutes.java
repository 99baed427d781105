package io.olimpus.server.monitoring;

import io.olimpus.server.deploy.DeploymentStore;
import io.olimpus.server.deploy.DeploymentStore.SlicePlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.slices.Slice;
import io.olimpus.server.slices.SliceStore;
import io.olimpus.server.zones.ZoneService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * GET /zones/{zone}/placements: which slices and VMs run on each worker of a zone (admins), read
 * from the plans the engine keeps for deployed slices. Every worker of the zone is listed, busy or
 * not, and a plan's worker that is no longer registered is listed too, so nothing running hides.
 * Each table is read through the store of the feature that owns it.
 */
public final class PlacementRoutes {
    /** One slice on one worker, with the names of its VMs there. */
    public record PlacedSlice(long id, String name, String owner, String status, List<String> vms) {}

    public record WorkerLoad(String worker, List<PlacedSlice> slices) {}

    private PlacementRoutes() {}

    public static void register(Api api, ZoneService zones, DeploymentStore plans, SliceStore slices) {
        api.get("/zones/{zone}/placements", Access.ADMIN, (ctx, caller) -> {
            String zone = zones.get(ctx.pathParam("zone")).name();
            Http.json(ctx, Map.of("zone", zone, "workers", placements(zones, plans, slices, zone)));
        });
    }

    static List<WorkerLoad> placements(ZoneService zones, DeploymentStore plans, SliceStore slices, String zone) {
        Map<String, Map<Long, PlacedSlice>> byWorker = new LinkedHashMap<>();
        for (var w : zones.workerViews(zone)) byWorker.put(w.name(), new LinkedHashMap<>());
        List<SlicePlan> stored = plans.plansInZone(zone);
        Map<Long, Slice> sliceById = slices.byIds(stored.stream().map(SlicePlan::sliceId).toList()).stream()
                .collect(Collectors.toMap(Slice::id, Function.identity()));
        for (SlicePlan p : stored) {
            Slice s = sliceById.get(p.sliceId());
            if (s == null) continue;  // deleted since the plans were read
            for (VmPlan vm : p.plan().vms()) {
                String worker = vm.workerId() == null ? "" : vm.workerId();
                byWorker.computeIfAbsent(worker, k -> new LinkedHashMap<>())
                        .computeIfAbsent(s.id(), id -> new PlacedSlice(id, s.name(), s.owner(), s.status().name(), new ArrayList<>()))
                        .vms().add(vm.name());
            }
        }
        List<WorkerLoad> out = new ArrayList<>();
        byWorker.forEach((w, placed) -> out.add(new WorkerLoad(w, List.copyOf(placed.values()))));
        return out;
    }
}
