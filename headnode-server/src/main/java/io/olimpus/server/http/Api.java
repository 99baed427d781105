package io.olimpus.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.olimpus.server.auth.Principal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Declares the API's routes on Javalin's config, each with who may call it. Authentication and the
 * role check happen here, once, before any handler runs; handlers get the caller as an argument.
 */
public final class Api {
    public static final String PREFIX = "/api/v1";

    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, Principal caller) throws Exception;
    }

    private final RoutesConfig routes;
    private final Function<String, Principal> tokens;
    private final long jsonLimit;
    private final List<Route> registered = new ArrayList<>();

    public Api(RoutesConfig routes, Function<String, Principal> tokens, long jsonLimit) {
        this.routes = routes;
        this.tokens = tokens;
        this.jsonLimit = jsonLimit;
    }

    public Api get(String path, Access access, Handler h) { return add("GET", path, access, h); }
    public Api post(String path, Access access, Handler h) { return add("POST", path, access, h); }
    public Api put(String path, Access access, Handler h) { return add("PUT", path, access, h); }
    public Api patch(String path, Access access, Handler h) { return add("PATCH", path, access, h); }
    public Api delete(String path, Access access, Handler h) { return add("DELETE", path, access, h); }

    public List<Route> routes() { return List.copyOf(registered); }

    private Api add(String method, String path, Access access, Handler h) {
        registered.add(new Route(method, path, access));
        io.javalin.http.Handler wrapped = ctx -> {
            Http.setBodyLimit(ctx, jsonLimit);
            Principal caller = access == Access.PUBLIC ? optionalCaller(ctx) : requireCaller(ctx, access);
            h.handle(ctx, caller);
        };
        String full = PREFIX + path;
        switch (method) {
            case "GET" -> routes.get(full, wrapped);
            case "POST" -> routes.post(full, wrapped);
            case "PUT" -> routes.put(full, wrapped);
            case "PATCH" -> routes.patch(full, wrapped);
            case "DELETE" -> routes.delete(full, wrapped);
            default -> throw new IllegalArgumentException(method);
        }
        return this;
    }

    /** The bearer token of the request, or null when there is none. */
    public static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String t = h.substring(7).trim();
        return t.isEmpty() ? null : t;
    }

    private Principal optionalCaller(Context ctx) {
        String token = bearer(ctx);
        return token == null ? null : tokens.apply(token);
    }

    private Principal requireCaller(Context ctx, Access access) {
        String token = bearer(ctx);
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.unauthorized("log in first: send 'Authorization: Bearer <token>' from POST /api/v1/auth/login");
        }
        Principal p = tokens.apply(token);
        if (p == null) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw ApiException.unauthorized("the token is unknown, expired or logged out; log in again");
        }
        if (access == Access.ADMIN && !p.isAdmin()) throw ApiException.forbidden("only an admin may do this");
        return p;
    }
}
