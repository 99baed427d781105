package io.olimpus.model.shape;

import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.TopologyValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShapeGeneratorTest {
    static final VmSpec SPEC = VmSpec.of("small", "cirros");

    static Map<String, Integer> degrees(Topology t) {
        Map<String, Integer> d = new HashMap<>();
        t.nodes().forEach(n -> d.put(n.id(), 0));
        for (Link l : t.links()) { d.merge(l.a(), 1, Integer::sum); d.merge(l.b(), 1, Integer::sum); }
        return d;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 7, 50})
    void ringOfNHasNLinksAndEveryDegreeTwo(int n) {
        Topology t = ShapeGenerator.generate("r", Shape.ring(n).withVm(SPEC));
        assertThat(t.vms()).hasSize(n);
        assertThat(t.links()).hasSize(n);
        assertThat(degrees(t).values()).containsOnly(2);
        assertThat(NetworkDeriver.derive(t).size()).isEqualTo(n);
        assertThat(TopologyValidator.validate(t).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 8})
    void meshHasNChooseTwoLinks(int n) {
        Topology t = ShapeGenerator.generate("m", Shape.mesh(n).withVm(SPEC));
        assertThat(t.links()).hasSize(n * (n - 1) / 2);
        assertThat(degrees(t).values()).containsOnly(n - 1);
        assertThat(t.links().stream().map(Link::pairKey).distinct().count()).isEqualTo(t.links().size());
    }

    @Test
    void linearIsAPath() {
        Topology t = ShapeGenerator.generate("l", Shape.linear(5).withVm(SPEC));
        assertThat(t.links()).hasSize(4);
        assertThat(degrees(t).values()).containsExactlyInAnyOrder(1, 2, 2, 2, 1);
        assertThat(t.nodes()).extracting(Node::name).containsExactly("vm1", "vm2", "vm3", "vm4", "vm5");
    }

    @Test
    void singleVmLineHasNoLinks() {
        Topology t = ShapeGenerator.generate("l", Shape.linear(1).withVm(SPEC));
        assertThat(t.nodes()).hasSize(1);
        assertThat(t.links()).isEmpty();
    }

    @Test
    void treeNodeCountFollowsDepthAndFanout() {
        for (int depth = 0; depth <= 4; depth++)
            for (int fanout = 1; fanout <= 4; fanout++) {
                Topology t = ShapeGenerator.generate("t", Shape.tree(depth, fanout).withVm(SPEC));
                long expected = 0, level = 1;
                for (int d = 0; d <= depth; d++) { expected += level; level *= fanout; }
                assertThat(t.vms()).as("depth %d fanout %d", depth, fanout).hasSize((int) expected);
                assertThat(t.links()).hasSize((int) expected - 1);
                assertThat(TopologyValidator.validate(t).problems()).isEmpty();
            }
    }

    @Test
    void treeRootHasFanoutChildrenAndLeavesHaveOneLink() {
        Topology t = ShapeGenerator.generate("t", Shape.tree(2, 3).withVm(SPEC));
        Map<String, Integer> d = degrees(t);
        assertThat(d.get(t.nodes().get(0).id())).isEqualTo(3);
        assertThat(d.values().stream().filter(x -> x == 1).count()).isEqualTo(9);
        assertThat(d.values().stream().filter(x -> x == 4).count()).isEqualTo(3);
    }

    @Test
    void busIsOneSwitchAndOneNetwork() {
        Topology t = ShapeGenerator.generate("b", Shape.bus(6).withVm(SPEC));
        assertThat(t.switches()).hasSize(1);
        assertThat(t.vms()).hasSize(6);
        var nets = NetworkDeriver.derive(t);
        assertThat(nets.size()).isEqualTo(1);
        assertThat(nets.all().get(0).attachments()).hasSize(6);
    }

    @Test
    void starWithSwitchHubIsOneNetworkAndWithVmHubIsOnePerSpoke() {
        Topology sw = ShapeGenerator.generate("s", Shape.star(5, StarHub.SWITCH).withVm(SPEC));
        assertThat(sw.switches()).hasSize(1);
        assertThat(sw.vms()).hasSize(5);
        assertThat(NetworkDeriver.derive(sw).size()).isEqualTo(1);

        Topology vm = ShapeGenerator.generate("s", Shape.star(5, StarHub.VM).withVm(SPEC));
        assertThat(vm.switches()).isEmpty();
        assertThat(vm.vms()).hasSize(5);
        assertThat(vm.links()).hasSize(4);
        assertThat(degrees(vm).get(vm.nodes().get(0).id())).isEqualTo(4);
        assertThat(NetworkDeriver.derive(vm).size()).isEqualTo(4);
    }

    @Test
    void prefixNamesTheVms() {
        Topology t = ShapeGenerator.generate("p", Shape.ring(3).withPrefix("web"));
        assertThat(t.nodes()).extracting(Node::name).containsExactly("web1", "web2", "web3");
    }

    @Test
    void addingAShapeContinuesNamesAndLinksItsAnchorToTheChosenNode() {
        Topology ring = ShapeGenerator.generate("mix", Shape.ring(4).withVm(SPEC));
        String target = ring.nodeNamed("vm2").orElseThrow().id();
        var added = ShapeGenerator.addTo(ring, Shape.bus(3).withVm(SPEC), target);
        Topology t = added.topology();
        assertThat(t.nodes()).hasSize(4 + 1 + 3);
        assertThat(added.nodeIds()).hasSize(4);
        assertThat(t.nodes().stream().map(Node::name).distinct().count()).isEqualTo(t.nodes().size());
        assertThat(t.nodes()).extracting(Node::name).contains("vm5", "vm6", "vm7", "sw1");
        assertThat(t.links()).anySatisfy(l -> {
            assertThat(l.touches(target)).isTrue();
            assertThat(l.touches(added.anchorId())).isTrue();
        });
        assertThat(t.node(added.anchorId()).orElseThrow().isSwitch()).isTrue();
        assertThat(TopologyValidator.validate(t).problems()).isEmpty();
        // Ids stay unique across the old and new parts.
        assertThat(t.nodes().stream().map(Node::id).distinct().count()).isEqualTo(t.nodes().size());
        assertThat(t.links().stream().map(Link::id).distinct().count()).isEqualTo(t.links().size());
    }

    @Test
    void addingToAnUnknownNodeIsRefused() {
        assertThatThrownBy(() -> ShapeGenerator.addTo(Topology.empty("x"), Shape.ring(3), "n99"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n99");
    }

    @Test
    void parametersAreValidated() {
        assertThatThrownBy(() -> Shape.ring(2)).hasMessageContaining("ring needs at least 3");
        assertThatThrownBy(() -> Shape.linear(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Shape.mesh(1)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Shape.star(1, StarHub.VM)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Shape.bus(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Shape.tree(-1, 2)).hasMessageContaining("depth");
        assertThatThrownBy(() -> Shape.tree(2, 0)).hasMessageContaining("fanout");
        assertThatThrownBy(() -> Shape.tree(30, 3)).hasMessageContaining("limit");
        assertThatThrownBy(() -> Shape.ring(1_000_000)).hasMessageContaining("limit");
        assertThatThrownBy(() -> Shape.ring(3).withPrefix("Bad;rm")).hasMessageContaining("prefix");
    }

    @Test
    void namesSkipThoseAlreadyTaken() {
        Topology t = Topology.empty("x").withNode(Node.vm("n1", "vm2", SPEC));
        Topology after = ShapeGenerator.addTo(t, Shape.linear(3).withVm(SPEC), null).topology();
        assertThat(after.nodes()).extracting(Node::name).containsExactly("vm2", "vm1", "vm3", "vm4");
        assertThat(List.copyOf(after.links())).hasSize(2);
    }
}
