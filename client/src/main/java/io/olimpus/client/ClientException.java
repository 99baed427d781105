package io.olimpus.client;

import io.olimpus.wire.Wire;

import java.util.List;

/**
 * Why a call to the headnode failed, sorted into what a student can act on ({@link Kind}), with a
 * sentence that says it plainly. For {@link Kind#INVALID} the server's RFC 9457 problem names the
 * field to blame ({@link #field()}, {@link #reason()}) and, for a design, every problem at once
 * ({@link #problems()}, with the node and link ids to mark on the canvas).
 */
public final class ClientException extends RuntimeException {
    public enum Kind {
        /** No answer: wrong address, server down, network cut. */
        UNREACHABLE,
        /**
         * HTTPS: the server's certificate is not trusted or does not match its name; when it is
         * merely unknown (self-signed), {@link #certificate()} is the one to show and maybe pin.
         */
        CERTIFICATE,
        /** HTTPS: the server presented another certificate than the one pinned for it; refused ({@link #certificate()} is the new one). */
        CERTIFICATE_CHANGED,
        /** Wrong username or password, a disabled account, or too many failed attempts. */
        CREDENTIALS,
        /** The login token expired, was revoked (logged out, password reset) or the user was disabled. */
        SESSION_EXPIRED,
        /** Logged in, but not allowed (an admin-only action). */
        FORBIDDEN,
        /** The request was refused because of what it said: a field, a CSV line, a design problem, a size limit. */
        INVALID,
        NOT_FOUND,
        /** It clashes with the current state: a name in use, a slice busy deploying, an image in use, a limit reached. */
        CONFLICT,
        /** Somebody else changed it after you read it (a slice saved meanwhile): nothing was saved; read it again and redo the change. */
        STALE,
        /** The server failed, or answered something this desktop does not understand. */
        SERVER
    }

    private final Kind kind;
    private final int status;
    private final String field;
    private final String reason;
    private final List<Wire.DesignProblem> problems;
    private final String serverDetail;
    private final ServerCertificate certificate;
    private List<FieldError> fieldErrors = List.of();

    /** One refused field of a request that had several (a roster's bad rows: "line 4: email", "not an email address"). */
    public record FieldError(String field, String reason) {}

    ClientException(Kind kind, String message, int status, String field, String reason, List<Wire.DesignProblem> problems,
                    String serverDetail, Throwable cause) {
        this(kind, message, status, field, reason, problems, serverDetail, cause, null);
    }

    ClientException(Kind kind, String message, int status, String field, String reason, List<Wire.DesignProblem> problems,
                    String serverDetail, Throwable cause, ServerCertificate certificate) {
        super(message, cause);
        this.certificate = certificate;
        this.kind = kind;
        this.status = status;
        this.field = field;
        this.reason = reason;
        this.problems = problems == null ? List.of() : List.copyOf(problems);
        this.serverDetail = serverDetail;
    }

    public Kind kind() { return kind; }

    /** The HTTP status, or 0 when the server never answered. */
    public int status() { return status; }

    /** The field the server blames (a JSON path, a query parameter, or "line N: column" of a CSV), or null. */
    public String field() { return field; }

    /** Why that field was refused, or null. */
    public String reason() { return reason; }

    /** Every design problem of a 422 (empty otherwise). */
    public List<Wire.DesignProblem> problems() { return problems; }

    /** The certificate the server presented when it was refused ({@link Kind#CERTIFICATE}, {@link Kind#CERTIFICATE_CHANGED}), or null. */
    public ServerCertificate certificate() { return certificate; }

    /**
     * Every refused field the server listed (its "errors"; a CSV import names each bad row), or the
     * one {@link #field()} as a list of one, or empty.
     */
    public List<FieldError> fieldErrors() {
        if (!fieldErrors.isEmpty() || field == null) return fieldErrors;
        return List.of(new FieldError(field, reason));
    }

    ClientException withFieldErrors(List<FieldError> errors) {
        this.fieldErrors = List.copyOf(errors);
        return this;
    }

    /** The server's own sentence ("detail"), or null when it did not answer. */
    public String serverDetail() { return serverDetail; }
}
