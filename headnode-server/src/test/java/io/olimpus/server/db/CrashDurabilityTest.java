package io.olimpus.server.db;

import io.olimpus.server.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write the embedded default acknowledged survives a crash: a real server process on H2
 * takes a burst of creates from several clients and is killed with SIGKILL in the middle of it;
 * the restarted server must list every flavor whose 201 reached a client.
 */
class CrashDurabilityTest {
    static final String ADMIN_PASSWORD = "crash-admin-1";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesAKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        int port = freePort();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Process server = start(data, port);
        try {
            ApiClient api = waitUntilUp(server, port);
            String token = api.login("admin", ADMIN_PASSWORD);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread w = new Thread(() -> {
                    while (!stop.get()) {
                        String name = "f" + next.incrementAndGet();
                        try {
                            var r = api.post("/flavors", token, Map.of("name", name, "vcpus", 1, "ramMb", 256, "diskGb", 1));
                            if (r.status() == 201) acknowledged.add(name);
                        } catch (RuntimeException e) {
                            return;  // the server is gone
                        }
                    }
                });
                w.start();
                writers.add(w);
            }
            // Let the burst run until enough writes were acknowledged, then kill in the middle of it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acknowledged.size() < 150 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(acknowledged.size()).as("writes acknowledged before the kill").isGreaterThanOrEqualTo(150);
            server.destroyForcibly();  // SIGKILL: no shutdown hook, no flush
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            for (Thread w : writers) w.join(60_000);
        } finally {
            server.destroyForcibly();
        }

        Process again = start(data, port);
        try {
            ApiClient api = waitUntilUp(again, port);
            String token = api.login("admin", ADMIN_PASSWORD);
            var listed = api.get("/flavors", token);
            assertThat(listed.status()).isEqualTo(200);
            Set<String> names = new java.util.HashSet<>();
            listed.json().get("items").forEach(f -> names.add(f.get("name").asText()));
            List<String> lost = acknowledged.stream().filter(n -> !names.contains(n)).sorted().collect(Collectors.toList());
            assertThat(java.nio.file.Files.getPosixFilePermissions(data)).as("the data folder is private")
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            assertThat(java.nio.file.Files.getPosixFilePermissions(data.resolve("olimpus.mv.db"))).as("the database file is private")
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            System.out.println("CrashDurabilityTest: acknowledged " + acknowledged.size() + ", lost " + lost.size());
            assertThat(lost).as("acknowledged (201) but gone after the restart, of " + acknowledged.size()).isEmpty();
        } finally {
            again.destroyForcibly();
            again.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Process start(Path data, int port) throws IOException {
        Path log = dir.resolve("server-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.olimpus.server.app.Main",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", data.toString(),
                "--monitor-enabled", "false", "--bcrypt-cost", "4")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OLIMPUS_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().remove("OLIMPUS_DB_URL");
        return pb.start();
    }

    private ApiClient waitUntilUp(Process p, int port) throws Exception {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new AssertionError("the server exited with " + p.exitValue() + "; see " + dir);
            try {
                if (api.get("/health", null).status() == 200) return api;
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not answer /health within 180 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { return s.getLocalPort(); }
    }
}
