package io.olimpus.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.olimpus.model.file.TopologyFileException;
import io.olimpus.server.errors.DomainError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every 4xx and 5xx leaves the server as one RFC 9457 problem document
 * ({@code application/problem+json}); no stack trace ever reaches a client.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://olimpus.io/problems/";
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    public static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
        routes.exception(DomainError.class, (e, ctx) -> write(ctx, of(e)));
        routes.exception(TopologyFileException.class, (e, ctx) -> write(ctx,
                ApiException.badField(e.path().isEmpty() ? "body" : e.path(), e.reason())));
        // Jetty's own refusals while a handler reads (a body arriving too slowly: 408, a broken chunk: 400).
        routes.exception(org.eclipse.jetty.http.BadMessageException.class, (e, ctx) -> write(ctx,
                new ApiException(e.getCode(), e.getCode() == 408 ? "request-timeout" : typeOf(e.getCode()),
                        e.getCode() == 408 ? "the request body arrived too slowly; send it again at once" : "the request is malformed: " + e.getReason(),
                        null, null, null)));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) {
                // Javalin's prefer405over404 names the methods the path has; RFC 9110 wants them in Allow.
                String allowed = e.getDetails().getOrDefault("availableMethods", "");
                if (!allowed.isBlank()) ctx.header("Allow", allowed);
                write(ctx, new ApiException(405, typeOf(405), ctx.method() + " is not allowed on " + ctx.path()
                        + (allowed.isBlank() ? "" : "; use " + allowed), null, null,
                        allowed.isBlank() ? Map.of() : Map.of("allowed", List.of(allowed.split(",\\s*")))));
                return;
            }
            write(ctx, new ApiException(e.getStatus(), typeOf(e.getStatus()), e.getMessage(), null, null, null));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            String incident = UUID.randomUUID().toString();
            log.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), e);
            write(ctx, new ApiException(500, "internal-error", "the server failed; the administrator can find incident "
                    + incident + " in its log", null, null, Map.of("incident", incident)));
        });
        for (int status : new int[]{400, 404, 405, 413, 500, 503}) {
            routes.error(status, ctx -> {
                String ct = ctx.res().getContentType();
                if (ct != null && ct.startsWith(CONTENT_TYPE)) return;  // already a problem document
                if (ct != null && ct.startsWith("application/json")) return;  // a handler's own answer
                write(ctx, new ApiException(status, typeOf(status), switch (status) {
                    case 404 -> "no such resource: " + ctx.method() + " " + ctx.path();
                    case 405 -> ctx.method() + " is not allowed on " + ctx.path();
                    case 413 -> "the request body is too large";
                    default -> "the request failed with status " + status;
                }, null, null, null));
            });
        }
    }

    /** The one place where a service's kind of refusal becomes an HTTP status. */
    public static ApiException of(DomainError e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case UNPROCESSABLE -> 422;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case TOO_LARGE -> 413;
            case THROTTLED -> 429;
            case STALE -> 412;
        };
        return new ApiException(status, e.type(), e.getMessage(), e.field(), e.reason(), e.extra());
    }

    public static void write(Context ctx, ApiException e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", TYPE_BASE + e.type());
        p.put("title", title(e.status()));
        p.put("status", e.status());
        p.put("detail", clip(e.getMessage(), 1000));
        if (e.field() != null) p.put("field", e.field());
        if (e.reason() != null) p.put("reason", e.reason());
        p.put("instance", clip(ctx.path(), 200));
        p.putAll(e.extra());
        // A refusal that ends by itself says when to ask again, in the header clients and proxies know too.
        if (e.extra().get("retryAfterSeconds") instanceof Number n) ctx.header("Retry-After", Long.toString(n.longValue()));
        ctx.status(e.status()).contentType(CONTENT_TYPE).result(Json.write(p));
    }

    /** A last guard against echoing a huge input: messages clip what they quote, this clips what they forgot. */
    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }

    static String typeOf(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "body-too-large";
            default -> "http-" + status;
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> org.eclipse.jetty.http.HttpStatus.getMessage(status);
        };
    }
}
