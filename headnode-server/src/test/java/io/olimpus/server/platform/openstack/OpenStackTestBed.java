package io.olimpus.server.platform.openstack;

import io.olimpus.server.testbed.BedLease;
import io.olimpus.server.testbed.BedsDown;
import io.olimpus.server.testbed.Command;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The OpenStack test bed (packaging/testbed/openstack) as tests see it: brought up when it is not
 * (and then taken down again once the whole run is over, never otherwise), described by its
 * openstack.json. Needs root; skips visibly without it, except in CI where its absence is a
 * failure. A test class calls {@link #up()} in @BeforeAll and {@link #down()} in @AfterAll, and
 * is annotated {@link io.olimpus.server.testbed.OpenStackBed}: the bed is one class's at a time.
 */
public final class OpenStackTestBed {
    static final Path SCRIPTS = locateScripts();
    static final String FLAVOR = "e2e-tiny", IMAGE = "e2e-guest";
    /**
     * A few KB the fake hypervisor never boots; Glance stores and serves it like any raw disk. An
     * empty MBR (boot signature 55 AA, no partition) makes it one the headnode's upload accepts.
     */
    static final byte[] IMAGE_BYTES = rawDisk(("olimpus e2e guest image\n".repeat(200)).getBytes(StandardCharsets.US_ASCII));

    private static byte[] rawDisk(byte[] b) {
        java.util.Arrays.fill(b, 446, 510, (byte) 0);  // an empty partition table: no partition for Glance's inspector to read
        b[510] = 0x55;
        b[511] = (byte) 0xaa;
        return b;
    }

    private static final BedLease LEASE = new BedLease("the OpenStack test bed");
    final JsonNode json;
    /** Whether this run brought the bed up (and so takes it down at its end). */
    final boolean startedHere;

    private OpenStackTestBed(JsonNode json, boolean startedHere) {
        this.json = json;
        this.startedHere = startedHere;
    }

    private static Path locateScripts() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("packaging/testbed/openstack"))) p = p.getParent();
        return p == null ? Path.of("packaging/testbed/openstack") : p.resolve("packaging/testbed/openstack");
    }

    static Path stateDir() {
        return Path.of(System.getenv().getOrDefault("OLIMPUS_TESTBED_OPENSTACK_STATE", "/var/tmp/olimpus-testbed/openstack"));
    }

    /** Up when every recorded service runs and the settings file exists. */
    static boolean isUp() throws Exception {
        return Files.exists(stateDir().resolve("openstack.json")) && exec(List.of(SCRIPTS.resolve("svc.sh").toString(), "status"), 60).code() == 0;
    }

    /** Waits until no other class holds the bed, then makes sure it is up and healthy. */
    public static OpenStackTestBed up() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(SCRIPTS.resolve("up.sh"))) {
            String why = !root ? "the OpenStack test bed needs root" : "no test bed scripts at " + SCRIPTS;
            if (ci) throw new IllegalStateException(why);
            Assumptions.abort("SKIPPED: " + why);
        }
        LEASE.acquire();
        try {
            boolean wasUp = isUp();
            if (!wasUp) {
                // Registered first: a bring-up that fails half way is taken down at the end too.
                BedsDown.atEnd("the OpenStack test bed", () -> run(List.of(SCRIPTS.resolve("down.sh").toString()), 300));
                // Waits for the install `./olimpus test` started in the background, then finds the packages there.
                run(List.of(SCRIPTS.resolve("install-deps.sh").toString()), 1800);
                // About a minute alone; it now comes up beside the Linux bed's TCG guests, and on a machine
                // shared with other work it was seen to need 898 s (load 35 on 2 cores): a bound, not an estimate.
                run(List.of(SCRIPTS.resolve("up.sh").toString()), 1800);
            }
            // A bed left up by someone else (or by the previous class) may carry a stuck network agent (ports of later servers stay DOWN): found and restarted here.
            else run(List.of(SCRIPTS.resolve("health.sh").toString(), "--wait", "90", "--repair"), 300);
            return new OpenStackTestBed(new ObjectMapper().readTree(stateDir().resolve("openstack.json").toFile()), !wasUp);
        } catch (Exception | Error e) {
            LEASE.release();
            throw e;
        }
    }

    /** Gives the bed back to the next class; the bed itself stays up until the end of the run ({@link BedsDown}). */
    public void down() {
        LEASE.release();
    }

    public OpenStackZone zone() {
        return new OpenStackZone("bed", URI.create(json.get("keystone_url").asText()), json.get("region").asText(), json.get("domain").asText(),
                json.get("username").asText(), json.get("password").asText(), json.get("project").asText(),
                json.get("availability_zone").asText(), json.get("external_network").asText(), null, BOOT_BUDGET);
    }

    /**
     * The boot budget of the bed's zones: how long Nova may take to make a server ACTIVE. The fake
     * hypervisor spawns at once, but a server goes ACTIVE only once the bed's one Neutron agent has
     * wired its ports: a class of six (18 servers) took 3-34 s a server beside two CPU hogs, and in
     * CI, beside the Linux classes' TCG guests, two were still BUILD after 180 s. A failure (Neutron
     * down, a quota, ERROR) still ends a deploy at once; only a slow success may take this long.
     */
    public static final Duration BOOT_BUDGET = Duration.ofSeconds(1200);

    /** The catalog the tests deploy from: one small flavor and one small raw image. */
    public static OpenStackCatalogSource catalog() {
        return new OpenStackCatalogSource() {
            public Optional<FlavorSpec> flavor(String name) {
                return name.equals(FLAVOR) ? Optional.of(new FlavorSpec(FLAVOR, 1, 64, 1)) : Optional.empty();
            }
            public ImageSpec image(String name) {
                if (!name.equals(IMAGE)) throw new IllegalArgumentException("no image " + name);
                return new ImageSpec(IMAGE, "raw", "bare", IMAGE_BYTES.length);
            }
            public InputStream open(String name) { return new ByteArrayInputStream(IMAGE_BYTES); }
        };
    }

    /** The service account in its own (admin) project, for checking what the driver did. */
    public OSClientV3 admin() {
        OSClientV3 os = OSFactory.builderV3().endpoint(json.get("keystone_url").asText())
                .credentials(json.get("username").asText(), json.get("password").asText(), Identifier.byName(json.get("domain").asText()))
                .scopeToProject(Identifier.byName(json.get("project").asText()), Identifier.byName(json.get("domain").asText())).authenticate();
        os.useRegion(json.get("region").asText());
        return os;
    }

    /** svc.sh stop|start NAME: takes one service away and brings it back. */
    public void svc(String action, String service) throws Exception {
        Command.Result e = exec(List.of(SCRIPTS.resolve("svc.sh").toString(), action, service), 120);
        boolean running = exec(List.of(SCRIPTS.resolve("svc.sh").toString(), "status", service), 60).code() == 0;
        if (e.code() != 0 || action.equals("start") != running)
            throw new IllegalStateException("svc.sh " + action + " " + service + " failed (" + e.code() + "):\n" + e.output());
        if (action.equals("start") && service.equals("neutron-server")) awaitHttp(json.get("endpoints").get("network").asText(), 60);
    }

    /** Waits until a service's API root answers, since an open port comes before a working API. */
    static void awaitHttp(String url, int seconds) throws Exception {
        var client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try {
                var r = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 500) return;
            } catch (java.io.IOException ignored) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " did not answer within " + seconds + " s");
    }

    static Command.Result exec(List<String> argv, int seconds) throws Exception { return Command.exec(argv, seconds); }

    static void run(List<String> argv, int seconds) throws Exception { Command.run(argv, seconds); }
}
