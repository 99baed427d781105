package io.olimpus.server.platform.openstack;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.ZonePolicy;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.platform.Leftovers;
import io.olimpus.server.platform.Platform;
import io.olimpus.server.zones.HostCheck;
import io.olimpus.server.zones.SettingsBody;
import io.olimpus.server.secrets.SecretBox;
import io.olimpus.server.zones.StoredSettings;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneDirectory;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zones that are OpenStack clouds: settings name Keystone and a service account (checked when
 * stored), deployments go through one driver per zone and settings (it caches the cloud's
 * flavor and image ids), and the zone has one pseudo-worker, the cloud, since placement inside
 * it is Nova's. No machines of its own, so nothing to probe.
 */
public final class OpenStackPlatform implements Platform {
    public static final String ID = "openstack";
    /**
     * Tenant networks live only inside each slice's own project, so their addresses never meet the
     * headnode's; one private pool per zone keeps the plan's subnets distinct anyway.
     */
    static final Ipv4Block POOL = Ipv4Block.parse("10.128.0.0/9");
    /** Nova and quotas limit what fits; the engine does not second-guess them. */
    static final Resources CLOUD = new Resources(1_000_000, 1_000_000_000, 1_000_000_000);

    private record Key(String zone, OpenStackZoneSettings settings, String novaAz) {}

    private final ZoneDirectory zones;
    private final OpenStackVerifier verifier;
    private final OpenStackCatalogSource catalog;
    private final Map<Key, OpenStackDriver> drivers = new ConcurrentHashMap<>();

    /**
     * @param verifier checks a zone's service account when its settings are stored, and on a zone check
     * @param catalog  the flavors and images the driver creates in the cloud on first use
     */
    public OpenStackPlatform(ZoneDirectory zones, OpenStackVerifier verifier, OpenStackCatalogSource catalog) {
        this.zones = zones;
        this.verifier = verifier;
        this.catalog = catalog;
    }

    @Override public String id() { return ID; }

    @Override public boolean hasWorkers() { return false; }

    /** The Nova availability zone: the zone's own name unless the admin names another. */
    @Override
    public String novaAz(String zoneName, String requested) {
        String az = requested == null ? zoneName : requested;
        if (!OpenStackZoneSettings.NOVA_AZ.matcher(az).matches())
            throw DomainError.badField("novaAz", "must match " + OpenStackZoneSettings.NOVA_AZ.pattern());
        return az;
    }

    // ---- settings -----------------------------------------------------------------------------

    /**
     * The settings with the password from the secret column, opened: for the engine only, never
     * for a client. Throws {@link SecretBox.Unreadable} saying what to do when it does not open.
     */
    private static OpenStackZoneSettings read(String zone, StoredSettings stored) {
        String password;
        try {
            password = stored.secret();
        } catch (SecretBox.Unreadable e) {
            throw unreadable(zone, e);
        }
        return stored.read(OpenStackZoneSettings.class).withPassword(password);
    }

    /** The admin's explanation of a password that does not open: the key changed, not the cloud. */
    private static SecretBox.Unreadable unreadable(String zone, SecretBox.Unreadable e) {
        return new SecretBox.Unreadable("the stored OpenStack password of zone '" + zone + "' cannot be decrypted with this server's key ("
                + SecretBox.FILE + " in the data folder): the key was replaced or lost, or the database comes from another server. Restore "
                + SecretBox.FILE + " from the backup of the data folder, or enter the password again in the zone's settings", e);
    }

    /**
     * An OpenStack zone's settings with the service account's password; empty before its first
     * PUT. Never hand this to a client. Throws {@link SecretBox.Unreadable} when the password does not open.
     */
    public Optional<OpenStackZoneSettings> settings(String zone) {
        return zones.settings(zone).filter(s -> s.platform().equals(ID)).map(s -> read(zone, s));
    }

    /** Checks the body and the service account against Keystone; a body without a password keeps (and is checked with) the stored one. */
    @Override
    public Accepted accept(Zone zone, SettingsBody body, Optional<StoredSettings> stored) {
        OpenStackZoneSettings.Body b = body.as(OpenStackZoneSettings.Body.class);
        String password = b.password();
        if (password == null && stored.isPresent()) {
            try {
                password = read(zone.name(), stored.get()).password();
            } catch (SecretBox.Unreadable e) {
                throw DomainError.badField("password", "the stored one cannot be decrypted with this server's key (" + SecretBox.FILE
                        + " was replaced or lost); send the password again");
            }
        }
        OpenStackZoneSettings s = OpenStackZoneSettings.validate(b, password);
        try {
            verifier.verify(zone, s);
        } catch (OpenStackVerifier.Refused e) {
            throw refused(e.field(), e.getMessage(), password);
        } catch (RuntimeException e) {
            throw refused("keystoneUrl", "cannot check the service account: " + e.getMessage(), password);
        }
        return new Accepted(s.withPassword(null), s.password(), s.summary());
    }

