package io.olimpus.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a run of the command line sees of the world: its streams, environment, config folder and
 * locale. Main builds it from the process; tests build one with captured streams and a temporary
 * config folder, so every command runs in-process against a real server.
 *
 * @param terminal whether {@code out} is a terminal (progress bars redraw in place only then)
 */
public record Env(PrintStream out, PrintStream err, InputStream in, Map<String, String> vars, Path configDir,
                  Locale locale, boolean terminal) {

    public static Env system() {
        Map<String, String> vars = System.getenv();
        return new Env(System.out, System.err, System.in, vars, configDir(vars, System.getProperty("os.name", ""),
                home(vars, System.getProperty("user.home", "."))), systemLocale(vars, Locale.getDefault()), System.console() != null);
    }

    /**
     * The user's home: $HOME when set, as every terminal program reads it, else the JVM's
     * user.home. The JVM takes user.home from the account database and ignores $HOME, so
     * `HOME=/tmp/x olimpus-cli login` would otherwise keep the token in the account's real home.
     */
    static Path home(Map<String, String> vars, String userHome) {
        String h = vars.get("HOME");
        return Path.of(h != null && !h.isBlank() ? h : userHome);
    }

    /**
     * The language the user's environment asks for: the first of LC_ALL, LC_MESSAGES and LANG that
     * is set (as POSIX programs read them; C and POSIX mean untranslated), else the JVM's own. Read
     * here because the JVM takes its locale from the C library, which falls back to "C" (English)
     * when the asked locale is not generated on the machine, as on many servers and containers.
     */
    static Locale systemLocale(Map<String, String> vars, Locale jvm) {
        for (String name : new String[]{"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String v = vars.get(name);
            if (v == null || v.isBlank()) continue;
            String lang = v.trim().split("[_.@]", 2)[0];
            if (lang.equals("C") || lang.equals("POSIX") || !lang.matches("[A-Za-z]{2,3}")) return Locale.ENGLISH;
            return new Locale(lang.toLowerCase(Locale.ROOT));
        }
        return jvm;
    }

    /**
     * The user's config folder: OLIMPUS_CONFIG_DIR, else the platform's usual place
     * ($XDG_CONFIG_HOME or ~/.config on Linux, %APPDATA% on Windows, ~/Library/Application Support on macOS).
     */
    static Path configDir(Map<String, String> vars, String os, Path home) {
        String own = vars.get("OLIMPUS_CONFIG_DIR");
        if (own != null && !own.isBlank()) return Path.of(own);
        String o = os.toLowerCase(Locale.ROOT);
        if (o.contains("win") && vars.get("APPDATA") != null) return Path.of(vars.get("APPDATA"), "olimpus");
        if (o.contains("mac")) return home.resolve("Library/Application Support/olimpus");
        String xdg = vars.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("olimpus");
    }

    String var(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
