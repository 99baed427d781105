package io.olimpus.server.platform;

import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneDirectory;

import java.util.Set;
import java.util.function.Function;

/**
 * The admin's view of what each zone's platform holds that no slice owns, and its clean-up. Which
 * slices own something comes from the deployments ({@code ownedIn}: the platform ids of the slices
 * with a plan, resources or a running job in the zone), taken again at each call so a slice
 * deploying meanwhile is never touched.
 */
public final class LeftoverService {
    private final ZoneDirectory zones;
    private final PlatformRegistry platforms;
    private final Function<String, Set<String>> ownedIn;
    private final AuditLog audit;

    public LeftoverService(ZoneDirectory zones, PlatformRegistry platforms, Function<String, Set<String>> ownedIn, AuditLog audit) {
        this.zones = zones;
        this.platforms = platforms;
        this.ownedIn = ownedIn;
        this.audit = audit;
    }

    public Leftovers.Report report(String zoneName) {
        Zone z = zone(zoneName);
        return run(z, () -> platformOf(z).leftovers(z, ownedIn.apply(z.name())));
    }

    public Leftovers.Report clean(Principal by, String zoneName) {
        Zone z = zone(zoneName);
        Leftovers.Report r = run(z, () -> platformOf(z).cleanLeftovers(z, () -> ownedIn.apply(z.name())));
        audit.record(by, "zone.leftovers.clean", z.name(), r.removed().size() + " removed, " + r.items().size() + " left, "
                + r.failures().size() + " failure(s)");
        return r;
    }

    private Zone zone(String name) {
        return zones.byName(name).orElseThrow(() -> DomainError.notFound("zone '" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'"));
    }

    private Platform platformOf(Zone z) {
        return platforms.get(z.platform()).orElseThrow(() -> DomainError.conflict("unknown-platform",
                "zone '" + z.name() + "' runs on " + z.platform() + ", which this server has no platform for", null));
    }

    /** The platform's failures as the admin's answer: what went wrong and what to do. */
    private static Leftovers.Report run(Zone z, java.util.function.Supplier<Leftovers.Report> op) {
        try {
            return op.get();
        } catch (ZoneBackend.ZoneNotReady e) {
            throw DomainError.conflict("zone-not-ready", e.getMessage(), null);
        } catch (DriverException e) {
            throw DomainError.conflict("platform-failed", "zone '" + z.name() + "': " + e.getMessage() + "; try again once it answers", null);
        }
    }
}
