package io.olimpus.server.slices;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.olimpus.model.validation.Problem;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;

import java.util.List;
import java.util.Map;

/** /slices: a user's own designs (every slice for an admin). */
public final class SliceRoutes {
    /** A slice with its design document (the topology file, as stored). */
    public record SliceDetail(long id, String owner, String name, String zone, SliceStatus status, int vmCount, int vcpus, int ramMb,
                              int version, long createdAt, long updatedAt, @JsonRawValue String design) {}

    /** The answer to a create or update: the slice and the warnings its design still has. */
    public record SavedView(Slice slice, List<Map<String, Object>> warnings) {
        static SavedView of(SliceService.Saved s) {
            return new SavedView(s.slice(), s.warnings().stream().map(SliceService::problemJson).toList());
        }
    }

    private SliceRoutes() {}

    public static void register(Api api, SliceService slices) {
        SliceListCache lists = new SliceListCache(slices::generation);
        api.get("/slices", Access.USER, (ctx, caller) -> {
            int limit = Http.intParam(ctx, "limit", 50, 1, 1000);
            int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            SliceFilter f = slices.filterFor(caller, ctx.queryParam("owner"), ctx.queryParam("status"), ctx.queryParam("zone"), ctx.queryParam("q"));
            var key = new SliceListCache.Key(f.ownerId(), f.status(), f.zone(), f.namePrefix(), limit, offset);
            var answer = lists.get(key, System.currentTimeMillis(), () -> Json.write(slices.page(f, limit, offset)));
            boolean gzip = answer.json().length >= 1024 && Http.acceptsGzip(ctx.header("Accept-Encoding"));
            Http.jsonBytes(ctx, 200, answer.json(), gzip ? answer.gzip() : null);
        });
        api.post("/slices", Access.USER, (ctx, caller) -> {
            SliceService.Saved s = slices.create(caller, ctx.queryParam("owner"), Json.readTree(ctx));
            ctx.header("Location", Api.PREFIX + "/slices/" + s.slice().id());
            Http.json(ctx, 201, SavedView.of(s));
        });
        api.get("/slices/{id}", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            Slice s = slices.visible(caller, id);
            String design = slices.design(caller, id);
            Http.json(ctx, new SliceDetail(s.id(), s.owner(), s.name(), s.zone(), s.status(), s.vmCount(), s.vcpus(), s.ramMb(),
                    s.version(), s.createdAt(), s.updatedAt(), design));
        });
        api.put("/slices/{id}", Access.USER, (ctx, caller) ->
                Http.json(ctx, SavedView.of(slices.update(caller, Http.idParam(ctx, "id"), Json.readTree(ctx)))));
        api.delete("/slices/{id}", Access.USER, (ctx, caller) -> {
            slices.delete(caller, Http.idParam(ctx, "id"));
            ctx.status(204);
        });
    }

    static List<Map<String, Object>> json(List<Problem> ps) { return ps.stream().map(SliceService::problemJson).toList(); }
}
