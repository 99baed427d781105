package io.olimpus.desktop.console;

import io.olimpus.desktop.ui.Msg;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/** The console window's words, in the designer's language (own bundle, so the designer's stays untouched). */
final class ConsoleText {
    private ConsoleText() {}

    static String get(String key, Object... args) {
        ResourceBundle b = ResourceBundle.getBundle("io.olimpus.desktop.console.console", Msg.locale());
        String s = b.containsKey(key) ? b.getString(key) : "!" + key + "!";
        // Every text is a MessageFormat pattern ('' for a quote), with arguments or without.
        return new MessageFormat(s, b.getLocale()).format(args);
    }
}
