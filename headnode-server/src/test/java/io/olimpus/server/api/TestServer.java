package io.olimpus.server.api;

import io.olimpus.server.app.Config;
import io.olimpus.server.app.Server;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real server on a random loopback port, on embedded H2 in a temporary folder or on a fresh,
 * uniquely named MariaDB database (127.0.0.1:3306, root, empty password) dropped at close.
 * Without MariaDB the MariaDB runs are skipped with a visible message, except under CI=true, where they fail.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-secret-1";
    static final String MARIADB = "jdbc:mysql://127.0.0.1:3306/";

    public final Server.Running running;
    public final Path dataDir;
    public final ApiClient client;
    private final String database;

    private TestServer(Server.Running running, Path dataDir, String database) {
        this.running = running;
        this.dataDir = dataDir;
        this.database = database;
        this.client = new ApiClient(running.baseUrl());
    }

    public static TestServer start(Store store) throws IOException {
        return start(store, c -> c);
    }

    public static TestServer start(Store store, UnaryOperator<Config> customize) throws IOException {
        return start(store, customize, new Server.Extensions(FakeKeystone.INSTANCE));
    }

    /** Monitoring is off unless {@code customize} turns it on; OpenStack credentials go to {@code ext}'s verifier. */
    public static TestServer start(Store store, UnaryOperator<Config> customize, Server.Extensions ext) throws IOException {
        Path dir = Files.createTempDirectory("olimpus-test-");
        Config cfg = Config.embedded(dir, 0).withAdminPassword(ADMIN_PASSWORD).withBcryptCost(4).withMonitoring(Config.Monitoring.OFF);
        String db = null;
        if (store == Store.MARIADB) {
            db = "olimpus_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = DriverManager.getConnection(MARIADB, "root", "")) {
                c.createStatement().execute("create database " + db + " character set utf8mb4");
            } catch (SQLException e) {
                String msg = "MariaDB on 127.0.0.1:3306 (root, empty password) does not answer (" + e.getMessage()
                        + "); start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd";
                if ("true".equals(System.getenv("CI"))) throw new AssertionError("CI requires MariaDB: " + msg, e);
                System.err.println("SKIPPED MariaDB tests: " + msg);
                Assumptions.abort(msg);
            }
            cfg = cfg.withDb(MARIADB + db, "root", "");
        }
        return new TestServer(Server.start(customize.apply(cfg), ext), dir, db);
    }

    @Override
    public void close() throws IOException {
        running.close();
        if (database != null) {
            try (Connection c = DriverManager.getConnection(MARIADB, "root", "")) {
                c.createStatement().execute("drop database if exists " + database);
            } catch (SQLException e) {
                throw new IOException("could not drop test database " + database, e);
            }
        }
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
