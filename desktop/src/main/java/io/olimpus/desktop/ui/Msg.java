package io.olimpus.desktop.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The UI's words, from resource bundles (English and Spanish). */
public final class Msg {
    private static ResourceBundle bundle = ResourceBundle.getBundle("io.olimpus.desktop.messages", Locale.ENGLISH);

    private Msg() {}

    public static void use(Locale locale) {
        bundle = ResourceBundle.getBundle("io.olimpus.desktop.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static Locale locale() { return bundle.getLocale(); }

    /**
     * The text of {@code key}. Every text in the bundles is a MessageFormat pattern (a quote is
     * written {@code ''}), so it is formatted here too, even without arguments.
     */
    public static String get(String key) {
        return fmt(key);
    }

    private static String raw(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
    }

    public static boolean has(String key) { return bundle.containsKey(key); }

    public static String fmt(String key, Object... args) {
        return new MessageFormat(raw(key), bundle.getLocale()).format(args);
    }
}
