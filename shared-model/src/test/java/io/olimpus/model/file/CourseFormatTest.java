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

    static LabImport readFile(String name) throws IOException {
        return LabFiles.read(name, resource(name).getBytes(StandardCharsets.UTF_8));
    }

    static LabFileProblems problemsOf(String name) throws IOException {
        try {
            readFile(name);
        } catch (LabFileProblems e) {
            return e;
        }
        throw new AssertionError(name + " read without problems");
    }

    /** Imports faithfully: structure, sizes as flavor requirements, and a design without validation problems. */
    private static Topology sound(String file, int vms, int switches, int links) throws IOException {
        LabImport imp = readFile(file);
        Topology t = imp.document().topology();
        assertThat(imp.format()).isEqualTo(LabFormat.COURSE);
        assertThat(t.vms()).as(file + " VMs").hasSize(vms);
        assertThat(t.nodes().size() - t.vms().size()).as(file + " switches").isEqualTo(switches);
        assertThat(t.links()).as(file + " links").hasSize(links);
        assertThat(t.zone()).isEqualTo("Golden Zone");
        for (Node n : t.vms()) {
            assertThat(n.vm().image()).isEqualTo("cirros-0.6.2-x86_64-disk.img");
            assertThat(n.vm().requirement()).as(n.name()).isNotNull();
        }
        assertThat(TopologyValidator.validate(t).problems()).extracting(Problem::code).isEmpty();
        assertThat(TopologyFile.read(TopologyFile.write(imp.document()))).isEqualTo(imp.document());
        return t;
    }

    @Test
    void importsTheTreeArbolito() throws IOException {
        Topology t = sound("arbolito.json", 7, 0, 6);
        assertThat(t.linksOf(t.nodeNamed("vm1").orElseThrow().id())).hasSize(2);
        assertThat(t.linksOf(t.nodeNamed("vm7").orElseThrow().id())).hasSize(1);
    }

    @Test
    void importsTheLinearOfFive() throws IOException {
        Topology t = sound("lineal5.json", 5, 0, 4);
        assertThat(t.nodeNamed("vm3").orElseThrow().vm().requirement()).isEqualTo(new Resources(1, 256, 1));
    }

    @Test
    void importsTheOlderVariantMeshWithNumbersAsStringsAndCapacidad() throws IOException {
        Topology t = sound("malla4.json", 4, 0, 6);
        assertThat(t.nodeNamed("vm1").orElseThrow().vm().requirement()).isEqualTo(new Resources(2, 512, 1));
        assertThat(t.nodeNamed("vm2").orElseThrow().vm().requirement()).isEqualTo(new Resources(1, 1024, 2));
        // "0,5" vCPU (decimal comma) still needs one; "0,5 GB" of RAM is 512 MB; "256" alone is MB.
        assertThat(t.nodeNamed("vm3").orElseThrow().vm().requirement()).isEqualTo(new Resources(1, 512, 1));
        assertThat(t.nodeNamed("vm4").orElseThrow().vm().requirement()).isEqualTo(new Resources(1, 256, 1));
        for (Node n : t.nodes()) assertThat(t.linksOf(n.id())).hasSize(3);
    }

    @Test
    void importsTheOlderVariantStarWithSwitchesLinkedByName() throws IOException {
        Topology t = sound("estrella.json", 5, 1, 5);
        Node sw = t.nodeNamed("sw1").orElseThrow();
        assertThat(sw.kind()).isEqualTo(io.olimpus.model.topology.NodeKind.SWITCH);
        assertThat(t.linksOf(sw.id())).hasSize(5);
        assertThat(NetworkDeriver.derive(t).size()).isEqualTo(1);
    }

    @Test
    void importsSlicePruebaWithSwitchObjectsAndNormalisesItsName() throws IOException {
        LabImport imp = readFile("slicePrueba.json");
        Topology t = sound("slicePrueba.json", 3, 2, 4);
        assertThat(t.name()).isEqualTo("sliceprueba");
        assertThat(imp.reportLines()).anyMatch(l -> l.contains("'slicePrueba'") && l.contains("'sliceprueba'"));
        assertThat(t.nodeNamed("vm1").orElseThrow().vm().requirement()).isEqualTo(new Resources(2, 1024, 2));
        assertThat(NetworkDeriver.derive(t).size()).isEqualTo(2);
    }

    @Test
    void importsEightVmsOnSevenSwitches() throws IOException {
        Topology t = sound("ocho_vms_siete_switches.json", 8, 7, 14);
        assertThat(t.name()).isEqualTo("red-ocho");
        assertThat(NetworkDeriver.derive(t).size()).isEqualTo(7);
        assertThat(t.linksOf(t.nodeNamed("vm8").orElseThrow().id())).hasSize(2);
    }

    @Test
    void aBrokenFileTellsEveryProblemAtOnceAndKeepsTheValidPart() throws IOException {
        LabFileProblems e = problemsOf("roto_sw1.json");
        assertThat(e.file()).isEqualTo("roto_sw1.json");
        assertThat(e.problems()).extracting(FileProblem::message).containsExactly(
                "VM vm3 has no image (\"imagen\"); choose one after importing",
                "link 1 names sw1, which the file does not define",
                "link 4 joins vm2 and vm1 again, as link 2 already does");
        assertThat(e.problems()).extracting(FileProblem::path).containsExactly("vms[2].imagen", "enlaces[0][1]", "enlaces[3]");
        assertThat(e.getMessage()).contains("3 problems").contains("sw1, which the file does not define").contains("link 4");
        // The valid part: three VMs (vm3 without image, to choose), the two sound links.
        Topology valid = e.validPart().document().topology();
        assertThat(valid.vms()).extracting(Node::name).containsExactly("vm1", "vm2", "vm3");
        assertThat(valid.links()).hasSize(2);
        assertThat(valid.nodeNamed("vm3").orElseThrow().vm().image()).isNull();
        assertThat(TopologyValidator.validate(valid).problems()).extracting(Problem::code).doesNotContain(ProblemCode.DUPLICATE_LINK);
    }

    @Test
    void otherBrokenElementsAreEachNamed() throws IOException {
        LabFileProblems e = problemsOf("roto_varios.json");
        assertThat(e.problems()).extracting(FileProblem::kind).containsExactly(
                FileProblem.Kind.BAD_SIZE, FileProblem.Kind.DUPLICATE_NAME, FileProblem.Kind.SELF_LINK, FileProblem.Kind.BAD_LINK);
        assertThat(e.problems().get(0).message()).startsWith("VM vm1 has capacidad \"mucho\", which is not a size");
        assertThat(e.problems().get(1).message()).isEqualTo("vm2 is defined twice; VMs and switches need different names");
        assertThat(e.problems().get(2).message()).isEqualTo("link 2 joins vm2 to itself");
        assertThat(e.problems().get(3).message()).startsWith("link 3 is not a pair of names");
        Topology valid = e.validPart().document().topology();
        assertThat(valid.name()).isEqualTo("rotovarios");
        assertThat(valid.vms()).extracting(Node::name).containsExactly("vm1", "vm2", "vm3");
        assertThat(valid.nodeNamed("vm1").orElseThrow().vm().requirement()).isNull();  // its flavor is chosen after importing
        assertThat(valid.links()).hasSize(2);
    }

    @Test
    void aFileThatIsNotASliceStillThrowsOnce() {
        assertThatThrownBy(() -> CourseFormat.read("{\"nombre\":\"x\",\"vms\":3}")).isInstanceOf(TopologyFileException.class)
                .isNotInstanceOf(LabFileProblems.class).hasMessage("vms: expected an array, got a number");
    }
}
