package io.olimpus.server.engine.driver;

/**
 * A platform refused or failed an operation. The message is meant for the user (students
 * included), naming what failed; it never names the server's files. What only an administrator
 * should read (a path on the server, a library's words) goes in {@link #adminDetail()}, which
 * the engine writes to the server log, never to a job's events.
 */
public class DriverException extends RuntimeException {
    private final String adminDetail;

    public DriverException(String message) { this(message, null, null); }

    public DriverException(String message, Throwable cause) { this(message, null, cause); }

    private DriverException(String message, String adminDetail, Throwable cause) {
        super(message, cause);
        this.adminDetail = adminDetail;
    }

    /** A failure whose public message is safe for anyone, and whose detail is for the server log only. */
    public static DriverException withAdminDetail(String publicMessage, String adminDetail) {
        return new DriverException(publicMessage, adminDetail, null);
    }

    /** {@link #withAdminDetail(String, String)} keeping the cause (its message is admin detail too). */
    public static DriverException withAdminDetail(String publicMessage, String adminDetail, Throwable cause) {
        return new DriverException(publicMessage, adminDetail, cause);
    }

    /** What only an administrator should read; null when the message says everything. */
    public String adminDetail() { return adminDetail; }

    /** What an administrator reads: the detail when there is one (it says more than the public message), else the message. */
    public String forAdmins() { return adminDetail != null ? adminDetail : getMessage(); }
}
