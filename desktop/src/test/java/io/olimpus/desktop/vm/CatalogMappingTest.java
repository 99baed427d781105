package io.olimpus.desktop.vm;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.vm.CatalogMapping.Answers;
import io.olimpus.desktop.vm.CatalogMapping.Kind;
import io.olimpus.desktop.vm.CatalogMapping.Question;
import io.olimpus.desktop.vm.CatalogMapping.Questions;
import io.olimpus.desktop.vm.CatalogMapping.Why;
import io.olimpus.model.file.LabFiles;
import io.olimpus.model.file.LabImport;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.CatalogAliases;
import io.olimpus.model.validation.CatalogCheck;
import io.olimpus.model.validation.TopologyValidator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogMappingTest {
    static final LocalCatalog SERVER = new LocalCatalog(List.of(
            new LocalCatalog.Flavor("m1-large", new Resources(4, 8192, 40)),
            new LocalCatalog.Flavor("m1-tiny", new Resources(1, 512, 1)),
            new LocalCatalog.Flavor("m1-small", new Resources(1, 2048, 10)),
            new LocalCatalog.Flavor("m1-medium", new Resources(2, 4096, 20))),
            List.of("cirros", "ubuntu-2004", "ubuntu-2204", "debian-12"), List.of("golden", "silver"));

    /** A course file in the older variant: "Golden Zone", the cirros disk file, sizes without flavors, a mixed-case name. */
    static final String COURSE = """
            {"nombre": "slicePrueba", "AZ": "Golden Zone", "vms": [
              {"nombre": "vm1", "cpu": "2", "capacidad": "1 GB", "disk": "2", "imagen": "cirros-0.6.2-x86_64-disk.img"},
              {"nombre": "vm2", "cpu": "1", "capacidad": "512MB", "disk": "1", "imagen": "cirros-0.6.2-x86_64-disk.img"},
              {"nombre": "vm3", "cpu": "1", "capacidad": "512MB", "disk": "1", "imagen": "ubuntu-22.04-server-cloudimg-amd64.img"},
              {"nombre": "vm4", "cpu": "8", "capacidad": "64 GB", "disk": "1", "imagen": "windows-11.iso"}],
             "switches": ["sw1"], "enlaces": [["vm1", "sw1"], ["vm2", "sw1"], ["vm3", "sw1"], ["vm4", "sw1"]]}
            """;

    static LabImport course() {
        return LabFiles.read("slicePrueba.json", COURSE.getBytes(StandardCharsets.UTF_8));
    }

    private static Questions ask(LocalCatalog c, Map<String, String> remembered) {
        return CatalogMapping.questions(course(), c, (k, n) -> remembered.get(k + ":" + n));
    }

    @Test
    void bestGuessesAreTheSameNameIgnoringCaseEndingAndVersionAndTheSmallestFlavorThatFits() {
        Questions q = ask(SERVER, Map.of());
        assertThat(q.zones()).singleElement().satisfies(z -> {
            assertThat(z.fileName()).isEqualTo("Golden Zone");
            assertThat(z.guess()).isEqualTo("golden");
            assertThat(z.options()).containsExactly("golden", "silver");
        });
        assertThat(q.images()).extracting(Question::fileName, Question::guess, Question::why).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cirros-0.6.2-x86_64-disk.img", "cirros", Why.SAME_FAMILY),
                org.assertj.core.groups.Tuple.tuple("ubuntu-22.04-server-cloudimg-amd64.img", "ubuntu-2204", Why.SAME_NAME),
                org.assertj.core.groups.Tuple.tuple("windows-11.iso", null, Why.NONE));
        assertThat(q.images().get(0).vms()).containsExactly("vm1", "vm2");
        // Smallest that fits: 1 vCPU/512 MB fits m1-tiny exactly; 2 vCPU/1 GB/2 GB needs m1-medium; 64 GB fits nothing.
        assertThat(q.sizes()).extracting(s -> s.need(), s -> s.flavor()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new Resources(1, 512, 1), "m1-tiny"),
                org.assertj.core.groups.Tuple.tuple(new Resources(2, 1024, 2), "m1-medium"),
                org.assertj.core.groups.Tuple.tuple(new Resources(8, 65536, 1), null));
        assertThat(q.slice()).isEqualTo(new CatalogMapping.Renamed("slicePrueba", "sliceprueba"));
        assertThat(q.allRemembered()).isFalse();
    }

    @Test
    void theServersAliasesAndTheUsersEarlierChoicesComeFirst() {
        LocalCatalog withAliases = SERVER.fromServer("https://head.example:8443",
                new CatalogAliases(Map.of("golden zone", "silver"), Map.of(CatalogAliases.key("Windows-11.iso"), "debian-12"), Map.of()));
        Questions q = ask(withAliases, Map.of());
        assertThat(q.zones().get(0)).extracting(Question::guess, Question::why).containsExactly("silver", Why.ALIAS);
        assertThat(q.images().get(2)).extracting(Question::guess, Question::why).containsExactly("debian-12", Why.ALIAS);

        Map<String, String> before = Map.of("ZONE:Golden Zone", "golden", "IMAGE:cirros-0.6.2-x86_64-disk.img", "cirros",
                "IMAGE:ubuntu-22.04-server-cloudimg-amd64.img", "ubuntu-2004", "IMAGE:windows-11.iso", "gone-from-catalog");
        Questions r = ask(withAliases, before);
        assertThat(r.zones().get(0).why()).isEqualTo(Why.REMEMBERED);
        assertThat(r.images()).extracting(Question::guess).containsExactly("cirros", "ubuntu-2004", "debian-12");
        assertThat(r.allRemembered()).as("a remembered image no longer in the catalog is asked again").isFalse();
    }

    /** Issue 16: flavors chosen for a size are remembered per server like zones and images. */
    @Test
    void aFlavorChosenBeforeForASizeIsTheGuessAndCountsAsRemembered() {
        Map<String, String> before = new java.util.HashMap<>(Map.of("ZONE:Golden Zone", "golden", "IMAGE:cirros-0.6.2-x86_64-disk.img", "cirros",
                "IMAGE:ubuntu-22.04-server-cloudimg-amd64.img", "ubuntu-2204", "IMAGE:windows-11.iso", "debian-12",
                "FLAVOR:1/512/1", "m1-small", "FLAVOR:2/1024/2", "m1-large"));
        Questions q = ask(SERVER, before);
        assertThat(q.sizes()).extracting(s -> s.flavor(), s -> s.remembered()).startsWith(
                org.assertj.core.groups.Tuple.tuple("m1-small", true), org.assertj.core.groups.Tuple.tuple("m1-large", true));
        assertThat(q.allRemembered()).as("the 64 GB size has no flavor yet").isFalse();
        before.put("FLAVOR:" + CatalogMapping.sizeKey(new Resources(8, 65536, 1)), "m1-large");
        assertThat(ask(SERVER, before).allRemembered()).isTrue();
        before.put("FLAVOR:1/512/1", "gone-from-catalog");
        assertThat(ask(SERVER, before).sizes().get(0)).as("a flavor no longer here: the smallest again, asked")
                .extracting(s -> s.flavor(), s -> s.remembered()).containsExactly("m1-tiny", false);
    }

    @Test
    void theAnswersOpenTheDesignWithoutCatalogErrors() {
        LabImport imp = course();
        Questions q = ask(SERVER, Map.of());
        Answers guesses = q.guesses();
        Answers chosen = new Answers(guesses.zones(), Map.of("cirros-0.6.2-x86_64-disk.img", "cirros",
                "ubuntu-22.04-server-cloudimg-amd64.img", "ubuntu-2204", "windows-11.iso", "debian-12"),
                Map.of(new Resources(1, 512, 1), "m1-tiny", new Resources(2, 1024, 2), "m1-medium", new Resources(8, 65536, 1), "m1-large"));
        Topology t = CatalogMapping.apply(imp.document().topology(), chosen);
        assertThat(t.zone()).isEqualTo("golden");
        assertThat(t.nodeNamed("vm1").orElseThrow().vm()).satisfies(v -> {
            assertThat(v.image()).isEqualTo("cirros");
            assertThat(v.flavor()).isEqualTo("m1-medium");
            assertThat(v.requirement()).as("the course's size is kept").isEqualTo(new Resources(2, 1024, 2));
        });
        assertThat(t.vms()).extracting(n -> n.vm().flavor()).doesNotContainNull();
        assertThat(TopologyValidator.validate(t, List.of(new CatalogCheck(SERVER))).errors()).isEmpty();
        assertThat(CatalogMapping.lines(q, chosen)).contains("Golden Zone -> golden", "cirros-0.6.2-x86_64-disk.img -> cirros",
                "2 vCPU, 1024 MB, 2 GB -> m1-medium");
        // Unanswered names stay as the file has them (the designer's problems list says so).
        Topology partly = CatalogMapping.apply(imp.document().topology(), new Answers(Map.of(), Map.of(), Map.of()));
        assertThat(partly.nodeNamed("vm1").map(Node::vm).orElseThrow().image()).isEqualTo("cirros-0.6.2-x86_64-disk.img");
    }

    @Test
    void aFileThatUsesTheCatalogsNamesAsksNothing() {
        LabImport imp = LabFiles.read("ok.json", """
                {"nombre": "ok", "AZ": "golden", "vms": [{"nombre": "vm1", "ram": 512, "cpu": 1, "disk": 1, "imagen": "cirros"}], "enlaces": []}
                """.getBytes(StandardCharsets.UTF_8));
        Questions q = CatalogMapping.questions(imp, SERVER, (k, n) -> null);
        assertThat(q.zones()).isEmpty();
        assertThat(q.images()).isEmpty();
        assertThat(q.sizes()).hasSize(1);  // the size still needs its flavor
        assertThat(q.slice()).isNull();
    }

    @Test
    void guessesOnTheirOwn() {
        assertThat(CatalogMapping.guessZone("Golden Zone", List.of("golden", "silver")).name()).isEqualTo("golden");
        assertThat(CatalogMapping.guessZone("Zona Norte", List.of("golden", "silver")).name()).isNull();
        assertThat(CatalogMapping.guessZone("Zona Norte", List.of("golden"))).isEqualTo(new CatalogMapping.Guess("golden", Why.ONLY_ONE));
        assertThat(CatalogMapping.guessImage("CirrOS.img", List.of("cirros")).name()).isEqualTo("cirros");
        assertThat(CatalogMapping.guessImage("debian-12-generic-amd64.qcow2", List.of("debian-11", "debian-12")).name()).isEqualTo("debian-12");
        assertThat(CatalogMapping.guessImage("ubuntu-24.04.img", List.of("ubuntu-2004", "ubuntu-2204")).why()).isEqualTo(Why.SAME_FAMILY);
        assertThat(CatalogMapping.guessImage("x.img", List.of("cirros")).name()).isNull();
    }
}
