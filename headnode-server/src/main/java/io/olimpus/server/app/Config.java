package io.olimpus.server.app;

import io.olimpus.server.mail.SmtpMailer;
import io.olimpus.server.users.Quota;

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
                     Quota defaultQuota, Monitoring monitoring, Tls tls, SmtpMailer.Settings smtp, Labs labs) {

    /**
     * HTTPS: a PEM certificate chain and its PKCS#8 private key, or a PKCS12 keystore (with its
     * password); none of them means plain HTTP (behind a reverse proxy that does TLS, or on a
     * trusted network only: docs/https.md).
     */
    public record Tls(Path certificate, Path privateKey, Path keystore, String keystorePassword) {
        public static final Tls NONE = new Tls(null, null, null, null);

        public boolean enabled() { return certificate != null || keystore != null; }

        public static Tls pem(Path certificate, Path privateKey) { return new Tls(certificate, privateKey, null, null); }

        public static Tls pkcs12(Path keystore, String password) { return new Tls(null, null, keystore, password); }

        @Override
        public String toString() {  // never prints the password
            return certificate != null ? "PEM " + certificate : keystore != null ? "PKCS12 " + keystore : "none";
        }
    }

    /**
     * Worker monitoring of Linux zones: every {@code period} each worker of a zone with settings is
     * probed over SSH; {@code missesBeforeDown} failed rounds in a row mark it down; samples older
     * than {@code retention} are purged.
     */
    public record Monitoring(boolean enabled, Duration period, int missesBeforeDown, Duration retention) {
        public static final Monitoring DEFAULT = new Monitoring(true, Duration.ofSeconds(30), 3, Duration.ofHours(24));
        public static final Monitoring OFF = new Monitoring(false, DEFAULT.period, DEFAULT.missesBeforeDown, DEFAULT.retention);
    }

    /**
     * Labs of courses: at most {@code concurrency} student copies deploy, reset or undeploy at once
     * across the server (the rest wait their turn on the board); every {@code schedulerPeriod} the
     * scheduler opens and closes labs whose window passed and stops idle copies, so a window acts at
     * most that late.
     */
    public record Labs(int concurrency, Duration schedulerPeriod) {
        public static final int MAX_CONCURRENCY = io.olimpus.server.labs.ClassDeployRunner.MAX_CONCURRENCY;
        public static final Duration MIN_PERIOD = io.olimpus.server.labs.LabScheduler.MIN_PERIOD;
        public static final Duration MAX_PERIOD = io.olimpus.server.labs.LabScheduler.MAX_PERIOD;
        public static final Labs DEFAULT = new Labs(8, Duration.ofSeconds(30));

        public Labs {
            if (concurrency < 1 || concurrency > MAX_CONCURRENCY)
                throw new IllegalArgumentException("lab concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
            if (schedulerPeriod.compareTo(MIN_PERIOD) < 0 || schedulerPeriod.compareTo(MAX_PERIOD) > 0)
                throw new IllegalArgumentException("lab scheduler period must be between " + MIN_PERIOD + " and " + MAX_PERIOD + ", got " + schedulerPeriod);
        }
    }

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
            new Setting("quota.max-ram-mb", "OLIMPUS_QUOTA_MAX_RAM_MB", "--quota-max-ram-mb", "20480", "default quota of a new user: RAM in MB"),
            new Setting("quota.max-slices", "OLIMPUS_QUOTA_MAX_SLICES", "--quota-max-slices", "20", "default limit of a new user: slices stored (drafts included)"),
            new Setting("quota.max-nodes", "OLIMPUS_QUOTA_MAX_NODES", "--quota-max-nodes", "200", "default limit of a new user: nodes (VMs and switches) in one design"),
            new Setting("quota.max-links", "OLIMPUS_QUOTA_MAX_LINKS", "--quota-max-links", "400", "default limit of a new user: links in one design"),
            new Setting("monitor.enabled", "OLIMPUS_MONITOR_ENABLED", "--monitor-enabled", "true", "probe the workers of Linux zones (CPU, memory, disk, up/down) over SSH"),
            new Setting("monitor.period", "OLIMPUS_MONITOR_PERIOD", "--monitor-period", "PT30S", "time between two probes of every worker (ISO-8601 duration)"),
            new Setting("monitor.misses", "OLIMPUS_MONITOR_MISSES", "--monitor-misses", "3", "failed probes in a row before a worker is marked down"),
            new Setting("monitor.retention", "OLIMPUS_MONITOR_RETENTION", "--monitor-retention", "PT24H", "how long worker samples are kept for the charts"),
            new Setting("tls.cert", "OLIMPUS_TLS_CERT", "--tls-cert", "", "HTTPS: PEM certificate (chain) file; with tls.key. Empty = plain HTTP (see docs/https.md)"),
            new Setting("tls.key", "OLIMPUS_TLS_KEY", "--tls-key", "", "HTTPS: PEM private key file (PKCS#8, unencrypted) of tls.cert"),
            new Setting("tls.keystore", "OLIMPUS_TLS_KEYSTORE", "--tls-keystore", "", "HTTPS: PKCS12 keystore file with the key and certificate (instead of tls.cert and tls.key)"),
            new Setting("tls.keystore.password", "OLIMPUS_TLS_KEYSTORE_PASSWORD", null, "", "password of tls.keystore (config file or environment only)"),
            new Setting("smtp.host", "OLIMPUS_SMTP_HOST", "--smtp-host", "", "mail server that students' one-time passwords are sent through; empty = no mail (download the sheet instead; docs/courses.md)"),
            new Setting("smtp.port", "OLIMPUS_SMTP_PORT", "--smtp-port", "25", "port of smtp.host (25, 587 with starttls, 465 with tls)"),
            new Setting("smtp.security", "OLIMPUS_SMTP_SECURITY", "--smtp-security", "none", "none, starttls or tls (TLS from the first byte)"),
            new Setting("smtp.from", "OLIMPUS_SMTP_FROM", "--smtp-from", "", "sender address of the mails, e.g. olimpus@example.org (required with smtp.host)"),
            new Setting("smtp.user", "OLIMPUS_SMTP_USER", "--smtp-user", "", "user to log in to smtp.host with (AUTH PLAIN); empty = no login"),
            new Setting("smtp.password", "OLIMPUS_SMTP_PASSWORD", null, "", "password of smtp.user (config file or environment only)"),
            new Setting("lab.concurrency", "OLIMPUS_LAB_CONCURRENCY", "--lab-concurrency", "8", "student copies of labs deployed, reset or undeployed at once across the server (1-64; the others wait QUEUED on the board)"),
            new Setting("lab.scheduler-period", "OLIMPUS_LAB_SCHEDULER_PERIOD", "--lab-scheduler-period", "PT30S", "how often lab windows and idle timeouts are acted on; a lab opens or closes at most this late (ISO-8601 duration, PT1S to PT10M)"));

    /** Embedded defaults in {@code dataDir} on a given port; what tests and the benchmark start from. */
    public static Config embedded(Path dataDir, int port) {
        return new Config("127.0.0.1", port, dataDir, null, null, null, 16, null, Duration.ofHours(12),
                8L << 30, 4L << 20, 10, new Quota(10, 20, 20480, Quota.DEFAULT_MAX_SLICES, Quota.DEFAULT_MAX_NODES, Quota.DEFAULT_MAX_LINKS), Monitoring.DEFAULT, Tls.NONE, null, Labs.DEFAULT);
    }

    public Config withDb(String url, String user, String password) {
        return new Config(host, port, dataDir, url, user, password, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota, monitoring, tls, smtp, labs);
    }

    public Config withAdminPassword(String pw) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, pw, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota, monitoring, tls, smtp, labs);
    }

    public Config withBcryptCost(int cost) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, cost, defaultQuota, monitoring, tls, smtp, labs);
    }

    public Config withLimits(long imageBytes, long jsonBytes) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, imageBytes, jsonBytes, bcryptCost, defaultQuota, monitoring, tls, smtp, labs);
    }

    public Config withTokenTtl(Duration ttl) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, ttl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota, monitoring, tls, smtp, labs);
    }

    public Config withMonitoring(Monitoring m) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota, m, tls, smtp, labs);
    }

    public Config withPort(int p) {
        return new Config(host, p, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota, monitoring, tls, smtp, labs);
    }

    /** Mail through this SMTP server (null: no mail). */
    public Config withSmtp(SmtpMailer.Settings m) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota, monitoring, tls, m, labs);
    }

    public Config withLabs(Labs l) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota, monitoring, tls, smtp, l);
    }

    public Config withTls(Tls t) {
        return new Config(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPool, adminPassword, tokenTtl, maxImageBytes, maxJsonBytes, bcryptCost, defaultQuota, monitoring, t, smtp, labs);
    }

    @Override
    public String toString() {  // never prints secrets
        return "Config[host=" + host + ", port=" + port + ", data=" + dataDir + ", db=" + (dbUrl == null ? "embedded H2" : dbUrl) + ", tls=" + tls + ", smtp=" + (smtp == null ? "none" : smtp) + "]";
    }
}
