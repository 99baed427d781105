package io.olimpus.model.network;

import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkDeriverTest {
    static Node vm(String id) { return Node.vm(id, "vm-" + id, VmSpec.of("f", "i")); }
    static Node sw(String id) { return Node.switchNode(id, "sw-" + id); }

    @Test
    void eachVmToVmLinkIsItsOwnNetwork() {
        Topology t = new Topology("t", null, List.of(vm("a"), vm("b"), vm("c")),
                List.of(new Link("l1", "a", "b"), new Link("l2", "b", "c")));
        DerivedNetworks nets = NetworkDeriver.derive(t);
        assertThat(nets.all()).extracting(DerivedNetwork::id).containsExactly("net-l1", "net-l2");
        assertThat(nets.ofLink("l1").orElseThrow().attachments())
                .containsExactly(new Attachment("a", "l1"), new Attachment("b", "l1"));
        assertThat(nets.nicsOf("b")).containsExactly(new Attachment("b", "l1"), new Attachment("b", "l2"));
    }

    @Test
    void linkedSwitchesAreOneNetworkSharedByTheirVms() {
        Topology t = new Topology("t", null, List.of(sw("s1"), sw("s2"), sw("s3"), vm("a"), vm("b"), vm("c"), vm("d")),
                List.of(new Link("l1", "s1", "s2"), new Link("l2", "a", "s1"), new Link("l3", "b", "s2"),
                        new Link("l4", "c", "s3"), new Link("l5", "d", "c")));
        DerivedNetworks nets = NetworkDeriver.derive(t);
        assertThat(nets.size()).isEqualTo(3);
        DerivedNetwork joined = nets.ofLink("l2").orElseThrow();
        assertThat(joined).isSameAs(nets.ofLink("l3").orElseThrow());
        assertThat(joined.switchIds()).containsExactly("s1", "s2");
        assertThat(joined.attachments()).extracting(Attachment::vmId).containsExactly("a", "b");
        assertThat(nets.ofLink("l4").orElseThrow().switchIds()).containsExactly("s3");
        assertThat(nets.ofLink("l5").orElseThrow().isSwitched()).isFalse();
        assertThat(nets.nicsOf("c")).hasSize(2);
    }

    @Test
    void derivationIsDeterministicAndIgnoresBrokenLinks() {
        Topology t = new Topology("t", null, List.of(vm("a"), sw("s")),
                List.of(new Link("l1", "a", "a"), new Link("l2", "a", "ghost"), new Link("l3", "a", "s")));
        DerivedNetworks first = NetworkDeriver.derive(t), second = NetworkDeriver.derive(t);
        assertThat(first.all()).isEqualTo(second.all());
        assertThat(first.size()).isEqualTo(1);
        assertThat(first.nicsOf("a")).containsExactly(new Attachment("a", "l3"));
    }

    @Test
    void aSwitchWithoutVmsStillFormsANetwork() {
        Topology t = new Topology("t", null, List.of(sw("s")), List.of());
        assertThat(NetworkDeriver.derive(t).all()).singleElement().satisfies(n -> assertThat(n.attachments()).isEmpty());
    }
}
