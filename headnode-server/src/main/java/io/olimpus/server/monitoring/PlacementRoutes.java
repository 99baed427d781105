package io.olimpus.server.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.server.zones.ZoneService;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /zones/{zone}/placements: which slices and VMs run on each worker of a zone (admins), read
 * from the plans the engine keeps for deployed slices. Every worker of the zone is listed, busy or
 * not, and a plan's worker that is no longer registered is listed too, so nothing running hides.
 */
public final class PlacementRoutes {
    /** One slice on one worker, with the names of its VMs there. */
    public record PlacedSlice(long id, String name, String owner, String status, List<String> vms) {}

    public record WorkerLoad(String worker, List<PlacedSlice> slices) {}

    private record PlanRow(long sliceId, String name, String owner, String status, String planJson) {}

    private PlacementRoutes() {}

    public static void register(Api api, ZoneService zones, Jdbi jdbi) {
        api.get("/zones/{zone}/placements", Access.ADMIN, (ctx, caller) -> {
            String zone = zones.get(ctx.pathParam("zone")).name();
            Http.json(ctx, Map.of("zone", zone, "workers", placements(zones, jdbi, zone)));
        });
    }

    static List<WorkerLoad> placements(ZoneService zones, Jdbi jdbi, String zone) {
        Map<String, Map<Long, PlacedSlice>> byWorker = new LinkedHashMap<>();
        for (var w : zones.workerViews(zone)) byWorker.put(w.name(), new LinkedHashMap<>());
        List<PlanRow> rows = jdbi.withHandle(h -> h.createQuery(
                        "select p.slice_id, s.name, u.username, s.status, p.plan_json from slice_plans p"
                                + " join slices s on s.id = p.slice_id join users u on u.id = s.owner_id"
                                + " where p.zone = :z order by p.slice_id")
                .bind("z", zone)
                .map((rs, c) -> new PlanRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list());
        for (PlanRow r : rows) {
            JsonNode plan;
            try {
                plan = Json.MAPPER.readTree(r.planJson());
            } catch (IOException e) {
                throw new UncheckedIOException("the stored plan of slice " + r.sliceId() + " cannot be read", e);
            }
            for (JsonNode vm : plan.path("vms")) {
                String worker = vm.path("workerId").asText("");
                byWorker.computeIfAbsent(worker, k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.sliceId(), id -> new PlacedSlice(id, r.name(), r.owner(), r.status(), new ArrayList<>()))
                        .vms().add(vm.path("name").asText());
            }
        }
        List<WorkerLoad> out = new ArrayList<>();
        byWorker.forEach((w, slices) -> out.add(new WorkerLoad(w, List.copyOf(slices.values()))));
        return out;
    }
}
