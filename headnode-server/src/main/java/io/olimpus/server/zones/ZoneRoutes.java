package io.olimpus.server.zones;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.wire.Wire;

/** /zones, their /settings, /check and /workers: users read zones; settings, checks and workers (addresses, SSH details) are for admins only. */
public final class ZoneRoutes {
    private ZoneRoutes() {}

    public static void register(Api api, ZoneService zones) {
        api.get("/zones", Access.USER, (ctx, caller) -> Http.json(ctx, new Wire.Page<>(zones.list().stream().map(ZoneRoutes::wire).toList(), null, null, null)));
        api.post("/zones", Access.ADMIN, (ctx, caller) -> {
            Wire.NewZone r = Json.read(ctx, Wire.NewZone.class);
            Zone z = zones.create(caller, new ZoneService.NewZone(r.name(), r.platform(), r.novaAz()));
            ctx.header("Location", Api.PREFIX + "/zones/" + z.name());
            Http.json(ctx, 201, wire(z));
        });
        api.get("/zones/{zone}", Access.USER, (ctx, caller) -> Http.json(ctx, wire(zones.get(ctx.pathParam("zone")))));
        api.delete("/zones/{zone}", Access.ADMIN, (ctx, caller) -> {
            zones.delete(caller, ctx.pathParam("zone"));
            ctx.status(204);
        });
        // Settings are the platform's own document (each platform has its schema): passed through as JSON.
        api.get("/zones/{zone}/settings", Access.ADMIN, (ctx, caller) -> Http.json(ctx, zones.settingsView(ctx.pathParam("zone"))));
        api.put("/zones/{zone}/settings", Access.ADMIN, (ctx, caller) -> Http.json(ctx, zones.putSettings(caller, ctx.pathParam("zone"), Json.readTree(ctx))));
        api.post("/zones/{zone}/check", Access.ADMIN, (ctx, caller) -> {
            var hosts = zones.check(ctx.pathParam("zone")).stream().map(h -> new Wire.HostCheck(h.host(), h.role(), h.ok(), h.detail())).toList();
            Http.json(ctx, new Wire.ZoneCheck(hosts.stream().allMatch(Wire.HostCheck::ok), hosts));
        });
        api.get("/zones/{zone}/workers", Access.ADMIN, (ctx, caller) ->
                Http.json(ctx, new Wire.Page<>(zones.workerViews(ctx.pathParam("zone")).stream().map(ZoneRoutes::wire).toList(), null, null, null)));
        api.post("/zones/{zone}/workers", Access.ADMIN, (ctx, caller) -> {
            Wire.NewWorker r = Json.read(ctx, Wire.NewWorker.class);
            Worker w = zones.addWorker(caller, ctx.pathParam("zone"), new ZoneService.NewWorker(r.name(), r.mgmtAddress(), r.sshUser(), r.sshKeyRef(),
                    r.vcpus(), r.ramMb(), r.diskGb(), r.kvm(), r.dataAddress(), r.sshPort(), r.stateRoot()));
            ctx.header("Location", Api.PREFIX + "/zones/" + w.zone() + "/workers/" + w.name());
            Http.json(ctx, 201, wire(zones.workerView(w.zone(), w.name())));
        });
        api.get("/zones/{zone}/workers/{worker}", Access.ADMIN, (ctx, caller) ->
                Http.json(ctx, wire(zones.workerView(ctx.pathParam("zone"), ctx.pathParam("worker")))));
        api.delete("/zones/{zone}/workers/{worker}", Access.ADMIN, (ctx, caller) -> {
            zones.deleteWorker(caller, ctx.pathParam("zone"), ctx.pathParam("worker"));
            ctx.status(204);
        });
    }

    static Wire.Zone wire(Zone z) { return new Wire.Zone(z.id(), z.name(), z.platform(), z.novaAz(), z.createdAt()); }

    static Wire.Worker wire(WorkerView w) {
        var c = w.capacity();
        return new Wire.Worker(w.id(), w.zone(), w.name(), w.mgmtAddress(), w.sshPort(), w.sshUser(), w.sshKeyRef(), w.dataAddress(), w.stateRoot(),
                new Wire.Resources(c.vcpus(), c.ramMb(), c.diskGb()), w.kvm(), w.createdAt(), w.up(), w.lastSeenAt(), w.downReason());
    }
}
