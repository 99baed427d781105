package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.LayoutKind;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.vm.Selection;
import io.olimpus.model.topology.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, defect 4: Layout → Tree on a course file shaped like the course's "arbolito" (links
 * written child first as often as parent first), in the real window: rooted at the tree's centre
 * or at the selected node, every node laid out, none on top of another.
 */
class TreeLayoutUiTest extends DesignerWindowFixture {
    /** vm1 is the centre; half the links name the child first, as the course tool's files do. */
    static final String ARBOLITO = """
            {"nombre":"arbolito","AZ":"golden","vms":[
              {"nombre":"vm1","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
              {"nombre":"vm2","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
              {"nombre":"vm3","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
              {"nombre":"vm4","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
              {"nombre":"vm5","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
              {"nombre":"vm6","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
              {"nombre":"vm7","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
              {"nombre":"solo1","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
              {"nombre":"solo2","ram":512,"cpu":1,"disk":1,"imagen":"cirros"}],
             "enlaces":[["vm2","vm1"],["vm3","vm1"],["vm2","vm4"],["vm5","vm2"],["vm3","vm6"],["vm7","vm3"],["solo2","solo1"]]}""";




    private String id(String name) {
        return vm.topology().nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow().id();
    }

    private Map<String, Xy> layOut() throws Exception {
        interact(() -> window.runLayout(LayoutKind.TREE));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !window.layoutRunningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Xy> pos = new java.util.HashMap<>();
        for (Node n : vm.topology().nodes()) pos.put(n.name(), vm.position(n.id()));
        return pos;
    }

    private static void noneOnAnother(Map<String, Xy> pos) {
        List<String> names = new ArrayList<>(pos.keySet());
        for (int i = 0; i < names.size(); i++)
            for (int j = i + 1; j < names.size(); j++) {
                Xy a = pos.get(names.get(i)), b = pos.get(names.get(j));
                assertThat(Math.hypot(a.x() - b.x(), a.y() - b.y())).as(names.get(i) + " and " + names.get(j) + " apart").isGreaterThanOrEqualTo(48);
            }
    }

    @Test
    void theTreeHangsFromItsCentreWithEveryNodeInPlace(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("arbolito.json");
        Files.writeString(f, ARBOLITO);
        interact(() -> window.importFile(f));
        Map<String, Xy> pos = layOut();
        noneOnAnother(pos);
        double top = pos.get("vm1").y();
        assertThat(pos.get("vm2").y()).isEqualTo(pos.get("vm3").y()).isGreaterThan(top);
        for (String leaf : List.of("vm4", "vm5", "vm6", "vm7")) assertThat(pos.get(leaf).y()).as(leaf).isGreaterThan(pos.get("vm2").y());
        assertThat(pos.get("vm4").x()).as("vm4 under vm2's side").isLessThan(pos.get("vm1").x());
        assertThat(pos.get("vm7").x()).as("vm7 under vm3's side").isGreaterThan(pos.get("vm1").x());
        assertThat(pos.get("solo1").y()).as("the other part is a tree too").isNotEqualTo(pos.get("solo2").y());
    }

    @Test
    void theSelectedNodeIsTheRoot(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("arbolito.json");
        Files.writeString(f, ARBOLITO);
        interact(() -> window.importFile(f));
        interact(() -> vm.select(Selection.ofNodes(List.of(id("vm4")))));
        Map<String, Xy> pos = layOut();
        noneOnAnother(pos);
        for (String other : List.of("vm1", "vm2", "vm3", "vm5", "vm6", "vm7")) assertThat(pos.get(other).y()).as(other).isGreaterThan(pos.get("vm4").y());
        assertThat(pos.get("vm2").y()).as("vm4's only neighbour one level down").isLessThan(pos.get("vm1").y());
    }
}
