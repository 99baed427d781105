package io.olimpus.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that cannot be served, with what the client needs to fix it. Becomes an RFC 9457
 * problem document: {@code type}, {@code title}, {@code status}, {@code detail}, and, when one
 * field is to blame, {@code field} and {@code reason}. Services throw it; handlers never format errors.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String field;
    private final String reason;
    private final Map<String, Object> extra;

    public ApiException(int status, String type, String detail, String field, String reason, Map<String, Object> extra) {
        super(detail);
        this.status = status;
        this.type = type;
        this.field = field;
        this.reason = reason;
        this.extra = extra == null ? Map.of() : new LinkedHashMap<>(extra);
    }

    public static ApiException badField(String field, String reason) {
        return new ApiException(400, "invalid-field", field + ": " + reason, field, reason, null);
    }

    public static ApiException badRequest(String type, String detail) {
        return new ApiException(400, type, detail, null, null, null);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", what + " does not exist", null, null, null);
    }

    public static ApiException conflict(String type, String detail, String field) {
        return new ApiException(409, type, detail, field, field == null ? null : detail, null);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", detail, null, null, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail, null, null, null);
    }

    public int status() { return status; }
    public String type() { return type; }
    public String field() { return field; }
    public String reason() { return reason; }
    public Map<String, Object> extra() { return extra; }
}
