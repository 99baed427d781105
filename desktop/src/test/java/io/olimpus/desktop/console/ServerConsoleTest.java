package io.olimpus.desktop.console;

import io.javalin.Javalin;
import io.olimpus.client.OlimpusClient;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.auth.Role;
import io.olimpus.server.deploy.ConsoleSocket;
import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.ApiException;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Problems;
import io.olimpus.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.olimpus.desktop.console.QemuVncTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer through the whole desktop-to-VM path short of a deployed slice: the desktop's
 * client (OkHttp WebSocket), the headnode's real console route ({@link ConsoleSocket} as the
 * server declares it, token checked), and a real QEMU's VNC socket behind it.
 */
@Tag("e2e")
class ServerConsoleTest {
    @TempDir
    Path dir;
    Javalin app;
    Qemu qemu;
    volatile String refuse;

    @AfterEach
    void down() throws Exception {
        if (app != null) app.stop();
        if (qemu != null) qemu.close();
    }

    private OlimpusClient serverInFrontOf(Path vncSocket) {
        Principal alice = new Principal(1, "alice", Role.USER);
        app = Javalin.create(j -> {
            j.startup.showJavalinBanner = false;
            j.jetty.host = "127.0.0.1";
            j.jetty.port = 0;
            Problems.install(j.routes);
            Api api = new Api(j.routes, t -> "good".equals(t) ? alice : null, 1 << 20);
            api.get("/auth/me", Access.USER, (ctx, caller) -> Http.json(ctx, new Wire.User(1, "alice", Wire.Role.USER, false, null, 0, null)));
            api.websocket("/slices/{id}/vms/{vm}/console", Access.USER, new ConsoleSocket(
                    (caller, id, vm) -> {
                        if (id != 7 || !vm.equals("vm1")) throw ApiException.notFound("VM '" + vm + "' in slice " + id);
                        return null;
                    },
                    (caller, id, vm) -> {
                        if (refuse != null) throw new DriverException(refuse);
                        return unixConsole(vncSocket);
                    }));
        }).start();
        OlimpusClient client = OlimpusClient.connect("http://127.0.0.1:" + app.port());
        client.resume("good");
        return client;
    }

    /** What the Linux driver hands the route, minus SSH: the VM's VNC socket as a byte stream. */
    private static Console unixConsole(Path socket) {
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            // Not Channels.newInputStream/newOutputStream: on JDK 17 a blocked read holds the lock a write needs.
            InputStream in = new InputStream() {
                public int read() throws IOException { byte[] b = new byte[1]; return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF; }
                public int read(byte[] b, int off, int len) throws IOException { return ch.read(ByteBuffer.wrap(b, off, len)); }
            };
            OutputStream out = new OutputStream() {
                public void write(int b) throws IOException { write(new byte[]{(byte) b}, 0, 1); }
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) ch.write(buf);
                }
            };
            return new Console() {
                public InputStream in() { return in; }
                public OutputStream out() { return out; }
                public void close() { try { ch.close(); } catch (IOException ignored) { /* gone anyway */ } }
            };
        } catch (IOException e) {
            throw new DriverException("no VNC socket: " + e.getMessage());
        }
    }

    /** Opens the pipe: bytes go to {@code bytes} (or are noted as "bytes"), its end is queued as "closed …" or "failed …". */
    private static LinkedBlockingQueue<String> open(ConsolePipe pipe, java.util.function.Consumer<byte[]> bytes) {
        LinkedBlockingQueue<String> ends = new LinkedBlockingQueue<>();
        pipe.open(new ConsolePipe.Listener() {
            public void received(byte[] b) { if (bytes != null) bytes.accept(b); else ends.add("bytes"); }
            public void closed(String reason) { ends.add("closed " + reason); }
            public void failed(Throwable error) { ends.add("failed " + error.getMessage()); }
        });
        return ends;
    }

    @Test
    void seaBiosThroughTheServersConsoleRouteAndEscBackToIt() throws Exception {
        qemu = Qemu.start(dir);
        OlimpusClient client = serverInFrontOf(qemu.vncSocket);
        Framebuffer fb = new Framebuffer();
        ServerConsolePipe pipe = new ServerConsolePipe(client, 7, "vm1");
        RfbSession session = new RfbSession(fb, pipe::send, new RfbSession.Listener() {});
        LinkedBlockingQueue<String> ends = open(pipe, session::receive);
        try {
            waitFor("the handshake through the server", 60, () -> session.phase() == RfbSession.Phase.RUNNING || !ends.isEmpty());
            assertThat(ends).isEmpty();
            assertThat(session.desktopName()).startsWith("QEMU");
            waitFor("SeaBIOS's Esc prompt", 120, () -> QemuVncTest.seaBiosPrompt(fb));
            int[] before = fb.read((px, w, h) -> px.clone());
            session.key(KeySyms.ESCAPE, true);
            session.key(KeySyms.ESCAPE, false);
            waitFor("the boot menu after Esc sent through the server", 60, () -> fb.read((px, w, h) -> {
                int n = 0;
                for (int i = 0; i < px.length && i < before.length; i++) if (px[i] != before[i]) n++;
                return n > 300;
            }));
        } finally {
            pipe.close();
        }
        waitFor("the end of the pipe", 30, () -> !ends.isEmpty());
        assertThat(ends.poll(1, TimeUnit.SECONDS)).startsWith("closed");
        client.close();
    }

    @Test
    void aVmWithoutAConsoleFailsWithTheServersReason() throws Exception {
        refuse = "VM 'vm1' has no console on worker2 (is it stopped?)";
        OlimpusClient client = serverInFrontOf(dir.resolve("nothing.sock"));
        ServerConsolePipe pipe = new ServerConsolePipe(client, 7, "vm1");
        LinkedBlockingQueue<String> ends = open(pipe, null);
        String end = ends.poll(10, TimeUnit.SECONDS);
        assertThat(end).isEqualTo("failed VM 'vm1' has no console on worker2 (is it stopped?)");
        pipe.close();

        // Another slice's VM: the upgrade itself is refused with the problem's reason.
        LinkedBlockingQueue<String> otherEnds = open(new ServerConsolePipe(client, 8, "vm1"), null);
        assertThat(otherEnds.poll(10, TimeUnit.SECONDS)).startsWith("failed").contains("slice 8");
        client.close();
    }
}