    private static DomainError refused(String field, String message, String password) {
        String m = redact(message, password);
        return DomainError.unprocessable("settings-refused", field + ": " + m, field, m, null);
    }

    private static String redact(String message, String secret) {
        String m = String.valueOf(message);
        return secret == null || secret.isEmpty() ? m : m.replace(secret, "***");
    }

    @Override
    public Object view(StoredSettings stored) { return stored.read(OpenStackZoneSettings.class).view(stored.hasSecret()); }

    /** Keystone is the one "host" of an OpenStack zone: the check is the service account's. */
    @Override
    public List<HostCheck> check(Zone zone, StoredSettings stored) {
        OpenStackZoneSettings s;
        try {
            s = read(zone.name(), stored);
        } catch (SecretBox.Unreadable e) {
            return List.of(new HostCheck("keystone", "keystone", false, e.getMessage()));
        }
        try {
            verifier.verify(zone, s);
            return List.of(new HostCheck("keystone", "keystone", true, "the service account '" + s.username() + "' was accepted"));
        } catch (RuntimeException e) {
            return List.of(new HostCheck("keystone", "keystone", false, redact(e.getMessage(), s.password())));
        }
    }

    // ---- deploy -------------------------------------------------------------------------------

    @Override
    public ZoneBackend open(Zone z) {
        OpenStackZoneSettings s;
        try {
            s = settings(z.name())
                    .orElseThrow(() -> new ZoneBackend.ZoneNotReady(z.name(), "zone '" + z.name() + "' has no OpenStack settings yet (PUT /api/v1/zones/" + z.name() + "/settings)"));
        } catch (SecretBox.Unreadable e) {
            throw new ZoneBackend.ZoneNotReady(z.name(), e.getMessage());
        }
        OpenStackDriver driver = drivers.computeIfAbsent(new Key(z.name(), s, z.novaAz()), k -> new OpenStackDriver(zoneOf(z, s), catalog));
        ZonePolicy policy = new ZonePolicy(z.name(), PlacementStrategy.SPREAD, Overcommit.NONE, 1, 16_777_215, POOL, 24);
        return new ZoneBackend(driver, policy, List.of(new WorkerCapacity(z.novaAz(), z.novaAz(), CLOUD, Resources.ZERO, true)));
    }

    @Override
    public Leftovers.Report leftovers(Zone zone, Set<String> ownedSliceIds) { return driverOf(zone).leftovers(ownedSliceIds); }

    @Override
    public Leftovers.Report cleanLeftovers(Zone zone, java.util.function.Supplier<Set<String>> ownedSliceIds) { return driverOf(zone).cleanLeftovers(ownedSliceIds); }

    private OpenStackDriver driverOf(Zone z) {
        if (!(open(z).driver() instanceof OpenStackDriver d)) throw new IllegalStateException("zone " + z.name() + " has no OpenStack driver");
        return d;
    }

    static OpenStackZone zoneOf(Zone z, OpenStackZoneSettings s) {
        return new OpenStackZone(z.name(), URI.create(s.keystoneUrl()), s.region(), s.userDomain(), s.username(), s.password(), s.project(),
                z.novaAz(), s.externalNetwork(), null, java.time.Duration.ofSeconds(s.bootSeconds()));
    }

    /** The real Keystone check at zone setup: the driver's own verify (account, region, services, AZ, role, external network). */
    public static OpenStackVerifier keystoneVerifier() {
        return (zone, s) -> {
            try {
                new OpenStackDriver(zoneOf(zone, s), NO_CATALOG).verify();
            } catch (DriverException e) {
                // Keystone refusing the account is the password's (or user's) fault: say so on that field.
                if (e.getCause() instanceof org.openstack4j.api.exceptions.AuthenticationException)
                    throw new OpenStackVerifier.Refused("password", e.getMessage());
                throw e;
            }
        };
    }

    /** Verifying touches no flavor or image. */
    private static final OpenStackCatalogSource NO_CATALOG = new OpenStackCatalogSource() {
        public Optional<FlavorSpec> flavor(String name) { return Optional.empty(); }
        public ImageSpec image(String name) { throw new IllegalStateException("no catalog while verifying a zone"); }
        public InputStream open(String imageName) { throw new IllegalStateException("no catalog while verifying a zone"); }
    };
}
