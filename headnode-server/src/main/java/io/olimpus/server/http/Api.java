package io.olimpus.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.olimpus.server.auth.Principal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
    private final Tickets tickets;

    /**
     * One-use tickets that open one WebSocket (see {@link #websocket}); kept by the auth feature,
     * named here in the HTTP layer's own terms.
     */
    public interface Tickets {
        /** A ticket issued to the session of {@code sessionToken}, opening only {@code scope}. */
        Issued issue(String sessionToken, String scope);

        /** Uses up a ticket issued for {@code scope}: the session token behind it, or null (unknown, used, expired, other scope). */
        String redeem(String ticket, String scope);

        record Issued(String value, long expiresAt) {}

        Tickets NONE = new Tickets() {
            public Issued issue(String sessionToken, String scope) { throw new IllegalStateException("this API issues no tickets"); }
            public String redeem(String ticket, String scope) { return null; }
        };
    }

    /** An API whose WebSockets take no tickets (only the Authorization header). */
    public Api(RoutesConfig routes, Function<String, Principal> tokens, long jsonLimit) {
        this(routes, tokens, jsonLimit, Tickets.NONE);
    }

    public Api(RoutesConfig routes, Function<String, Principal> tokens, long jsonLimit, Tickets tickets) {
        this.routes = routes;
        this.tokens = tokens;
        this.jsonLimit = jsonLimit;
        this.tickets = tickets;
    }

    public Api get(String path, Access access, Handler h) { return add("GET", path, access, h); }
    public Api post(String path, Access access, Handler h) { return add("POST", path, access, h); }
    public Api put(String path, Access access, Handler h) { return add("PUT", path, access, h); }
    public Api patch(String path, Access access, Handler h) { return add("PATCH", path, access, h); }
    public Api delete(String path, Access access, Handler h) { return add("DELETE", path, access, h); }

    public List<Route> routes() { return List.copyOf(registered); }

    /** What a WebSocket route does once its caller is known and checked. */
    public interface Socket {
        /** Runs before the upgrade: refuse by throwing, exactly like an HTTP handler (the answer stays plain HTTP). */
        void check(Context ctx, Principal caller) throws Exception;

        /** The connection's handlers, registered once; {@link #caller} gives each connection's checked caller. */
        void configure(WsConfig ws);
    }

    private static final String CALLER = "olimpus.ws.caller";

    /** The caller a WebSocket connection was upgraded for (checked before the upgrade). */
    public static Principal caller(WsContext ctx) { return ctx.attribute(CALLER); }

    /**
     * A WebSocket route (an upgraded GET). The caller is known by the Authorization header or, since
     * browsers cannot set headers on a WebSocket, by a one-use ticket in {@code ?ticket=}, issued by
     * {@code POST <path>-ticket} (registered here, with the same access and checks) for this one
     * path; never by the session token in the URL, where logs and history would keep it. Either way the caller is checked like any route's, and the upgrade is refused
     * with a plain problem answer before any socket exists. A plain GET runs the same checks (it
     * never uses up a ticket) and then answers 426. A client asking for the {@code binary}
     * subprotocol (noVNC) gets it.
     */
    public Api websocket(String path, Access access, Socket socket) {
        if (access == Access.PUBLIC) throw new IllegalArgumentException("a public WebSocket is not offered");
        registered.add(new Route("GET", path, access));
        String full = PREFIX + path;
        routes.wsBeforeUpgrade(full, ctx -> {
            Principal caller = socketCaller(ctx, access);
            refuseOneTimePassword(caller, "GET", path);
            socket.check(ctx, caller);
            ctx.attribute(CALLER, caller);
            String offered = ctx.header("Sec-WebSocket-Protocol");
            if (offered != null && java.util.Arrays.stream(offered.split(",")).map(String::trim).anyMatch("binary"::equals))
                ctx.header("Sec-WebSocket-Protocol", "binary");
        });
        routes.ws(full, socket::configure);
        if (tickets != Tickets.NONE)
            add("POST", path + TICKET_SUFFIX, access, (ctx, caller) -> {
                String ticketPath = ticketScope(ctx.path());
                String socketPath = ticketPath.substring(0, ticketPath.length() - TICKET_SUFFIX.length());
                socket.check(ctx, caller);
                Tickets.Issued t = tickets.issue(bearer(ctx), socketPath);
                ResponseHeaders.noStore(ctx);
                Http.json(ctx, new io.olimpus.wire.Wire.SocketTicket(t.value(), t.expiresAt(), socketPath + "?ticket=" + t.value()));
            });
        routes.get(full, ctx -> {
            refuseTokenInUrl(ctx);
            Principal caller = requireCaller(ctx, access);
            refuseOneTimePassword(caller, "GET", path);
            socket.check(ctx, caller);
            ctx.header("Upgrade", "websocket");
            throw new ApiException(426, "upgrade-required", "this route is a WebSocket: connect with 'Upgrade: websocket'", null, null, java.util.Map.of());
        });
        return this;
    }

    /** Opens a server-sent event stream: runs the route's checks, then says what to send. */
    @FunctionalInterface
    public interface EventStream {
        /** Refuse by throwing (a plain problem answer, as for any route); else the sender, run once the stream is open. */
        Consumer<SseClient> open(Context ctx, Principal caller) throws Exception;
    }

    /**
     * A server-sent event stream (GET) written through Javalin's {@link SseClient}. The caller and
     * the route's checks are settled first, so a refusal is an ordinary problem answer; only then
     * does the answer become a stream, sent from Javalin's async executor and ended when the sender
     * returns. Unlike Javalin's own SseHandler this does not require "Accept: text/event-stream":
     * the route has always streamed to any GET (curl, scripts).
     */
    public Api sse(String path, Access access, EventStream stream) {
        registered.add(new Route("GET", path, access));
        routes.get(PREFIX + path, ctx -> {
            Principal caller = access == Access.PUBLIC ? optionalCaller(ctx) : requireCaller(ctx, access);
            refuseOneTimePassword(caller, "GET", path);
            Consumer<SseClient> sender = stream.open(ctx, caller);
            var res = ctx.res();
            res.setStatus(200);
            res.setCharacterEncoding("UTF-8");
            res.setContentType("text/event-stream");
            res.addHeader("Cache-Control", "no-cache");
            res.addHeader("X-Accel-Buffering", "no");
            res.flushBuffer();
            ctx.async(cfg -> cfg.timeout = 0, () -> sender.accept(new SseClient(ctx)));
        });
        return this;
    }

    private Api add(String method, String path, Access access, Handler h) {
        registered.add(new Route(method, path, access));
        io.javalin.http.Handler wrapped = ctx -> {
            Http.setBodyLimit(ctx, jsonLimit);
            Principal caller = access == Access.PUBLIC ? optionalCaller(ctx) : requireCaller(ctx, access);
            refuseOneTimePassword(caller, method, path);
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

    /** Until a one-time password is changed, only the routes of {@link #WHILE_PASSWORD_IS_ONE_TIME} answer. */
    private static void refuseOneTimePassword(Principal caller, String method, String path) {
        if (caller != null && caller.mustChangePassword() && !WHILE_PASSWORD_IS_ONE_TIME.contains(method + " " + path))
            throw new ApiException(403, "password-change-required", "your password is a one-time password: choose your own with POST "
                    + PREFIX + "/auth/password (currentPassword, newPassword), then try again", "password", "one-time password not changed yet", java.util.Map.of());
    }

    /** What a user whose password is still a one-time password may call: change it, see who they are, log out. */
    private static final java.util.Set<String> WHILE_PASSWORD_IS_ONE_TIME = java.util.Set.of("POST /auth/password", "GET /auth/me", "POST /auth/logout", "POST /auth/login");

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

    /** The caller of a WebSocket upgrade: by the Authorization header, else by a ticket for this connection. */
    private Principal socketCaller(Context ctx, Access access) {
        refuseTokenInUrl(ctx);
        String ticket = ctx.queryParam("ticket");
        if (bearer(ctx) != null || ticket == null) return requireCaller(ctx, access);
        String token = tickets.redeem(ticket.trim(), ticketScope(ctx.path()));
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiException(401, "invalid-ticket", "the ticket is unknown, used or expired (a ticket opens this one connection once, soon after "
                    + "it was issued); ask for a new one with POST " + ticketScope(ctx.path()) + TICKET_SUFFIX, "ticket", "unknown, used or expired", java.util.Map.of());
        }
        return resolve(ctx, access, token);
    }

    private static final String TICKET_SUFFIX = "-ticket";

    /** The path a ticket opens, as both the ticket route and the upgrade see it (trailing slashes are ignored by the router). */
    private static String ticketScope(String requestPath) { return requestPath.replaceAll("/+$", ""); }

    /** A session token in a URL stays in proxy logs and browser history; it is refused even when valid. */
    private static void refuseTokenInUrl(Context ctx) {
        if (ctx.queryParam("token") == null) return;
        throw new ApiException(401, "token-in-url", "a session token is not accepted in the URL; send it as 'Authorization: Bearer <token>', or open the console with a "
                + "one-use ticket from POST " + ticketScope(ctx.path()) + TICKET_SUFFIX + " as ?ticket=", "token", "not accepted in the URL", java.util.Map.of());
    }

    private Principal requireCaller(Context ctx, Access access) {
        String token = bearer(ctx);
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.unauthorized("log in first: send 'Authorization: Bearer <token>' from POST /api/v1/auth/login");
        }
        return resolve(ctx, access, token);
    }

    private Principal resolve(Context ctx, Access access, String token) {
        Principal p = tokens.apply(token);
        if (p == null) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw ApiException.unauthorized("the token is unknown, expired or logged out; log in again");
        }
        if (access == Access.ADMIN && !p.isAdmin()) throw ApiException.forbidden("only an admin may do this");
        if (access == Access.INSTRUCTOR && !p.canTeach()) throw ApiException.forbidden("only an instructor or an admin may do this");
        return p;
    }
}
