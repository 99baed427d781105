package io.olimpus.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;

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
        // $HOME, as shells and other programs read it, before the account's home the JVM reports.
        assertThat(Env.home(Map.of("HOME", "/tmp/elsewhere"), "/home/ana")).isEqualTo(Path.of("/tmp/elsewhere"));
        assertThat(Env.home(Map.of(), "/home/ana")).isEqualTo(HOME);
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

    /** Every command's description and every option's and parameter's with an English text has a Spanish one. */
    @Test
    void everyHelpTextHasItsSpanishTwin() {
        CommandLine en = tree(), es = tree();
        es.setResourceBundle(ResourceBundle.getBundle("io.olimpus.cli.help", new Locale("es")));
        List<String> untranslated = new ArrayList<>();
        compare(en, es, untranslated);
        assertThat(untranslated).isEmpty();
    }

    static CommandLine tree() {
        CommandLine cl = new CommandLine(new Cli(null, new Messages(Locale.ENGLISH)));
        Cli.expand(cl, new String[]{"generate-completion"});
        return cl;
    }

    static void compare(CommandLine en, CommandLine es, List<String> untranslated) {
        CommandSpec e = en.getCommandSpec(), s = es.getCommandSpec();
        String name = e.qualifiedName();
        if (String.join(" ", e.usageMessage().description()).equals(String.join(" ", s.usageMessage().description())))
            untranslated.add(name);
        if (!name.endsWith("generate-completion")) {
            List<ArgSpec> a = e.args(), b = s.args();
            for (int i = 0; i < a.size(); i++) {
                String[] d = a.get(i).description();
                if (d.length > 0 && String.join(" ", d).equals(String.join(" ", b.get(i).description())))
                    untranslated.add(name + " " + (a.get(i).isOption() ? ((CommandLine.Model.OptionSpec) a.get(i)).longestName() : a.get(i).paramLabel()));
            }
        }
        for (String sub : en.getSubcommands().keySet()) compare(en.getSubcommands().get(sub), es.getSubcommands().get(sub), untranslated);
    }
}
