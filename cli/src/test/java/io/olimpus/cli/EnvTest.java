package io.olimpus.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the login is kept, which server a saved login is for, and which language is spoken. */
class EnvTest {
    static final Path HOME = Path.of("/home/ana");

    @Test
    void theConfigFolderIsTheUsersUsualOne() {
        assertThat(Env.configDir(Map.of(), "Linux", HOME)).isEqualTo(Path.of("/home/ana/.config/olimpus"));
        assertThat(Env.configDir(Map.of("XDG_CONFIG_HOME", "/x"), "Linux", HOME)).isEqualTo(Path.of("/x/olimpus"));
        assertThat(Env.configDir(Map.of("OLIMPUS_CONFIG_DIR", "/o"), "Linux", HOME)).isEqualTo(Path.of("/o"));
        assertThat(Env.configDir(Map.of(), "Mac OS X", HOME)).isEqualTo(Path.of("/home/ana/Library/Application Support/olimpus"));
        assertThat(Env.configDir(Map.of("APPDATA", "/appdata"), "Windows 11", HOME)).isEqualTo(Path.of("/appdata/olimpus"));
    }

    @Test
    void addressesOfOneServerAreTheSame() {
        assertThat(Cli.sameServer("localhost:8000", "http://localhost:8000/api/v1/")).isTrue();
        assertThat(Cli.sameServer("https://h.example.org/", "https://h.example.org")).isTrue();
        assertThat(Cli.sameServer("localhost:8000", "localhost:8001")).isFalse();
    }

    @Test
    void theSystemLanguageIsReadFromTheEnvironmentAsPosixProgramsReadIt() {
        // Read from the variables even when the machine lacks the es_ES locale (the JVM then says en_US).
        assertThat(Env.systemLocale(Map.of("LANG", "es_ES.UTF-8"), Locale.US).getLanguage()).isEqualTo("es");
        assertThat(Env.systemLocale(Map.of("LC_ALL", "es_AR.UTF-8@euro", "LANG", "en_US.UTF-8"), Locale.US).getLanguage()).isEqualTo("es");
        assertThat(Env.systemLocale(Map.of("LC_MESSAGES", "en_GB.UTF-8", "LANG", "es_ES.UTF-8"), Locale.US).getLanguage()).isEqualTo("en");
        assertThat(Env.systemLocale(Map.of("LC_ALL", "C", "LANG", "es_ES.UTF-8"), Locale.US).getLanguage()).isEqualTo("en");
        assertThat(Env.systemLocale(Map.of("LANG", "C.UTF-8"), new Locale("es")).getLanguage()).isEqualTo("en");
        // Nothing set (Windows, macOS apps): the JVM's locale.
        assertThat(Env.systemLocale(Map.of(), new Locale("es", "MX")).getLanguage()).isEqualTo("es");
        assertThat(Env.systemLocale(Map.of("LANG", ""), Locale.GERMAN)).isEqualTo(Locale.GERMAN);
    }

    @Test
    void spanishIsSpokenWhenAskedOrWhenTheSystemSpeaksIt() {
        assertThat(Messages.pick("es", Locale.ENGLISH).getLanguage()).isEqualTo("es");
        assertThat(Messages.pick(null, new Locale("es", "AR")).getLanguage()).isEqualTo("es");
        assertThat(Messages.pick("en", new Locale("es")).getLanguage()).isEqualTo("en");
        assertThat(Messages.pick(null, Locale.GERMAN).getLanguage()).isEqualTo("en");
        // Every English sentence has its Spanish twin.
        var en = java.util.ResourceBundle.getBundle("io.olimpus.cli.messages", Locale.ROOT);
        var es = java.util.ResourceBundle.getBundle("io.olimpus.cli.messages", new Locale("es"));
        for (String k : en.keySet()) assertThat(es.getString(k)).as(k).isNotNull();
        assertThat(new Messages(new Locale("es")).get("userDeleted", "ana")).isEqualTo("Usuario ana borrado.");
    }
}
