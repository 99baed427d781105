package io.olimpus.server.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @Test
    void defaultsWithNothingGiven() {
        Config c = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.dataDir()).isEqualTo(Path.of("./olimpus-data"));
        assertThat(c.dbUrl()).isNull();
        assertThat(c.adminPassword()).isNull();
        assertThat(c.tokenTtl()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void fileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("olimpus.properties");
        Files.writeString(file, "port=8100\ndb.url=jdbc:mysql://db:3306/olimpus\ndb.user=file-user\ndb.password=file-secret\ndata=/srv/file\n");
        Config fromFile = ConfigLoader.load(file, Map.of(), Map.of());
        assertThat(fromFile.port()).isEqualTo(8100);
        assertThat(fromFile.dbUser()).isEqualTo("file-user");

        Map<String, String> env = Map.of("OLIMPUS_PORT", "8200", "OLIMPUS_DB_USER", "env-user", "OLIMPUS_CONFIG", file.toString());
        Config fromEnv = ConfigLoader.load(null, env, Map.of());
        assertThat(fromEnv.port()).isEqualTo(8200);
        assertThat(fromEnv.dbUser()).isEqualTo("env-user");
        assertThat(fromEnv.dbPassword()).isEqualTo("file-secret");
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/srv/file"));

        Config fromFlags = ConfigLoader.load(null, env, Map.of("port", "8300", "data", "/srv/flag"));
        assertThat(fromFlags.port()).isEqualTo(8300);
        assertThat(fromFlags.dataDir()).isEqualTo(Path.of("/srv/flag"));
        assertThat(fromFlags.dbUser()).isEqualTo("env-user");
        assertThat(fromFlags.toString()).doesNotContain("file-secret");
    }

    @Test
    void badValuesNameTheSettingAndItsSource(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("OLIMPUS_PORT", "eighty"), Map.of()))
                .hasMessageContaining("port").hasMessageContaining("OLIMPUS_PORT");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "prot=8000\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of())).hasMessageContaining("unknown setting 'prot'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("token.ttl", "12h"))).hasMessageContaining("token.ttl");
    }

    @Test
    void secretsHaveNoFlag() {
        assertThat(Config.SETTINGS).filteredOn(s -> s.key().contains("password")).allSatisfy(s -> assertThat(s.flag()).isNull());
    }

    @Test
    void smtpIsOffByDefaultAndAHalfGivenOneStopsTheStartWithWhatIsMissing() {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).smtp()).isNull();
        Config c = ConfigLoader.load(null, Map.of("OLIMPUS_SMTP_PASSWORD", "relay-secret"), Map.of("smtp.host", "mail.example.org", "smtp.port", "587",
                "smtp.security", "starttls", "smtp.from", "olimpus@example.org", "smtp.user", "relay"));
        assertThat(c.smtp().host()).isEqualTo("mail.example.org");
        assertThat(c.smtp().port()).isEqualTo(587);
        assertThat(c.smtp().security()).isEqualTo(io.olimpus.server.mail.SmtpMailer.Security.STARTTLS);
        assertThat(c.smtp().password()).isEqualTo("relay-secret");
        assertThat(c.smtp().toString()).doesNotContain("relay-secret");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("smtp.host", "mail.example.org")))
                .hasMessageContaining("smtp.from");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("smtp.host", "mail.example.org", "smtp.from", "o@example.org", "smtp.security", "ssl")))
                .hasMessageContaining("none, starttls or tls");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("smtp.host", "mail.example.org", "smtp.from", "not an address")))
                .hasMessageContaining("smtp.from");
    }

    @Test
    void labConcurrencyAndSchedulerPeriodAreSettingsAndABadValueStopsTheStartWithItsReason(@TempDir Path dir) throws Exception {
        Config defaults = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(defaults.labs()).isEqualTo(Config.Labs.DEFAULT);
        assertThat(defaults.labs().concurrency()).isEqualTo(8);
        assertThat(defaults.labs().schedulerPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Config.embedded(dir, 0).labs()).isEqualTo(Config.Labs.DEFAULT);

        Path file = dir.resolve("labs.properties");
        Files.writeString(file, "lab.concurrency=16\nlab.scheduler-period=PT10S\n");
        Config fromFile = ConfigLoader.load(file, Map.of(), Map.of());
        assertThat(fromFile.labs()).isEqualTo(new Config.Labs(16, Duration.ofSeconds(10)));
        Config fromEnvAndFlag = ConfigLoader.load(file, Map.of("OLIMPUS_LAB_CONCURRENCY", "4"), Map.of("lab.scheduler-period", "PT1M"));
        assertThat(fromEnvAndFlag.labs()).isEqualTo(new Config.Labs(4, Duration.ofMinutes(1)));

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("OLIMPUS_LAB_CONCURRENCY", "0"), Map.of()))
                .hasMessageContaining("lab.concurrency").hasMessageContaining("OLIMPUS_LAB_CONCURRENCY").hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("lab.concurrency", "eight")))
                .hasMessageContaining("lab.concurrency").hasMessageContaining("not a number");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("lab.scheduler-period", "30s")))
                .hasMessageContaining("lab.scheduler-period").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("lab.scheduler-period", "PT0.5S")))
                .hasMessageContaining("lab.scheduler-period").hasMessageContaining("between PT1S and PT10M");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of("lab.scheduler-period", "PT1H")))
                .hasMessageContaining("lab.scheduler-period (from flag)").hasMessageContaining("between PT1S and PT10M");
    }
}
