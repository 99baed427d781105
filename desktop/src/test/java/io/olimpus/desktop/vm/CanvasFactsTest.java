package io.olimpus.desktop.vm;

import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CanvasFactsTest {
    private static Topology lab() {
        Topology t = Topology.empty("lab")
                .withNode(Node.vm("n1", "vm1", VmSpec.of("tiny", "cirros")))
                .withNode(Node.vm("n2", "vm2", VmSpec.of("tiny", "cirros")))
                .withNode(Node.switchNode("n3", "sw1"));
        return t.connect("n1", "n3").connect("n1", "n2");
    }

    @Test
    void interfacesAreNumberedInTheOrderOfAVmsLinksAndSwitchesHaveNone() {
        Topology t = lab();
        String toSwitch = t.links().get(0).id(), between = t.links().get(1).id();
        Map<String, Map<String, String>> ifs = CanvasFacts.interfaceNames(t);
        assertThat(ifs.get("n1")).containsExactly(Map.entry(toSwitch, "eth0"), Map.entry(between, "eth1"));
        assertThat(ifs.get("n2")).containsExactly(Map.entry(between, "eth0"));
        assertThat(ifs).doesNotContainKey("n3");
    }

    @Test
    void addressesComeFromThePlatformWhenItRunsElseFromThePlan() {
        Topology t = lab();
        String toSwitch = t.links().get(0).id(), between = t.links().get(1).id();
        CanvasFacts planned = CanvasFacts.NONE.withPlan(Map.of(toSwitch, "10.0.0.0/24"),
                Map.of("n1", Map.of(between, "10.0.1.2", toSwitch, "10.0.0.2")));
        Map<String, String> ifs = CanvasFacts.interfaceNames(t).get("n1");
        assertThat(planned.addresses("n1", ifs)).containsExactly("10.0.0.2", "10.0.1.2");
        assertThat(planned.subnet(toSwitch)).isEqualTo("10.0.0.0/24");
        assertThat(planned.isRunning("n1")).isFalse();
        CanvasFacts running = planned.withRuntime(Map.of("n1", new CanvasFacts.Runtime("RUNNING", "w1", List.of("192.168.5.3"))));
        assertThat(running.addresses("n1", ifs)).containsExactly("192.168.5.3");
        assertThat(running.isRunning("n1")).isTrue();
        assertThat(running.subnet(toSwitch)).isEqualTo("10.0.0.0/24");
    }
}
