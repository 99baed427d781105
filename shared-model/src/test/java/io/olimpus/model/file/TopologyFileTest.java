package io.olimpus.model.file;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.shape.StarHub;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyFileTest {
    static TopologyDocument sample() {
        Topology t = ShapeGenerator.generate("lab1", Shape.star(3, StarHub.SWITCH).withVm(VmSpec.of("small", "cirros")))
                .withZone("golden");
        String first = t.vms().get(0).id();
        t = t.updateNode(first, n -> n.withVm(n.vm().withInternet(true).withZone("silver").withRequirement(new Resources(2, 512, 3))));
        t = t.withLinkImpairment(t.links().get(0).id(), new LinkImpairment(50.0, 5.5, 2.0, 0.2))
                .withLinkImpairment(t.links().get(1).id(), new LinkImpairment(0.0, null, null, null));
        Presentation p = new Presentation(Map.of(first, new NodeLook(10.5, -3, "#ff8800", "gateway"),
                t.switches().get(0).id(), NodeLook.at(0, 0)), List.of(new Note("ask the TA", 100, 200)));
        return new TopologyDocument(t, p);
    }

    @Test
    void roundTripIsLossless() {
        TopologyDocument doc = sample();
        String json = TopologyFile.write(doc);
        TopologyDocument back = TopologyFile.read(json);
        assertThat(back).isEqualTo(doc);
        assertThat(TopologyFile.write(back)).isEqualTo(json);
    }

    @Test
    void aLinksImpairmentIsWrittenAsItsAuthorWroteIt() {
        String json = TopologyFile.write(sample());
        assertThat(json).contains("\"impairment\" : {\n        \"delayMs\" : 50.0,\n        \"jitterMs\" : 5.5,\n        \"lossPercent\" : 2.0,\n        \"rateMbit\" : 0.2\n      }");
        assertThat(json).contains("\"impairment\" : {\n        \"delayMs\" : 0.0\n      }");
        assertThat(TopologyFile.read(json).topology().links().get(2).impairment()).isEqualTo(LinkImpairment.NONE);
        expect(doc("\"name\":\"a\",\"nodes\":[" + NODE + "],\"links\":[{\"id\":\"l1\",\"a\":\"n1\",\"b\":\"n1\",\"impairment\":{\"delay\":5}}]"),
                "topology.links[0].impairment.delay", "unknown field (allowed: delayMs, jitterMs, lossPercent, rateMbit)");
        expect(doc("\"name\":\"a\",\"nodes\":[" + NODE + "],\"links\":[{\"id\":\"l1\",\"a\":\"n1\",\"b\":\"n1\",\"impairment\":{\"lossPercent\":\"5%\"}}]"),
                "topology.links[0].impairment.lossPercent", "expected a number, got a string");
    }

    @Test
    void areasRoundTripAndFilesWithoutAreasStayAsTheyWere() {
        TopologyDocument plain = sample();
        assertThat(TopologyFile.write(plain)).doesNotContain("areas");
        TopologyDocument doc = new TopologyDocument(plain.topology(),
                plain.presentation().withAreas(List.of(new Area("DMZ", -40, -60, 320.5, 200), new Area("site B", 400, 0, 100, 80))));
        String json = TopologyFile.write(doc);
        assertThat(json).contains("\"areas\"", "\"DMZ\"", "\"width\" : 320.5");
        TopologyDocument back = TopologyFile.read(json);
        assertThat(back).isEqualTo(doc);
        assertThat(back.presentation().areas()).extracting(Area::name).containsExactly("DMZ", "site B");
        assertThat(TopologyFile.write(back)).isEqualTo(json);
        // Only areas, no node looks or notes: still a presentation worth writing.
        TopologyDocument onlyArea = new TopologyDocument(plain.topology(), Presentation.EMPTY.withAreas(List.of(new Area("a", 0, 0, 10, 10))));
        assertThat(TopologyFile.read(TopologyFile.write(onlyArea))).isEqualTo(onlyArea);
    }

    @Test
    void badAreasNameTheirField() {
        String head = "{\"format\":\"olimpus-topology/1\",\"topology\":{\"name\":\"a\",\"nodes\":[],\"links\":[]},\"presentation\":{\"areas\":[";
        expect(head + "{\"name\":\"x\",\"x\":0,\"y\":0,\"width\":-1,\"height\":5}]}}", "presentation.areas[0].width", "must not be negative");
        expect(head + "{\"x\":0,\"y\":0,\"width\":1,\"height\":5}]}}", "presentation.areas[0].name", "is required");
    }

    @Test
    void structureAndPresentationAreSeparateSections() {
        String json = TopologyFile.write(sample());
        assertThat(json).startsWith("{\n  \"format\" : \"olimpus-topology/1\",\n  \"topology\" : {");
        int topo = json.indexOf("\"topology\""), pres = json.indexOf("\"presentation\"");
        assertThat(pres).isGreaterThan(topo);
        assertThat(json.substring(topo, pres)).doesNotContain("\"x\"", "color");
    }

    @Test
    void movingANodeChangesOnlyThePresentation() {
        TopologyDocument doc = sample();
        String id = doc.topology().vms().get(0).id();
        TopologyDocument moved = new TopologyDocument(doc.topology(), doc.presentation().withNode(id, NodeLook.at(999, 999)));
        String a = TopologyFile.write(doc), b = TopologyFile.write(moved);
        assertThat(a.substring(0, a.indexOf("\"presentation\""))).isEqualTo(b.substring(0, b.indexOf("\"presentation\"")));
    }

    @Test
    void documentWithoutPresentationReads() {
        String json = "{\"format\":\"olimpus-topology/1\",\"topology\":{\"name\":\"a\",\"nodes\":[{\"id\":\"n1\",\"name\":\"vm1\",\"kind\":\"vm\"}],\"links\":[]}}";
        TopologyDocument doc = TopologyFile.read(json);
        assertThat(doc.presentation()).isEqualTo(Presentation.EMPTY);
        assertThat(doc.topology().nodes()).containsExactly(Node.vm("n1", "vm1", VmSpec.EMPTY));
    }

    static final String NODE = "{\"id\":\"n1\",\"name\":\"vm1\",\"kind\":\"vm\"}";

    static String doc(String topologyBody) {
        return "{\"format\":\"olimpus-topology/1\",\"topology\":{" + topologyBody + "}}";
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"topology\":{}}|format: is required",
            "{\"format\":\"olimpus-topology/2\",\"topology\":{}}|format: version 2 is newer than this Olimpus reads (1); please update Olimpus",
            "{\"format\":\"something-else/1\",\"topology\":{}}|format: expected \"olimpus-topology/1\", got \"something-else/1\" (not an Olimpus topology file)",
            "{\"format\":\"olimpus-topology/x\",\"topology\":{}}|format: version 'x' is not a version of this format; accepted: \"olimpus-topology/1\"",
            "{\"format\":\"olimpus-topology/+1\",\"topology\":{}}|format: version '+1' is not a version of this format; accepted: \"olimpus-topology/1\"",
            "{\"format\":\"olimpus-topology/01\",\"topology\":{}}|format: version '01' is not a version of this format; accepted: \"olimpus-topology/1\"",
            "{\"format\":\"olimpus-topology/0\",\"topology\":{}}|format: version '0' is not a version of this format; accepted: \"olimpus-topology/1\"",
            "{\"format\":\"olimpus-topology/-1\",\"topology\":{}}|format: version '-1' is not a version of this format; accepted: \"olimpus-topology/1\"",
            "{\"format\":\"olimpus-topology/\u0661\",\"topology\":{}}|format: version '?' is not a version of this format; accepted: \"olimpus-topology/1\"",
            "{\"format\":\"olimpus-topology/99999999999\",\"topology\":{}}|format: version 99999999999 is newer than this Olimpus reads (1); please update Olimpus",
            "{\"format\":\"olimpus-topology/1\"}|topology: expected an object, got nothing",
            "{\"format\":\"olimpus-topology/1\",\"topology\":{},\"extra\":1}|extra: unknown field (allowed: format, topology, presentation)",
            "[1,2]|: expected an object, got an array",
    })
    void badDocumentsNameTheField(String json, String message) {
        assertThatThrownBy(() -> TopologyFile.read(json)).isInstanceOf(TopologyFileException.class).hasMessage(message.startsWith(":") ? message.substring(2) : message);
    }

    @Test
    void badFieldsInsideTheTopologyNameTheirPath() {
        expect(doc("\"nodes\":[],\"links\":[]"), "topology.name", "is required");
        expect(doc("\"name\":5,\"nodes\":[],\"links\":[]"), "topology.name", "expected a string, got a number");
        expect(doc("\"name\":\"a\",\"nodes\":{},\"links\":[]"), "topology.nodes", "expected an array, got an object");
        expect(doc("\"name\":\"a\",\"nodes\":[" + NODE + ",{\"id\":\"n2\",\"name\":\"r\",\"kind\":\"router\"}],\"links\":[]"),
                "topology.nodes[1].kind", "expected \"vm\" or \"switch\", got \"router\"");
        expect(doc("\"name\":\"a\",\"nodes\":[{\"id\":\"n1\",\"name\":\"vm1\",\"kind\":\"vm\",\"colour\":\"red\"}],\"links\":[]"),
                "topology.nodes[0].colour", "unknown field (allowed: id, name, kind, flavor, image, zone, internet, requirement)");
        expect(doc("\"name\":\"a\",\"nodes\":[{\"id\":\"n1\",\"name\":\"s\",\"kind\":\"switch\",\"flavor\":\"x\"}],\"links\":[]"),
                "topology.nodes[0].flavor", "a switch has no flavor");
        expect(doc("\"name\":\"a\",\"nodes\":[{\"id\":\"n1\",\"name\":\"vm1\",\"kind\":\"vm\",\"internet\":\"yes\"}],\"links\":[]"),
                "topology.nodes[0].internet", "expected true or false, got a string");
        expect(doc("\"name\":\"a\",\"nodes\":[{\"id\":\"n1\",\"name\":\"vm1\",\"kind\":\"vm\",\"requirement\":{\"vcpus\":1,\"ramMb\":-5,\"diskGb\":1}}],\"links\":[]"),
                "topology.nodes[0].requirement.ramMb", "must not be negative");
        expect(doc("\"name\":\"a\",\"nodes\":[{\"id\":\"n1\",\"name\":\"vm1\",\"kind\":\"vm\",\"requirement\":{\"vcpus\":1.5,\"ramMb\":5,\"diskGb\":1}}],\"links\":[]"),
                "topology.nodes[0].requirement.vcpus", "expected a whole number, got a number");
        expect(doc("\"name\":\"a\",\"nodes\":[" + NODE + "],\"links\":[{\"id\":\"l1\",\"a\":\"n1\"}]"),
                "topology.links[0].b", "is required");
        expect(doc("\"name\":\"a\",\"nodes\":[{\"id\":\" \",\"name\":\"vm1\",\"kind\":\"vm\"}],\"links\":[]"),
                "topology.nodes[0].id", "must not be blank");
        expect("{\"format\":\"olimpus-topology/1\",\"topology\":{\"name\":\"a\",\"nodes\":[],\"links\":[]},\"presentation\":{\"nodes\":{\"n1\":{\"x\":1}}}}",
                "presentation.nodes.n1.y", "is required");
    }

    @Test
    void invalidJsonSaysWhere() {
        assertThatThrownBy(() -> TopologyFile.read("{\"format\": ")).isInstanceOf(TopologyFileException.class)
                .hasMessageContaining("not valid JSON at line 1");
        assertThatThrownBy(() -> TopologyFile.read("{\"format\":\"a\",\"format\":\"b\"}")).hasMessageContaining("Duplicate field 'format'");
    }

    static void expect(String json, String path, String reason) {
        assertThatThrownBy(() -> TopologyFile.read(json)).isInstanceOf(TopologyFileException.class)
                .satisfies(e -> {
                    TopologyFileException f = (TopologyFileException) e;
                    assertThat(f.path()).isEqualTo(path);
                    assertThat(f.reason()).isEqualTo(reason);
                });
    }
}
