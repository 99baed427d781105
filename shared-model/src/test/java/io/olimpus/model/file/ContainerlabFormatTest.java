package io.olimpus.model.file;

import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.olimpus.model.file.LabFileFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerlabFormatTest {
    @Test
    void readsTheFrrLabWithGroupsAndReportsWhatContainersHadThatVmsDoNot() throws IOException {
        LabImport imp = read("clab/frr01.clab.yml");
        Topology t = imp.document().topology();
        assertThat(imp.format()).isEqualTo(LabFormat.CONTAINERLAB);
        assertThat(t.name()).isEqualTo("frr01");
        assertThat(t.vms()).extracting(Node::name).containsExactly("router1", "router2", "router3", "pc1", "pc2", "pc3");
        assertThat(t.links()).hasSize(6);
        assertThat(LabFileFixtures.pairs(t)).contains("router1~router2", "pc1~router1");
        // The group's container image is no Olimpus image: the fallback is used and said so, per node.
        assertThat(t.nodeNamed("router1").orElseThrow().vm().image()).isEqualTo("cirros");
        assertThat(imp.reportLines()).contains(
                "node router1: kind linux with image 'quay.io/frrouting/frr:10.5.1' has no Olimpus image; mapped to 'cirros' by the mapping's fallback",
                "node router1: binds not carried",
                "node PC1: renamed to 'pc1' (names are lowercase letters, digits and '-')",
                "node PC1: exec not carried");
        // Its interfaces are eth1, eth2, ... in link order, as Olimpus numbers them: nothing lost there.
        assertThat(imp.reportLines()).noneMatch(l -> l.contains("interface names"));
        // containerlab has no positions unless a graph editor wrote them: the desktop lays these out.
        assertThat(imp.document().presentation().nodes()).isEmpty();
    }

    @Test
    void kindsSectionGivesImagesAndTheMappingTurnsThemIntoOlimpusImages() throws IOException {
        ImageMapping mapping = new ImageMapping(Map.of("ghcr.io/nokia/srlinux", "srlinux-vm"), Map.of("linux", "ubuntu-22.04"), "cirros", Map.of());
        LabImport imp = LabFiles.read("clos01.clab.yml", LabFileFixtures.bytes("clab/clos01.clab.yml"), mapping);
        Topology t = imp.document().topology();
        assertThat(t.nodeNamed("leaf1").orElseThrow().vm().image()).isEqualTo("srlinux-vm");
        assertThat(t.nodeNamed("client1").orElseThrow().vm().image()).isEqualTo("ubuntu-22.04");
        assertThat(imp.reportLines()).contains(
                "node leaf1: image 'ghcr.io/nokia/srlinux' mapped to 'srlinux-vm' by the mapping",
                "node client1: kind linux (image 'ghcr.io/hellt/network-multitool') mapped to 'ubuntu-22.04' by the mapping",
                "node leaf1: type not carried");
    }

    @Test
    void aBridgeNodeIsASwitchAndItsVmsShareOneNetwork() throws IOException {
        LabImport imp = read("clab/br01.clab.yml");
        Topology t = imp.document().topology();
        assertThat(t.switches()).extracting(Node::name).containsExactly("br-clab");
        assertThat(t.vms()).hasSize(3);
        assertThat(NetworkDeriver.derive(t).size()).isEqualTo(1);
        assertThat(NetworkDeriver.derive(t).all().get(0).attachments()).hasSize(3);
    }

    @Test
    void interfaceNamesWithSlashesAreFine() throws IOException {
        LabImport imp = read("clab/srlceos01.clab.yml");
        assertThat(LabFileFixtures.pairs(imp.document().topology())).containsExactly("ceos~srl");
        assertThat(imp.reportLines()).anyMatch(l -> l.startsWith("link srl:ethernet-1/1 - ceos:eth1: interface names are not kept"));
    }

    @Test
    void roundTripKeepsNodesLinksSwitchesPositionsAndWhatOnlyLabelsCanCarry() {
        TopologyDocument doc = LabFileFixtures.sample();
        Topology t = doc.topology();
        doc = new TopologyDocument(t.updateNode("n1", n -> n.withVm(n.vm().withFlavor("small").withInternet(true))),
                doc.presentation().withNode("n2", NodeLook.at(12.5, -40)));
        LabExport out = LabFiles.write(doc, LabFormat.CONTAINERLAB);
        assertThat(out.text()).contains("graph-posX: \"100\"", "kind: bridge", "r1:eth1", "lan1:eth1");
        assertThat(out.reportLines()).contains("switch lan1: written as a containerlab bridge: create the Linux bridge 'lan1' on the host before deploying");
        LabImport back = LabFiles.read("lab-one.clab.yml", out.text().getBytes(StandardCharsets.UTF_8));
        LabFileFixtures.assertSameStructure(back.document(), doc, true);
        Node r1 = back.document().topology().nodeNamed("r1").orElseThrow();
        assertThat(r1.vm().flavor()).isEqualTo("small");
        assertThat(r1.vm().internet()).isTrue();
        assertThat(back.report()).isEmpty();
    }

    @Test
    void exportImagesAreRenamedByTheMappingAndComeBackUnderTheirOlimpusName() {
        ImageMapping mapping = new ImageMapping(Map.of(), Map.of(), "cirros", Map.of("ubuntu-22.04", "docker.io/library/ubuntu:22.04"));
        LabExport out = LabFiles.write(LabFileFixtures.sample(), LabFormat.CONTAINERLAB, mapping);
        assertThat(out.text()).contains("image: docker.io/library/ubuntu:22.04");
        String withoutLabels = out.text().replaceAll("(?m)^ *olimpus-image:.*\\n", "");
        LabImport back = LabFiles.read("x.clab.yml", withoutLabels.getBytes(StandardCharsets.UTF_8), mapping);
        assertThat(back.document().topology().nodeNamed("r2").orElseThrow().vm().image()).isEqualTo("ubuntu-22.04");
    }

    @Test
    void aLinkToAnUnknownNodeNamesTheFileAndTheEndpoint() {
        String yaml = "name: x\ntopology:\n  nodes:\n    a: {kind: linux, image: alpine}\n  links:\n    - endpoints: [\"a:eth1\", \"b:eth1\"]\n";
        assertThatThrownBy(() -> LabFiles.read("bad.clab.yml", yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TopologyFileException.class)
                .hasMessage("bad.clab.yml: topology.links[0].endpoints[1]: no node named 'b'");
    }

    @Test
    void aFileThatIsNotWhatItsNameClaimsSaysWhatItIs() throws IOException {
        assertThatThrownBy(() -> LabFiles.read("oops.clab.yml", LabFileFixtures.bytes("netlab/groups-simple.yml")))
                .isInstanceOf(TopologyFileException.class)
                .hasMessage("oops.clab.yml: named like a containerlab topology but holds a netlab topology; rename it to end in .yml");
        assertThatThrownBy(() -> LabFiles.read("lab.gns3", LabFileFixtures.bytes("clab/br01.clab.yml")))
                .hasMessage("lab.gns3: named like a GNS3 project but holds a containerlab topology; rename it to end in .clab.yml");
        // Neither format recognisably: the claimed format's reader says where it breaks.
        assertThatThrownBy(() -> LabFiles.read("x.clab.yml", "name: x\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("x.clab.yml: topology: is required");
    }

    @Test
    void aTruncatedFileReportsTheLine() throws IOException {
        String whole = new String(LabFileFixtures.bytes("clab/frr01.clab.yml"), StandardCharsets.UTF_8);
        String cut = whole.substring(0, whole.indexOf("endpoints: [\"router1:eth2\"") + 22);
        assertThatThrownBy(() -> LabFiles.read("frr01.clab.yml", cut.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TopologyFileException.class)
                .hasMessageContaining("frr01.clab.yml").hasMessageContaining("not valid YAML at line");
    }

    @Test
    void hostLinksAndUnknownFieldsAreReportedNotFatal() {
        String yaml = "name: x\nmgmt: {network: custom}\ntopology:\n  nodes:\n    a: {kind: linux, image: alpine, shiny: yes}\n"
                + "  links:\n    - endpoints: [\"a:eth1\", \"host:a-eth1\"]\n"
                + "    - type: macvlan\n      endpoint: {node: a, interface: eth2}\n      host-interface: enp0s3\n";
        LabImport imp = LabFiles.read("x.clab.yml", yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(imp.document().topology().links()).isEmpty();
        assertThat(imp.reportLines()).contains("lab x: 'mgmt' settings are not carried", "node a: shiny not carried",
                "link a:eth1 - host:a-eth1: a link to the container host ('host') has no Olimpus counterpart; not carried",
                "link macvlan of a: a macvlan link has no Olimpus counterpart; not carried");
        // "alpine" is a plain name: kept as the Olimpus image, the catalog check says whether it exists.
        assertThat(imp.document().topology().vms().get(0).vm().image()).isEqualTo("alpine");
    }
}
