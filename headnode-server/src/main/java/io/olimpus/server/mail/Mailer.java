package io.olimpus.server.mail;

import java.util.regex.Pattern;

/** Sends mail; what the courses feature hands students' one-time passwords through. */
public interface Mailer {
    /** Why a message was not accepted by the mail server (the reason names what to check). */
    final class MailException extends Exception {
        public MailException(String message) { super(message); }

        public MailException(String message, Throwable cause) { super(message, cause); }
    }

    /** Sends one message; returns once the mail server accepted it. */
    void send(Mail mail) throws MailException;

    /** Whether a server to send through is configured. */
    boolean configured();

    /** No SMTP server configured: every send fails with what to do instead. */
    Mailer NONE = new Mailer() {
        public void send(Mail mail) throws MailException {
            throw new MailException("no SMTP server is configured (setting smtp.host); download the credentials sheet instead");
        }

        public boolean configured() { return false; }
    };

    /**
     * Addresses accepted: a plain local part and a dotted domain, nothing that could end a header
     * line or an SMTP command (no spaces, quotes, angle brackets or line breaks).
     */
    Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+$");

    /** Why {@code address} is not a mail address this server sends to, or null when it is one. */
    static String whyInvalidAddress(String address) {
        if (address == null || address.isEmpty()) return "required";
        if (address.length() > 254) return "longer than 254 characters";
        if (!ADDRESS.matcher(address).matches()) return "not a mail address like name@example.org (letters, digits and . _ % + - before the @)";
        return null;
    }
}
