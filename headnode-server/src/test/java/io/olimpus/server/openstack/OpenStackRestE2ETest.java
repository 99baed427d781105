package io.olimpus.server.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.server.api.ApiClient;
import io.olimpus.server.api.Fixtures;
import io.olimpus.server.api.Store;
import io.olimpus.server.api.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenStack zone through the server's REST API against the real local OpenStack: the zone's
 * service account is checked against Keystone at setup (a wrong password refused there), then a
 * student's ring is deployed (progress streamed), runs, and is undeployed.
 */
@Tag("e2e")
class OpenStackRestE2ETest {
    static OpenStackTestBed bed;
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;

    @BeforeAll
    static void up() throws Exception {
        bed = OpenStackTestBed.up();
        // The real Keystone check, not the API tests' fake one.
        server = TestServer.start(Store.H2, c -> c, io.olimpus.server.app.Server.Extensions.defaults());
        api = server.client;
        fx = new Fixtures(api);
    }

    @AfterAll
    static void down() throws Exception {
        if (server != null) server.close();
        if (bed != null) bed.down();
    }

    static ApiClient.Res ok(ApiClient.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r;
    }

    static List<JsonNode> follow(String token, long job) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + "/jobs/" + job + "/events"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(6)).build();
        List<JsonNode> events = new ArrayList<>();
        for (String line : HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofLines()).body().toList())
            if (line.startsWith("data: ")) events.add(ApiClient.JSON.readTree(line.substring(6)));
        return events;
    }

    @Test
    void aWrongPasswordIsRefusedAtSetupAndAStudentsRingDeploysAndUndeploysThroughTheApi() throws Exception {
        JsonNode j = bed.json;
        ok(api.post("/flavors", fx.admin, Map.of("name", "ostiny", "vcpus", 1, "ramMb", 64, "diskGb", 1)), 201);
        // A raw disk: Glance inspects qcow2 headers, and a made-up qcow2 is refused (that failure rolls back cleanly too).
        ok(api.send("POST", "/images/osdisk/files", fx.admin, OpenStackTestBed.IMAGE_BYTES, "application/octet-stream"), 201);
        ok(api.post("/zones", fx.admin, Map.of("name", "os", "platform", "openstack", "novaAz", j.get("availability_zone").asText())), 201);
        ObjectNode settings = ApiClient.JSON.createObjectNode().put("platform", "openstack")
                .put("keystoneUrl", j.get("keystone_url").asText()).put("region", j.get("region").asText())
                .put("userDomain", j.get("domain").asText()).put("projectDomain", j.get("domain").asText())
                .put("username", j.get("username").asText()).put("password", "not-" + j.get("password").asText())
                .put("project", j.get("project").asText()).put("externalNetwork", j.get("external_network").asText());
        var refused = ok(api.put("/zones/os/settings", fx.admin, settings), 422);
        assertThat(refused.json().get("field").asText()).isEqualTo("password");
        assertThat(refused.body()).doesNotContain(j.get("password").asText());
        settings.put("password", j.get("password").asText());
        ok(api.put("/zones/os/settings", fx.admin, settings), 200);

        var student = fx.user("osstudent");
        long slice = ok(api.post("/slices", student.token(), Fixtures.ring("osring", "os", 3, "ostiny", "osdisk")), 201)
                .json().get("slice").get("id").asLong();
        long job = ok(api.post("/slices/" + slice + "/deploy", student.token(), Map.of()), 202).json().get("id").asLong();
        List<JsonNode> events = follow(student.token(), job);
        assertThat(events.get(events.size() - 1).get("outcome").asText()).as("%s", events).isEqualTo("SUCCEEDED");
        JsonNode vms = ok(api.get("/slices/" + slice + "/vms", student.token()), 200).json();
        assertThat(vms).hasSize(3);
        for (JsonNode v : vms) assertThat(v.get("state").asText()).as("%s", v).isEqualTo("RUNNING");

        long undeploy = ok(api.post("/slices/" + slice + "/undeploy", student.token(), Map.of()), 202).json().get("id").asLong();
        List<JsonNode> gone = follow(student.token(), undeploy);
        assertThat(gone.get(gone.size() - 1).get("outcome").asText()).as("%s", gone).isEqualTo("SUCCEEDED");
        assertThat(ok(api.get("/slices/" + slice, student.token()), 200).json().get("status").asText()).isEqualTo("DRAFT");
    }
}
