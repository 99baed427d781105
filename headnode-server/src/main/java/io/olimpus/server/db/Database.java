package io.olimpus.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;

/**
 * The connection pool, the schema (Flyway, one set of migrations for H2 and MySQL/MariaDB) and
 * the Jdbi every store uses. Embedded H2 in the data folder unless a JDBC URL is given.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String url;

    private Database(HikariDataSource ds, String url) {
        this.dataSource = ds;
        this.url = url;
        this.jdbi = Jdbi.create(ds);
    }

    /** The embedded default: an H2 file in {@code dataDir}, speaking MySQL's dialect so the migrations are shared. */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("olimpus") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE";
    }

    public static Database open(String url, String user, String password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        if (user != null) cfg.setUsername(user);
        if (password != null) cfg.setPassword(password);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setMinimumIdle(Math.min(2, poolSize));
        cfg.setPoolName("olimpus-db");
        cfg.setConnectionTimeout(5_000);
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
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, url);
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
