package io.olimpus.server.testbed;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes down, once every test of the run has finished, the beds this run brought up. A bed is
 * brought up once per run and shared by its classes in turn (each holds it through a
 * {@link BedLease}); bringing it down and up again between classes cost minutes for nothing.
 * Registered in META-INF/services; a JVM shutdown hook is the fallback when no launcher calls it.
 */
public final class BedsDown implements TestExecutionListener {
    /** What to run, by bed, in the order the beds came up; each runs at most once. */
    private static final Map<String, Script> PENDING = new LinkedHashMap<>();
    private static boolean hooked;

    /** A bed's way down. */
    public interface Script { void run() throws Exception; }

    /** Takes {@code bed} down with {@code script} at the end of the run (again for the same bed: no-op). */
    public static synchronized void atEnd(String bed, Script script) {
        PENDING.putIfAbsent(bed, script);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(BedsDown::runAll, "beds-down"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) { runAll(); }

    static void runAll() {
        List<Map.Entry<String, Script>> now;
        synchronized (BedsDown.class) {
            now = new ArrayList<>(PENDING.entrySet());
            PENDING.clear();
        }
        for (var e : now) {
            try {
                e.getValue().run();
            } catch (Exception ex) {
                // Down is best effort at the end of a run; say so, since the bed now stays up.
                System.err.println("could not take " + e.getKey() + " down (take it down by hand): " + ex.getMessage());
            }
        }
    }
}
