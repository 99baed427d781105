package io.olimpus.model.file;

import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.model.validation.TopologyValidator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CourseFormatTest {
    static String resource(String name) throws IOException {
        try (var in = CourseFormatTest.class.getResourceAsStream("/course/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void importsASevenVmRing() throws IOException {
        CourseImport imp = CourseFormat.read(resource("anillo7.json"));
        Topology t = imp.document().topology();
        assertThat(t.name()).isEqualTo("anillo7");
        assertThat(t.zone()).isEqualTo("Golden Zone");
        assertThat(t.vms()).hasSize(7);
        assertThat(t.links()).hasSize(7);
        assertThat(t.nodes()).extracting(Node::name).containsExactly("vm1", "vm2", "vm3", "vm4", "vm5", "vm6", "vm-7");
        assertThat(imp.notices()).anyMatch(n -> n.contains("'VM 7' renamed to 'vm-7'"));
        // Each VM's sizes become a flavor requirement; half a vCPU still needs one.
        assertThat(t.nodeNamed("vm4").orElseThrow().vm().requirement()).isEqualTo(new Resources(2, 256, 2));
        assertThat(t.nodeNamed("vm6").orElseThrow().vm().requirement()).isEqualTo(new Resources(1, 100, 1));
        assertThat(t.nodeNamed("vm1").orElseThrow().vm().image()).isEqualTo("cirros-0.6.2-x86_64-disk.img");
        assertThat(t.nodeNamed("vm1").orElseThrow().vm().flavor()).isNull();
        // It is a ring: every VM has two links, seven networks, no problems at all.
        for (Node n : t.nodes()) assertThat(t.linksOf(n.id())).hasSize(2);
        assertThat(NetworkDeriver.derive(t).size()).isEqualTo(7);
        assertThat(TopologyValidator.validate(t).problems()).extracting(Problem::code).isEmpty();
        // The alias is kept as the node's note; the result is a normal Olimpus file.
        assertThat(imp.document().presentation().nodes().get(t.nodeNamed("vm1").orElseThrow().id()).note()).isEqualTo("router");
        assertThat(TopologyFile.read(TopologyFile.write(imp.document()))).isEqualTo(imp.document());
    }

    @Test
    void linksToUnknownVmsNameTheirPlace() {
        String json = "{\"nombre\":\"x\",\"vms\":[{\"nombre\":\"vm1\",\"ram\":100,\"cpu\":1,\"disk\":1,\"imagen\":\"c\"}],"
                + "\"enlaces\":[[\"vm1\",\"vm9\"]]}";
        assertThatThrownBy(() -> CourseFormat.read(json)).isInstanceOf(TopologyFileException.class)
                .satisfies(e -> assertThat(((TopologyFileException) e).path()).isEqualTo("enlaces[0][1]"))
                .hasMessageContaining("vm9");
    }

    @Test
    void badSizesAreRefusedWithTheirPath() {
        String json = "{\"nombre\":\"x\",\"vms\":[{\"nombre\":\"vm1\",\"ram\":\"lots\",\"cpu\":1,\"disk\":1}],\"enlaces\":[]}";
        assertThatThrownBy(() -> CourseFormat.read(json)).hasMessage("vms[0].ram: expected a number, got a string");
        String zero = "{\"nombre\":\"x\",\"vms\":[{\"nombre\":\"vm1\",\"ram\":100,\"cpu\":0,\"disk\":1}],\"enlaces\":[]}";
        assertThatThrownBy(() -> CourseFormat.read(zero)).hasMessageStartingWith("vms[0].cpu:");
        String pair = "{\"nombre\":\"x\",\"vms\":[],\"enlaces\":[[\"a\"]]}";
        assertThatThrownBy(() -> CourseFormat.read(pair)).hasMessageStartingWith("enlaces[0]:");
    }

    @Test
    void duplicateLinksAreKeptForTheValidatorToReport() {
        String json = "{\"nombre\":\"x\",\"vms\":[{\"nombre\":\"vm1\",\"ram\":100,\"cpu\":1,\"disk\":1,\"imagen\":\"c\"},"
                + "{\"nombre\":\"vm2\",\"ram\":100,\"cpu\":1,\"disk\":1,\"imagen\":\"c\"}],\"enlaces\":[[\"vm1\",\"vm2\"],[\"vm2\",\"vm1\"]]}";
        Topology t = CourseFormat.read(json).document().topology();
        assertThat(TopologyValidator.validate(t).has(ProblemCode.DUPLICATE_LINK)).isTrue();
    }
}
