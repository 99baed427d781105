package io.olimpus.server.platform.openstack;

import io.olimpus.server.deploy.ZoneBackend;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.catalog.FlavorStore;
import io.olimpus.server.catalog.Image;
import io.olimpus.server.catalog.ImageStore;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.ZonePolicy;
import io.olimpus.server.platform.linux.ImageSource;
import io.olimpus.server.platform.openstack.OpenStackCatalogSource;
import io.olimpus.server.platform.openstack.OpenStackDriver;
import io.olimpus.server.platform.openstack.OpenStackZone;
import io.olimpus.server.platform.openstack.OpenStackVerifier;
import io.olimpus.server.platform.openstack.OpenStackZoneSettings;
import io.olimpus.server.zones.Zone;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Builds the backend of an OpenStack zone from its settings: one driver per zone and settings
 * (it caches the cloud's flavor and image ids), the Olimpus catalog as the source of flavors and
 * images, and one pseudo-worker, the cloud, since placement inside the zone is Nova's.
 */
public final class OpenStackBackends {
    /**
     * Tenant networks live only inside each slice's own project, so their addresses never meet the
     * headnode's; one private pool per zone keeps the plan's subnets distinct anyway.
     */
    static final Ipv4Block POOL = Ipv4Block.parse("10.128.0.0/9");
    /** Nova and quotas limit what fits; the engine does not second-guess them. */
    static final Resources CLOUD = new Resources(1_000_000, 1_000_000_000, 1_000_000_000);

    private record Key(String zone, OpenStackZoneSettings settings, String novaAz) {}

    private final Function<String, Optional<OpenStackZoneSettings>> settings;
    private final OpenStackCatalogSource catalog;
    private final Map<Key, OpenStackDriver> drivers = new ConcurrentHashMap<>();

    public OpenStackBackends(Function<String, Optional<OpenStackZoneSettings>> settings, FlavorStore flavors, ImageStore images, ImageSource files) {
        this.settings = settings;
        this.catalog = new StoreCatalog(flavors, images, files);
    }

    public ZoneBackend open(Zone z) {
        OpenStackZoneSettings s = settings.apply(z.name())
                .orElseThrow(() -> new ZoneBackend.ZoneNotReady("zone '" + z.name() + "' has no OpenStack settings yet (PUT /api/v1/zones/" + z.name() + "/settings)"));
        OpenStackDriver driver = drivers.computeIfAbsent(new Key(z.name(), s, z.novaAz()), k -> new OpenStackDriver(zoneOf(z, s), catalog));
        ZonePolicy policy = new ZonePolicy(z.name(), PlacementStrategy.SPREAD, Overcommit.NONE, 1, 16_777_215, POOL, 24);
        return new ZoneBackend(driver, policy, List.of(new WorkerCapacity(z.novaAz(), z.novaAz(), CLOUD, Resources.ZERO, true)));
    }

    static OpenStackZone zoneOf(Zone z, OpenStackZoneSettings s) {
        return new OpenStackZone(z.name(), URI.create(s.keystoneUrl()), s.region(), s.userDomain(), s.username(), s.password(), s.project(),
                z.novaAz(), s.externalNetwork());
    }

    /** The real Keystone check at zone setup: the driver's own verify (account, region, services, AZ, role, external network). */
    public static OpenStackVerifier keystoneVerifier() {
        return (zone, s) -> {
            try {
                new OpenStackDriver(zoneOf(zone, s), NO_CATALOG).verify();
            } catch (io.olimpus.server.engine.driver.DriverException e) {
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

    private record StoreCatalog(FlavorStore flavors, ImageStore images, ImageSource files) implements OpenStackCatalogSource {
        @Override
        public Optional<FlavorSpec> flavor(String name) {
            return flavors.byName(name).map(f -> new FlavorSpec(f.name(), f.vcpus(), f.ramMb(), f.diskGb()));
        }

        @Override
        public ImageSpec image(String name) {
            Image img = images.byName(name).orElseThrow(() -> new IllegalArgumentException("no image '" + name + "' in the catalog"));
            if (img.diskFormat() == null)
                throw new IllegalArgumentException("image '" + name + "' is a kernel+initrd pair, which OpenStack zones cannot boot; upload a qcow2 or raw disk");
            return new ImageSpec(img.name(), img.diskFormat(), "bare", img.sizeBytes());
        }

        @Override
        public InputStream open(String imageName) throws IOException {
            return files.open(imageName, "disk");
        }
    }
}
