package io.olimpus.server.db;

import java.sql.SQLException;

/** Recognizes integrity violations (a duplicate unique key, a missing parent row) on both H2 and MySQL/MariaDB. */
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

    /** A foreign key whose parent row is gone (H2 23506, MySQL/MariaDB 1452): a row written for something deleted meanwhile. */
    public static boolean isMissingParent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (s.getErrorCode() == 1452 || "23506".equals(state))
                    return true;
            }
        }
        return false;
    }
}
