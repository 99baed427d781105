package io.olimpus.client.testing;

import io.olimpus.server.app.Config;
import io.olimpus.server.app.Server;
import io.olimpus.server.engine.monitoring.WorkerSample;
import io.olimpus.server.monitoring.SampleStore;
import io.olimpus.server.platform.openstack.OpenStackVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real headnode server started in this JVM for desktop tests: embedded H2 in a temporary folder,
 * a random loopback port, the first admin {@code admin} with {@link #ADMIN_PASSWORD}, monitoring off
 * (tests put worker samples in with {@link #insertSample}). {@link #stop()} and {@link #restart()}
 * take the server away and bring it back on the same port and data, for "server went away" tests;
 * {@link #close()} stops it and deletes its data.
 */
public final class RealServer implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret-1";

    private final Path dataDir;
    private final Config config;
    private volatile Server.Running running;

    private RealServer(Path dataDir, Config config) throws IOException {
        this.dataDir = dataDir;
        Server.Running r = Server.start(config, new Server.Extensions(OpenStackVerifier.UNCHECKED));
        // Pin the port picked by "0" so a restart comes back where clients expect it.
        this.config = withPort(config, r.port());
        this.running = r;
    }

    public static RealServer start() throws IOException {
        return start(c -> c);
    }

    /** Starts with the test defaults changed by {@code customize} (e.g. a short token TTL). */
    public static RealServer start(UnaryOperator<Config> customize) throws IOException {
        Path dir = Files.createTempDirectory("olimpus-desktop-test-");
        Config cfg = Config.embedded(dir, 0).withAdminPassword(ADMIN_PASSWORD).withBcryptCost(4)
                .withMonitoring(Config.Monitoring.OFF);
        return new RealServer(dir, customize.apply(cfg));
    }

    private static Config withPort(Config c, int port) {
        return c.withPort(port);
    }

    /** e.g. {@code http://127.0.0.1:41234} (without /api/v1). */
    public String baseUrl() {
        return (config.tls().enabled() ? "https" : "http") + "://127.0.0.1:" + config.port();
    }

    /** A client of this server logged in as {@code username}; the caller closes it. */
    public io.olimpus.client.OlimpusClient loggedIn(String username, String password) {
        io.olimpus.client.OlimpusClient c = io.olimpus.client.OlimpusClient.connect(baseUrl());
        c.login(username, password);
        return c;
    }

    /** A client of this server logged in as its first admin; the caller closes it. */
    public io.olimpus.client.OlimpusClient admin() { return loggedIn(ADMIN, ADMIN_PASSWORD); }

    /** The running server, for reaching its stores; throws while stopped. */
    public Server.Running running() {
        Server.Running r = running;
        if (r == null) throw new IllegalStateException("the server is stopped");
        return r;
    }

    public Path dataDir() { return dataDir; }

    /** Stops the server but keeps its data, so {@link #restart()} brings the same users and slices back. */
    public synchronized void stop() {
        if (running != null) running.close();
        running = null;
    }

    /** Starts the server again on the same port and data folder. */
    public synchronized void restart() throws IOException {
        stop();
        running = Server.start(config, new Server.Extensions(OpenStackVerifier.UNCHECKED));
    }

    /**
     * Stores one CPU/memory/disk sample of a worker through the server's own sample store, as the
     * monitoring loop would after probing it over SSH.
     */
    public void insertSample(String zone, String worker, Instant at, double cpuPercent, long memUsedMb, long memTotalMb,
                             long diskUsedMb, long diskTotalMb) {
        long id = running().zones().worker(zone, worker).id();
        new SampleStore(running().database().jdbi())
                .insert(id, new WorkerSample(Long.toString(id), at, cpuPercent, memUsedMb, memTotalMb, diskUsedMb, diskTotalMb));
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
