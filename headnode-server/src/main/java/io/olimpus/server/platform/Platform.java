package io.olimpus.server.platform;

import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.monitoring.WorkerProbe;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZonePlatform;

import java.util.Optional;
import java.util.Set;

/**
 * One kind of zone the server can run slices on (a Linux cluster, an OpenStack cloud, ...): all
 * that differs between kinds, behind one contract. From {@link ZonePlatform}: its id, how a zone
 * of it is created, the settings codec (parse, validate, the credential check, the view without
 * secrets) and the zone check. Here: the backend the engine deploys with, and, where the platform
 * has machines of its own, the probe monitoring reads them with. A platform is registered once,
 * in the composition root ({@link PlatformRegistry}); nothing else names it.
 */
public interface Platform extends ZonePlatform, AutoCloseable {
    /**
     * What the engine needs to plan and apply on {@code zone}: its driver, planning rules and the
     * workers' capacity. Throws {@link ZoneBackend.ZoneNotReady} when the zone lacks settings,
     * workers or files it needs, saying which.
     */
    ZoneBackend open(Zone zone);

    /** Reads a worker's load, by worker id, for monitoring; empty when the platform's zones have no workers to probe. */
    default Optional<WorkerProbe> workerProbe() { return Optional.empty(); }

    /**
     * What the platform holds in {@code zone} that none of {@code ownedSliceIds} (the platform ids
     * of the slices this server has deployed or is deploying there, as in
     * {@link io.olimpus.server.engine.driver.SliceContext#sliceId()}) owns. Only what the platform
     * recognises as made by Olimpus is reported. A platform that cannot tell answers 409.
     */
    default Leftovers.Report leftovers(Zone zone, Set<String> ownedSliceIds) { throw Leftovers.unsupported(id(), zone); }

    /**
     * Removes what {@link #leftovers} reports and reports what was removed and what is still
     * there. {@code ownedSliceIds} is asked again right before each slice-named container (an
     * OpenStack project) goes, so a slice that started deploying meanwhile is never touched.
     */
    default Leftovers.Report cleanLeftovers(Zone zone, java.util.function.Supplier<Set<String>> ownedSliceIds) { throw Leftovers.unsupported(id(), zone); }

    /** Releases what the platform keeps open (connections); called once, at shutdown. */
    @Override
    default void close() {}
}
