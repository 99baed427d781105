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

    /** The zone lacks settings, workers or a platform the server can drive; the message says which. */
    public static final class ZoneNotReady extends RuntimeException {
        public ZoneNotReady(String message) { super(message); }
    }
}
