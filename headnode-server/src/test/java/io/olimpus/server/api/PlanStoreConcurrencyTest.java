package io.olimpus.server.api;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.deploy.DeploymentStore;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.VmPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class deploy settles many first deploys at once, each storing its slice's first plan. On
 * MariaDB, removing a plan that is not there and then inserting it locked the gap between
 * neighbouring slice ids, so two such saves deadlocked and the loser's job ended INCOMPLETE (seen
 * in the class scale benchmark, ClassDeployBenchmark). Every save here must store its plan.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class PlanStoreConcurrencyTest extends ApiTestBase {
    static final int AT_ONCE = 8, ROUNDS = 6;

    @Test
    void firstPlansOfManySlicesSavedAtOnceAreAllStored() throws Exception {
        String zone = fx.zone(), flavor = fx.flavor(1, 256, 1), image = fx.image();
        DeploymentStore store = new DeploymentStore(server.running.database().jdbi());
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                var owner = fx.user("planner");  // a user's slice limit is 20
                List<Long> slices = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) slices.add(fx.slice(owner.token(), zone, flavor, image));
                CyclicBarrier together = new CyclicBarrier(AT_ONCE);
                List<Future<?>> saves = new ArrayList<>();
                for (long id : slices)
                    saves.add(pool.submit(() -> {
                        together.await(1, TimeUnit.MINUTES);
                        store.savePlan(id, plan(zone, "vm" + id), 1L);
                        return null;
                    }));
                for (Future<?> f : saves) f.get(2, TimeUnit.MINUTES);
                for (long id : slices) assertThat(store.plan(id)).as("plan of slice %d", id).hasValueSatisfying(p -> assertThat(p.vms().get(0).name()).isEqualTo("vm" + id));
            }
            // Saving again replaces the plan.
            long one = fx.slice(fx.user("planner").token(), zone, flavor, image);
            store.savePlan(one, plan(zone, "first"), 1L);
            store.savePlan(one, plan(zone, "second"), 2L);
            assertThat(store.plan(one).orElseThrow().vms()).extracting(VmPlan::name).containsExactly("second");
        } finally {
            pool.shutdownNow();
        }
    }

    private static DeploymentPlan plan(String zone, String vm) {
        return new DeploymentPlan("s", zone, List.of(), List.of(new VmPlan("id-" + vm, vm, "w1", "f", new Resources(1, 256, 1), "i", false, List.of())));
    }
}
