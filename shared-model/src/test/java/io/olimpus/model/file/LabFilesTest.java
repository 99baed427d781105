package io.olimpus.model.file;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabFilesTest {
    @Test
    void theFormatIsPickedByNameThenByContent() throws IOException {
        assertThat(LabFiles.read("anything.clab.yml", LabFileFixtures.bytes("clab/br01.clab.yml")).format()).isEqualTo(LabFormat.CONTAINERLAB);
        assertThat(LabFiles.read("br01.yaml", LabFileFixtures.bytes("clab/br01.clab.yml")).format()).isEqualTo(LabFormat.CONTAINERLAB);
        assertThat(LabFiles.read("topology.yml", LabFileFixtures.bytes("netlab/groups-simple.yml")).format()).isEqualTo(LabFormat.NETLAB);
        assertThat(LabFiles.read("project.json", LabFileFixtures.bytes("gns3/1_5_vpcs.gns3")).format()).isEqualTo(LabFormat.GNS3);
        assertThat(LabFiles.read("noextension", LabFileFixtures.bytes("gns3/1_5_vpcs.gns3")).format()).isEqualTo(LabFormat.GNS3);
        String own = TopologyFile.write(LabFileFixtures.sample());
        LabImport back = LabFiles.read("lab-one.json", own.getBytes(StandardCharsets.UTF_8));
        assertThat(back.format()).isEqualTo(LabFormat.OLIMPUS);
        assertThat(back.document()).isEqualTo(LabFileFixtures.sample());
        try (var in = getClass().getResourceAsStream("/course/anillo7.json")) {
            LabImport course = LabFiles.read("anillo7.json", in.readAllBytes());
            assertThat(course.format()).isEqualTo(LabFormat.COURSE);
            assertThat(course.reportLines()).contains("VM 'VM 7': renamed to 'vm-7'");
        }
    }

    @Test
    void filesThatAreNotWhatTheyClaimNameTheFile() {
        assertThatThrownBy(() -> LabFiles.read("lab.gns3", "{\"name\": \"x\", \"topology\": {\"nodes\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TopologyFileException.class).hasMessageStartingWith("lab.gns3: not valid JSON at line 1")
                .satisfies(e -> assertThat(((TopologyFileException) e).file()).isEqualTo("lab.gns3"));
        assertThatThrownBy(() -> LabFiles.read("x.json", "{\"hello\": 1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("x.json: not a lab file Olimpus knows");
        assertThatThrownBy(() -> LabFiles.read("x.clab.yml", new byte[]{(byte) 0xff, (byte) 0xfe, 0x00, 0x41}))
                .hasMessage("x.clab.yml: not a text file (not UTF-8); lab files are text");
        assertThatThrownBy(() -> LabFiles.read("empty.yml", new byte[0])).hasMessageStartingWith("empty.yml: not a lab file Olimpus knows");
        assertThatThrownBy(() -> LabFiles.write(LabFileFixtures.sample(), LabFormat.COURSE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the course tool's format is read only; export to one of olimpus|clab|gns3|netlab|hot");
    }

    @Test
    void yamlAliasesAreNeverExpandedSoABombStaysSmall() {
        // Ten levels of four-fold aliases would be 10 million names if expanded.
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            String prev = "*" + (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [").append(String.join(", ", prev, prev, prev, prev)).append("]\n");
        }
        y.append("nodes: *k\n");
        LabImport imp = LabFiles.read("bomb.yml", y.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(imp.document().topology().nodes().size()).isLessThanOrEqualTo(1);
    }

    @Test
    void aYamlLabOverThreeMegabytesReads() {
        // SnakeYAML's default limit is 3 MB; a containerlab file at the node limit is larger.
        String comment = "# " + "x".repeat(1000) + "\n";
        String yaml = comment.repeat(3500) + "name: big\ntopology:\n  nodes:\n    a: {kind: linux, image: cirros}\n";
        assertThat(yaml.length()).isGreaterThan(3 * 1024 * 1024);
        assertThat(LabFiles.read("big.clab.yml", yaml.getBytes(StandardCharsets.UTF_8)).document().topology().nodes()).hasSize(1);
    }

    @Test
    void formatsByIdForTheCli() {
        assertThat(LabFormat.byId("clab")).isEqualTo(LabFormat.CONTAINERLAB);
        assertThat(LabFormat.byId("HOT")).isEqualTo(LabFormat.HEAT);
        assertThat(LabFormat.CONTAINERLAB.fileName("lab1")).isEqualTo("lab1.clab.yml");
        assertThatThrownBy(() -> LabFormat.byId("visio")).hasMessage("unknown format 'visio'; use one of olimpus, course, clab, gns3, netlab, hot");
    }

    @Test
    void theMappingIsATextTheUserEditsAndReadsBack() {
        ImageMapping m = new ImageMapping(Map.of("ghcr.io/nokia/srlinux", "srl-vm"), Map.of("vpcs", "cirros"), "debian-12", Map.of("ubuntu-22.04", "ubuntu:22.04"));
        assertThat(ImageMapping.parse(m.toText())).isEqualTo(m);
        assertThat(ImageMapping.parse("fallback: alpine\n")).isEqualTo(new ImageMapping(Map.of(), Map.of(), "alpine", Map.of()));
        assertThat(ImageMapping.parse("")).isEqualTo(ImageMapping.DEFAULT);
        assertThatThrownBy(() -> ImageMapping.parse("kinds: {srl: [a, b]}")).isInstanceOf(TopologyFileException.class).hasMessage("kinds.srl: expected an image name");
        assertThatThrownBy(() -> ImageMapping.parse("kind: {srl: x}")).hasMessageStartingWith("kind: unknown field");
    }
}
