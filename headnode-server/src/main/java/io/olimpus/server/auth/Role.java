package io.olimpus.server.auth;

import java.util.Locale;

/** admin runs the cloud; user is a student with the catalog read-only and their own slices. */
public enum Role {
    ADMIN, USER;

    public String json() { return name().toLowerCase(Locale.ROOT); }

    /** Parses "admin" or "user"; null when it is neither. */
    public static Role parse(String s) {
        if ("admin".equals(s)) return ADMIN;
        if ("user".equals(s)) return USER;
        return null;
    }
}
