package io.olimpus.server.deploy;

import io.javalin.Javalin;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.auth.Role;
import io.olimpus.server.auth.SocketTickets;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.http.Problems;
import io.olimpus.server.platform.linux.ssh.LocalSshd;
import io.olimpus.server.platform.linux.ssh.Script;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console route's whole path short of a deployed slice: a WebSocket client, the route as
 * {@link Api} declares it, an SSH stream to a real OpenSSH server, socat, and a UNIX socket that
 * speaks the first bytes of RFB the way QEMU's VNC server does.
 */
class ConsoleSocketTest {
    static final byte[] VERSION = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
    static LocalSshd sshd;
    static SshSessions sessions;
    static Javalin app;
    static Path dir, sock;
    static volatile boolean failToOpen;
    static final SocketTickets tickets = new SocketTickets(java.time.Clock.systemUTC());
    static final HttpClient HTTP = HttpClient.newHttpClient();
    ServerSocketChannel vnc;

    @BeforeAll
    static void up() throws Exception {
        sshd = LocalSshd.start();
        sessions = new SshSessions(sshd.knownHosts, sshd.clientKey, Duration.ofSeconds(10));
        dir = Files.createTempDirectory("olimpus-console");
        sock = dir.resolve("vnc.sock");
        Principal user = new Principal(1, "alice", Role.USER);
        app = Javalin.create(j -> {
            j.startup.showJavalinBanner = false;
            j.jetty.host = "127.0.0.1";
            j.jetty.port = 0;
            Problems.install(j.routes);
            Api api = new Api(j.routes, t -> "good".equals(t) ? user : null, 1 << 20, new Api.Tickets() {
                public Issued issue(String sessionToken, String scope) {
                    var t = tickets.issue(sessionToken, scope);
                    return new Issued(t.value(), t.expiresAt());
                }

                public String redeem(String ticket, String scope) { return tickets.redeem(ticket, scope); }
            });
            api.websocket("/slices/{id}/vms/{vm}/console", Access.USER, new ConsoleSocket(
                    (caller, id, vm) -> {
                        if (id != 7 || !vm.equals("n1")) throw DomainError.notFound("VM '" + vm + "' in slice " + id);
                        return null;
                    },
                    (caller, id, vm) -> {
                        if (failToOpen) throw new DriverException("VM 'n1' has no console on w1 (is it stopped?)");
                        return sessions.stream(sshd.endpoint(), Script.create().exec("socat", "-", "UNIX-CONNECT:" + sock));
                    }));
            // The read-only views over the same display socket, as DeploymentRoutes declares them.
            for (var view : java.util.Map.of("console-watch", ConsoleSocket.Input.RFB_VIEW_ONLY, "serial-watch", ConsoleSocket.Input.NONE).entrySet())
                api.websocket("/slices/{id}/vms/{vm}/" + view.getKey(), Access.USER, new ConsoleSocket((caller, id, vm) -> null,
                        (caller, id, vm) -> sessions.stream(sshd.endpoint(), Script.create().exec("socat", "-", "UNIX-CONNECT:" + sock)), view.getKey(), view.getValue()));
        }).start();
    }

    @AfterAll
    static void down() throws Exception {
        if (app != null) app.stop();
        if (sessions != null) sessions.close();
        if (sshd != null) sshd.close();
    }

    @BeforeEach
    void display() throws Exception {
        failToOpen = false;
        Files.deleteIfExists(sock);
        vnc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        vnc.bind(UnixDomainSocketAddress.of(sock));
    }

    @AfterEach
    void noDisplay() throws Exception { vnc.close(); }

    /** Collects what the server sends, however it is framed. */
    static final class Viewer implements WebSocket.Listener {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        volatile boolean sawText;

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            synchronized (got) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                got.writeBytes(b);
                got.notifyAll();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            sawText = true;
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) { closed.complete("error " + error); }

