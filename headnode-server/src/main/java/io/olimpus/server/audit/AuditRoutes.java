package io.olimpus.server.audit;

import io.olimpus.model.topology.Names;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.wire.Wire;

/** GET /audit: admins read who did what, newest first. */
public final class AuditRoutes {
    private AuditRoutes() {}

    public static void register(Api api, AuditStore audit) {
        api.get("/audit", Access.ADMIN, (ctx, caller) -> {
            int limit = Http.intParam(ctx, "limit", 100, 1, 1000);
            int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            String actor = ctx.queryParam("actor");
            String action = ctx.queryParam("action");
            if (actor != null && !Names.PATTERN.matcher(actor).matches()) throw ApiException.badField("actor", "not a valid username");
            if (action != null && !action.matches("[a-z.-]{1,64}")) throw ApiException.badField("action", "not a valid action name");
            var items = audit.list(actor, action, limit, offset).stream()
                    .map(e -> new Wire.AuditEntry(e.id(), e.at(), e.actor(), e.action(), e.target(), e.detail())).toList();
            Http.json(ctx, new Wire.Page<>(items, null, limit, offset));
        });
    }
}
