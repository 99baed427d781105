package io.olimpus.server.catalog;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.wire.Wire;

/** /flavors and /images: everybody reads, admins write. */
public final class CatalogRoutes {
    private CatalogRoutes() {}

    public static void register(Api api, FlavorService flavors, ImageService images) {
        api.get("/flavors", Access.USER, (ctx, caller) -> Http.json(ctx, items(flavors.list().stream().map(CatalogRoutes::wire).toList())));
        api.post("/flavors", Access.ADMIN, (ctx, caller) -> {
            Wire.NewFlavor r = Json.read(ctx, Wire.NewFlavor.class);
            Flavor f = flavors.create(caller, new FlavorService.NewFlavor(r.name(), r.vcpus(), r.ramMb(), r.diskGb()));
            ctx.header("Location", Api.PREFIX + "/flavors/" + f.name());
            Http.json(ctx, 201, wire(f));
        });
        api.get("/flavors/{name}", Access.USER, (ctx, caller) -> Http.json(ctx, wire(flavors.get(ctx.pathParam("name")))));
        api.delete("/flavors/{name}", Access.ADMIN, (ctx, caller) -> {
            flavors.delete(caller, ctx.pathParam("name"));
            ctx.status(204);
        });

        api.get("/images", Access.USER, (ctx, caller) -> Http.json(ctx, items(images.list().stream().map(CatalogRoutes::wire).toList())));
        api.get("/images/{name}", Access.USER, (ctx, caller) -> Http.json(ctx, wire(images.get(ctx.pathParam("name")))));
        api.post("/images/{name}/files", Access.ADMIN, (ctx, caller) -> {
            String ct = ctx.contentType();
            if (ct != null && (ct.startsWith("application/json") || ct.startsWith("multipart/")))
                throw new ApiException(415, "unsupported-media-type", "send the image file itself as the body (application/octet-stream), e.g. curl --data-binary @disk.qcow2",
                        "Content-Type", "expected application/octet-stream", null);
            Image img;
            try {
                img = images.upload(caller, ctx.pathParam("name"), ctx.req().getInputStream(), ctx.req().getContentLengthLong());
            } catch (DomainError e) {
                if (e.kind() == DomainError.Kind.TOO_LARGE) Http.swallow(ctx.req().getInputStream(), ctx.req().getContentLengthLong());
                throw e;
            }
            ctx.header("Location", Api.PREFIX + "/images/" + img.name());
            Http.json(ctx, 201, wire(img));
        });
        api.patch("/images/{name}", Access.ADMIN, (ctx, caller) -> {
            Wire.ImagePatch p = Json.read(ctx, Wire.ImagePatch.class);
            Http.json(ctx, wire(images.setBootSeconds(caller, ctx.pathParam("name"), p.bootSeconds())));
        });
        api.delete("/images/{name}", Access.ADMIN, (ctx, caller) -> {
            images.delete(caller, ctx.pathParam("name"));
            ctx.status(204);
        });
    }

    /** A whole list (the catalog does not page). */
    private static <T> Wire.Page<T> items(java.util.List<T> all) { return new Wire.Page<>(all, null, null, null); }

    static Wire.Flavor wire(Flavor f) { return new Wire.Flavor(f.id(), f.name(), f.vcpus(), f.ramMb(), f.diskGb(), f.createdAt()); }

    /** An image on the wire: no server paths. */
    static Wire.Image wire(Image i) {
        return new Wire.Image(i.id(), i.name(), i.kind(), i.diskFormat(), i.ready(), i.sizeBytes(),
                i.files().stream().map(f -> new Wire.ImageFile(f.role(), f.sha256(), f.sizeBytes())).toList(), i.createdAt(),
                i.virtualSizeBytes(), i.bootSeconds());
    }
}