        byte[] await(int n) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            synchronized (got) {
                while (got.size() < n && System.currentTimeMillis() < deadline) got.wait(100);
                return got.toByteArray();
            }
        }
    }

    static String url(String path) { return "ws://127.0.0.1:" + app.port() + Api.PREFIX + path; }

    static WebSocket connect(Viewer v, String query) throws Exception {
        return HTTP.newWebSocketBuilder().subprotocols("binary")
                .buildAsync(URI.create(url("/slices/7/vms/n1/console" + query)), v).get(10, TimeUnit.SECONDS);
    }

    @Test
    void rfbBytesGoBothWaysAndClosingTheViewerClosesTheDisplaysConnection() throws Exception {
        CompletableFuture<byte[]> displayGot = new CompletableFuture<>();
        Thread display = new Thread(() -> {
            try (SocketChannel c = vnc.accept()) {
                c.write(ByteBuffer.wrap(VERSION));
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(4096);
                int n;
                // Echo what the viewer sends after its version, until it goes away.
                while ((n = c.read(buf)) >= 0) {
                    all.write(buf.array(), 0, n);
                    if (all.size() > VERSION.length) c.write(ByteBuffer.wrap(buf.array(), 0, n));
                    buf.clear();
                }
                displayGot.complete(all.toByteArray());
            } catch (Exception e) {
                displayGot.completeExceptionally(e);
            }
        });
        display.start();
        Viewer v = new Viewer();
        WebSocket ws = connect(v, "?ticket=" + ticket("/slices/7/vms/n1/console"));
        assertThat(ws.getSubprotocol()).isEqualTo("binary");
        assertThat(v.await(VERSION.length)).isEqualTo(VERSION);
        ws.sendBinary(ByteBuffer.wrap(VERSION), true).get(5, TimeUnit.SECONDS);
        byte[] keys = "key-event-bytes".getBytes(StandardCharsets.US_ASCII);
        ws.sendBinary(ByteBuffer.wrap(keys), true).get(5, TimeUnit.SECONDS);
        byte[] back = v.await(VERSION.length + keys.length);
        assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\nkey-event-bytes");
        assertThat(v.sawText).isFalse();

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        byte[] all = displayGot.get(10, TimeUnit.SECONDS);
        assertThat(new String(all, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\nkey-event-bytes");
    }

    @Test
    void whenTheDisplayGoesAwayTheViewerIsClosed() throws Exception {
        Thread display = new Thread(() -> {
            try (SocketChannel c = vnc.accept()) {
                c.write(ByteBuffer.wrap(VERSION));
            } catch (Exception ignored) { /* the test sees it */ }
        });
        display.start();
        Viewer v = new Viewer();
        WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer good")
                .buildAsync(URI.create(url("/slices/7/vms/n1/console")), v).get(10, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEmpty();
        assertThat(v.await(VERSION.length)).isEqualTo(VERSION);
        assertThat(v.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 ");
    }

    @Test
    void aConsoleThatCannotOpenClosesTheSocketWithTheReason() throws Exception {
        failToOpen = true;
        Viewer v = new Viewer();
        connect(v, "?ticket=" + ticket("/slices/7/vms/n1/console"));
        assertThat(v.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4404 VM 'n1' has no console on w1 (is it stopped?)");
    }

    @Test
    void refusalsAreHttpAnswersToTheUpgrade() throws Exception {
        assertThat(status("/slices/7/vms/n1/console")).isEqualTo(401);
        assertThat(status("/slices/7/vms/n1/console?ticket=made-up")).isEqualTo(401);
        assertThat(ticketStatus("/slices/8/vms/n1/console", "good")).isEqualTo(404);
        assertThat(ticketStatus("/slices/7/vms/n1/console", "bad")).isEqualTo(401);
    }

    /** Issue #13 item 13: the session token never travels in the URL, even a valid one. */
    @Test
    void aSessionTokenInTheUrlIsRefused() throws Exception {
        assertThat(status("/slices/7/vms/n1/console?token=good")).isEqualTo(401);
        var r = HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(http("/slices/7/vms/n1/console?token=good"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("not accepted in the URL").contains("console-ticket");
    }

    /** A ticket opens the one console it was issued for, once. */
    @Test
    void aTicketOpensItsConsoleOnceAndNoOther() throws Exception {
        String forN1 = ticket("/slices/7/vms/n1/console");
        assertThat(status("/slices/7/vms/n2/console?ticket=" + forN1)).isEqualTo(401);
        // Tried on the wrong VM, it is gone: a ticket tried once cannot be tried again.
        assertThat(status("/slices/7/vms/n1/console?ticket=" + forN1)).isEqualTo(401);

        Thread display = new Thread(() -> {
            try (SocketChannel c = vnc.accept()) {
                c.write(ByteBuffer.wrap(VERSION));
                c.read(ByteBuffer.allocate(16));
            } catch (Exception ignored) { /* the test sees it */ }
        });
        display.start();
        String once = ticket("/slices/7/vms/n1/console");
        Viewer v = new Viewer();
        WebSocket ws = connect(v, "?ticket=" + once);
        assertThat(v.await(VERSION.length)).isEqualTo(VERSION);
        ws.abort();
        assertThat(status("/slices/7/vms/n1/console?ticket=" + once)).isEqualTo(401);
    }

    /** What the display (the socket standing in for QEMU's) read from its one viewer until the viewer went away; it first sends {@code greeting}. */
    CompletableFuture<byte[]> displayReading(byte[] greeting) {
        CompletableFuture<byte[]> got = new CompletableFuture<>();
        Thread display = new Thread(() -> {
            try (SocketChannel c = vnc.accept()) {
                c.write(ByteBuffer.wrap(greeting));
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (c.read(buf) >= 0) {
                    all.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                got.complete(all.toByteArray());
            } catch (Exception e) {
                got.completeExceptionally(e);
            }
        });
        display.start();
        return got;
    }

    /**
     * Issue #15: an instructor watching a student's VM. The viewer speaks RFB as a real one does
     * (handshake, pixel format, encodings, update requests) and also presses keys, moves the
     * pointer, pastes text and sends QEMU's extended key event, in frames cut at odd places; the
     * display receives the handshake (its ClientInit turned shared) and the screen requests, and
     * not one byte of the input.
     */
    @Test
    void aReadOnlyConsolePassesTheScreenRequestsAndDropsEveryInputEvent() throws Exception {
        CompletableFuture<byte[]> displayGot = displayReading(VERSION);
        Viewer v = new Viewer();
        WebSocket ws = HTTP.newWebSocketBuilder().subprotocols("binary")
                .buildAsync(URI.create(url("/slices/7/vms/n1/console-watch?ticket=" + ticket("/slices/7/vms/n1/console-watch"))), v).get(10, TimeUnit.SECONDS);
        assertThat(v.await(VERSION.length)).isEqualTo(VERSION);
        RfbViewOnlyTest.Session rfb = RfbViewOnlyTest.viewerSession();
        for (byte[] frame : rfb.cut(new int[]{5, 1, 30, 7, 3, 40, 2, 9, 60, 11, 4}))
            ws.sendBinary(ByteBuffer.wrap(frame), true).get(5, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(displayGot.get(10, TimeUnit.SECONDS)).as("what reached the VM").isEqualTo(rfb.passed());
    }

    @Test
    void aReadOnlyConsoleEndsWhenTheViewerSendsWhatItCannotRead() throws Exception {
        CompletableFuture<byte[]> displayGot = displayReading(VERSION);
        Viewer v = new Viewer();
        WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer good")
                .buildAsync(URI.create(url("/slices/7/vms/n1/console-watch")), v).get(10, TimeUnit.SECONDS);
        assertThat(v.await(VERSION.length)).isEqualTo(VERSION);
        ws.sendBinary(ByteBuffer.wrap(RfbViewOnlyTest.concat(VERSION, new byte[]{1, 0})), true).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[]{(byte) 251, 0, 0, 0}), true).get(5, TimeUnit.SECONDS);
        assertThat(v.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4403 the viewer sent RFB message 251, which a read-only console does not pass");
        assertThat(displayGot.get(10, TimeUnit.SECONDS)).as("only the handshake reached the VM").isEqualTo(RfbViewOnlyTest.concat(VERSION, new byte[]{1, 1}));
    }

    /** Issue #15: the serial console watched read-only shows what the guest writes, and what is typed never reaches the guest. */
    @Test
    void aReadOnlySerialConsoleShowsTheGuestAndPassesNoKeys() throws Exception {
        byte[] prompt = "Welcome to the lab\r\nn1 login: ".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<byte[]> guestGot = displayReading(prompt);
        Viewer v = new Viewer();
        WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer good")
                .buildAsync(URI.create(url("/slices/7/vms/n1/serial-watch")), v).get(10, TimeUnit.SECONDS);
        assertThat(v.await(prompt.length)).isEqualTo(prompt);
        ws.sendBinary(ByteBuffer.wrap("root\rpoweroff\r".getBytes(StandardCharsets.US_ASCII)), true).get(5, TimeUnit.SECONDS);
        ws.sendText("typed as text\r", true).get(5, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(guestGot.get(10, TimeUnit.SECONDS)).as("what reached the guest").isEmpty();
    }

    static String http(String path) { return "http://127.0.0.1:" + app.port() + Api.PREFIX + path; }

    /** POST {console}-ticket as "good": the ticket. */
    static String ticket(String consolePath) throws Exception {
        var r = HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(http(consolePath + "-ticket"))).header("Authorization", "Bearer good")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(json.get("url").asText()).isEqualTo(Api.PREFIX + consolePath + "?ticket=" + json.get("ticket").asText());
        return json.get("ticket").asText();
    }

    static int ticketStatus(String consolePath, String token) throws Exception {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(http(consolePath + "-ticket"))).header("Authorization", "Bearer " + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aPlainGetIsToldToUpgradeAndNeverTakesTheCallerFromTheQuery() throws Exception {
        var get = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + Api.PREFIX + "/slices/7/vms/n1/console"));
        var r = HTTP.send(get.header("Authorization", "Bearer good").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(426);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        // Nor from a ticket: a ticket opens a WebSocket only.
        String t = ticket("/slices/7/vms/n1/console");
        var q = java.net.http.HttpRequest.newBuilder(URI.create(http("/slices/7/vms/n1/console?ticket=" + t))).build();
        assertThat(HTTP.send(q, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    static int status(String path) {
        assertThatThrownBy(() -> HTTP.newWebSocketBuilder().buildAsync(URI.create(url(path)), new Viewer()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
        try {
            HTTP.newWebSocketBuilder().buildAsync(URI.create(url(path)), new Viewer()).get(10, TimeUnit.SECONDS);
            return 101;
        } catch (Exception e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }
}
