package io.olimpus.server.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A plain SMTP client (RFC 5321): one connection per message, optional STARTTLS or implicit TLS,
 * optional AUTH PLAIN. Small on purpose: the server sends a few plain-text messages per roster,
 * and a mail library would bring more than it needs. Addresses are checked before they reach a
 * command ({@link Mailer#ADDRESS}); the subject and body cannot end a header or the message.
 */
public final class SmtpMailer implements Mailer {
    /** How the connection is protected: none, upgraded with STARTTLS, or TLS from the first byte (port 465). */
    public enum Security { NONE, STARTTLS, TLS }

    /** Where and how to send; {@code user} null means no authentication. */
    public record Settings(String host, int port, Security security, String from, String user, String password, int timeoutMillis) {
        @Override
        public String toString() { return "SMTP " + host + ":" + port + " (" + security + ", from " + from + (user == null ? "" : ", user " + user) + ")"; }
    }

    private final Settings s;

    public SmtpMailer(Settings settings) {
        this.s = settings;
        if (Mailer.whyInvalidAddress(settings.from()) != null) throw new IllegalArgumentException("smtp.from: " + Mailer.whyInvalidAddress(settings.from()));
    }

    @Override
    public boolean configured() { return true; }

    @Override
    public void send(Mail mail) throws MailException {
        String why = Mailer.whyInvalidAddress(mail.to());
        if (why != null) throw new MailException("recipient " + mail.to() + ": " + why);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(s.host(), s.port()), s.timeoutMillis());
            plain.setSoTimeout(s.timeoutMillis());
            Socket socket = s.security() == Security.TLS ? tls(plain) : plain;
            Session session = new Session(socket);
            session.expect(220, "greeting");
            String ehlo = session.command("EHLO olimpus", 250, "EHLO");
            if (s.security() == Security.STARTTLS) {
                if (!ehlo.toUpperCase(java.util.Locale.ROOT).contains("STARTTLS"))
                    throw new MailException(s.host() + " does not offer STARTTLS; set smtp.security to none or tls to match the server");
                session.command("STARTTLS", 220, "STARTTLS");
                session = new Session(tls(socket));
                session.command("EHLO olimpus", 250, "EHLO after STARTTLS");
            }
            if (s.user() != null) {
                String token = Base64.getEncoder().encodeToString(("\0" + s.user() + "\0" + (s.password() == null ? "" : s.password())).getBytes(StandardCharsets.UTF_8));
                session.command("AUTH PLAIN " + token, 235, "AUTH (check smtp.user and smtp.password)");
            }
            session.command("MAIL FROM:<" + s.from() + ">", 250, "MAIL FROM");
            session.command("RCPT TO:<" + mail.to() + ">", 250, "RCPT TO " + mail.to());
            session.command("DATA", 354, "DATA");
            session.write(message(mail) + ".\r\n");
            session.expect(250, "end of message");
            try {
                session.command("QUIT", 221, "QUIT");
            } catch (MailException | IOException ignored) {
                // the message was accepted; a server that drops the line at QUIT changes nothing
            }
        } catch (IOException e) {
            throw new MailException("could not talk to the SMTP server " + s.host() + ":" + s.port() + " (" + e.getMessage() + "); check smtp.host, smtp.port and smtp.security", e);
        }
    }

    private Socket tls(Socket under) throws IOException {
        SSLSocket t = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(under, s.host(), s.port(), true);
        var p = t.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");  // the certificate must name the host
        t.setSSLParameters(p);
        t.startHandshake();
        return t;
    }

    /** The message as sent after DATA: headers, body in UTF-8 quoted as 8bit lines, leading dots doubled. */
    private String message(Mail mail) {
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(s.from()).append("\r\n");
        m.append("To: ").append(mail.to()).append("\r\n");
        m.append("Subject: ").append(headerText(mail.subject())).append("\r\n");
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(s.from().substring(s.from().indexOf('@') + 1)).append(">\r\n");
        m.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        for (String line : mail.body().split("\r\n|\r|\n", -1)) m.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        return m.toString();
    }

    /** A subject as one header line: line breaks become spaces; non-ASCII as an RFC 2047 encoded word. */
    static String headerText(String text) {
        String one = text.replaceAll("[\\r\\n]+", " ");
        if (one.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) return one;
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(one.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** One SMTP conversation over a socket: commands out, replies (possibly multi-line) in. */
    private static final class Session {
        private final BufferedReader in;
        private final OutputStream out;

        Session(Socket socket) throws IOException {
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String command(String line, int expected, String what) throws IOException, MailException {
            write(line + "\r\n");
            return expect(expected, what);
        }

        /** Reads one reply; fails unless its code is {@code expected} (251 also passes for 250: "will forward"). */
        String expect(int expected, String what) throws IOException, MailException {
            StringBuilder all = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null) throw new MailException("the SMTP server closed the connection at " + what);
                all.append(line).append('\n');
            } while (line.length() > 3 && line.charAt(3) == '-');
            int code;
            try {
                code = Integer.parseInt(line.substring(0, Math.min(3, line.length())));
            } catch (NumberFormatException e) {
                throw new MailException("the SMTP server answered " + what + " with something that is not SMTP: " + clip(line));
            }
            if (code != expected && !(expected == 250 && code == 251))
                throw new MailException("the SMTP server refused " + what + ": " + clip(all.toString().strip()));
            return all.toString();
        }

        private static String clip(String s) {
            String t = s.length() > 200 ? s.substring(0, 200) + "…" : s;
            return t.replaceAll("[^\\x20-\\x7e\\n]", "?");
        }
    }
}
