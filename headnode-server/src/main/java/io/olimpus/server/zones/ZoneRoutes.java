package io.olimpus.server.zones;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;

import java.util.Map;

/** /zones, their /settings, /check and /workers: users read zones; settings, checks and workers (addresses, SSH details) are for admins only. */
public final class ZoneRoutes {
    private ZoneRoutes() {}

    public static void register(Api api, ZoneService zones) {
        api.get("/zones", Access.USER, (ctx, caller) -> Http.json(ctx, Map.of("items", zones.list())));
        api.post("/zones", Access.ADMIN, (ctx, caller) -> {
            Zone z = zones.create(caller, Json.read(ctx, ZoneService.NewZone.class));
            ctx.header("Location", Api.PREFIX + "/zones/" + z.name());
            Http.json(ctx, 201, z);
        });
        api.get("/zones/{zone}", Access.USER, (ctx, caller) -> Http.json(ctx, zones.get(ctx.pathParam("zone"))));
        api.delete("/zones/{zone}", Access.ADMIN, (ctx, caller) -> {
            zones.delete(caller, ctx.pathParam("zone"));
            ctx.status(204);
        });
        api.get("/zones/{zone}/settings", Access.ADMIN, (ctx, caller) -> Http.json(ctx, zones.settingsView(ctx.pathParam("zone"))));
        api.put("/zones/{zone}/settings", Access.ADMIN, (ctx, caller) -> Http.json(ctx, zones.putSettings(caller, ctx.pathParam("zone"), Json.readTree(ctx))));
        api.post("/zones/{zone}/check", Access.ADMIN, (ctx, caller) -> {
            var hosts = zones.check(ctx.pathParam("zone"));
            Http.json(ctx, Map.of("ok", hosts.stream().allMatch(HostCheck::ok), "hosts", hosts));
        });
        api.get("/zones/{zone}/workers", Access.ADMIN, (ctx, caller) -> Http.json(ctx, Map.of("items", zones.workerViews(ctx.pathParam("zone")))));
        api.post("/zones/{zone}/workers", Access.ADMIN, (ctx, caller) -> {
            Worker w = zones.addWorker(caller, ctx.pathParam("zone"), Json.read(ctx, ZoneService.NewWorker.class));
            ctx.header("Location", Api.PREFIX + "/zones/" + w.zone() + "/workers/" + w.name());
            Http.json(ctx, 201, zones.workerView(w.zone(), w.name()));
        });
        api.get("/zones/{zone}/workers/{worker}", Access.ADMIN, (ctx, caller) ->
                Http.json(ctx, zones.workerView(ctx.pathParam("zone"), ctx.pathParam("worker"))));
        api.delete("/zones/{zone}/workers/{worker}", Access.ADMIN, (ctx, caller) -> {
            zones.deleteWorker(caller, ctx.pathParam("zone"), ctx.pathParam("worker"));
            ctx.status(204);
        });
    }
}
