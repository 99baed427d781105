package io.olimpus.server.linux.ssh;

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
}
