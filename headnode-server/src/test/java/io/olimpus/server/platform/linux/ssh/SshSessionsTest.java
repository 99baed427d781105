package io.olimpus.server.platform.linux.ssh;

import io.olimpus.server.engine.driver.DriverException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSH layer against a real OpenSSH server on loopback. */
class SshSessionsTest {
    static LocalSshd sshd;

    @BeforeAll static void up() throws Exception { sshd = LocalSshd.start(); }
    @AfterAll static void down() throws Exception { if (sshd != null) sshd.close(); }

    SshSessions sessions() { return new SshSessions(sshd.knownHosts, sshd.clientKey, Duration.ofSeconds(10)); }

    @Test
    void argumentsArriveLiterallyWhateverTheyContain() {
        try (SshSessions s = sessions()) {
            RemoteShell sh = s.shell(sshd.endpoint());
            String hostile = "a b 'c' \"d\" $(id) `id` ; rm -rf / && echo pwned | cat > x $HOME \\ *";
            String out = sh.check(Script.create().run("printf", "%s", hostile));
            assertThat(out).isEqualTo(hostile);
            assertThat(sh.check(Script.create().run("printf", "%s", ""))).isEmpty();
        }
    }

    @Test
    void exitCodesAndErrorsComeBackAndSetEuStopsTheScript() {
        try (SshSessions s = sessions()) {
            RemoteShell sh = s.shell(sshd.endpoint());
            CommandResult r = sh.run(Script.create().run("sh", "-c", "echo oops >&2; exit 3").run("echo", "not reached"));
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stderr()).contains("oops");
            assertThat(r.stdout()).doesNotContain("not reached");
            assertThatThrownBy(() -> sh.check(Script.create().run("false"))).isInstanceOf(RemoteCommandException.class)
                    .hasMessageStartingWith("on local: command failed (exit 1)");
            assertThat(sh.check(Script.create().tolerate("false").run("echo", "went on"))).isEqualTo("went on\n");
        }
    }

    @Test
    void oneSessionServesManyCommandsAndCountsRoundTrips() {
        try (SshSessions s = sessions()) {
            RemoteShell sh = s.shell(sshd.endpoint());
            for (int i = 0; i < 5; i++) assertThat(sh.check(Script.create().run("echo", "n" + i))).isEqualTo("n" + i + "\n");
            assertThat(s.roundTrips()).isEqualTo(5);
        }
    }

    @Test
    void uploadStreamsTheBytesExactly() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(data);
        Path target = sshd.dir.resolve("uploaded.bin");
        try (SshSessions s = sessions()) {
            s.shell(sshd.endpoint()).upload(new ByteArrayInputStream(data), target.toString());
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
        assertThat(Files.exists(sshd.dir.resolve("uploaded.bin.part"))).isFalse();
    }

    @Test
    void anUnknownHostKeyIsRefused() throws Exception {
        Path empty = sshd.dir.resolve("empty_known_hosts");
        Files.writeString(empty, "");
        try (SshSessions s = new SshSessions(empty, sshd.clientKey, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> s.shell(sshd.endpoint()).run(Script.create().run("true")))
                    .isInstanceOf(DriverException.class).hasMessageContaining("cannot open SSH to local");
        }
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        Path other = sshd.dir.resolve("other_host");
        LocalSshd.exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
        String[] parts = Files.readString(Path.of(other + ".pub")).trim().split(" ");
        Path wrong = sshd.dir.resolve("wrong_known_hosts");
        Files.writeString(wrong, "[127.0.0.1]:" + sshd.port + " " + parts[0] + " " + parts[1] + "\n");
        try (SshSessions s = new SshSessions(wrong, sshd.clientKey, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> s.shell(sshd.endpoint()).run(Script.create().run("true"))).isInstanceOf(DriverException.class);
        }
    }

    @Test
    void quotingRefusesNewlinesAndNul() {
        assertThatThrownBy(() -> Script.quote("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Script.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Script.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(Script.quote("brq100")).isEqualTo("brq100");
    }

    @Test
    void aStreamCarriesBytesBothWaysUntilClosed() throws Exception {
        byte[] data = new byte[200 * 1024];
        new Random(5).nextBytes(data);
        try (SshSessions s = sessions(); RemoteStream st = s.stream(sshd.endpoint(), Script.create().run("cat"))) {
            // Written and read at once: cat echoes while more arrives, more than one SSH window's worth.
            Thread writer = new Thread(() -> {
                try {
                    st.out().write(data);
                    st.out().flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            byte[] back = st.in().readNBytes(data.length);
            writer.join(10_000);
            assertThat(back).isEqualTo(data);
            assertThat(s.roundTrips()).isEqualTo(1);
        }
    }

    @Test
    void aStreamReachesAUnixSocketThroughSocatAndSeesItClose() throws Exception {
        Path sock = sshd.dir.resolve("vnc test.sock");
        Files.deleteIfExists(sock);
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            java.util.concurrent.CompletableFuture<byte[]> received = new java.util.concurrent.CompletableFuture<>();
            Thread vnc = new Thread(() -> {
                try (var c = server.accept()) {
                    c.write(java.nio.ByteBuffer.wrap("RFB 003.008\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                    java.nio.ByteBuffer reply = java.nio.ByteBuffer.allocate(12);
                    while (reply.hasRemaining() && c.read(reply) >= 0) { /* until the viewer's version */ }
                    received.complete(java.util.Arrays.copyOf(reply.array(), reply.position()));
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            });
            vnc.start();
            try (SshSessions s = sessions();
                 RemoteStream st = s.stream(sshd.endpoint(), Script.create().exec("socat", "-", "UNIX-CONNECT:" + sock))) {
                assertThat(new String(st.in().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
                st.out().write("RFB 003.008\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                st.out().flush();
                assertThat(new String(received.get(10, java.util.concurrent.TimeUnit.SECONDS), java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo("RFB 003.008\n");
                // The display went away (the VM stopped): the stream ends rather than hanging.
                vnc.join(10_000);
                assertThat(st.in().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aStreamToAMissingSocketEndsAndSaysWhy() throws Exception {
        try (SshSessions s = sessions();
             RemoteStream st = s.stream(sshd.endpoint(), Script.create().exec("socat", "-", "UNIX-CONNECT:" + sshd.dir.resolve("absent.sock")))) {
            assertThat(st.in().read()).isEqualTo(-1);
            // stderr may trail the end of stdout by a moment.
            long deadline = System.currentTimeMillis() + 5_000;
            while (st.stderr().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertThat(st.stderr()).contains("absent.sock");
        }
    }

    /** A worker that accepts TCP and never speaks SSH must not hold up the other hosts of the zone. */
    @Test
    void aSilentHostDoesNotHoldUpConnectsToOtherHosts() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             SshSessions s = new SshSessions(sshd.knownHosts, sshd.clientKey, Duration.ofSeconds(60))) {
            java.util.concurrent.CountDownLatch accepted = new java.util.concurrent.CountDownLatch(1);
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket held = silent.accept()) {
                    accepted.countDown();
                    held.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException ignored) { /* the test closes it */ }
            });
            acceptor.start();
            SshEndpoint silentHost = new SshEndpoint("silent", "127.0.0.1", silent.getLocalPort(), "nobody");
            var stuck = java.util.concurrent.CompletableFuture.runAsync(() -> s.shell(silentHost).run(Script.create().run("true")));
            assertThat(accepted.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("the silent host was dialled").isTrue();

            assertThat(s.shell(sshd.endpoint()).check(Script.create().run("echo", "answered"))).isEqualTo("answered\n");
            assertThat(stuck).as("the silent host is still being waited for").isNotDone();
            silent.close();
            acceptor.interrupt();
        }
    }
}
