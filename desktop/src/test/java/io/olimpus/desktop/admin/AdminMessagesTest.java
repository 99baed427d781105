package io.olimpus.desktop.admin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every word of the admin views is in both bundles, is a valid message format, and every key used exists. */
class AdminMessagesTest {
    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = AdminMessagesTest.class.getResourceAsStream("/io/olimpus/desktop/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> adminKeys(Properties p) {
        Set<String> keys = new TreeSet<>();
        for (String k : p.stringPropertyNames()) if (k.startsWith("admin.")) keys.add(k);
        return keys;
    }

    @Test
    void englishAndSpanishHaveTheSameAdminKeysAndAllFormat() throws IOException {
        Properties en = load("messages.properties"), es = load("messages_es.properties");
        assertThat(adminKeys(es)).isEqualTo(adminKeys(en));
        for (Properties p : new Properties[]{en, es})
            for (String k : adminKeys(p)) {
                Locale l = p == en ? Locale.ENGLISH : Locale.forLanguageTag("es");
                assertThat(new MessageFormat(p.getProperty(k), l).format(new Object[]{3, 2, 1})).as(k).isNotBlank();
            }
        assertThat(new MessageFormat(es.getProperty("admin.charts.lastHours")).format(new Object[]{1})).isEqualTo("última hora");
        assertThat(new MessageFormat(es.getProperty("admin.charts.lastHours")).format(new Object[]{6})).isEqualTo("últimas 6 horas");
    }

    @Test
    void everyKeyTheAdminCodeUsesExists() throws IOException {
        Properties en = load("messages.properties");
        Pattern used = Pattern.compile("\"(admin\\.[a-zA-Z.]+)\"");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/olimpus/desktop/admin"))) {
            for (Path f : files.toList()) {
                Matcher m = used.matcher(Files.readString(f));
                while (m.find()) if (!en.containsKey(m.group(1))) missing.add(m.group(1) + " in " + f.getFileName());
            }
        }
        assertThat(missing).isEmpty();
    }
}
