package io.olimpus.server.platform.linux.ssh;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 for tests: its own host key, config and authorized key in a
 * temporary folder; stopped by its own process handle. Skips visibly where sshd is not installed,
 * except in CI, where the test command installs it and a missing sshd is a failure.
 */
public final class LocalSshd implements AutoCloseable {
    final Path dir;
    public final int port;
    public final Path clientKey;
    public final Path knownHosts;
    final Path hostKey;
    private final Process process;

    private LocalSshd(Path dir, int port, Path clientKey, Path knownHosts, Path hostKey, Process process) {
        this.dir = dir;
        this.port = port;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
        this.hostKey = hostKey;
        this.process = process;
    }

    public static LocalSshd start() throws Exception {
        Path sshd = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(sshd)) {
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException("sshd is missing in CI: ./olimpus test installs openssh-server");
            Assumptions.abort("SKIPPED: /usr/sbin/sshd is not installed (apt-get install openssh-server); SSH tests need a real server");
        }
        Path dir = Files.createTempDirectory("olimpus-sshd");
        Path hostKey = dir.resolve("host_ed25519"), clientKey = dir.resolve("client_ed25519");
        exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
        exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { port = s.getLocalPort(); }
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1:" + port, "HostKey " + hostKey, "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PidFile " + dir.resolve("sshd.pid"), "StrictModes no", "UsePAM no", "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password", "") );
        Files.createDirectories(Path.of("/run/sshd"));
        Process p = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Path knownHosts = dir.resolve("known_hosts");
        String pub = Files.readString(dir.resolve("host_ed25519.pub")).trim();
        String[] parts = pub.split(" ");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) { break; } catch (IOException e) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline)
                    throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                Thread.sleep(50);
            }
        }
        return new LocalSshd(dir, port, clientKey, knownHosts, hostKey, p);
    }

    public SshEndpoint endpoint() { return new SshEndpoint("local", "127.0.0.1", port, System.getProperty("user.name"), false); }

    static void exec(String... argv) throws Exception {
        Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", argv) + ": " + out);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
