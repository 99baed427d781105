package io.olimpus.server.deploy;

import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.ZonePolicy;

import java.util.List;

/**
 * What the engine needs of one zone to plan and apply: its driver, its planning rules and its
 * workers' physical capacity (the service adds what deployed slices hold). An OpenStack zone
 * has one "worker": the cloud itself, placement being Nova's.
 */
public record ZoneBackend(SliceDriver driver, ZonePolicy policy, List<WorkerCapacity> workers) {
    public ZoneBackend {
        workers = List.copyOf(workers);
    }

    /** Builds a zone's backend; throws {@link ZoneNotReady} when the zone cannot be deployed to. */
    @FunctionalInterface
    public interface Factory {
        ZoneBackend open(String zoneName);
    }

    /**
     * The zone lacks settings, workers or a platform the server can drive; the message says which,
     * for an admin. {@link #forEveryone()} is what anyone else is told: by default the fact that
     * the zone is not ready, since the detail may name the server's files and hosts.
     */
    public static final class ZoneNotReady extends RuntimeException {
        private final String forEveryone;

        /** Not ready for a reason an admin must fix; {@code detail} (for admins) says which and what to do. */
        public ZoneNotReady(String zone, String detail) {
            super(detail);
            // What a student can act on (#16 defect 6): not the admin's API call, but who can fix it and what still works.
            this.forEveryone = "zone '" + zone + "' is not ready for deployments yet; an administrator has been told."
                    + " Ask your teacher or an administrator to finish its setup; meanwhile you can keep designing and saving the slice";
        }

        private ZoneNotReady(String message) {
            super(message);
            this.forEveryone = message;
        }

        /** Not ready for a reason anyone may know (there is no such zone), said the same way to everyone. */
        public static ZoneNotReady plain(String message) { return new ZoneNotReady(message); }

        public String forEveryone() { return forEveryone; }
    }
}
