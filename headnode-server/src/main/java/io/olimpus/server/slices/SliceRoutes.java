package io.olimpus.server.slices;

import io.olimpus.model.validation.Problem;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
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
            SliceService.Saved s = slices.create(caller, ctx.queryParam("owner"), design(ctx));
            ctx.header("Location", Api.PREFIX + "/slices/" + s.slice().id());
            ctx.header("ETag", etag(s.slice().version()));
            Http.json(ctx, 201, wire(s));
        });
        api.get("/slices/{id}", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            Slice s = slices.readable(caller, id);
            String design = slices.design(caller, id);
            ctx.header("ETag", etag(s.version()));
            Http.json(ctx, new Wire.SliceDetail(s.id(), s.owner(), s.name(), s.zone(), status(s.status()), s.vmCount(), s.vcpus(), s.ramMb(),
                    s.version(), s.createdAt(), s.updatedAt(), new Wire.RawJson(design)));
        });
        api.put("/slices/{id}", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            SliceService.Saved s = slices.update(caller, id, basedOn(ctx.header("If-Match")), design(ctx));
            ctx.header("ETag", etag(s.slice().version()));
            Http.json(ctx, wire(s));
        });
        api.get("/slices/{id}/cloud-config", Access.USER, (ctx, caller) ->
                Http.json(ctx, new Wire.CloudConfig(slices.cloudConfig(caller, Http.idParam(ctx, "id")))));
        api.put("/slices/{id}/cloud-config", Access.USER, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            slices.setCloudConfig(caller, id, Json.read(ctx, Wire.CloudConfig.class).cloudConfig());
            Http.json(ctx, new Wire.CloudConfig(slices.cloudConfig(caller, id)));
        });
        api.delete("/slices/{id}", Access.USER, (ctx, caller) -> {
            slices.delete(caller, Http.idParam(ctx, "id"));
            ctx.status(204);
        });
    }

    /**
     * The largest design body read. A design within the default limits (200 nodes, 400 links) with
     * its positions and notes is well under 200 KB; the general JSON limit (4 MiB) would let a
     * student make the server parse megabytes before the node count refuses them.
     */
    static final long MAX_DESIGN_BYTES = 1 << 20;

    private static com.fasterxml.jackson.databind.JsonNode design(io.javalin.http.Context ctx) {
        Http.limitBody(ctx, MAX_DESIGN_BYTES, "a design may be at most 1 MiB: make it smaller (fewer nodes, shorter notes)");
        return Json.readTree(ctx);
    }

    /** A slice version as a strong entity tag: "3". */
    static String etag(int version) { return "\"" + version + "\""; }

    /**
     * The version a change is based on, from If-Match: the one ETag the client last read ("3"), or
     * null for "*" (replace whatever is stored). Without If-Match the change is refused (428): a
     * change based on nothing in particular is how concurrent edits silently overwrote each other.
     */
    static Integer basedOn(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank())
            throw new ApiException(428, "if-match-required", "say which version of the slice your change is based on: send If-Match with the ETag"
                    + " of the GET /slices/{id} (or of the save) you started from, e.g. If-Match: \"3\"", "If-Match", "required", null);
        String t = ifMatch.strip();
        if (t.equals("*")) return null;
        if (t.matches("\"[0-9]{1,9}\"")) return Integer.valueOf(t.substring(1, t.length() - 1));
        throw ApiException.badField("If-Match", "expected the slice's ETag, its version in double quotes such as \"3\" (or *), got "
                + SliceService.clip(ifMatch));
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
