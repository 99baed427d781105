package io.olimpus.cli;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The command line's own sentences, in English or Spanish (messages*.properties), by key. */
final class Messages {
    private final ResourceBundle bundle;
    private final Locale locale;

    Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("io.olimpus.cli.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    Locale locale() { return locale; }

    String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;  // a missing sentence shows its key rather than failing the command
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** The locale of {@code --lang} (en, es), else the system's when it is Spanish, else English. */
    static Locale pick(String lang, Locale system) {
        String l = lang != null ? lang : system.getLanguage();
        return "es".equalsIgnoreCase(l) ? new Locale("es") : Locale.ENGLISH;
    }
}
