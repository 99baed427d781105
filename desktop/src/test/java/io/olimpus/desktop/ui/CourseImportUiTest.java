package io.olimpus.desktop.ui;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.validation.CatalogAliases;
import io.olimpus.model.validation.Problem;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File → Import… of the original course tool's files in the real designer window (TestFX,
 * headless Monocle): names mapped to the server's catalog once, and broken files told whole.
 */
class CourseImportUiTest extends DesignerWindowFixture {
    @Override
    protected LocalCatalog catalog() { return SERVER; }

    /** A server's catalog: none of the course's names ("Golden Zone", the cirros disk file) is in it. */
    static final LocalCatalog SERVER = new LocalCatalog(List.of(
            new LocalCatalog.Flavor("m1-tiny", new Resources(1, 512, 1)),
            new LocalCatalog.Flavor("m1-small", new Resources(1, 2048, 10)),
            new LocalCatalog.Flavor("m1-medium", new Resources(2, 4096, 20))),
            List.of("cirros", "ubuntu-2204"), List.of("golden", "silver")).fromServer("http://head.test:8000", CatalogAliases.NONE);

    /** The course tool's older variant, as students have it on disk. */
    static final String SLICE_PRUEBA = """
            {"nombre": "slicePrueba", "fecha": "03/04/2023", "AZ": "Golden Zone",
             "vms": [
              {"nombre": "vm1", "cpu": "2", "capacidad": "1 GB", "disk": "2", "imagen": "cirros-0.6.2-x86_64-disk.img"},
              {"nombre": "vm2", "cpu": "1", "capacidad": "512MB", "disk": "1", "imagen": "cirros-0.6.2-x86_64-disk.img"},
              {"nombre": "vm3", "cpu": "0,5", "capacidad": "512MB", "disk": "1", "imagen": "cirros-0.6.2-x86_64-disk.img"}],
             "switches": [{"nombre": "sw1"}, {"nombre": "sw2"}],
             "enlaces": [["vm1", "sw1"], ["vm2", "sw1"], ["vm1", "sw2"], ["vm3", "sw2"]]}
            """;

    /** A broken one: a link to an undefined sw1, a duplicate link, a VM without image. */
    static final String ROTO = """
            {"nombre": "roto", "AZ": "Golden Zone", "vms": [
              {"nombre": "vm1", "cpu": "1", "capacidad": "512MB", "disk": "1", "imagen": "cirros-0.6.2-x86_64-disk.img"},
              {"nombre": "vm2", "cpu": "1", "capacidad": "512MB", "disk": "1", "imagen": "cirros-0.6.2-x86_64-disk.img"},
              {"nombre": "vm3", "cpu": "1", "capacidad": "512MB", "disk": "1"}],
             "enlaces": [["vm1", "sw1"], ["vm1", "vm2"], ["vm2", "vm3"], ["vm2", "vm1"]]}
            """;




