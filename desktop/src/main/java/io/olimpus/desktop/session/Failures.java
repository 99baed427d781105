package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.wire.Wire;
import io.olimpus.desktop.ui.Msg;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What went wrong with a call, as the session tells it: in the UI's language for the usual connection failures. */
final class Failures {
    private Failures() {}

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** A sentence the student can act on; {@code where} is the server's address. */
    static String describe(Throwable err, String where) {
        Throwable t = unwrap(err);
        if (t instanceof ClientException ce) {
            return switch (ce.kind()) {
                case UNREACHABLE -> Msg.fmt("conn.unreachable", where);
                case CERTIFICATE -> ce.certificate() != null ? Msg.fmt("conn.certificateUnknown", where, ce.certificate().fingerprint())
                        : Msg.fmt("conn.certificate", where);
                case CERTIFICATE_CHANGED -> Msg.fmt("conn.certificateChanged", where, ce.certificate().fingerprint());
                case CREDENTIALS -> ce.status() == 429 ? ce.getMessage() : Msg.get("conn.credentials");
                case SESSION_EXPIRED -> Msg.get("conn.expired");
                default -> ce.getMessage();
            };
        }
        return String.valueOf(t.getMessage());
    }

    static boolean is(Throwable err, ClientException.Kind kind) {
        return unwrap(err) instanceof ClientException ce && ce.kind() == kind;
    }

    /** The problems of a design the server refused (422 with problems), or none for any other failure. */
    static List<Wire.DesignProblem> designProblems(Throwable err) {
        return unwrap(err) instanceof ClientException ce && ce.kind() == ClientException.Kind.INVALID ? ce.problems() : List.of();
    }
}
