package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.engine.guest.GuestAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.olimpus.server.api.ApiTestBase.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, credentials and identity, through the API on a scripted platform: a user keeps an SSH
 * public key in their profile, a slice carries its own cloud-config, and a deploy hands both, with
 * a password made for it and told once, to the driver that creates the VMs.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class GuestAccessApiTest {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEEWcOZ/6WV1W+JIfQHk1Bh8f1g7rFlNgq8d9ZDIoO8H alice@laptop";
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;
    static ScriptedPlatform platform;
    static String zone, flavor, image;

    @Parameter
    Store store;

    @BeforeParameterizedClassInvocation
    static void startServer(Store store) throws Exception {
        ScriptedZone z = ScriptedZone.start(store, "scripted");
        server = z.server(); platform = z.platform(); api = z.api(); fx = z.fx(); zone = z.zone(); flavor = z.flavor(); image = z.image();
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        if (server != null) server.close();
        server = null;
    }

    private static Map<String, Object> key(String k) {
        Map<String, Object> m = new HashMap<>();
        m.put("sshPublicKey", k);
        return m;
    }

    @Test
    void aUserSetsReadsAndClearsTheirOwnSshKey() {
        var u = fx.user("keyed");
        assertThat(api.get("/auth/me", u.token()).json().path("sshPublicKey").isTextual()).isFalse();
        var set = api.patch("/auth/me", u.token(), key("  " + KEY + " "));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("sshPublicKey").asText()).isEqualTo(KEY);
        assertThat(api.get("/auth/me", u.token()).json().get("sshPublicKey").asText()).isEqualTo(KEY);
        // null leaves it; "" clears it.
        assertThat(api.patch("/auth/me", u.token(), key(null)).json().get("sshPublicKey").asText()).isEqualTo(KEY);
        assertThat(api.patch("/auth/me", u.token(), key("")).json().path("sshPublicKey").isTextual()).isFalse();
        assertThat(api.get("/auth/me", u.token()).json().path("sshPublicKey").isTextual()).isFalse();
    }

    @Test
    void aKeyThatIsNotOneOpenSshPublicKeyIsA400NamingTheField() {
        var u = fx.user("badkey");
        for (String bad : List.of("ssh-dss AAAAB3NzaC1kc3M=", "hello", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----")) {
            var r = problem(api.patch("/auth/me", u.token(), key(bad)), 400);
            assertThat(r.json().get("field").asText()).isEqualTo("sshPublicKey");
        }
        assertThat(api.get("/auth/me", u.token()).json().path("sshPublicKey").isTextual()).isFalse();
    }

    @Test
    void aSliceKeepsItsOwnCloudConfigOnlyWhenItIsACloudConfigMapping() {
        var u = fx.user("cc");
        long id = slice(u, 3);
        String path = "/slices/" + id + "/cloud-config";
        assertThat(api.get(path, u.token()).json().path("cloudConfig").isTextual()).isFalse();
        String mine = "#cloud-config\npackages: [tcpdump]\n";
        var ok = api.put(path, u.token(), Map.of("cloudConfig", mine));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(api.get(path, u.token()).json().get("cloudConfig").asText()).isEqualTo(mine);

        var noHeader = problem(api.put(path, u.token(), Map.of("cloudConfig", "packages: [tcpdump]\n")), 400);
        assertThat(noHeader.json().get("field").asText()).isEqualTo("cloudConfig");
        assertThat(noHeader.json().get("detail").asText()).contains("#cloud-config");
        var notYaml = problem(api.put(path, u.token(), Map.of("cloudConfig", "#cloud-config\npackages: [tcpdump\nruncmd: x\n")), 400);
        assertThat(notYaml.json().get("detail").asText()).contains("not valid YAML at line");
        var aList = problem(api.put(path, u.token(), Map.of("cloudConfig", "#cloud-config\n- a\n- b\n")), 400);
        assertThat(aList.json().get("detail").asText()).contains("YAML mapping");
        problem(api.put(path, u.token(), Map.of("cloudConfig", "#cloud-config\n#" + "x".repeat(17_000))), 400);
        // What was refused left what was there.
        assertThat(api.get(path, u.token()).json().get("cloudConfig").asText()).isEqualTo(mine);

        // Another user neither reads nor changes it.
        var other = fx.user("ccother");
        problem(api.get(path, other.token()), 404);
        problem(api.put(path, other.token(), Map.of("cloudConfig", mine)), 404);

        assertThat(api.put(path, u.token(), Map.of("cloudConfig", "")).json().path("cloudConfig").isTextual()).isFalse();
    }

    @Test
    void aDeployGivesItsVmsTheOwnersKeyTheSlicesCloudConfigAndAPasswordToldOnce() {
        var u = fx.user("dep");
        assertThat(api.patch("/auth/me", u.token(), key(KEY)).status()).isEqualTo(200);
        long id = slice(u, 3);
        String mine = "#cloud-config\nruncmd:\n  - [touch, /tmp/hello]\n";
        assertThat(api.put("/slices/" + id + "/cloud-config", u.token(), Map.of("cloudConfig", mine)).status()).isEqualTo(200);

        var r = api.post("/slices/" + id + "/deploy", u.token(), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.header("Cache-Control")).contains("no-store");
        String password = r.json().get("vmPassword").asText();
        assertThat(password).hasSize(16);
        long job = r.json().get("id").asLong();
        List<JsonNode> events = api.followJob(u.token(), job);
        assertThat(ApiClient.outcome(events)).as(events.toString()).isEqualTo("SUCCEEDED");
        // The password is in the answer to the deploy and nowhere else: not in the job, nor in its events.
        var again = api.get("/jobs/" + job, u.token());
        assertThat(again.body()).doesNotContain(password);
        assertThat(events.toString()).doesNotContain(password);

        String name = api.get("/slices/" + id, u.token()).json().get("name").asText();
        GuestAccess seen = platform.script(name).guest;
        assertThat(seen).isEqualTo(new GuestAccess(KEY, password, mine));

        // A deploy that creates no VM (nothing changed) makes no password.
        var same = api.post("/slices/" + id + "/deploy", u.token(), null);
        assertThat(same.status()).as(same.toString()).isEqualTo(202);
        assertThat(same.json().path("vmPassword").isTextual()).isFalse();
        assertThat(ApiClient.outcome(api.followJob(u.token(), same.json().get("id").asLong()))).isEqualTo("SUCCEEDED");
        assertThat(api.post("/slices/" + id + "/undeploy", u.token(), null).status()).isEqualTo(202);
    }

    private static long slice(Fixtures.Account owner, int vms) {
        var r = api.post("/slices", owner.token(), Fixtures.ring(Fixtures.unique("g"), zone, vms, flavor, image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("slice").get("id").asLong();
    }
}
