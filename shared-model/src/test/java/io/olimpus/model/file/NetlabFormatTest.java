package io.olimpus.model.file;

import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.olimpus.model.file.LabFileFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetlabFormatTest {
    @Test
    void theDocumentationsFourLinkSpellingsAllRead() throws IOException {
        LabImport imp = read("netlab/links-sample.yml");
        Topology t = imp.document().topology();
        assertThat(imp.format()).isEqualTo(LabFormat.NETLAB);
        assertThat(t.name()).isEqualTo("links-sample");   // netlab files rarely name the lab: the file does
        assertThat(t.vms()).extracting(Node::name).containsExactly("r1", "r2", "r3");
        assertThat(t.switches()).isEmpty();
        assertThat(LabFileFixtures.pairs(t)).containsExactlyInAnyOrder("r1~r2", "r1~r3", "r2~r3");
        assertThat(imp.reportLines()).contains("node r1: device iosv has no Olimpus image; mapped to 'cirros' by the mapping's fallback");
        assertThat(imp.document().presentation().nodes()).isEmpty();
    }

    @Test
    void multiAccessLinksBecomeSwitches() throws IOException {
        LabImport imp = read("netlab/link-without-prefix.yml");
        Topology t = imp.document().topology();
        assertThat(t.vms()).hasSize(3);
        assertThat(t.switches()).extracting(Node::name).containsExactly("lan1", "lan2");
        assertThat(NetworkDeriver.derive(t).size()).isEqualTo(4);
        assertThat(t.linksOf(t.nodeNamed("lan1").orElseThrow().id())).hasSize(3);
        assertThat(imp.reportLines()).contains("link r1-r2: prefix not carried (Olimpus gives each network a subnet from the zone's address pool)");
    }

    @Test
    void groupsAndPoolsAreReportedAndDottedKeysRead() throws IOException {
        LabImport groups = read("netlab/groups-simple.yml");
        assertThat(groups.document().topology().vms()).hasSize(6);
        assertThat(groups.reportLines()).contains("group g1: (a, b, c) Olimpus has no groups; the membership is not carried",
                "group g2: (d, e, f) Olimpus has no groups; the membership is not carried");

        ImageMapping mapping = new ImageMapping(Map.of(), Map.of("csr", "csr1000v"), "cirros", Map.of());
        LabImport pools = LabFiles.read("addressing-lan.yml", LabFileFixtures.bytes("netlab/addressing-lan.yml"), mapping);
        Topology t = pools.document().topology();
        // "defaults.device: csr" is netlab's dotted spelling of defaults: {device: csr}.
        assertThat(t.vms()).allMatch(n -> n.vm().image().equals("csr1000v"));
        assertThat(pools.reportLines()).contains(
                "addressing pool dualstack: (ipv4 172.17.0.0/16, prefix 25, ipv6 2001:db8:3::/48) not carried: Olimpus gives each network a subnet from the zone's address pool when the slice is deployed",
                "node r1: id not carried".replace("id not carried", "device csr mapped to 'csr1000v' by the mapping"),
                "link 'Tunnel from a P2P pool': a tunnel link has no Olimpus counterpart; not carried");
        // Its LANs of three routers are switches; the two-node links with no type are VM-VM links.
        assertThat(t.switches()).isNotEmpty();
        Node lan = t.nodeNamed("lan1").orElseThrow();
        assertThat(lan.isSwitch()).isTrue();
        assertThat(pools.document().presentation().nodes().get(lan.id()).note()).isEqualTo("Standard LAN link (happens to be v6only)");
    }

    @Test
    void interfacesListsAndNodeDataRead() throws IOException {
        LabImport imp = read("netlab/rp-static-gw.yml");
        Topology t = imp.document().topology();
        assertThat(t.vms()).extracting(Node::name).containsExactly("h1", "h2", "s1", "s2");
        assertThat(t.switches()).hasSize(4);
        assertThat(imp.reportLines()).contains("lab rp-static-gw: provider, gateway, routing settings are not carried", "node h1: routing not carried");
    }

    @Test
    void roundTripKeepsNodesLinksSwitchesAndSizesButNotPositions() {
        TopologyDocument doc = LabFileFixtures.sample();
        doc = new TopologyDocument(doc.topology().updateNode("n2", n -> n.withVm(n.vm().withRequirement(new Resources(2, 1024, 0)))), doc.presentation());
        LabExport out = LabFiles.write(doc, LabFormat.NETLAB);
        assertThat(out.text()).contains("bridge: lan1", "type: lan", "device: linux");
        assertThat(out.reportLines()).contains("slice lab-one: positions, colours and notes are not carried (netlab topologies have no drawing)");
        LabImport back = LabFiles.read("lab-one.yml", out.text().getBytes(StandardCharsets.UTF_8));
        LabFileFixtures.assertSameStructure(back.document(), doc, false);
        assertThat(back.document().topology().nodeNamed("r2").orElseThrow().vm().requirement()).isEqualTo(new Resources(2, 1024, 0));
        assertThat(back.document().presentation().nodes()).isEmpty();
        assertThat(back.report()).isEmpty();
    }

    @Test
    void badFiles() {
        assertThatThrownBy(() -> LabFiles.read("lab.yml", "nodes: [a, b]\nlinks:\n- a-c\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("lab.yml: links[0]: no node named 'c'");
        assertThatThrownBy(() -> LabFiles.read("lab.yml", "nodes: 7\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("lab.yml: nodes: expected an object, got a number");
        assertThatThrownBy(() -> LabFiles.read("lab.yml", "nodes: [a, b\nlinks: [".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("lab.yml: not valid YAML at line");
        assertThatThrownBy(() -> LabFiles.read("lab.yml", "nodes: [a, a]\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("lab.yml: nodes.a: node 'a' appears twice");
        // A LAN's switch is no node of the file: a later link cannot name it.
        assertThatThrownBy(() -> LabFiles.read("lab.yml", "nodes: [a, b, c]\nlinks:\n- [a, b, c]\n- a-lan1\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("lab.yml: links[1]: no node named 'lan1'");
        assertThatThrownBy(() -> LabFiles.read("notes.yml", "shopping: [milk]\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("notes.yml: not a lab file Olimpus knows");
    }
}
