package io.olimpus.server.platform;

import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.monitoring.WorkerProbe;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneDirectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The platforms this server runs, by id, registered one line each in the composition root. It
 * answers the features that must not know any platform by name: which platform a zone runs on,
 * a zone's backend for the engine ({@link ZoneBackend.Factory}), a platform's worker probe.
 */
public final class PlatformRegistry implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]{0,31}");

    private final ZoneDirectory zones;
    private final Map<String, Platform> platforms = new LinkedHashMap<>();

    private PlatformRegistry(ZoneDirectory zones) { this.zones = zones; }

    /** An empty registry that looks zones up in {@code zones}. */
    public static PlatformRegistry over(ZoneDirectory zones) { return new PlatformRegistry(zones); }

    /** Adds a platform; its id must be new and a plain lower-case word, since it is stored with every zone. */
    public PlatformRegistry register(Platform p) {
        if (!ID.matcher(p.id()).matches()) throw new IllegalArgumentException("platform id '" + p.id() + "' must match " + ID.pattern());
        if (platforms.putIfAbsent(p.id(), p) != null) throw new IllegalArgumentException("platform '" + p.id() + "' is registered twice");
        return this;
    }

    /** Every platform, in the order registered. */
    public List<Platform> all() { return List.copyOf(platforms.values()); }

    public Optional<Platform> get(String id) { return Optional.ofNullable(platforms.get(id)); }

    /** The backend of a zone, from its platform: the engine's {@link ZoneBackend.Factory}. */
    public ZoneBackend open(String zoneName) {
        Zone z = zones.byName(zoneName).orElseThrow(() -> ZoneBackend.ZoneNotReady.plain("there is no zone '" + zoneName + "'"));
        Platform p = get(z.platform())
                .orElseThrow(() -> new ZoneBackend.ZoneNotReady(zoneName, "zone '" + zoneName + "' runs on " + z.platform() + ", which this server cannot deploy to"));
        return p.open(z);
    }

    /** The worker probe of a platform, by id; empty for a platform without one (or an unknown id). */
    public Optional<WorkerProbe> workerProbe(String platformId) {
        return get(platformId).flatMap(Platform::workerProbe);
    }

    /** Closes every platform, each even when another fails. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Platform p : platforms.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
