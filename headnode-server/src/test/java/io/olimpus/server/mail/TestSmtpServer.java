package io.olimpus.server.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SMTP server for tests, on 127.0.0.1 and a free port: it speaks the protocol over a socket
 * (greeting, EHLO, optional AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) and
 * keeps every accepted message. Recipients in {@code refused} are answered 550, as a real server
 * refuses an unknown mailbox.
 */
public final class TestSmtpServer implements AutoCloseable {
    /** A message as it arrived: the envelope and the raw message (headers and body, CRLF lines). */
    public record Received(String from, List<String> to, String data) {
        /** The body: what follows the first empty line. */
        public String body() {
            int i = data.indexOf("\r\n\r\n");
            return i < 0 ? "" : data.substring(i + 4);
        }

        /** A header's value, or null. */
        public String header(String name) {
            for (String line : data.split("\r\n")) {
                if (line.isEmpty()) return null;
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) return line.substring(name.length() + 1).strip();
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final List<Socket> open = new ArrayList<>();
    private final Set<String> refused;
    private final String user, password;
    private volatile boolean closed;

    public TestSmtpServer(Set<String> refused, String user, String password) throws IOException {
        this.refused = refused;
        this.user = user;
        this.password = password;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "test-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public TestSmtpServer() throws IOException { this(Set.of(), null, null); }

    public int port() { return server.getLocalPort(); }

    /** A server's SMTP settings that send to this one: plain, no login, from olimpus@example.org. */
    public SmtpMailer.Settings settings() {
        return new SmtpMailer.Settings("127.0.0.1", port(), SmtpMailer.Security.NONE, "olimpus@example.org", null, null, 10_000);
    }

    /** The next message, waiting up to {@code timeout}; null when none came. */
    public Received next(Duration timeout) throws InterruptedException { return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS); }

    /** How many messages are waiting now. */
    public int waiting() { return inbox.size(); }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                synchronized (open) { open.add(s); }
                Thread t = new Thread(() -> serve(s), "test-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) e.printStackTrace();
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            reply(out, "220 test.local ESMTP ready");
            String from = null;
            List<String> to = new ArrayList<>();
            boolean authed = user == null;
            for (String line; (line = in.readLine()) != null; ) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line.toUpperCase(java.util.Locale.ROOT);
                switch (cmd) {
                    case "EHLO" -> reply(out, "250-test.local\r\n250-8BITMIME\r\n" + (user != null ? "250-AUTH PLAIN\r\n" : "") + "250 SIZE 1000000");
                    case "HELO" -> reply(out, "250 test.local");
                    case "AUTH" -> {
                        String[] parts = line.split(" ");
                        String expected = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
                        if (parts.length == 3 && parts[1].equalsIgnoreCase("PLAIN") && parts[2].equals(expected)) { authed = true; reply(out, "235 2.7.0 accepted"); }
                        else reply(out, "535 5.7.8 authentication failed");
                    }
                    case "MAIL" -> {
                        if (!authed) { reply(out, "530 5.7.0 authentication required"); continue; }
                        from = between(line);
                        to.clear();
                        reply(out, "250 2.1.0 ok");
                    }
                    case "RCPT" -> {
                        String r = between(line);
                        if (refused.contains(r)) reply(out, "550 5.1.1 no such mailbox: " + r);
                        else { to.add(r); reply(out, "250 2.1.5 ok"); }
                    }
                    case "DATA" -> {
                        if (from == null || to.isEmpty()) { reply(out, "503 5.5.1 need MAIL and RCPT first"); continue; }
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        StringBuilder data = new StringBuilder();
                        for (String d; (d = in.readLine()) != null; ) {
                            if (d.equals(".")) break;
                            data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                        }
                        inbox.add(new Received(from, List.copyOf(to), data.toString()));
                        from = null;
                        to.clear();
                        reply(out, "250 2.0.0 queued");
                    }
                    case "RSET" -> { from = null; to.clear(); reply(out, "250 ok"); }
                    case "NOOP" -> reply(out, "250 ok");
                    case "QUIT" -> { reply(out, "221 bye"); return; }
                    default -> reply(out, "502 5.5.2 not implemented");
                }
            }
        } catch (IOException e) {
            if (!closed) e.printStackTrace();
        }
    }

    private static String between(String line) {
        int a = line.indexOf('<'), b = line.indexOf('>');
        return a < 0 || b < a ? "" : line.substring(a + 1, b);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (open) {
            for (Socket s : open) s.close();
        }
    }
}
