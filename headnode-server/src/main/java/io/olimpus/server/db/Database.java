package io.olimpus.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The connection pool, the schema (Flyway, one set of migrations for H2 and MySQL/MariaDB) and
 * the Jdbi every store uses. Embedded H2 in the data folder unless a JDBC URL is given.
 */
public final class Database implements AutoCloseable {
    private static final String EMBEDDED_PREFIX = "jdbc:h2:async:";
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String url;

    private Database(HikariDataSource ds, String url) {
        this.dataSource = ds;
        this.url = url;
        this.jdbi = Jdbi.create(ds);
    }

    /**
     * The embedded default: an H2 file in {@code dataDir}, speaking MySQL's dialect so the migrations
     * are shared. {@code WRITE_DELAY=0} writes each commit to the file before the commit returns:
     * H2's default (500 ms) acknowledged writes that a crash of the server then lost.
     * {@code async:} reads and writes the file through an asynchronous channel: with H2's default
     * channel, a thread interrupted while it wrote (a cancelled monitoring round, an executor
     * shut down) closed the file, and with it the database for every other thread.
     */
    public static String embeddedUrl(Path dataDir) {
        return EMBEDDED_PREFIX + dataDir.toAbsolutePath().resolve("olimpus") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
    }

    /** Creates the data folder readable by the server's user only (0700): it holds the database, keys and images. */
    public static void prepareDataFolder(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        if (posix(dataDir)) Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    }

    private static boolean posix(Path p) throws IOException {
        return Files.getFileStore(p).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    public static Database open(String url, String user, String password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        if (user != null) cfg.setUsername(user);
        if (password != null) cfg.setPassword(password);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setMinimumIdle(Math.min(2, poolSize));
        cfg.setPoolName("olimpus-db");
        // Hikari's default: a busy headnode (a class deploying on two cores) can keep every
        // connection for more than 5 s, and a request should wait for one rather than fail.
        cfg.setConnectionTimeout(30_000);
        cfg.setInitializationFailTimeout(10_000);
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            cfg.addDataSourceProperty("cachePrepStmts", "true");
            cfg.addDataSourceProperty("useServerPrepStmts", "true");
            cfg.addDataSourceProperty("prepStmtCacheSize", "250");
            cfg.addDataSourceProperty("rewriteBatchedStatements", "true");
            cfg.addDataSourceProperty("useUnicode", "true");
            cfg.addDataSourceProperty("characterEncoding", "UTF-8");
        }
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                    .javaMigrations(new V4__Binary_identifiers()).load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        if (url.startsWith(EMBEDDED_PREFIX)) narrowEmbeddedFiles(url);
        return new Database(ds, url);
    }

    /** H2 creates its files with the process's umask (often 0644): narrow them to 0600, they hold password hashes and secrets. */
    private static void narrowEmbeddedFiles(String url) {
        Path base = Path.of(url.substring(EMBEDDED_PREFIX.length()).split(";", 2)[0]).toAbsolutePath();
        String prefix = base.getFileName() + ".";
        try (var files = Files.list(base.getParent())) {
            if (!posix(base.getParent())) return;
            for (Path f : (Iterable<Path>) files::iterator)
                if (f.getFileName().toString().startsWith(prefix) && Files.isRegularFile(f))
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the database files under " + base.getParent() + " private: " + e.getMessage(), e);
        }
    }

    public Jdbi jdbi() { return jdbi; }

    public String url() { return url; }

    public boolean isEmbedded() { return url.startsWith("jdbc:h2:"); }

    /** True when the database answers a trivial query within a second. */
    public boolean healthy() {
        try (var c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() { dataSource.close(); }
}
