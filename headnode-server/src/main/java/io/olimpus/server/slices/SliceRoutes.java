package io.olimpus.server.slices;

import io.olimpus.model.validation.Problem;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.wire.Wire;

import java.util.List;

/** /slices: a user's own designs (every slice for an admin). */
public final class SliceRoutes {
    private SliceRoutes() {}

    public static void register(Api api, SliceService slices) {
        SliceListCache lists = new SliceListCache(slices::generation);
        api.get("/slices", Access.USER, (ctx, caller) -> {
            int limit = Http.intParam(ctx, "limit", 50, 1, 1000);
            int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            SliceFilter f = slices.filterFor(caller, ctx.queryParam("owner"), ctx.queryParam("status"), ctx.queryParam("zone"), ctx.queryParam("q"));
            var key = new SliceListCache.Key(f.ownerId(), f.status(), f.zone(), f.namePrefix(), limit, offset);
            var answer = lists.get(key, System.currentTimeMillis(), () -> {
                SliceService.Page p = slices.page(f, limit, offset);
                return Json.write(new Wire.Page<>(p.items().stream().map(SliceRoutes::wire).toList(), p.total(), p.limit(), p.offset()));
            });
            boolean gzip = answer.json().length >= 1024 && Http.acceptsGzip(ctx.header("Accept-Encoding"));
            Http.jsonBytes(ctx, 200, answer.json(), gzip ? answer.gzip() : null);
        });
        api.post("/slices", Access.USER, (ctx, caller) -> {
            SliceService.Saved s = slices.create(caller, ctx.queryParam("owner"), Json.readTree(ctx));
            ctx.header("Location", Api.PREFIX + "/slices/" + s.slice().id());
            Http.json(ctx, 201, wire(s));
        });
        api.get("/slices/{id}", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            Slice s = slices.visible(caller, id);
            String design = slices.design(caller, id);
            Http.json(ctx, new Wire.SliceDetail(s.id(), s.owner(), s.name(), s.zone(), status(s.status()), s.vmCount(), s.vcpus(), s.ramMb(),
                    s.version(), s.createdAt(), s.updatedAt(), new Wire.RawJson(design)));
        });
        api.put("/slices/{id}", Access.USER, (ctx, caller) ->
                Http.json(ctx, wire(slices.update(caller, Http.idParam(ctx, "id"), Json.readTree(ctx)))));
        api.delete("/slices/{id}", Access.USER, (ctx, caller) -> {
            slices.delete(caller, Http.idParam(ctx, "id"));
            ctx.status(204);
        });
    }

    public static Wire.SliceStatus status(SliceStatus s) { return Wire.SliceStatus.valueOf(s.name()); }

    static Wire.Slice wire(Slice s) {
        return new Wire.Slice(s.id(), s.ownerId(), s.owner(), s.name(), s.zone(), status(s.status()), s.vmCount(), s.vcpus(), s.ramMb(),
                s.version(), s.createdAt(), s.updatedAt());
    }

    /** The answer to a create or update: the slice and the warnings its design still has. */
    static Wire.Saved wire(SliceService.Saved s) { return new Wire.Saved(wire(s.slice()), problems(s.warnings())); }

    /** Design problems as clients mark them: the shared model's code, severity, message and the ids to blame. */
    public static List<Wire.DesignProblem> problems(List<Problem> ps) {
        return ps.stream().map(p -> new Wire.DesignProblem(p.code().name(), Wire.Severity.valueOf(p.severity().name()), p.message(),
                p.nodeIds(), p.linkIds())).toList();
    }
}
