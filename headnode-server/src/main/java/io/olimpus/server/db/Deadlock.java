package io.olimpus.server.db;

import java.sql.SQLException;

/**
 * Recognizes a transaction the database rolled back to break a deadlock (SQL state 40001 on
 * MariaDB/MySQL, 40001 or H2's lock timeout 50200): running it again is the documented remedy.
 */
public final class Deadlock {
    private Deadlock() {}

    public static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || s.getErrorCode() == 1213 || s.getErrorCode() == 50200)) return true;
        return false;
    }

    /** Runs {@code work} (one transaction), again when the database chose it as a deadlock's victim, at most {@code attempts} times. */
    public static void retry(int attempts, Runnable work) {
        for (int i = 1; ; i++) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                if (!isDeadlock(e) || i >= attempts) throw e;
            }
        }
    }
}
