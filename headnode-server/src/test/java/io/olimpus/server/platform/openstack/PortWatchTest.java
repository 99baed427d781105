package io.olimpus.server.platform.openstack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import org.junit.jupiter.api.Test;
import org.openstack4j.model.network.Port;
import org.openstack4j.openstack.networking.domain.NeutronPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RUNNING on OpenStack means the server's ports are wired: the port wait and the status check fed
 * scripted Neutron port states (a server ACTIVE with its ports DOWN once passed as deployed).
 */
class PortWatchTest {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Neutron's ports per project, by id, as "STATUS" or "STATUS/mac"; tests change them while waits run. */
    final Map<String, Map<String, String>> cloud = new ConcurrentHashMap<>();
    final AtomicInteger listings = new AtomicInteger();

    static Port port(String projectId, String id, String status, String mac) {
        try {
            return JSON.readValue("{\"id\":\"" + id + "\",\"tenant_id\":\"" + projectId + "\",\"status\":\"" + status + "\",\"mac_address\":\"" + mac + "\"}",
                    NeutronPort.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    PortWatch watch(Duration budget) {
        return new PortWatch(pid -> {
            listings.incrementAndGet();
            List<Port> out = new ArrayList<>();
            cloud.getOrDefault(pid, Map.of()).forEach((id, st) -> out.add(port(pid, id, st, "fa:16:3e:00:00:01")));
            out.add(port("someone-else", "x-1", "ACTIVE", "fa:16:3e:00:00:09"));
            return out;
        }, budget, 20);
    }

    void set(String pid, String id, String status) { cloud.computeIfAbsent(pid, k -> new ConcurrentHashMap<>()).put(id, status); }

    static Map<String, String> labels(String... idAndLabel) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < idAndLabel.length; i += 2) m.put(idAndLabel[i], idAndLabel[i + 1]);
        return m;
    }

    @Test
    void aWaitEndsWhenEveryPortIsActive() throws Exception {
        PortWatch w = watch(Duration.ofSeconds(30));
        set("p", "port-1", "ACTIVE");
        set("p", "port-2", "DOWN");
        Thread agent = new Thread(() -> {
            try { Thread.sleep(200); } catch (InterruptedException e) { return; }
            set("p", "port-2", "ACTIVE");
        });
        agent.start();
        w.awaitActive("p", labels("port-1", "NIC 0 on network lan1", "port-2", "NIC 1 on network lan2"), "vm1", System.nanoTime());
        agent.join();
        assertThat(cloud.get("p")).containsEntry("port-2", "ACTIVE");
        assertThat(listings.get()).isGreaterThan(1);
    }

    @Test
    void aPortThatStaysDownPastTheBudgetFailsTheVmNamingThePortAndItsNetwork() {
        PortWatch w = watch(Duration.ofMillis(150));
        set("p", "port-1", "ACTIVE");
        set("p", "port-2", "DOWN");
        assertThatThrownBy(() -> w.awaitActive("p", labels("port-1", "NIC 0 on network lan1", "port-2", "NIC 1 on network lan2"), "vm1", System.nanoTime()))
                .isInstanceOf(DriverException.class)
                .hasMessageStartingWith("vm1: Nova made the server ACTIVE but its NIC 1 on network lan2 (port port-2) is DOWN after 0 s")
                .hasMessageContaining("network agent");
    }

    @Test
    void aPortNeutronLostFailsAtOnce() {
        PortWatch w = watch(Duration.ofSeconds(30));
        assertThatThrownBy(() -> w.awaitActive("p", labels("port-9", "NIC 0 on network lan1"), "vm1", System.nanoTime()))
                .hasMessage("vm1: Neutron lost its port port-9 (NIC 0 on network lan1)");
    }

    /** A planned ring of three, each VM with two NICs. */
    static io.olimpus.server.engine.plan.DeploymentPlan ring(String sliceId) {
        var az = List.of(new io.olimpus.server.engine.placement.WorkerCapacity("az1", "az1", new io.olimpus.model.topology.Resources(400, 64_000, 4000),
                io.olimpus.model.topology.Resources.ZERO, true));
        var r = io.olimpus.server.engine.plan.Planner.plan(new io.olimpus.server.engine.plan.PlanRequest(sliceId,
                ShapeGenerator.generate("ring", Shape.ring(3).withVm(OpenStackDriverE2ETest.GUEST)), OpenStackDriverE2ETest.CATALOG,
                OpenStackDriverE2ETest.POLICY, az, io.olimpus.server.engine.plan.ClusterAllocations.NONE, null, new java.util.Random(1)));
        return ((io.olimpus.server.engine.plan.PlanResult.Planned) r).plan();
    }

    @Test
    void anActiveServerWithAPortDownIsBootingNotRunning() {
        var plan = ring("s1");
        SliceContext ctx = new SliceContext("s1", "ring", plan);
        VmPlan vm = plan.vms().get(0);
        VmStatus active = new VmStatus(VmState.RUNNING, null);
        List<Port> ports = new ArrayList<>();
        for (NicPlan nic : vm.nics()) ports.add(port("p", "port-" + nic.index(), "ACTIVE", nic.mac()));
        assertThat(OpenStackDriver.withPorts(active, ctx, vm, ports)).isEqualTo(active);

        NicPlan second = vm.nics().get(1);
        ports.set(1, port("p", "port-1", "DOWN", second.mac()));
        String net = plan.network(second.networkId()).orElseThrow().name();
        VmStatus down = OpenStackDriver.withPorts(active, ctx, vm, ports);
        assertThat(down.state()).isEqualTo(VmState.BOOTING);
        assertThat(down.detail()).contains("NIC 1").contains("on network " + net).contains("DOWN");

        assertThat(OpenStackDriver.withPorts(active, ctx, vm, ports.subList(0, 1)).detail()).contains("has no Neutron port");
    }
}
