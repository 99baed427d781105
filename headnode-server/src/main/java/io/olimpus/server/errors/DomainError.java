package io.olimpus.server.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a service refused a request, in the service's own terms: what kind of refusal, a stable
 * type name, the detail, and the field to blame when there is one. Services throw it; only the
 * HTTP layer decides which status each {@link Kind} becomes, so no service knows about HTTP.
 */
public class DomainError extends RuntimeException {
    /** The kinds of refusal a service can give; the HTTP layer maps each to one status. */
    public enum Kind {
        /** A field of the request is wrong (syntax, range, unknown reference). */
        INVALID,
        /** The request is well formed but cannot be carried out as asked (a design that does not fit, settings a platform refuses). */
        UNPROCESSABLE,
        /** The thing named does not exist (or the caller may not know it exists). */
        NOT_FOUND,
        /** The request clashes with the current state (a name taken, a slice busy). */
        CONFLICT,
        /** No valid credentials. */
        UNAUTHENTICATED,
        /** Valid credentials, not allowed. */
        FORBIDDEN,
        /** More than a configured limit (bytes of a body, an image). */
        TOO_LARGE,
        /** Too many attempts; try later. */
        THROTTLED,
        /** The change was based on a version that is no longer the stored one: somebody else changed it meanwhile. */
        STALE
    }

    private final Kind kind;
    private final String type;
    private final String field;
    private final String reason;
    private final Map<String, Object> extra;

    public DomainError(Kind kind, String type, String detail, String field, String reason, Map<String, Object> extra) {
        super(detail);
        this.kind = kind;
        this.type = type;
        this.field = field;
        this.reason = reason;
        this.extra = extra == null ? Map.of() : new LinkedHashMap<>(extra);
    }

    public static DomainError badField(String field, String reason) {
        return new DomainError(Kind.INVALID, "invalid-field", field + ": " + reason, field, reason, null);
    }

    public static DomainError badRequest(String type, String detail) {
        return new DomainError(Kind.INVALID, type, detail, null, null, null);
    }

    public static DomainError notFound(String what) {
        return new DomainError(Kind.NOT_FOUND, "not-found", what + " does not exist", null, null, null);
    }

    public static DomainError conflict(String type, String detail, String field) {
        return new DomainError(Kind.CONFLICT, type, detail, field, field == null ? null : detail, null);
    }

    public static DomainError unprocessable(String type, String detail, String field, String reason, Map<String, Object> extra) {
        return new DomainError(Kind.UNPROCESSABLE, type, detail, field, reason, extra);
    }

    /** Somebody else changed {@code what} since the caller read the version their change is based on. */
    public static DomainError stale(String type, String detail, String field) {
        return new DomainError(Kind.STALE, type, detail, field, field == null ? null : detail, null);
    }

    public static DomainError unauthorized(String detail) {
        return new DomainError(Kind.UNAUTHENTICATED, "unauthorized", detail, null, null, null);
    }

    public static DomainError forbidden(String detail) {
        return new DomainError(Kind.FORBIDDEN, "forbidden", detail, null, null, null);
    }

    public Kind kind() { return kind; }
    public String type() { return type; }
    public String field() { return field; }
    public String reason() { return reason; }
    public Map<String, Object> extra() { return extra; }
}
