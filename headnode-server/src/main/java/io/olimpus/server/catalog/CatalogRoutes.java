package io.olimpus.server.catalog;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;

import java.util.Map;

/** /flavors and /images: everybody reads, admins write. */
public final class CatalogRoutes {
    private CatalogRoutes() {}

    public static void register(Api api, FlavorService flavors, ImageService images) {
        api.get("/flavors", Access.USER, (ctx, caller) -> Http.json(ctx, Map.of("items", flavors.list())));
        api.post("/flavors", Access.ADMIN, (ctx, caller) -> {
            Flavor f = flavors.create(caller, Json.read(ctx, FlavorService.NewFlavor.class));
            ctx.header("Location", Api.PREFIX + "/flavors/" + f.name());
            Http.json(ctx, 201, f);
        });
        api.get("/flavors/{name}", Access.USER, (ctx, caller) -> Http.json(ctx, flavors.get(ctx.pathParam("name"))));
        api.delete("/flavors/{name}", Access.ADMIN, (ctx, caller) -> {
            flavors.delete(caller, ctx.pathParam("name"));
            ctx.status(204);
        });

        api.get("/images", Access.USER, (ctx, caller) -> Http.json(ctx, Map.of("items", images.list().stream().map(ImageView::of).toList())));
        api.get("/images/{name}", Access.USER, (ctx, caller) -> Http.json(ctx, ImageView.of(images.get(ctx.pathParam("name")))));
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
            Http.json(ctx, 201, ImageView.of(img));
        });
        api.delete("/images/{name}", Access.ADMIN, (ctx, caller) -> {
            images.delete(caller, ctx.pathParam("name"));
            ctx.status(204);
        });
    }

    /** An image on the wire: no server paths. */
    public record ImageView(long id, String name, String kind, String diskFormat, boolean ready, long sizeBytes,
                            java.util.List<FileView> files, long createdAt) {
        public record FileView(String role, String sha256, long sizeBytes) {}

        static ImageView of(Image i) {
            return new ImageView(i.id(), i.name(), i.kind(), i.diskFormat(), i.ready(), i.sizeBytes(),
                    i.files().stream().map(f -> new FileView(f.role(), f.sha256(), f.sizeBytes())).toList(), i.createdAt());
        }
    }
}
