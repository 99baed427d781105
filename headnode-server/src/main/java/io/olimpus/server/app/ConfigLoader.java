package io.olimpus.server.app;

import io.olimpus.server.mail.SmtpMailer;
import io.olimpus.server.users.Quota;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Builds a {@link Config} from defaults &lt; config file &lt; environment &lt; flags, per {@link Config#SETTINGS}. */
public final class ConfigLoader {
    /** A setting that cannot be used; the message names the source and the setting. */
    public static final class BadConfig extends RuntimeException {
        public BadConfig(String message) { super(message); }
    }

    private ConfigLoader() {}

    /**
     * @param configFile the --config flag's value or null (then OLIMPUS_CONFIG is looked up)
     * @param flags      values given as flags, by setting key
     */
    public static Config load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> origin = new HashMap<>();
        for (Setting s : Config.SETTINGS) { values.put(s.key(), s.defaultValue()); origin.put(s.key(), "default"); }

        Path file = configFile != null ? configFile : env.containsKey("OLIMPUS_CONFIG") ? Path.of(env.get("OLIMPUS_CONFIG")) : null;
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new BadConfig("cannot read config file " + file + ": " + e.getMessage());
            }
            for (String k : p.stringPropertyNames()) {
                if (Config.SETTINGS.stream().noneMatch(s -> s.key().equals(k)))
                    throw new BadConfig("config file " + file + ": unknown setting '" + k + "'");
                values.put(k, p.getProperty(k).trim());
                origin.put(k, "config file " + file);
            }
        }
        for (Setting s : Config.SETTINGS) {
            if (env.containsKey(s.env())) { values.put(s.key(), env.get(s.env())); origin.put(s.key(), "environment variable " + s.env()); }
        }
        flags.forEach((k, v) -> { values.put(k, v); origin.put(k, "flag"); });

        var reader = new Object() {
            String str(String k) { String v = values.get(k); return v == null || v.isEmpty() ? null : v; }
            int integer(String k, int min, int max) {
                try {
                    int v = Integer.parseInt(values.get(k).trim());
                    if (v < min || v > max) throw new BadConfig(k + " (from " + origin.get(k) + ") must be between " + min + " and " + max);
                    return v;
                } catch (NumberFormatException e) {
                    throw new BadConfig(k + " (from " + origin.get(k) + ") is not a number: '" + values.get(k) + "'");
                }
            }
            long lng(String k, long min) {
                try {
                    long v = Long.parseLong(values.get(k).trim());
                    if (v < min) throw new BadConfig(k + " (from " + origin.get(k) + ") must be at least " + min);
                    return v;
                } catch (NumberFormatException e) {
                    throw new BadConfig(k + " (from " + origin.get(k) + ") is not a number: '" + values.get(k) + "'");
                }
            }
            boolean bool(String k) {
                String v = values.get(k).trim();
                if (v.equals("true")) return true;
                if (v.equals("false")) return false;
                throw new BadConfig(k + " (from " + origin.get(k) + ") must be true or false: '" + values.get(k) + "'");
            }
            Duration duration(String k) {
                try {
                    Duration d = Duration.parse(values.get(k).trim());
                    if (d.isNegative() || d.isZero()) throw new BadConfig(k + " (from " + origin.get(k) + ") must be positive: '" + values.get(k) + "'");
                    return d;
                } catch (DateTimeParseException e) {
                    throw new BadConfig(k + " (from " + origin.get(k) + ") is not an ISO-8601 duration like PT12H: '" + values.get(k) + "'");
                }
            }
            Duration duration(String k, Duration min, Duration max) {
                Duration d = duration(k);
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0)
                    throw new BadConfig(k + " (from " + origin.get(k) + ") must be between " + min + " and " + max + ": '" + values.get(k) + "'");
                return d;
            }
        };
        return new Config(
                reader.str("host") == null ? "0.0.0.0" : reader.str("host"),
                reader.integer("port", 0, 65535),
                Path.of(reader.str("data") == null ? "./olimpus-data" : reader.str("data")),
                reader.str("db.url"), reader.str("db.user"), reader.str("db.password"),
                reader.integer("db.pool", 1, 200),
                reader.str("admin.password"),
                reader.duration("token.ttl"),
                reader.lng("image.max-bytes", 1),
                reader.lng("json.max-bytes", 1024),
                reader.integer("bcrypt.cost", 4, 31),
                new Quota(reader.integer("quota.max-vms", 0, 100_000), reader.integer("quota.max-vcpus", 0, 1_000_000),
                        reader.integer("quota.max-ram-mb", 0, Integer.MAX_VALUE),
                        reader.integer("quota.max-slices", 0, 100_000), reader.integer("quota.max-nodes", 0, 100_000),
                        reader.integer("quota.max-links", 0, 100_000)),
                new Config.Monitoring(reader.bool("monitor.enabled"), reader.duration("monitor.period"),
                        reader.integer("monitor.misses", 1, 1000), reader.duration("monitor.retention")),
                tls(reader.str("tls.cert"), reader.str("tls.key"), reader.str("tls.keystore"), reader.str("tls.keystore.password"), origin),
                smtp(reader.str("smtp.host"), reader.integer("smtp.port", 1, 65535), reader.str("smtp.security"), reader.str("smtp.from"),
                        reader.str("smtp.user"), reader.str("smtp.password"), origin),
                new Config.Labs(reader.integer("lab.concurrency", 1, Config.Labs.MAX_CONCURRENCY),
                        reader.duration("lab.scheduler-period", Config.Labs.MIN_PERIOD, Config.Labs.MAX_PERIOD)));
    }

    /** Either a certificate and its key, or a keystore, or nothing; every file named must be readable now, not at the first client. */
    private static Config.Tls tls(String cert, String key, String keystore, String password, Map<String, String> origin) {
        if (keystore != null && (cert != null || key != null))
            throw new BadConfig("tls.keystore (from " + origin.get("tls.keystore") + ") and tls.cert/tls.key are two ways to give the same thing; give one of them");
        if ((cert == null) != (key == null))
            throw new BadConfig(cert == null ? "tls.key is set but tls.cert is not; give the certificate file as well (or neither, for plain HTTP)"
                    : "tls.cert is set but tls.key is not; give the private key file as well (or neither, for plain HTTP)");
        if (keystore != null) return Config.Tls.pkcs12(readable("tls.keystore", keystore, origin), password == null ? "" : password);
        if (cert != null) return Config.Tls.pem(readable("tls.cert", cert, origin), readable("tls.key", key, origin));
        return Config.Tls.NONE;
    }

    /** The mail server, or null when smtp.host is empty; a half-given one stops the start with what is missing. */
    private static SmtpMailer.Settings smtp(String host, int port, String security, String from, String user, String password, Map<String, String> origin) {
        if (host == null) return null;
        SmtpMailer.Security sec = switch (security == null ? "none" : security) {
            case "none" -> SmtpMailer.Security.NONE;
            case "starttls" -> SmtpMailer.Security.STARTTLS;
            case "tls" -> SmtpMailer.Security.TLS;
            default -> throw new BadConfig("smtp.security (from " + origin.get("smtp.security") + ") must be none, starttls or tls: '" + security + "'");
        };
        if (!host.matches("[A-Za-z0-9.:-]{1,253}")) throw new BadConfig("smtp.host (from " + origin.get("smtp.host") + ") is not a host name or address: '" + host + "'");
        if (from == null) throw new BadConfig("smtp.host is set but smtp.from is not; give the sender address of the mails, e.g. olimpus@example.org");
        String why = io.olimpus.server.mail.Mailer.whyInvalidAddress(from);
        if (why != null) throw new BadConfig("smtp.from (from " + origin.get("smtp.from") + "): " + why);
        if (password != null && user == null) throw new BadConfig("smtp.password is set but smtp.user is not; give the user to log in with");
        return new SmtpMailer.Settings(host, port, sec, from, user, password, 30_000);
    }

    private static Path readable(String key, String file, Map<String, String> origin) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p))
            throw new BadConfig(key + " (from " + origin.get(key) + "): no readable file at " + p.toAbsolutePath()
                    + "; check the path and that the server's user may read it");
        return p;
    }
}
