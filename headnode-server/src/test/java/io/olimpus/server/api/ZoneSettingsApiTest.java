package io.olimpus.server.api;

import io.olimpus.server.platform.linux.DataPlane;
import io.olimpus.server.platform.linux.ssh.LocalSshd;
import io.olimpus.server.platform.linux.LinuxZoneSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PUT/GET /zones/{zone}/settings, the new worker fields and POST /zones/{zone}/check against a real sshd. */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class ZoneSettingsApiTest extends ApiTestBase {
    static final String OS_PASSWORD = "s3rvice-Account-pw!";

    /** References (in the keys folder, <data>/keys) to a known_hosts file and a key that exist; not a usable key. */
    static Map<String, String> refs(TestServer server) throws IOException {
        Path dir = server.dataDir.resolve("keys/refs");
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve("known_hosts"))) Files.writeString(dir.resolve("known_hosts"), "");
        if (!Files.exists(dir.resolve("headnode_ed25519"))) Files.writeString(dir.resolve("headnode_ed25519"), "not a key\n");
        return Map.of("knownHostsRef", "refs/known_hosts", "sshKeyRef", "refs/headnode_ed25519");
    }

    /** Copies a LocalSshd's client key and known_hosts into the server's keys folder, as an admin does; returns their references. */
    static Map<String, String> intoKeys(TestServer server, LocalSshd sshd) throws IOException {
        String dir = "sshd-" + sshd.port;
        Files.createDirectories(server.dataDir.resolve("keys").resolve(dir));
        Files.copy(sshd.clientKey, server.dataDir.resolve("keys").resolve(dir + "/client_ed25519"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(sshd.knownHosts, server.dataDir.resolve("keys").resolve(dir + "/known_hosts"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return Map.of("knownHostsRef", dir + "/known_hosts", "sshKeyRef", dir + "/client_ed25519");
    }

    static Map<String, Object> linux(String knownHostsRef, String keyRef, String address, int port) {
        Map<String, Object> headnode = new LinkedHashMap<>();
        headnode.put("name", "head");
        headnode.put("mgmtAddress", address);
        headnode.put("sshPort", port);
        headnode.put("sshUser", System.getProperty("user.name"));
        headnode.put("sshKeyRef", keyRef);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("dataPlane", "OVS");
        s.put("addressPool", "10.64.0.0/16");
        s.put("subnetPrefix", 24);
        s.put("firstSegmentId", 100);
        s.put("lastSegmentId", 4000);
        s.put("headnode", headnode);
        s.put("uplinkInterface", "eth0");
        s.put("knownHostsRef", knownHostsRef);
        return s;
    }

    /** A Linux zone's settings valid for storing; its headnode listens nowhere (a closed loopback port). */
    static Map<String, Object> linux(TestServer server) throws IOException {
        var r = refs(server);
        return linux(r.get("knownHostsRef"), r.get("sshKeyRef"), "127.0.0.1", closedPort());
    }

    static Map<String, Object> openstack(String password) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("keystoneUrl", "https://keystone.example.org:5000/v3");
        s.put("region", "RegionOne");
        s.put("username", "olimpus-svc");
        if (password != null) s.put("password", password);
        s.put("project", "olimpus");
        s.put("externalNetwork", "public");
        return s;
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { return s.getLocalPort(); }
    }

    @Test
    void linuxSettingsAreStoredWithDefaultsAndReadBackByTheApiAndTheEngine() throws Exception {
        String zone = fx.zone();
        problem(api.get("/zones/" + zone + "/settings", fx.admin), 404);
        var body = linux(server);
        var r = api.put("/zones/" + zone + "/settings", fx.admin, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        var got = api.get("/zones/" + zone + "/settings", fx.admin).json();
        assertThat(got.get("platform").asText()).isEqualTo("linux");
        assertThat(got.get("strategy").asText()).isEqualTo("SPREAD");
        assertThat(got.get("overcommit").get("cpu").asDouble()).isEqualTo(4.0);
        assertThat(got.get("headnode").get("dataAddress").asText()).as("defaults to the management address").isEqualTo("127.0.0.1");
        assertThat(got.get("headnode").get("stateRoot").asText()).isEqualTo("/var/lib/olimpus");
        LinuxZoneSettings s = server.running.zones().linuxSettings(zone).orElseThrow();
        assertThat(s.dataPlane()).isEqualTo(DataPlane.OVS);
        assertThat(s.lastSegmentId()).isEqualTo(4000);
        assertThat(server.running.zones().openStackSettings(zone)).isEmpty();

        // A second PUT replaces the settings; the platform may be named but must match.
        body.put("strategy", "PACK");
        body.put("platform", "linux");
        body.put("overcommit", Map.of("cpu", 8, "ram", 1.5));
        assertThat(api.put("/zones/" + zone + "/settings", fx.admin, body).status()).isEqualTo(200);
        s = server.running.zones().linuxSettings(zone).orElseThrow();
        assertThat(s.strategy().name()).isEqualTo("PACK");
        assertThat(s.overcommit().ram()).isEqualTo(1.5);
        assertThat(s.overcommit().disk()).isEqualTo(1.0);
        body.put("platform", "openstack");
        assertThat(problem(api.put("/zones/" + zone + "/settings", fx.admin, body), 400).json().get("field").asText()).isEqualTo("platform");
        assertThat(api.get("/audit", fx.admin).body()).contains("zone.settings");
    }

    @Test
    void everyBadLinuxSettingIsNamed() throws Exception {
        String zone = fx.zone();
        record Bad(String field, Object value, String expectedField) {}
        List<Bad> bad = List.of(
                new Bad("addressPool", "10.64.0.0", "addressPool"),
                new Bad("addressPool", "10.64.0.1/16", "addressPool"),
                new Bad("addressPool", "300.1.0.0/16", "addressPool"),
                new Bad("addressPool", "10.0.0.0/31", "addressPool"),
                new Bad("subnetPrefix", 12, "subnetPrefix"),
                new Bad("subnetPrefix", 31, "subnetPrefix"),
                new Bad("firstSegmentId", 0, "firstSegmentId"),
                new Bad("lastSegmentId", 5000, "lastSegmentId"),
                new Bad("lastSegmentId", 50, "lastSegmentId"),
                new Bad("dataPlane", "vmware", "dataPlane"),
                new Bad("strategy", "random", "strategy"),
                new Bad("overcommit", Map.of("cpu", 65), "overcommit.cpu"),
                new Bad("overcommit", Map.of("ram", 0.5), "overcommit.ram"),
                new Bad("overcommit", Map.of("gpu", 2), "overcommit.gpu"),
                new Bad("uplinkInterface", "eth0; reboot", "uplinkInterface"),
                new Bad("uplinkInterface", "averyveryverylongname", "uplinkInterface"),
                new Bad("knownHostsRef", "refs/missing", "knownHostsRef"),
                new Bad("knownHostsRef", "../../etc/shadow", "knownHostsRef"),
                new Bad("headnode.name", "head`id`", "headnode.name"),
                new Bad("headnode.mgmtAddress", "headnode.example.org", "headnode.mgmtAddress"),
                new Bad("headnode.dataAddress", "10.0.0.256", "headnode.dataAddress"),
                new Bad("headnode.sshPort", 70000, "headnode.sshPort"),
                new Bad("headnode.sshUser", "root$(id)", "headnode.sshUser"),
                new Bad("headnode.sshKeyRef", "refs/nokey", "headnode.sshKeyRef"),
                new Bad("headnode.stateRoot", "var/lib", "headnode.stateRoot"),
                new Bad("subnetPrefix", "24", "subnetPrefix"),
                new Bad("headnode.sshPort", 22.5, "headnode.sshPort"),
                new Bad("headnode.owner", "x", "headnode.owner"),
                new Bad("colour", "blue", "colour"));
        for (Bad b : bad) {
            var body = linux(server);
            if (b.field().startsWith("headnode.")) {
                @SuppressWarnings("unchecked") var h = new HashMap<>((Map<String, Object>) body.get("headnode"));
                h.put(b.field().substring(9), b.value());
                body.put("headnode", h);
            } else body.put(b.field(), b.value());
            var r = problem(api.put("/zones/" + zone + "/settings", fx.admin, body), 400);
            assertThat(r.json().get("field").asText()).as(b + " → " + r).isEqualTo(b.expectedField());
        }
        // A Linux bridge zone takes VXLAN ids past 4094.
        var body = linux(server);
        body.put("dataPlane", "LINUX_BRIDGE");
        body.put("lastSegmentId", 16_777_215);
        assertThat(api.put("/zones/" + zone + "/settings", fx.admin, body).status()).isEqualTo(200);
        body.put("lastSegmentId", 16_777_216);
        assertThat(problem(api.put("/zones/" + zone + "/settings", fx.admin, body), 400).json().get("field").asText()).isEqualTo("lastSegmentId");
        body.put("lastSegmentId", 20_000);
        body.remove("headnode");
        assertThat(problem(api.put("/zones/" + zone + "/settings", fx.admin, body), 400).json().get("field").asText()).isEqualTo("headnode");
        assertThat(server.running.zones().linuxSettings(zone).orElseThrow().lastSegmentId()).as("a refused PUT changes nothing").isEqualTo(16_777_215);
    }

    @Test
    void theOpenStackPasswordIsCheckedStoredAndNeverShown() {
        String zone = Fixtures.unique("os");
        assertThat(api.post("/zones", fx.admin, Map.of("name", zone, "platform", "openstack")).status()).isEqualTo(201);

        var refused = problem(api.put("/zones/" + zone + "/settings", fx.admin, openstack(FakeKeystone.WRONG_PASSWORD)), 422);
        assertThat(refused.json().get("field").asText()).isEqualTo("password");
        assertThat(refused.json().get("reason").asText()).startsWith("Keystone refused the service account");
        assertThat(refused.body()).doesNotContain(FakeKeystone.WRONG_PASSWORD);
        assertThat(server.running.zones().openStackSettings(zone)).as("nothing stored").isEmpty();

        var unreachable = openstack(OS_PASSWORD);
        unreachable.put("keystoneUrl", "https://" + FakeKeystone.UNREACHABLE_HOST + ":5000/v3");
        var r = problem(api.put("/zones/" + zone + "/settings", fx.admin, unreachable), 422);
        assertThat(r.json().get("field").asText()).isEqualTo("keystoneUrl");
        assertThat(r.json().get("reason").asText()).contains("timed out");

        assertThat(problem(api.put("/zones/" + zone + "/settings", fx.admin, openstack(null)), 400).json().get("field").asText()).isEqualTo("password");
        var badUrl = openstack(OS_PASSWORD);
        badUrl.put("keystoneUrl", "ftp://x");
        assertThat(problem(api.put("/zones/" + zone + "/settings", fx.admin, badUrl), 400).json().get("field").asText()).isEqualTo("keystoneUrl");

        var ok = api.put("/zones/" + zone + "/settings", fx.admin, openstack(OS_PASSWORD));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("passwordSet").asBoolean()).isTrue();
        assertThat(ok.json().has("password")).isFalse();
        var got = api.get("/zones/" + zone + "/settings", fx.admin);
        assertThat(got.json().get("userDomain").asText()).isEqualTo("Default");
        assertThat(got.json().get("passwordSet").asBoolean()).isTrue();
        assertThat(got.body()).doesNotContain(OS_PASSWORD);
        assertThat(server.running.zones().openStackSettings(zone).orElseThrow().password()).isEqualTo(OS_PASSWORD);
        assertThat(server.running.zones().openStackSettings(zone).orElseThrow().toString()).doesNotContain(OS_PASSWORD);

        // A later PUT without the password keeps it (and is checked with it).
        var again = openstack(null);
        again.put("project", "olimpus2");
        assertThat(api.put("/zones/" + zone + "/settings", fx.admin, again).status()).isEqualTo(200);
        assertThat(server.running.zones().openStackSettings(zone).orElseThrow().password()).isEqualTo(OS_PASSWORD);
        assertThat(server.running.zones().openStackSettings(zone).orElseThrow().project()).isEqualTo("olimpus2");

        var check = api.post("/zones/" + zone + "/check", fx.admin, Map.of());
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.json().get("ok").asBoolean()).isTrue();
        assertThat(api.get("/audit?limit=1000", fx.admin).body()).contains("zone.settings").doesNotContain(OS_PASSWORD);
        assertThat(FakeKeystone.INSTANCE.checked).contains("olimpus-svc");
    }

    @Test
    void theStoredRowHoldsTheOpenStackPasswordOnlySealed() {
        String zone = Fixtures.unique("os");
        assertThat(api.post("/zones", fx.admin, Map.of("name", zone, "platform", "openstack")).status()).isEqualTo(201);
        // The longest password allowed, in 3-byte characters: its sealed form still fits the column.
        String longest = "€".repeat(1024);
        for (String pw : List.of(OS_PASSWORD, longest)) {
            var r = api.put("/zones/" + zone + "/settings", fx.admin, openstack(pw));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            String row = server.running.database().jdbi().withHandle(h -> h.createQuery(
                    "select s.secret from zone_settings s join zones z on z.id = s.zone_id where z.name = :z").bind("z", zone).mapTo(String.class).one());
            assertThat(row).startsWith("aesgcm1:").doesNotContain(pw).doesNotContain(pw.substring(0, 8));
            assertThat(server.running.zones().openStackSettings(zone).orElseThrow().password()).isEqualTo(pw);
        }
    }

    @Test
    void workersCarryDataAddressSshPortStateRootAndUp() {
        String zone = fx.zone();
        var body = ZoneApiTest.worker(Fixtures.unique("w"));
        var r = api.post("/zones/" + zone + "/workers", fx.admin, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("dataAddress").asText()).isEqualTo("10.0.0.11");
        assertThat(r.json().get("sshPort").asInt()).isEqualTo(22);
        assertThat(r.json().get("stateRoot").asText()).isEqualTo("/var/lib/olimpus");
        assertThat(r.json().get("up").asBoolean()).isTrue();
        assertThat(r.json().has("lastSeenAt")).isFalse();

        String name = Fixtures.unique("w");
        body = ZoneApiTest.worker(name);
        body.put("dataAddress", "192.168.50.11");
        body.put("sshPort", 2222);
        body.put("stateRoot", "/srv/olimpus");
        assertThat(api.post("/zones/" + zone + "/workers", fx.admin, body).status()).isEqualTo(201);
        var w = server.running.zones().workers(zone).stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertThat(w.dataAddress()).isEqualTo("192.168.50.11");
        assertThat(w.sshPort()).isEqualTo(2222);
        assertThat(w.stateRoot()).isEqualTo("/srv/olimpus");
        assertThat(w.up()).isTrue();
        assertThat(api.get("/zones/" + zone + "/workers/" + name, fx.admin).json().get("sshPort").asInt()).isEqualTo(2222);

        for (var bad : Map.of("dataAddress", "10.0.0.1 ; reboot", "sshPort", 0, "stateRoot", "/var/../etc").entrySet()) {
            var b = ZoneApiTest.worker(Fixtures.unique("w"));
            b.put(bad.getKey(), bad.getValue());
            assertThat(problem(api.post("/zones/" + zone + "/workers", fx.admin, b), 400).json().get("field").asText()).isEqualTo(bad.getKey());
        }
        var hostName = ZoneApiTest.worker(Fixtures.unique("w"));
        hostName.put("mgmtAddress", "worker7.cluster.example");
        assertThat(problem(api.post("/zones/" + zone + "/workers", fx.admin, hostName), 400).json().get("field").asText()).isEqualTo("dataAddress");
    }

    @Test
    void theCheckReachesTheHeadnodeAndEveryWorkerOverSsh() throws Exception {
        String zone = fx.zone();
        problem(api.post("/zones/" + zone + "/check", fx.admin, Map.of()), 409);
        try (LocalSshd sshd = LocalSshd.start()) {
            var refs = intoKeys(server, sshd);
            var settings = linux(refs.get("knownHostsRef"), refs.get("sshKeyRef"), "127.0.0.1", sshd.port);
            assertThat(api.put("/zones/" + zone + "/settings", fx.admin, settings).status()).isEqualTo(200);
            String good = Fixtures.unique("w"), down = Fixtures.unique("w");
            var w = ZoneApiTest.worker(good);
            w.put("mgmtAddress", "127.0.0.1");
            w.put("sshPort", sshd.port);
            w.put("sshUser", System.getProperty("user.name"));
            w.put("sshKeyRef", refs.get("sshKeyRef"));
            assertThat(api.post("/zones/" + zone + "/workers", fx.admin, w).status()).isEqualTo(201);
            w.put("name", down);
            w.put("sshPort", closedPort());
            assertThat(api.post("/zones/" + zone + "/workers", fx.admin, w).status()).isEqualTo(201);

            var r = api.post("/zones/" + zone + "/check", fx.admin, Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("ok").asBoolean()).isFalse();
            Map<String, Boolean> ok = new HashMap<>();
            Map<String, String> detail = new HashMap<>();
            r.json().get("hosts").forEach(h -> {
                ok.put(h.get("host").asText(), h.get("ok").asBoolean());
                detail.put(h.get("host").asText(), h.get("detail").asText());
            });
            // The reachable hosts answered the prerequisites probe over SSH; whether this machine has
            // every tool a headnode or worker needs (dnsmasq, QEMU...) is not what this test is about.
            assertThat(ok).containsKeys("head", good).containsEntry(down, false);
            assertThat(detail.get("head")).startsWith("answered: Linux");
            assertThat(detail.get(good)).startsWith("answered: Linux");
            assertThat(detail.get(down)).contains("cannot open SSH");
        }
    }
}
