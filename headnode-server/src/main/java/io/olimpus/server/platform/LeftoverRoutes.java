package io.olimpus.server.platform;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.wire.Wire;

import java.util.List;

/** /zones/{zone}/leftovers: what the zone's platform holds that no slice owns (GET), and its clean-up (DELETE); admins only. */
public final class LeftoverRoutes {
    private LeftoverRoutes() {}

    public static void register(Api api, LeftoverService leftovers) {
        api.get("/zones/{zone}/leftovers", Access.ADMIN, (ctx, caller) -> Http.json(ctx, wire(leftovers.report(ctx.pathParam("zone")))));
        api.delete("/zones/{zone}/leftovers", Access.ADMIN, (ctx, caller) -> Http.json(ctx, wire(leftovers.clean(caller, ctx.pathParam("zone")))));
    }

    static Wire.Leftovers wire(Leftovers.Report r) {
        return new Wire.Leftovers(r.zone(), r.platform(), wire(r.items()), wire(r.removed()), r.failures());
    }

    private static List<Wire.Leftover> wire(List<Leftovers.Item> items) {
        return items.stream().map(i -> new Wire.Leftover(i.kind(), i.id(), i.name(), i.container(), i.reason())).toList();
    }
}
