package io.olimpus.server.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class ZoneApiTest extends ApiTestBase {

    static Map<String, Object> worker(String name) {
        Map<String, Object> w = new HashMap<>();
        w.put("name", name);
        w.put("mgmtAddress", "10.0.0.11");
        w.put("sshUser", "olimpus");
        w.put("sshKeyRef", "keys/worker1_ed25519");
        w.put("vcpus", 8);
        w.put("ramMb", 16384);
        w.put("diskGb", 200);
        w.put("kvm", true);
        return w;
    }

    @Test
    void anOpenstackZoneMapsToANovaAz() {
        String name = Fixtures.unique("os");
        var r = api.post("/zones", fx.admin, Map.of("name", name, "platform", "openstack", "novaAz", "nova-az1"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("novaAz").asText()).isEqualTo("nova-az1");
        var dflt = api.post("/zones", fx.admin, Map.of("name", Fixtures.unique("os"), "platform", "openstack"));
        assertThat(dflt.json().get("novaAz").asText()).isEqualTo(dflt.json().get("name").asText());
        problem(api.post("/zones", fx.admin, Map.of("name", name, "platform", "openstack")), 409);
        var bad = problem(api.post("/zones", fx.admin, Map.of("name", Fixtures.unique("os"), "platform", "vmware")), 400);
        assertThat(bad.json().get("field").asText()).isEqualTo("platform");
        problem(api.post("/zones/" + name + "/workers", fx.admin, worker(Fixtures.unique("w"))), 409);
    }

    @Test
    void leftoversAreForAdminsAndAZoneNotReadySaysWhatToSet() {
        String linux = fx.zone();
        // A Linux zone without settings has no hosts to ask: the admin is told what to set.
        var notReady = problem(api.get("/zones/" + linux + "/leftovers", fx.admin), 409);
        assertThat(notReady.json().get("detail").asText()).contains("has no Linux settings yet");
        problem(api.delete("/zones/" + linux + "/leftovers", fx.admin), 409);
        problem(api.get("/zones/no-such-zone/leftovers", fx.admin), 404);
        // An OpenStack zone without settings is not ready: the admin is told what to set.
        String os = Fixtures.unique("os");
        assertThat(api.post("/zones", fx.admin, Map.of("name", os, "platform", "openstack")).status()).isEqualTo(201);
        assertThat(problem(api.get("/zones/" + os + "/leftovers", fx.admin), 409).json().get("detail").asText()).contains("has no OpenStack settings");
        problem(api.get("/zones/" + linux + "/leftovers", fx.user("lfo").token()), 403);
    }

    @Test
    void aLinuxZoneHoldsWorkers() {
        String zone = fx.zone();
        String w = Fixtures.unique("worker");
        var r = api.post("/zones/" + zone + "/workers", fx.admin, worker(w));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("capacity").get("ramMb").asInt()).isEqualTo(16384);
        assertThat(r.json().get("kvm").asBoolean()).isTrue();
        var list = api.get("/zones/" + zone + "/workers", fx.admin);
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(api.get("/zones/" + zone + "/workers/" + w, fx.admin).json().get("sshKeyRef").asText()).isEqualTo("keys/worker1_ed25519");
        // The engine's view.
        assertThat(server.running.stores().zones().workers(zone)).singleElement().satisfies(x -> assertThat(x.capacity().vcpus()).isEqualTo(8));
        assertThat(api.delete("/zones/" + zone + "/workers/" + w, fx.admin).status()).isEqualTo(204);
        assertThat(api.get("/zones/" + zone + "/workers", fx.admin).json().get("items")).isEmpty();
    }

    @Test
    void workerFieldsThatReachAShellAreChecked() {
        String zone = fx.zone();
        for (var bad : Map.of("mgmtAddress", "10.0.0.1; rm -rf /", "sshUser", "root$(id)", "sshKeyRef", "../../etc/shadow",
                "name", "w1`reboot`").entrySet()) {
            var body = worker(Fixtures.unique("w"));
            body.put(bad.getKey(), bad.getValue());
            var r = problem(api.post("/zones/" + zone + "/workers", fx.admin, body), 400);
            assertThat(r.json().get("field").asText()).isEqualTo(bad.getKey());
        }
        var body = worker(Fixtures.unique("w"));
        body.remove("vcpus");
        assertThat(problem(api.post("/zones/" + zone + "/workers", fx.admin, body), 400).json().get("field").asText()).isEqualTo("vcpus");
    }

    @Test
    void usersReadZonesButNotWorkers() {
        String zone = fx.zone();
        var u = fx.user("zoneuser");
        assertThat(api.get("/zones", u.token()).body()).contains(zone);
        assertThat(api.get("/zones/" + zone, u.token()).status()).isEqualTo(200);
        problem(api.get("/zones/" + zone + "/workers", u.token()), 403);
    }

    @Test
    void aZoneInUseCannotBeDeleted() {
        String zone = fx.zone();
        var u = fx.user("zoneowner");
        long slice = fx.slice(u.token(), zone, fx.flavor(1, 256, 1), fx.image());
        problem(api.delete("/zones/" + zone, fx.admin), 409);
        assertThat(api.delete("/slices/" + slice, u.token()).status()).isEqualTo(204);
        assertThat(api.delete("/zones/" + zone, fx.admin).status()).isEqualTo(204);
        problem(api.get("/zones/" + zone, fx.admin), 404);
    }
}
