package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, items 4, 6, 10 and 11 through the REST API: settings the engine needs are asked for
 * when stored, and settings an older version stored make a deploy a 409 naming them, never a 500;
 * the address pool refuses ranges no slice can use; key references stay inside the keys folder;
 * students read that a zone is not ready, never the server's files, and no answer echoes a huge
 * input or names the JSON library's classes.
 */
class ZoneHardeningApiTest {
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Store.H2);
        api = server.client;
        fx = new Fixtures(api);
    }

    @AfterAll
    static void stop() throws Exception { server.close(); }

    /** A real private key (OpenSSH format) in the keys folder that no host accepts: a deploy gets as far as the engine. */
    static String realKey(String ref) throws Exception {
        Path file = server.dataDir.resolve("keys").resolve(ref);
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            var gen = java.security.KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            try (var out = Files.newOutputStream(file)) {
                org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(gen.generateKeyPair(), "t", null, out);
            }
        }
        return ref;
    }

    static Map<String, Object> settings(String key, String pool) throws Exception {
        var s = ZoneSettingsApiTest.linux(ZoneSettingsApiTest.refs(server).get("knownHostsRef"), key, "127.0.0.1", ZoneSettingsApiTest.closedPort());
        s.put("addressPool", pool);
        return s;
    }

    static ApiClient.Res refused(ApiClient.Res r, int status, String field) {
        ApiTestBase.problem(r, status);
        assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
        return r;
    }

    /** A zone with a real key, a worker and a student's slice in it; returns {zone, slice id}. */
    static String[] zoneWithASlice(Fixtures.Account student) throws Exception {
        String zone = fx.zone(), key = realKey("hard/key");
        var w = ZoneApiTest.worker(Fixtures.unique("w"));
        w.put("sshKeyRef", key);
        assertThat(api.post("/zones/" + zone + "/workers", fx.admin, w).status()).isEqualTo(201);
        assertThat(api.put("/zones/" + zone + "/settings", fx.admin, settings(key, "10.64.0.0/16")).status()).isEqualTo(200);
        var r = api.post("/slices", student.token(), Fixtures.ring(Fixtures.unique("s"), zone, 3, fx.flavor(1, 128, 1), fx.image()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new String[]{zone, r.json().get("slice").get("id").asText()};
    }

    /**
     * Issue 19: a zone without an uplink interface is stored (an isolated lab); its slices deploy
     * without internet, and a VM that asks for it is refused before anything is created: a 422
     * whose problem names the VM, its node and the field.
     */
    @Test
    void aZoneWithoutAnUplinkRefusesVmsThatAskForInternetNamingThem() throws Exception {
        var student = fx.user("noup");
        String zone = fx.zone(), key = realKey("hard/key");
        var w = ZoneApiTest.worker(Fixtures.unique("w"));
        w.put("sshKeyRef", key);
        assertThat(api.post("/zones/" + zone + "/workers", fx.admin, w).status()).isEqualTo(201);
        var s = settings(key, "10.64.0.0/16");
        s.remove("uplinkInterface");
        assertThat(api.put("/zones/" + zone + "/settings", fx.admin, s).status()).isEqualTo(200);
        var doc = Fixtures.ring(Fixtures.unique("s"), zone, 3, fx.flavor(1, 128, 1), fx.image());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("topology").get("nodes").get(1)).put("internet", true);
        var r = api.post("/slices", student.token(), doc);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        var d = ApiTestBase.problem(api.post("/slices/" + r.json().get("slice").get("id").asText() + "/deploy", student.token(), Map.of()), 422);
        JsonNode p = d.json().get("problems").get(0);
        assertThat(p.get("code").asText()).isEqualTo("NO_INTERNET_IN_ZONE");
        assertThat(p.get("nodeIds").toString()).isEqualTo("[\"n2\"]");
        assertThat(p.get("message").asText()).contains("VM 'vm2'").contains("field internet").contains("clear the VM's internet option");
        assertThat(d.json().get("problems")).hasSize(1);
    }

    /**
     * Item 4 and 11: settings an older version stored without an uplink interface make planning
     * and deploying a 409 naming the setting (for the admin), never a 500 (for anyone); the
     * student reads that the zone is not ready, and the audit log tells the admins why.
     */
    @Test
    void settingsStoredByAnOlderVersionAreA409NamingTheSettingNotA500() throws Exception {
        var student = fx.user("old");
        String[] zs = zoneWithASlice(student);
        String zone = zs[0], slice = zs[1];
        var zoneRow = server.running.stores().zones().byName(zone).orElseThrow();
        String stored = server.running.stores().zones().settings(zone).orElseThrow().body();
        JsonNode old = ApiClient.JSON.readTree(stored);
        // Older versions took a known-hosts file by absolute path; this one reads only the keys folder.
        ((com.fasterxml.jackson.databind.node.ObjectNode) old).put("knownHostsRef", "/etc/ssh/ssh_known_hosts");
        server.running.stores().zones().putSettings(zoneRow.id(), "linux", old.toString(), null, System.currentTimeMillis());

        for (var call : List.<java.util.function.Function<String, ApiClient.Res>>of(
                t -> api.get("/slices/" + slice + "/plan", t), t -> api.post("/slices/" + slice + "/deploy", t, Map.of()))) {
            var forStudent = ApiTestBase.problem(call.apply(student.token()), 409);
            assertThat(forStudent.json().get("type").asText()).endsWith("zone-not-ready");
            assertThat(forStudent.json().get("detail").asText()).isEqualTo("zone '" + zone + "' is not ready for deployments yet; an administrator has been told."
                    + " Ask your teacher or an administrator to finish its setup; meanwhile you can keep designing and saving the slice");
            assertThat(forStudent.json().get("detail").asText()).as("no admin how-to for a student").doesNotContain("/api/v1");
            var forAdmin = ApiTestBase.problem(call.apply(fx.admin), 409);
            assertThat(forAdmin.json().get("detail").asText()).contains("knownHostsRef").contains("PUT /api/v1/zones/" + zone + "/settings");
        }
        assertThat(api.get("/audit", fx.admin).body()).contains("zone.not-ready").contains("knownHostsRef");
    }

    /** Item 11: a student never reads the server's files; the admin does, to fix them. */
    @Test
    void aStudentNeverReadsTheServersFilesInAZoneError() throws Exception {
        var student = fx.user("paths");
        String[] zs = zoneWithASlice(student);
        Files.delete(server.dataDir.resolve("keys/hard/key"));
        try {
            var forStudent = ApiTestBase.problem(api.get("/slices/" + zs[1] + "/plan", student.token()), 409);
            assertThat(forStudent.body()).doesNotContain(server.dataDir.toString()).doesNotContain("keys").doesNotContain("hard/key");
            var forAdmin = ApiTestBase.problem(api.get("/slices/" + zs[1] + "/plan", fx.admin), 409);
            assertThat(forAdmin.json().get("detail").asText()).contains("hard/key").contains("keys folder");
        } finally {
            realKey("hard/key");
        }
    }

    /** Item 6: ranges no slice can use, and pools holding a host's address, are refused; what is stored is canonical. */
    @Test
    void theAddressPoolRefusesRangesThatCannotWorkAndIsStoredCanonical() throws Exception {
        String zone = fx.zone(), key = realKey("hard/key");
        for (String bad : List.of("127.0.0.0/8", "0.0.0.0/8", "224.0.0.0/8", "255.0.0.0/8", "169.254.0.0/16"))
            refused(api.put("/zones/" + zone + "/settings", fx.admin, settings(key, bad)), 400, "addressPool");
        // The pool holding the headnode's own address (127.0.0.1 in these settings is loopback; use a routable one).
        var holdsHead = settings(key, "192.168.0.0/16");
        @SuppressWarnings("unchecked") var head = new HashMap<>((Map<String, Object>) holdsHead.get("headnode"));
        head.put("mgmtAddress", "192.168.7.1");
        holdsHead.put("headnode", head);
        var r = refused(api.put("/zones/" + zone + "/settings", fx.admin, holdsHead), 400, "addressPool");
        assertThat(r.json().get("reason").asText()).contains("192.168.7.1");
        // A registered worker's data address inside the pool.
        var w = ZoneApiTest.worker(Fixtures.unique("w"));
        w.put("dataAddress", "10.80.1.11");
        assertThat(api.post("/zones/" + zone + "/workers", fx.admin, w).status()).isEqualTo(201);
        refused(api.put("/zones/" + zone + "/settings", fx.admin, settings(key, "10.80.0.0/16")), 400, "addressPool");
        // 10.0.0.0/8 holds the worker's management address 10.0.0.11.
        refused(api.put("/zones/" + zone + "/settings", fx.admin, settings(key, "10.0.0.0/08")), 400, "addressPool");
        assertThat(api.put("/zones/" + zone + "/settings", fx.admin, settings(key, "172.16.0.0/12")).status()).isEqualTo(200);
        // Stored canonical.
        String other = fx.zone();
        assertThat(api.put("/zones/" + other + "/settings", fx.admin, settings(key, "10.0.0.0/08")).status()).isEqualTo(200);
        assertThat(api.get("/zones/" + other + "/settings", fx.admin).json().get("addressPool").asText()).isEqualTo("10.0.0.0/8");
        // A worker joining with an address inside the pool is refused too.
        var inside = ZoneApiTest.worker(Fixtures.unique("w"));
        inside.put("mgmtAddress", "192.168.5.5");
        inside.put("dataAddress", "10.9.9.9");
        refused(api.post("/zones/" + other + "/workers", fx.admin, inside), 400, "dataAddress");
        // The test beds' pool and addresses pass.
        String bed = fx.zone();
        var bedSettings = settings(key, "198.18.128.0/17");
        @SuppressWarnings("unchecked") var bedHead = new HashMap<>((Map<String, Object>) bedSettings.get("headnode"));
        bedHead.put("mgmtAddress", "198.18.0.10");
        bedHead.put("dataAddress", "198.18.1.10");
        bedSettings.put("headnode", bedHead);
        assertThat(api.put("/zones/" + bed + "/settings", fx.admin, bedSettings).status()).isEqualTo(200);
        var bedWorker = ZoneApiTest.worker(Fixtures.unique("w"));
        bedWorker.put("mgmtAddress", "198.18.0.11");
        bedWorker.put("dataAddress", "198.18.1.11");
        assertThat(api.post("/zones/" + bed + "/workers", fx.admin, bedWorker).status()).isEqualTo(201);
    }

    /** Item 10: references resolve inside the keys folder only, and refusals do not tell whether a file elsewhere exists. */
    @Test
    void keyReferencesStayInsideTheKeysFolder() throws Exception {
        String zone = fx.zone(), key = realKey("hard/key");
        Map<String, String> reasons = new HashMap<>();
        for (String outside : List.of("/etc/shadow", "/proc/self/environ", "/no/such/file", server.dataDir.resolve("olimpus.mv.db").toString())) {
            var s = settings(key, "10.64.0.0/16");
            s.put("knownHostsRef", outside);
            var r = refused(api.put("/zones/" + zone + "/settings", fx.admin, s), 400, "knownHostsRef");
            reasons.put(outside, r.json().get("reason").asText());
            assertThat(r.body()).doesNotContain(outside);
            var w = ZoneApiTest.worker(Fixtures.unique("w"));
            w.put("sshKeyRef", outside);
            refused(api.post("/zones/" + zone + "/workers", fx.admin, w), 400, "sshKeyRef");
        }
        assertThat(reasons.values()).as("one answer whether the file exists or not").hasSize(4).allMatch(reasons.get("/etc/shadow")::equals);
        refused(api.put("/zones/" + zone + "/settings", fx.admin, settingsWithKnownHosts(key, "../olimpus.mv.db")), 400, "knownHostsRef");
        // A symbolic link out of the folder reads like a missing file.
        Files.createSymbolicLink(server.dataDir.resolve("keys/hard/escape"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(server.dataDir.resolve("keys/hard/nothing"), Path.of("/no/such/file"));
        String escape = refused(api.put("/zones/" + zone + "/settings", fx.admin, settingsWithKnownHosts(key, "hard/escape")), 400, "knownHostsRef")
                .json().get("reason").asText();
        String nothing = refused(api.put("/zones/" + zone + "/settings", fx.admin, settingsWithKnownHosts(key, "hard/nothing")), 400, "knownHostsRef")
                .json().get("reason").asText();
        assertThat(escape).isEqualTo(nothing.replace("hard/nothing", "hard/escape")).doesNotContain("/etc/passwd");
    }

    static Map<String, Object> settingsWithKnownHosts(String key, String ref) throws Exception {
        var s = settings(key, "10.64.0.0/16");
        s.put("knownHostsRef", ref);
        return s;
    }

    /** Item 11: answers never name the JSON library's classes, and never echo more than a clipped piece of an input. */
    @Test
    void answersNeitherNameJsonInternalsNorEchoHugeInputs() {
        String big = "a".repeat(100_000);
        var student = fx.user("echo");
        List<String> bodies = List.of(
                "{\"format\":\"olimpus-topology/1\",\"topology\":" + "[".repeat(1500) + "}",
                "{\"" + big + "\":1}",
                "{\"format\":\"" + big + "\"}",
                "{\"format\":\"olimpus-topology/1\",\"topology\":{\"name\":\"" + big + "\",\"nodes\":[],\"links\":[]}}",
                "{\"format\":\"olimpus-topology/1\",\"topology\":{\"name\":\"x\",\"nodes\":[{\"id\":\"n1\",\"name\":\"a\",\"kind\":\"" + big + "\"}],\"links\":[]}}",
                "{\"format\":\"olimpus-topology/1\",\"topology\":{\"name\":\"x\",\"nodes\":[{\"id\":\"n1\",\"name\":\"" + big + "\",\"kind\":\"vm\",\"flavor\":\"" + big + "\"}],\"links\":[]}}");
        for (String body : bodies) {
            var r = api.sendJson("POST", "/slices", student.token(), body);
            assertThat(r.status()).as(r.toString().substring(0, Math.min(300, r.body().length()))).isBetween(400, 499);
            assertThat(r.body().length()).as("an answer of " + r.body().length() + " characters").isLessThan(2_000);
            assertThat(r.body()).doesNotContain("StreamReadConstraints").doesNotContain("com.fasterxml").doesNotContain("Cannot deserialize")
                    .doesNotContain("a".repeat(81));
        }
        var path = ApiTestBase.problem(api.get("/zones/" + "z".repeat(5_000), fx.admin), 404);
        assertThat(path.body().length()).isLessThan(1_000);
    }
}
