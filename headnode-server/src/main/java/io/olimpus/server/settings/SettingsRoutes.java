package io.olimpus.server.settings;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;

/** /settings: the server's settings an admin reads and changes while it runs (admins only). */
public final class SettingsRoutes {
    private SettingsRoutes() {}

    public static void register(Api api, LiveSettings settings) {
        api.get("/settings", Access.ADMIN, (ctx, caller) -> Http.json(ctx, settings.view()));
        api.put("/settings", Access.ADMIN, (ctx, caller) -> Http.json(ctx, settings.put(caller, Json.readTree(ctx))));
    }
}
