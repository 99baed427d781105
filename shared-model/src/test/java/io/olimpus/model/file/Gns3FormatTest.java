package io.olimpus.model.file;

import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.olimpus.model.file.LabFileFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Gns3FormatTest {
    @Test
    void twoVpcsLinkedKeepTheirPositionsAndAreMappedToAnImage() throws IOException {
        LabImport imp = read("gns3/1_5_vpcs.gns3");
        Topology t = imp.document().topology();
        assertThat(imp.format()).isEqualTo(LabFormat.GNS3);
        assertThat(t.name()).isEqualTo("n1-5-vpcs");
        assertThat(t.vms()).extracting(Node::name).containsExactly("pc1", "pc2");
        assertThat(LabFileFixtures.pairs(t)).containsExactly("pc1~pc2");
        Node pc1 = t.nodeNamed("pc1").orElseThrow();
        assertThat(imp.document().presentation().nodes().get(pc1.id())).isEqualTo(NodeLook.at(-87, -65));
        assertThat(pc1.vm().image()).isEqualTo("cirros");
        assertThat(imp.reportLines()).contains("slice 1_5_vpcs: renamed to 'n1-5-vpcs'",
                "node PC1: no node type has no Olimpus image; mapped to 'cirros' by the mapping's fallback".replace("no node type", "node type vpcs"));
    }

    @Test
    void aQemuNodeKeepsItsDiskImageRamAndCpus() throws IOException {
        LabImport imp = read("gns3/testqemu.gns3");
        Node vm = imp.document().topology().vms().get(0);
        assertThat(vm.name()).isEqualTo("microcore-1");
        assertThat(vm.vm().image()).isEqualTo("core-linux-6.4.img");
        assertThat(vm.vm().requirement()).isEqualTo(new Resources(1, 256, 0));
        assertThat(imp.reportLines()).containsExactly("node MicroCore-1: renamed to 'microcore-1' (names are lowercase letters, digits and '-')");

        String twoDisks = new String(LabFileFixtures.bytes("gns3/testqemu.gns3"), StandardCharsets.UTF_8)
                .replace("\"hdb_disk_interface\": \"ide\",", "\"hdb_disk_interface\": \"ide\", \"hdb_disk_image\": \"data.img\", \"cdrom_image\": \"\",");
        assertThat(LabFiles.read("testqemu.gns3", twoDisks.getBytes(StandardCharsets.UTF_8)).reportLines())
                .contains("node MicroCore-1: only the first disk is carried; hdb_disk_image data.img not carried").hasSize(2);
    }

    @Test
    void aNatNodeTurnsInternetOnForItsVm() throws IOException {
        LabImport imp = read("gns3/1_5_internet.gns3");
        Topology t = imp.document().topology();
        assertThat(t.vms()).hasSize(1);
        assertThat(t.vms().get(0).vm().internet()).isTrue();
        assertThat(t.links()).isEmpty();
        assertThat(imp.reportLines()).anyMatch(l -> l.contains("a NAT node: the VMs linked to it get internet access instead"));
    }

    @Test
    void textDrawingsBecomeNotesAndShapesAreReported() throws IOException {
        LabImport imp = read("gns3/1_5_drawing.gns3");
        assertThat(imp.document().presentation().notes()).containsExactly(new Note("Test", -151, 93));
        assertThat(imp.reportLines()).contains("project 1_5_drawing: 2 drawings (shapes, images) are not carried; text drawings became notes");
    }

    @Test
    void gns3sOwnTemplateWithPlaceholderIdsIsRefusedAtTheSecondNode() throws IOException {
        assertThatThrownBy(() -> read("gns3/builtins.gns3")).isInstanceOf(TopologyFileException.class)
                .hasMessage("builtins.gns3: topology.nodes[1].node_id: node_id 'ANYUUID' appears twice");
    }

    @Test
    void switchesHubsAndNonEthernetNodesAreHandled() throws IOException {
        // builtins.gns3 with its placeholder ids made unique: a hub, a switch, an ATM and a frame relay switch.
        String text = new String(LabFileFixtures.bytes("gns3/builtins.gns3"), StandardCharsets.UTF_8);
        int[] k = {0};
        text = java.util.regex.Pattern.compile("\"node_id\": \"ANYUUID\"").matcher(text).replaceAll(m -> "\"node_id\": \"id" + (k[0]++) + "\"");
        // The link comes first in the file (ids 0 and 1), the nodes after (ATM1 = 2, HUB1 = 3): link ATM1 to HUB1.
        text = text.replace("\"node_id\": \"id0\"", "\"node_id\": \"id2\"").replace("\"node_id\": \"id1\"", "\"node_id\": \"id3\"");
        LabImport imp = LabFiles.read("builtins.gns3", text.getBytes(StandardCharsets.UTF_8));
        Topology t = imp.document().topology();
        assertThat(t.switches()).extracting(Node::name).containsExactly("hub1", "sw1");
        assertThat(imp.reportLines()).contains("node ATM1: a atm_switch node has no Olimpus counterpart; not carried with its links",
                "node FR1: a frame_relay_switch node has no Olimpus counterpart; not carried with its links");
        assertThat(imp.reportLines()).contains("link ATM1 - HUB1: joins a node that was not carried; not carried");
    }

    @Test
    void roundTripKeepsNodesLinksSwitchesPositionsNotesAndSizes() {
        TopologyDocument doc = LabFileFixtures.sample();
        doc = new TopologyDocument(doc.topology().updateNode("n2", n -> n.withVm(n.vm().withRequirement(new Resources(2, 2048, 0)))),
                new Presentation(doc.presentation().nodes(), List.of(new Note("core <-> edge", 10, 20))));
        LabExport out = LabFiles.write(doc, LabFormat.GNS3);
        assertThat(out.text()).contains("\"revision\" : 9", "\"node_type\" : \"ethernet_switch\"", "\"hda_disk_image\" : \"ubuntu-22.04\"");
        LabImport back = LabFiles.read("lab-one.gns3", out.text().getBytes(StandardCharsets.UTF_8));
        LabFileFixtures.assertSameStructure(back.document(), doc, true);
        assertThat(back.document().presentation().notes()).containsExactly(new Note("core <-> edge", 10, 20));
        assertThat(back.document().topology().nodeNamed("r2").orElseThrow().vm().requirement()).isEqualTo(new Resources(2, 2048, 0));
        assertThat(back.report()).isEmpty();
        // The same design exports to the same file: ids derive from the design, not from chance.
        assertThat(LabFiles.write(doc, LabFormat.GNS3).text()).isEqualTo(out.text());
    }

    @Test
    void disksRenamedByTheExportMappingComeBackUnderTheirOlimpusName() {
        ImageMapping mapping = new ImageMapping(Map.of(), Map.of(), "cirros", Map.of("ubuntu-22.04", "ubuntu-22.04-server.qcow2"));
        LabExport out = LabFiles.write(LabFileFixtures.sample(), LabFormat.GNS3, mapping);
        assertThat(out.text()).contains("\"hda_disk_image\" : \"ubuntu-22.04-server.qcow2\"");
        LabImport back = LabFiles.read("lab-one.gns3", out.text().getBytes(StandardCharsets.UTF_8), mapping);
        LabFileFixtures.assertSameStructure(back.document(), LabFileFixtures.sample(), true);
        assertThat(back.report()).isEmpty();
    }

    @Test
    void badFilesNameTheFileAndThePlace() {
        assertThatThrownBy(() -> LabFiles.read("lab.gns3", "{\"name\": \"x\", \"topology\": {}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("lab.gns3: type: expected \"topology\" with a \"topology\" object (not a GNS3 project file)");
        assertThatThrownBy(() -> LabFiles.read("old.gns3", "{\"type\": \"topology\", \"revision\": 4, \"topology\": {}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("old.gns3: revision: revision 4 is a GNS3 1.x project; open and save it in GNS3 2.x first");
        assertThatThrownBy(() -> LabFiles.read("cut.gns3", "{\"type\": \"topology\", \"revision\": 9, \"topo".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("cut.gns3: not valid JSON at line 1");
        String dangling = "{\"type\": \"topology\", \"revision\": 9, \"name\": \"x\", \"topology\": {\"nodes\": [], \"links\": "
                + "[{\"nodes\": [{\"node_id\": \"a\"}, {\"node_id\": \"b\"}]}]}}";
        assertThatThrownBy(() -> LabFiles.read("x.gns3", dangling.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("x.gns3: topology.links[0].nodes[0].node_id: no node with node_id 'a'");
    }

    @Test
    void theDocumentationsMinimalProjectIsAnEmptyDesign() {
        // The minimal .gns3 shown in gns3-server's docs/file_format.rst.
        String minimal = "{\"name\": \"untitled\", \"project_id\": null, \"revision\": 5, \"topology\": {}, \"type\": \"topology\", \"version\": \"2.0.0\"}";
        LabImport imp = LabFiles.read("untitled.gns3", minimal.getBytes(StandardCharsets.UTF_8), new ImageMapping(Map.of(), Map.of(), "cirros", Map.of()));
        assertThat(imp.document().topology().nodes()).isEmpty();
        assertThat(imp.document().topology().name()).isEqualTo("untitled");
    }
}
