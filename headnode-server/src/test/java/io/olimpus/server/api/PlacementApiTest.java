package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.deploy.DeploymentStore;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.VmPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /zones/{zone}/placements: what runs on each worker, from the plans the engine keeps for
 * deployed slices (stored here through the engine's own store, as a deploy would).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class PlacementApiTest extends ApiTestBase {

    @Test
    void everyWorkerIsListedWithTheSlicesAndVmsPlacedOnIt() {
        String zone = fx.zone(), w1 = Fixtures.unique("pw"), w2 = Fixtures.unique("pw"), idle = Fixtures.unique("pw");
        for (String w : List.of(w1, w2, idle))
            assertThat(api.post("/zones/" + zone + "/workers", fx.admin, ZoneApiTest.worker(w)).status()).isEqualTo(201);
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        var owner = fx.user("plowner");
        long a = fx.slice(owner.token(), zone, flavor, image), b = fx.slice(owner.token(), zone, flavor, image);
        DeploymentStore store = new DeploymentStore(server.running.database().jdbi());
        store.savePlan(a, plan(zone, List.of(vm("vm1", w1), vm("vm2", w2), vm("vm3", w1))), 1L);
        store.savePlan(b, plan(zone, List.of(vm("vm1", w2))), 1L);

        JsonNode r = api.get("/zones/" + zone + "/placements", fx.admin).json();
        assertThat(r.get("zone").asText()).isEqualTo(zone);
        JsonNode workers = r.get("workers");
        assertThat(workers).hasSize(3);
        assertThat(workers.get(0).get("worker").asText()).isEqualTo(w1);
        JsonNode onW1 = workers.get(0).get("slices");
        assertThat(onW1).hasSize(1);
        assertThat(onW1.get(0).get("id").asLong()).isEqualTo(a);
        assertThat(onW1.get(0).get("owner").asText()).isEqualTo(owner.username());
        assertThat(onW1.get(0).get("vms").toString()).isEqualTo("[\"vm1\",\"vm3\"]");
        JsonNode onW2 = workers.get(1).get("slices");
        assertThat(onW2).hasSize(2);
        assertThat(onW2.get(0).get("vms").toString()).isEqualTo("[\"vm2\"]");
        assertThat(onW2.get(1).get("id").asLong()).isEqualTo(b);
        assertThat(workers.get(2).get("worker").asText()).isEqualTo(idle);
        assertThat(workers.get(2).get("slices")).isEmpty();

        problem(api.get("/zones/nosuchzone/placements", fx.admin), 404);
        problem(api.get("/zones/" + zone + "/placements", owner.token()), 403);
    }

    private static DeploymentPlan plan(String zone, List<VmPlan> vms) {
        return new DeploymentPlan("s", zone, List.of(), vms);
    }

    private static VmPlan vm(String name, String worker) {
        return new VmPlan("id-" + name, name, worker, "f", new Resources(1, 256, 1), "i", false, List.of());
    }
}
