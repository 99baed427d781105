package io.olimpus.server.courses;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The language a course speaks to its students in (the mails that hand out one-time passwords).
 * Users have no language of their own; a course is taught in one, so the course carries it.
 */
public enum CourseLanguage {
    EN, ES;

    public static final CourseLanguage DEFAULT = EN;

    /** As stored and on the wire: "en", "es". */
    public String code() { return name().toLowerCase(Locale.ROOT); }

    /** The language with this code, or null when there is none (the caller names the field). */
    public static CourseLanguage byCode(String code) {
        for (CourseLanguage l : values()) if (l.code().equals(code)) return l;
        return null;
    }

    /** A stored value; one a newer version wrote and this one does not know reads as the default. */
    static CourseLanguage stored(String code) {
        CourseLanguage l = byCode(code);
        return l == null ? DEFAULT : l;
    }

    /** "en, es": what a refusal lists. */
    public static String codes() { return Arrays.stream(values()).map(CourseLanguage::code).collect(Collectors.joining(", ")); }
}
