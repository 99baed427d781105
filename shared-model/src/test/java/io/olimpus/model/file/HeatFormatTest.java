package io.olimpus.model.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.VmSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The template's shape, checked by reading it back as YAML. That OpenStack's Heat accepts it and
 * the stack reaches CREATE_COMPLETE is an e2e test on the OpenStack bed, not here.
 */
class HeatFormatTest {
    @Test
    void oneNetworkPerDerivedNetworkOnePortPerInterfaceOneServerPerVm() throws Exception {
        TopologyDocument doc = LabFileFixtures.sample();
        doc = new TopologyDocument(doc.topology().withZone("golden").updateNode("n1", n -> n.withVm(n.vm().withFlavor("small"))), doc.presentation());
        LabExport out = LabFiles.write(doc, LabFormat.HEAT);
        JsonNode hot = new YAMLMapper().readTree(out.text());
        assertThat(hot.get("heat_template_version").asText()).isEqualTo("2018-08-31");
        Map<String, List<String>> byType = new HashMap<>();
        hot.get("resources").fields().forEachRemaining(e -> byType.computeIfAbsent(e.getValue().get("type").asText(), k -> new ArrayList<>()).add(e.getKey()));
        // r1-r2 is one network, the switch joining r1, h1 and h2 another.
        assertThat(byType.get("OS::Neutron::Net")).hasSize(2);
        assertThat(byType.get("OS::Neutron::Subnet")).hasSize(2);
        assertThat(byType.get("OS::Neutron::Port")).hasSize(5);
        assertThat(byType.get("OS::Nova::Server")).hasSize(4);
        JsonNode r1 = hot.get("resources").get("server_r1").get("properties");
        assertThat(r1.get("flavor").asText()).isEqualTo("small");
        assertThat(r1.get("image").asText()).isEqualTo("cirros");
        assertThat(r1.get("availability_zone").get("get_param").asText()).isEqualTo("availability_zone");
        assertThat(r1.get("networks")).hasSize(2);
        // r1's first NIC is on its first link's network (r1-r2), as the deploy orders NICs.
        String firstPort = r1.get("networks").get(0).get("port").get("get_resource").asText();
        String firstNet = hot.get("resources").get(firstPort).get("properties").get("network").get("get_resource").asText();
        assertThat(hot.get("resources").get(firstNet).get("properties").get("name").asText()).isEqualTo("lab-one-r1-r2");
        assertThat(hot.get("resources").get(firstNet + "_subnet").get("properties").get("gateway_ip").isNull()).isTrue();
        // Every reference names a resource or parameter the template has.
        assertReferencesResolve(hot, hot.get("resources"));
        assertThat(out.reportLines()).contains("node r2: has no flavor; the template uses the parameter default_flavor",
                "slice lab-one: positions and notes are not carried (a Heat template has no drawing)");
        assertThat(hot.get("parameters").has("default_flavor")).isTrue();
        assertThat(hot.get("parameters").has("default_image")).isFalse();
    }

    private static void assertReferencesResolve(JsonNode hot, JsonNode n) {
        if (n.isObject()) {
            if (n.has("get_resource")) assertThat(hot.get("resources").has(n.get("get_resource").asText())).as(n.toString()).isTrue();
            if (n.has("get_param")) assertThat(hot.get("parameters").has(n.get("get_param").asText())).as(n.toString()).isTrue();
            n.elements().forEachRemaining(c -> assertReferencesResolve(hot, c));
        } else if (n.isArray()) n.elements().forEachRemaining(c -> assertReferencesResolve(hot, c));
    }

    /**
     * An Olimpus zone ("golden") names no OpenStack availability zone: Nova refuses a server in an
     * unknown zone, so the template once failed on every cloud but one that happened to share the
     * name. Servers take the zone from a parameter, empty by default (Nova picks).
     */
    @Test
    void theOlimpusZoneIsNotWrittenAsTheNovaZoneButAParameterIsWithTheCloudsDefault() throws Exception {
        TopologyDocument doc = LabFileFixtures.sample();
        doc = new TopologyDocument(doc.topology().withZone("golden"), doc.presentation());
        LabExport out = LabFiles.write(doc, LabFormat.HEAT);
        JsonNode hot = new YAMLMapper().readTree(out.text());
        assertThat(out.text()).doesNotContain("golden\n").doesNotContain(": golden");
        JsonNode az = hot.get("parameters").get("availability_zone");
        assertThat(az.get("type").asText()).isEqualTo("string");
        assertThat(az.get("default").asText()).isEmpty();
        hot.get("resources").fields().forEachRemaining(e -> {
            if (e.getValue().get("type").asText().equals("OS::Nova::Server"))
                assertThat(e.getValue().get("properties").get("availability_zone").get("get_param").asText()).as(e.getKey()).isEqualTo("availability_zone");
        });
        assertThat(out.reportLines()).contains("zone golden: an Olimpus zone, not an OpenStack availability zone; its servers take the parameter "
                + "availability_zone (empty by default: Nova picks)");
        assertReferencesResolve(hot, hot.get("resources"));
    }

    @Test
    void vmsInSeveralOlimpusZonesGetOneParameterPerZone() throws Exception {
        TopologyDocument doc = LabFileFixtures.sample();
        var t = doc.topology().withZone("golden").updateNode("n2", n -> n.withVm(new VmSpec(n.vm().flavor(), n.vm().image(), "lab-b", false, null)));
        JsonNode hot = new YAMLMapper().readTree(LabFiles.write(new TopologyDocument(t, doc.presentation()), LabFormat.HEAT).text());
        assertThat(hot.get("resources").get("server_r1").get("properties").get("availability_zone").get("get_param").asText()).isEqualTo("availability_zone_golden");
        assertThat(hot.get("resources").get("server_r2").get("properties").get("availability_zone").get("get_param").asText()).isEqualTo("availability_zone_lab_b");
        assertThat(hot.get("parameters").has("availability_zone_golden")).isTrue();
        assertThat(hot.get("parameters").has("availability_zone_lab_b")).isTrue();
        assertThat(hot.get("parameters").has("availability_zone")).isFalse();
    }

    @Test
    void heatTemplatesAreExportOnly() {
        String text = LabFiles.write(LabFileFixtures.sample(), LabFormat.HEAT).text();
        assertThatThrownBy(() -> LabFiles.read("lab.yaml", text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(TopologyFileException.class)
                .hasMessageContaining("lab.yaml: heat_template_version: an OpenStack Heat template: Olimpus writes these but cannot import them");
    }

    @Test
    void aVmWithoutLinksOrImageIsReported() {
        var t = io.olimpus.model.topology.Topology.empty("solo").withNode(Node.vm("n1", "vm1", null));
        LabExport out = LabFiles.write(TopologyDocument.of(t), LabFormat.HEAT);
        assertThat(out.text()).contains("get_param: default_image");
        assertThat(out.reportLines()).contains("node vm1: has no image; the template uses the parameter default_image",
                "node vm1: has no links; OpenStack attaches it to the project's default network, if any");
    }
}
