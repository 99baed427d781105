package io.olimpus.server.monitoring;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.zones.ZoneService;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** GET /workers/{zone}/{worker}/samples: a worker's load over time, for the usage charts (admins). */
public final class SampleRoutes {
    public static final int DEFAULT_LIMIT = 1000, MAX_LIMIT = 10_000;

    private SampleRoutes() {}

    public static void register(Api api, ZoneService zones, SampleStore samples, Clock clock, Duration retention) {
        api.get("/workers/{zone}/{worker}/samples", Access.ADMIN, (ctx, caller) -> {
            var w = zones.worker(ctx.pathParam("zone"), ctx.pathParam("worker"));
            long since = number("since", ctx.queryParam("since"), clock.millis() - retention.toMillis(), 0, Long.MAX_VALUE);
            int limit = (int) number("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
            Http.json(ctx, Map.of("worker", w.name(), "zone", w.zone(), "up", w.up(), "items", samples.samples(w.id(), since, limit)));
        });
    }

    private static long number(String field, String v, long dflt, long min, long max) {
        if (v == null || v.isEmpty()) return dflt;
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) throw ApiException.badField(field, "must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badField(field, "must be an integer");
        }
    }
}
