package io.olimpus.server.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the server can be told. THE ONE PLACE where settings are documented: {@link #SETTINGS}.
 * Each setting comes from, in increasing precedence: its default, a config file (Java properties,
 * given by {@code --config FILE} or {@code OLIMPUS_CONFIG}), an environment variable, a flag.
 * {@code java -jar olimpus-headnode.jar --help} prints this table.
 */
public record Config(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword, int dbPool,
                     String adminPassword, Duration tokenTtl, long maxImageBytes, long maxJsonBytes, int bcryptCost,
                     Quota defaultQuota) {

    /** A user's limits: VMs, vCPUs and RAM over the slices they deploy. */
    public record Quota(int maxVms, int maxVcpus, int maxRamMb) {}

    public static final List<Setting> SETTINGS = List.of(
            new Setting("host", "OLIMPUS_HOST", "--host", "0.0.0.0", "address to listen on"),
            new Setting("port", "OLIMPUS_PORT", "--port", "8000", "TCP port (0 picks a free one)"),
            new Setting("data", "OLIMPUS_DATA", "--data", "./olimpus-data", "data folder: embedded database and image store"),
            new Setting("db.url", "OLIMPUS_DB_URL", "--db", "", "JDBC URL, e.g. jdbc:mysql://host:3306/olimpus; empty = embedded H2 in the data folder"),
            new Setting("db.user", "OLIMPUS_DB_USER", "--db-user", "", "database user"),
            new Setting("db.password", "OLIMPUS_DB_PASSWORD", null, "", "database password (config file or environment only)"),
            new Setting("db.pool", "OLIMPUS_DB_POOL", "--db-pool", "16", "database connections in the pool"),
            new Setting("admin.password", "OLIMPUS_ADMIN_PASSWORD", null, "", "password of the first admin, created on an empty database; empty = generated and printed once"),
            new Setting("token.ttl", "OLIMPUS_TOKEN_TTL", "--token-ttl", "PT12H", "how long a login token lives (ISO-8601 duration)"),
            new Setting("image.max-bytes", "OLIMPUS_IMAGE_MAX_BYTES", "--image-max-bytes", "8589934592", "largest image file accepted, in bytes"),
            new Setting("json.max-bytes", "OLIMPUS_JSON_MAX_BYTES", "--json-max-bytes", "4194304", "largest JSON or CSV request body, in bytes"),
            new Setting("bcrypt.cost", "OLIMPUS_BCRYPT_COST", "--bcrypt-cost", "10", "bcrypt work factor for passwords (4-31)"),
            new Setting("quota.max-vms", "OLIMPUS_QUOTA_MAX_VMS", "--quota-max-vms", "10", "default quota of a new user: VMs"),
            new Setting("quota.max-vcpus", "OLIMPUS_QUOTA_MAX_VCPUS", "--quota-max-vcpus", "20", "default quota of a new user: vCPUs"),
            new Setting("quota.max-ram-mb", "OLIMPUS_QUOTA_MAX_RAM_MB", "--quota-max-ram-mb", "20480", "default quota of a new user: RAM in MB"));

    /** Embedded defaults in {@code dataDir} on a given port; what tests and the benchmark start from. */
    public static Config embedded(Path dataDir, int port) {
        return new Config("127.0.0.1", port, dataDir, null, null, null, 16, null, Duration.ofHours(12),
                8L << 30, 4L << 20, 10, new Quota(10, 20, 20480));
    }

    public Config withDb(String url, String user, String password) {
        return new Config(host, port, dataDir, url, user, password, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota);
    }

    public Config withAdminPassword(String pw) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, pw, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota);
    }

    public Config withBcryptCost(int cost) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, cost, defaultQuota);
    }

    public Config withLimits(long imageBytes, long jsonBytes) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, imageBytes, jsonBytes, bcryptCost, defaultQuota);
    }

    public Config withTokenTtl(Duration ttl) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, ttl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota);
    }

    @Override
    public String toString() {  // never prints secrets
        return "Config[host=" + host + ", port=" + port + ", data=" + dataDir + ", db=" + (dbUrl == null ? "embedded H2" : dbUrl) + "]";
    }
}
