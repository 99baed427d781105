package io.olimpus.model.file;

import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The real files of other tools kept under test resources, and the checks every round trip shares. */
final class LabFileFixtures {
    private LabFileFixtures() {}

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = LabFileFixtures.class.getResourceAsStream("/exchange/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }

    static LabImport read(String resource) throws IOException {
        return LabFiles.read(resource.substring(resource.indexOf('/') + 1), bytes(resource));
    }

    /**
     * A design with what every format should carry: VMs with images, a switch joining three VMs, a
     * VM-VM link, and positions on every node.
     */
    static TopologyDocument sample() {
        Topology t = new Topology("lab-one", null, List.of(
                Node.vm("n1", "r1", VmSpec.of(null, "cirros")),
                Node.vm("n2", "r2", VmSpec.of(null, "ubuntu-22.04")),
                Node.vm("n3", "h1", VmSpec.of(null, "cirros")),
                Node.vm("n4", "h2", VmSpec.of(null, "cirros")),
                Node.switchNode("n5", "lan1")),
                List.of(new Link("l1", "n1", "n2"), new Link("l2", "n1", "n5"), new Link("l3", "n3", "n5"), new Link("l4", "n4", "n5")));
        Presentation p = Presentation.EMPTY
                .withNode("n1", NodeLook.at(100, 200)).withNode("n2", NodeLook.at(300, 200))
                .withNode("n3", NodeLook.at(50, 400)).withNode("n4", NodeLook.at(150, 400)).withNode("n5", NodeLook.at(100, 300));
        return new TopologyDocument(t, p);
    }

    /** Same node names, kinds and images, same links by node names, same positions by node name. */
    static void assertSameStructure(TopologyDocument back, TopologyDocument original, boolean positions) {
        Topology a = back.topology(), b = original.topology();
        assertThat(a.name()).isEqualTo(b.name());
        assertThat(a.nodes()).extracting(Node::name, Node::kind).containsExactlyInAnyOrderElementsOf(
                b.nodes().stream().map(n -> org.assertj.core.groups.Tuple.tuple(n.name(), n.kind())).toList());
        for (Node n : b.vms()) assertThat(a.nodeNamed(n.name()).orElseThrow().vm().image()).as(n.name()).isEqualTo(n.vm().image());
        assertThat(pairs(a)).isEqualTo(pairs(b));
        if (positions) for (Node n : b.nodes()) {
            NodeLook want = original.presentation().nodes().get(n.id());
            NodeLook got = back.presentation().nodes().get(a.nodeNamed(n.name()).orElseThrow().id());
            assertThat(got).as("position of " + n.name()).isNotNull();
            assertThat(got.x()).isEqualTo(want.x());
            assertThat(got.y()).isEqualTo(want.y());
        }
    }

    static Set<String> pairs(Topology t) {
        Set<String> out = new HashSet<>();
        for (Link l : t.links()) {
            String x = t.requireNode(l.a()).name(), y = t.requireNode(l.b()).name();
            out.add(x.compareTo(y) < 0 ? x + "~" + y : y + "~" + x);
        }
        return out;
    }
}
