package io.olimpus.server.api;

import io.olimpus.server.app.Config;
import io.olimpus.server.app.Server;
import io.olimpus.server.secrets.SecretBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenStack service password at rest, across restarts of one embedded server: sealed in its
 * row (and nowhere in the database file), a clear one from an older database sealed at start-up,
 * and a lost key explained to the admin while students get a 409, never a 500.
 */
class SecretsAtRestTest {
    static final String PASSWORD = "s3rvice-Account-pw!";
    static final String LEGACY = "legacy-clear-pw-1";

    @TempDir
    Path dir;
    Server.Running running;
    ApiClient api;
    Fixtures fx;

    void start() throws IOException {
        Config cfg = Config.embedded(dir, 0).withAdminPassword(TestServer.ADMIN_PASSWORD).withBcryptCost(4).withMonitoring(Config.Monitoring.OFF);
        running = Server.start(cfg, new Server.Extensions(FakeKeystone.INSTANCE));
        api = new ApiClient(running.baseUrl());
        fx = new Fixtures(api);
    }

    void stop() {
        if (running != null) running.close();
        running = null;
    }

    @AfterEach
    void tearDown() { stop(); }

    String storedSecret(String zone) {
        return running.database().jdbi().withHandle(h -> h.createQuery(
                "select s.secret from zone_settings s join zones z on z.id = s.zone_id where z.name = :z").bind("z", zone).mapTo(String.class).one());
    }

    String openstackZone(String name) {
        assertThat(api.post("/zones", fx.admin, Map.of("name", name, "platform", "openstack")).status()).isEqualTo(201);
        var r = api.put("/zones/" + name + "/settings", fx.admin, ZoneSettingsApiTest.openstack(PASSWORD));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return name;
    }

    static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) if (haystack[i + j] != n[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test
    void thePasswordIsSealedInItsRowAndInNoFileButTheEngineReadsIt() throws Exception {
        start();
        String zone = openstackZone("sealed");
        assertThat(storedSecret(zone)).doesNotContain(PASSWORD).startsWith("aesgcm1:");
        assertThat(running.zones().openStackSettings(zone).orElseThrow().password()).isEqualTo(PASSWORD);
        var got = api.get("/zones/" + zone + "/settings", fx.admin);
        assertThat(got.json().get("passwordSet").asBoolean()).isTrue();
        assertThat(got.body()).doesNotContain(PASSWORD);
        assertThat(api.post("/zones/" + zone + "/check", fx.admin, Map.of()).json().get("ok").asBoolean()).isTrue();

        Path key = dir.resolve(SecretBox.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        stop();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList())
                assertThat(contains(Files.readAllBytes(f), PASSWORD)).as(f + " holds the password in the clear").isFalse();
        }
        // The same key serves the next start.
        String keyBefore = Files.readString(key);
        start();
        assertThat(Files.readString(key)).isEqualTo(keyBefore);
        assertThat(running.zones().openStackSettings(zone).orElseThrow().password()).isEqualTo(PASSWORD);
    }

    @Test
    void aClearPasswordOfAnOlderDatabaseIsReadAndSealedAtTheNextStart() throws Exception {
        start();
        String zone = openstackZone("legacy");
        running.database().jdbi().useHandle(h -> h.createUpdate("update zone_settings set secret = :s").bind("s", LEGACY).execute());
        assertThat(running.zones().openStackSettings(zone).orElseThrow().password()).as("read as it is").isEqualTo(LEGACY);
        stop();
        start();
        assertThat(storedSecret(zone)).doesNotContain(LEGACY).startsWith("aesgcm1:");
        assertThat(running.zones().openStackSettings(zone).orElseThrow().password()).isEqualTo(LEGACY);
    }

    @Test
    void aLostKeyIsExplainedToTheAdminAndIsNo500ForStudents() throws Exception {
        start();
        String zone = openstackZone("lostkey");
        String flavor = fx.flavor(1, 64, 1), image = fx.image();
        var student = fx.user("stu");
        long slice = fx.slice(student.token(), zone, flavor, image);
        stop();
        Files.delete(dir.resolve(SecretBox.FILE));  // a restore that forgot it: the server makes a new key
        start();

        var plan = ApiTestBase.problem(api.get("/slices/" + slice + "/plan", student.token()), 409);
        assertThat(plan.json().get("field").asText()).isEqualTo("zone");
        var deploy = api.post("/slices/" + slice + "/deploy", student.token(), null);
        assertThat(deploy.status()).as(deploy.toString()).isEqualTo(409);

        var check = api.post("/zones/" + zone + "/check", fx.admin, Map.of());
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.json().get("ok").asBoolean()).isFalse();
        assertThat(check.body()).contains("cannot be decrypted").contains(SecretBox.FILE).contains("enter the password again");
        var shown = api.get("/zones/" + zone + "/settings", fx.admin);
        assertThat(shown.status()).as("the settings still show, without opening the password").isEqualTo(200);
        assertThat(shown.json().get("passwordSet").asBoolean()).isTrue();
        var keep = ZoneSettingsApiTest.openstack(null);
        var refused = ApiTestBase.problem(api.put("/zones/" + zone + "/settings", fx.admin, keep), 400);
        assertThat(refused.json().get("field").asText()).isEqualTo("password");
        assertThat(refused.json().get("reason").asText()).contains("cannot be decrypted").contains("send the password again");

        // Entering it again seals it under the new key.
        assertThat(api.put("/zones/" + zone + "/settings", fx.admin, ZoneSettingsApiTest.openstack(PASSWORD)).status()).isEqualTo(200);
        assertThat(running.zones().openStackSettings(zone).orElseThrow().password()).isEqualTo(PASSWORD);
        assertThat(api.post("/zones/" + zone + "/check", fx.admin, Map.of()).json().get("ok").asBoolean()).isTrue();
    }
}
