package io.olimpus.server.catalog;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.wire.Wire;

/** /aliases for everybody (the designer maps a course file with them); each entry's aliases, written by admins. */
public final class AliasRoutes {
    private AliasRoutes() {}

    public static void register(Api api, AliasService aliases) {
        api.get("/aliases", Access.USER, (ctx, caller) -> Http.json(ctx, new Wire.Page<>(aliases.list().stream()
                .map(a -> new Wire.CatalogAlias(a.kind().name().toLowerCase(), a.alias(), a.name())).toList(), null, null, null)));
        for (AliasService.Kind kind : AliasService.Kind.values()) {
            String path = "/" + kind.path + "/{" + kind.param + "}/aliases";
            api.get(path, Access.USER, (ctx, caller) -> Http.json(ctx, new Wire.AliasList(aliases.of(kind, ctx.pathParam(kind.param)))));
            api.put(path, Access.ADMIN, (ctx, caller) -> {
                Wire.AliasList body = Json.read(ctx, Wire.AliasList.class);
                Http.json(ctx, new Wire.AliasList(aliases.set(caller, kind, ctx.pathParam(kind.param), body.aliases())));
            });
        }
    }
}
