package io.olimpus.server.db;

import java.sql.SQLException;

/** Recognizes a unique-key violation on both H2 and MySQL/MariaDB (SQL state 23xxx). */
public final class Unique {
    private Unique() {}

    public static boolean isViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && state.startsWith("23") && (s.getErrorCode() == 1062 || s.getErrorCode() == 23505 || "23505".equals(state)))
                    return true;
            }
        }
        return false;
    }
}
