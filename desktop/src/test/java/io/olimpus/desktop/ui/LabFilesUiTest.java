package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.Xy;
import io.olimpus.model.file.LabFiles;
import io.olimpus.model.file.LabFormat;
import io.olimpus.model.file.LabImport;
import io.olimpus.model.topology.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** File → Import… / Export… of other tools' lab files in the real designer window (TestFX, headless Monocle). */
class LabFilesUiTest extends DesignerWindowFixture {
    /**
     * containerlab's "min-clos" example (https://containerlab.dev/lab-examples/min-clos/), with the
     * graph-posX/Y labels containerlab's graph editors write on two of its nodes.
     */
    static final String CLOS = """
            name: clos01
            topology:
              kinds:
                nokia_srlinux:
                  image: ghcr.io/nokia/srlinux
                linux:
                  image: ghcr.io/hellt/network-multitool
              nodes:
                leaf1:
                  kind: nokia_srlinux
                  type: ixr-d2l
                  labels: {graph-posX: "100", graph-posY: "300"}
                leaf2:
                  kind: nokia_srlinux
                  type: ixr-d2l
                  labels: {graph-posX: "400", graph-posY: "300"}
                spine:
                  kind: nokia_srlinux
                  type: ixr-d3l
                client1:
                  kind: linux
                client2:
                  kind: linux
              links:
                - endpoints: ["leaf1:e1-1", "spine:e1-1"]
                - endpoints: ["leaf2:e1-1", "spine:e1-2"]
                - endpoints: ["client1:eth1", "leaf1:e1-2"]
                - endpoints: ["client2:eth1", "leaf2:e1-2"]
            """;




    private DialogPane dialog(String id) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup("#" + id).tryQuery().isPresent());
        return lookup("#" + id).queryAs(DialogPane.class);
    }

    private static String text(DialogPane d) {
        return d.getHeaderText() + "\n" + (d.getContent() instanceof TextArea t ? t.getText() : d.getContentText());
    }

    private void closeDialog(DialogPane d) {
        interact(() -> d.getScene().getWindow().hide());
    }

    @Test
    void aContainerlabLabImportsAsANewDesignWithItsPositionsAndAReport(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("clos01.clab.yml");
        Files.writeString(f, CLOS);
        boolean[] ok = new boolean[1];
        interact(() -> ok[0] = window.importFile(f));
        assertThat(ok[0]).isTrue();

        assertThat(vm.topology().name()).isEqualTo("clos01");
        assertThat(vm.topology().vms()).extracting(Node::name).containsExactlyInAnyOrder("leaf1", "leaf2", "spine", "client1", "client2");
        assertThat(vm.topology().links()).hasSize(4);
        assertThat(vm.fileProperty().get()).as("stored nowhere yet").isNull();
        assertThat(vm.isDirty()).as("unsaved: closing asks").isTrue();
        String leaf1 = vm.topology().vms().stream().filter(n -> n.name().equals("leaf1")).findFirst().orElseThrow().id();
        assertThat(vm.position(leaf1)).as("the file's position is kept").isEqualTo(new Xy(100, 300));
        Set<Xy> places = new HashSet<>();
        vm.topology().nodes().forEach(n -> places.add(vm.position(n.id())));
        assertThat(places).as("nodes without a position are laid out, not stacked").hasSize(5);

        DialogPane report = dialog("import-report");
        String said = text(report);
        assertThat(said).contains("clos01.clab.yml", LabFormat.CONTAINERLAB.label(), "5 VM(s)", "4 link(s)");
        assertThat(said).as("each mapped node is told, with the image it got").contains("leaf1", "cirros");
        closeDialog(report);
    }

    @Test
    void exportWritesTheFormatsFileAndItReadsBack(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("clos01.clab.yml");
        Files.writeString(in, CLOS);
        interact(() -> window.importFile(in));
        closeDialog(dialog("import-report"));

        Path[] written = new Path[1];
        interact(() -> written[0] = window.exportFile(dir.resolve("handed-back"), LabFormat.GNS3));
        assertThat(written[0]).as("the format's ending is added").isEqualTo(dir.resolve("handed-back.gns3"));
        DialogPane report = dialog("export-report");
        assertThat(text(report)).contains("handed-back.gns3", LabFormat.GNS3.label());
        closeDialog(report);

        LabImport back = LabFiles.read(written[0].getFileName().toString(), Files.readAllBytes(written[0]));
        assertThat(back.format()).isEqualTo(LabFormat.GNS3);
        assertThat(back.document().topology().vms()).extracting(Node::name).containsExactlyInAnyOrder("leaf1", "leaf2", "spine", "client1", "client2");
        assertThat(back.document().topology().links()).hasSize(4);

        assertThat(MainWindow.formatOf("lab.clab.yml")).isEqualTo(LabFormat.CONTAINERLAB);
        assertThat(MainWindow.formatOf("lab.yml")).isEqualTo(LabFormat.NETLAB);
        assertThat(MainWindow.formatOf("lab.hot.yaml")).isEqualTo(LabFormat.HEAT);
        Path hot = dir.resolve("lab.hot.yaml");
        interact(() -> written[0] = window.exportFile(hot, LabFormat.HEAT));
        assertThat(written[0]).isEqualTo(hot);
        assertThat(Files.readString(hot)).contains("heat_template_version");
        closeDialog(dialog("export-report"));
    }

    @Test
    void aBadFileIsNamedWithThePlaceAndTheDesignStays(@TempDir Path dir) throws Exception {
        interact(() -> vm.addNode(io.olimpus.model.topology.NodeKind.VM, new Xy(0, 0)));
        Path f = dir.resolve("broken.clab.yml");
        Files.writeString(f, "name: broken\ntopology:\n  nodes:\n    r1: {kind: linux}\n  links:\n    - endpoints: [\"r1:eth1\", \"ghost:eth1\"]\n");
        boolean[] ok = new boolean[1];
        interact(() -> ok[0] = window.importFile(f));
        assertThat(ok[0]).isFalse();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane d = lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(d.getHeaderText()).isEqualTo(Msg.fmt("error.import", "broken.clab.yml"));
        assertThat(d.getContentText()).contains("broken.clab.yml").contains("ghost");
        assertThat(vm.topology().vms()).as("the open design is untouched").hasSize(1);
        closeDialog(d);
    }

    @Test
    void theUsersMappingFileIsUsed(@TempDir Path dir) throws Exception {
        Path mapping = dir.resolve("image-mapping.yml");
        Files.writeString(mapping, "kinds: {nokia_srlinux: srlinux-vm}\nfallback: debian\n");
        interact(() -> window.setMappingFile(mapping));
        Path f = dir.resolve("clos01.clab.yml");
        Files.writeString(f, CLOS);
        interact(() -> window.importFile(f));
        closeDialog(dialog("import-report"));
        assertThat(vm.topology().vms()).filteredOn(n -> n.name().startsWith("leaf")).allSatisfy(n -> assertThat(n.vm().image()).isEqualTo("srlinux-vm"));
        assertThat(vm.topology().vms()).filteredOn(n -> n.name().startsWith("client")).allSatisfy(n -> assertThat(n.vm().image()).isEqualTo("debian"));
    }
}
