package io.olimpus.server.auth;

import java.util.Locale;

/**
 * admin runs the cloud; instructor manages their own courses and reads their students' slices;
 * user is a student with the catalog read-only and their own slices.
 */
public enum Role {
    ADMIN, INSTRUCTOR, USER;

    public String json() { return name().toLowerCase(Locale.ROOT); }

    /** What {@link #parse} accepts, for messages. */
    public static final String ACCEPTED = "must be \"admin\", \"instructor\" or \"user\"";

    /** Parses "admin", "instructor" or "user"; null when it is none of them. */
    public static Role parse(String s) {
        if ("admin".equals(s)) return ADMIN;
        if ("instructor".equals(s)) return INSTRUCTOR;
        if ("user".equals(s)) return USER;
        return null;
    }
}
