package io.olimpus.model.topology;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for names that can reach a shell on a worker (VM, switch and slice names).
 * Every layer checks names here, so a name accepted anywhere is safe everywhere.
 */
public final class Names {
    public static final String REGEX = "^[a-z][a-z0-9-]{0,30}$";
    public static final Pattern PATTERN = Pattern.compile(REGEX);
    public static final int MAX_LENGTH = 31;

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /** Human-readable reason a name is refused, or null when it is valid. */
    public static String whyInvalid(String name) {
        if (name == null || name.isEmpty()) return "must not be empty";
        if (name.length() > MAX_LENGTH) return "must be at most " + MAX_LENGTH + " characters";
        if (!Character.isLetter(name.charAt(0)) || name.charAt(0) > 'z' || name.charAt(0) < 'a')
            return "must start with a lowercase letter a-z";
        if (!PATTERN.matcher(name).matches())
            return "may contain only lowercase letters a-z, digits and '-'";
        return null;
    }

    /** Throws IllegalArgumentException naming the field when the name is not valid. */
    public static String require(String field, String name) {
        String why = whyInvalid(name);
        if (why != null) throw new IllegalArgumentException(field + " '" + clip(name) + "' " + why + " (pattern " + REGEX + ")");
        return name;
    }

    /** How many characters of a user's string a message quotes at most. */
    public static final int QUOTE_LENGTH = 80;

    /**
     * A user's string as a message may quote it: at most {@value #QUOTE_LENGTH} characters (then
     * "…") and printable ASCII, so a 100 KB value or a control character never comes back whole.
     */
    public static String clip(String s) {
        if (s == null) return "null";
        String t = s.length() > QUOTE_LENGTH ? s.substring(0, QUOTE_LENGTH) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e…]", "?");
    }

    /**
     * The closest valid name to an arbitrary string, for importing names written by other tools:
     * lowercased, runs of other characters become '-', a leading non-letter gets a "n" prefix.
     */
    public static String sanitize(String raw) {
        String s = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (ok) out.append(c);
            else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') out.append('-');
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '-') out.setLength(out.length() - 1);
        if (out.length() == 0 || !(out.charAt(0) >= 'a' && out.charAt(0) <= 'z')) out.insert(0, 'n');
        if (out.length() > MAX_LENGTH) out.setLength(MAX_LENGTH);
        while (out.charAt(out.length() - 1) == '-') out.setLength(out.length() - 1);
        return out.toString();
    }
}