    private DialogPane dialog(String id) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#" + id).tryQuery().isPresent());
        return lookup("#" + id).queryAs(DialogPane.class);
    }

    private void press(DialogPane d, ButtonBar.ButtonData data) {
        ButtonType bt = d.getButtonTypes().stream().filter(b -> b.getButtonData() == data).findFirst().orElseThrow();
        interact(() -> ((Button) d.lookupButton(bt)).fire());
    }

    @SuppressWarnings("unchecked")
    private static String chosen(DialogPane d, String id) {
        return ((ComboBox<String>) d.lookup("#" + id)).getValue();
    }

    private void closeReport() throws Exception {
        DialogPane report = dialog("import-report");
        interact(() -> report.getScene().getWindow().hide());
    }

    @Test
    void aCourseFileIsMappedToTheServersCatalogOnceAndOpensWithoutCatalogErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("slicePrueba.json");
        Files.writeString(f, SLICE_PRUEBA);
        interact(() -> window.importFile(f));

        DialogPane mapping = dialog("import-mapping");
        assertThat(mapping.getHeaderText()).contains("slicePrueba.json", "http://head.test:8000");
        assertThat(((Label) mapping.lookup("#mapping-renamed")).getText()).as("the name's normalisation is told")
                .contains("slicePrueba", "sliceprueba");
        assertThat(chosen(mapping, "mapping-zone-0")).as("Golden Zone").isEqualTo("golden");
        assertThat(chosen(mapping, "mapping-image-0")).as("the cirros disk file").isEqualTo("cirros");
        // Two sizes: 1 vCPU/512 MB (vm2, and vm3's half vCPU) fits m1-tiny; 2 vCPU/1 GB/2 GB needs m1-medium.
        assertThat(chosen(mapping, "mapping-size-0")).isEqualTo("m1-tiny");
        assertThat(chosen(mapping, "mapping-size-1")).isEqualTo("m1-medium");
        // The student prefers more room for the small VMs: a choice remembered like the zone's and the image's.
        @SuppressWarnings("unchecked") ComboBox<String> small = (ComboBox<String>) mapping.lookup("#mapping-size-0");
        interact(() -> small.setValue("m1-small"));
        press(mapping, ButtonBar.ButtonData.OK_DONE);

        DialogPane report = dialog("import-report");
        assertThat(((TextArea) report.getContent()).getText()).contains("Golden Zone -> golden", "cirros-0.6.2-x86_64-disk.img -> cirros");
        interact(() -> report.getScene().getWindow().hide());
        assertThat(vm.topology().name()).isEqualTo("sliceprueba");
        assertThat(vm.topology().zone()).isEqualTo("golden");
        assertThat(vm.topology().vms()).extracting(n -> n.vm().image()).containsOnly("cirros");
        assertThat(vm.topology().vms()).extracting(n -> n.vm().flavor()).containsExactly("m1-medium", "m1-small", "m1-small");
        assertThat(vm.topology().switches()).extracting(Node::name).containsExactly("sw1", "sw2");
        assertThat(vm.report().errors()).as("no catalog errors").extracting(Problem::message).isEmpty();

        // Asked once: the same names on the same server map without asking again.
        interact(() -> vm.newDesign());
        interact(() -> window.importFile(f));
        closeReport();
        assertThat(lookup("#import-mapping").tryQuery()).isEmpty();
        assertThat(vm.topology().zone()).isEqualTo("golden");
        assertThat(vm.topology().vms()).as("the flavors chosen, not the smallest").extracting(n -> n.vm().flavor())
                .containsExactly("m1-medium", "m1-small", "m1-small");
        assertThat(vm.report().errors()).isEmpty();
    }

    @Test
    void aBrokenCourseFileShowsEveryProblemAndItsValidPartImports(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("roto.json");
        Files.writeString(f, ROTO);
        interact(() -> window.importFile(f));

        DialogPane problems = dialog("import-problems");
        assertThat(problems.getHeaderText()).contains("roto.json", "3 problems");
        @SuppressWarnings("unchecked")
        ListView<String> list = (ListView<String>) problems.lookup("#import-problem-list");
        assertThat(list.getItems()).containsExactly(
                "VM vm3 has no image (\"imagen\"); choose one after importing",
                "link 1 names sw1, which the file does not define",
                "link 4 joins vm2 and vm1 again, as link 2 already does");
        assertThat(vm.topology().vms()).as("nothing is imported before the user says so").isEmpty();
        press(problems, ButtonBar.ButtonData.OK_DONE);  // Import the valid part

        press(dialog("import-mapping"), ButtonBar.ButtonData.OK_DONE);
        closeReport();
        assertThat(vm.topology().name()).isEqualTo("roto");
        assertThat(vm.topology().vms()).extracting(Node::name).containsExactly("vm1", "vm2", "vm3");
        assertThat(vm.topology().links()).hasSize(2);
        assertThat(vm.topology().zone()).isEqualTo("golden");
    }

    @Test
    void cancellingTheProblemsKeepsTheOpenDesign(@TempDir Path dir) throws Exception {
        interact(() -> vm.addNode(io.olimpus.model.topology.NodeKind.VM, new io.olimpus.desktop.layout.Xy(0, 0)));
        Path f = dir.resolve("roto.json");
        Files.writeString(f, ROTO);
        interact(() -> window.importFile(f));
        press(dialog("import-problems"), ButtonBar.ButtonData.CANCEL_CLOSE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup("#import-mapping").tryQuery()).isEmpty();
        assertThat(vm.topology().vms()).hasSize(1);
    }
}
