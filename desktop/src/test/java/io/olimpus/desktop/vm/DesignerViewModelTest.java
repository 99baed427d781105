package io.olimpus.desktop.vm;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.layout.LayoutKind;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeKind;
import io.olimpus.model.shape.StarHub;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.NodeKind;
import io.olimpus.model.validation.ProblemCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DesignerViewModelTest {
    private final DesignerViewModel vm = new DesignerViewModel(LocalCatalog.bundled());

    @Test
    void addedNodesGetFreshNamesPositionsAndACatalogSpec() {
        String a = vm.addNode(NodeKind.VM, new Xy(10, 20));
        String b = vm.addNode(NodeKind.VM, new Xy(50, 20));
        String s = vm.addNode(NodeKind.SWITCH, new Xy(30, 80));
        assertThat(vm.topology().nodes()).extracting(Node::name).containsExactly("vm1", "vm2", "sw1");
        assertThat(vm.position(b)).isEqualTo(new Xy(50, 20));
        assertThat(vm.topology().requireNode(a).vm().flavor()).isEqualTo("tiny");
        assertThat(vm.selection().nodes()).containsExactly(s);
        assertThat(vm.isDirty()).isTrue();
    }

    @Test
    void aLinksPropertiesAreOneUndoableStepAndOutOfRangeOnesAreProblemsOnTheLink() {
        String a = vm.addNode(NodeKind.VM, new Xy(0, 0));
        String b = vm.addNode(NodeKind.VM, new Xy(100, 0));
        String l = vm.connect(a, b).orElseThrow();
        var slow = new io.olimpus.model.topology.LinkImpairment(50.0, null, 2.0, 0.2);
        vm.setLinkImpairment(List.of(l), slow);
        assertThat(vm.topology().links().get(0).impairment()).isEqualTo(slow);
        assertThat(TopologyFile.read(TopologyFile.write(vm.document())).topology().links().get(0).impairment()).isEqualTo(slow);
        vm.undo();
        assertThat(vm.topology().links().get(0).impairment().impairs()).isFalse();
        vm.setLinkImpairment(List.of(l), new io.olimpus.model.topology.LinkImpairment(null, null, 150.0, null));
        assertThat(vm.report().errors()).anySatisfy(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.INVALID_LINK_PROPERTY);
            assertThat(p.linkIds()).containsExactly(l);
        });
    }

    /** Issue 15: a student's slice shown to their instructor cannot change, whatever asks. */
    @Test
    void aReadOnlyDesignRefusesEveryEditAndItsUndoButStillSelects() {
        String a = vm.addNode(NodeKind.VM, new Xy(0, 0));
        String b = vm.addNode(NodeKind.VM, new Xy(100, 0));
        vm.connect(a, b).orElseThrow();
        vm.markSaved();
        vm.setReadOnly(true);
        var before = vm.document();
        vm.addNode(NodeKind.SWITCH, new Xy(50, 50));
        vm.moveBy(List.of(a), 30, 30);
        vm.rename(a, "router");
        vm.renameTopology("other");
        vm.addNote("note", new Xy(0, 0));
        vm.select(io.olimpus.desktop.vm.Selection.ofNode(a));
        vm.deleteSelection();
        vm.undo();
        assertThat(vm.document()).isSameAs(before);
        assertThat(vm.isDirty()).isFalse();
        assertThat(vm.selection().hasNode(a)).as("looking is allowed").isTrue();
    }

    @Test
    void connectRefusesSelfLinksAndSecondLinksBetweenTheSamePair() {
        String a = vm.addNode(NodeKind.VM, new Xy(0, 0));
        String b = vm.addNode(NodeKind.VM, new Xy(100, 0));
        assertThat(vm.connect(a, b)).isPresent();
        assertThat(vm.connect(b, a)).isEmpty();
        assertThat(vm.connect(a, a)).isEmpty();
        assertThat(vm.topology().links()).hasSize(1);
    }

    @Test
    void deleteUndoRedoRestoreTheExactDocuments() {
        String a = vm.addNode(NodeKind.VM, new Xy(0, 0));
        String b = vm.addNode(NodeKind.VM, new Xy(100, 0));
        vm.connect(a, b);
        var before = vm.document();
        vm.select(Selection.ofNode(a));
        vm.deleteSelection();
        assertThat(vm.topology().nodes()).hasSize(1);
        assertThat(vm.topology().links()).isEmpty();
        assertThat(vm.document().presentation().nodes()).doesNotContainKey(a);
        vm.undo();
        assertThat(vm.document()).isSameAs(before);
        vm.redo();
        assertThat(vm.topology().nodes()).extracting(Node::id).containsExactly(b);
    }

    @Test
    void renameRefusesBadAndTakenNames() {
        String a = vm.addNode(NodeKind.VM, new Xy(0, 0));
        vm.addNode(NodeKind.VM, new Xy(0, 0));
        assertThat(vm.rename(a, "Web 1")).isNotNull();
        assertThat(vm.rename(a, "vm2")).isNotNull();
        assertThat(vm.rename(a, "web1")).isNull();
        assertThat(vm.topology().requireNode(a).name()).isEqualTo("web1");
    }

    @Test
    void moveIsOneUndoStepForManyNodes() {
        String a = vm.addNode(NodeKind.VM, new Xy(0, 0));
        String b = vm.addNode(NodeKind.VM, new Xy(100, 0));
        vm.moveBy(List.of(a, b), 10, 5);
        assertThat(vm.position(a)).isEqualTo(new Xy(10, 5));
        assertThat(vm.position(b)).isEqualTo(new Xy(110, 5));
        vm.undo();
        assertThat(vm.position(a)).isEqualTo(new Xy(0, 0));
        assertThat(vm.position(b)).isEqualTo(new Xy(100, 0));
    }

    @Test
    void snapToGridRoundsPositions() {
        vm.snapToGridProperty().set(true);
        String a = vm.addNode(NodeKind.VM, new Xy(29, 11));
        assertThat(vm.position(a)).isEqualTo(new Xy(20, 20));
    }

    @Test
    void validationFollowsEveryEdit() {
        // Issue 16: a new design is empty by nature; "the topology has no nodes" showed behind the start screen.
        assertThat(vm.report().problems()).as("a new, empty design has no problems to show").isEmpty();
        String a = vm.addNode(NodeKind.VM, new Xy(0, 0));
        assertThat(vm.report().problems()).isEmpty();
        vm.deleteSelection();
        assertThat(vm.report().has(ProblemCode.EMPTY_TOPOLOGY)).as("emptied by the user, it is a problem again").isTrue();
        vm.undo();
        assertThat(vm.report().problems()).isEmpty();
        vm.updateVms(List.of(a), s -> s.withImage(null).withFlavor("huge"), "break");
        assertThat(vm.report().has(ProblemCode.MISSING_IMAGE)).isTrue();
        assertThat(vm.report().has(ProblemCode.UNKNOWN_FLAVOR)).isTrue();
        vm.selectProblem(vm.report().problems().get(0));
        assertThat(vm.selection().nodes()).containsExactly(a);
    }

    @Test
    void insertedShapesAreGeneratedByTheModelAndPlaced() {
        String hub = vm.addNode(NodeKind.SWITCH, new Xy(0, 0));
        var added = vm.insertShape(Shape.star(5, StarHub.VM), hub, new Xy(300, 0));
        assertThat(added.nodeIds()).hasSize(5);
        assertThat(vm.topology().links()).hasSize(5); // 4 spokes + the link to the switch
        assertThat(vm.topology().linksOf(hub)).hasSize(1);
        assertThat(vm.position(added.anchorId())).isEqualTo(new Xy(300, 0));
        for (String id : added.nodeIds()) assertThat(vm.document().presentation().nodes()).containsKey(id);
        assertThat(vm.selection().nodes()).containsExactlyElementsOf(added.nodeIds());
        vm.undo();
        assertThat(vm.topology().nodes()).hasSize(1);
    }

    @Test
    void anAttachedRingTurnsItsAnchorTowardsTheNodeItIsLinkedTo() {
        String sw = vm.addNode(NodeKind.SWITCH, new Xy(0, 0));
        Shape ring = Shape.ring(8);
        Xy centre = vm.shapeCentre(ring, sw, new Xy(0, 0));
        var added = vm.insertShape(ring, sw, centre);
        double anchorDist = dist(vm.position(added.anchorId()), vm.position(sw));
        for (String id : added.nodeIds()) assertThat(dist(vm.position(id), vm.position(sw))).isGreaterThanOrEqualTo(anchorDist - 1e-6);
        assertThat(vm.position(added.anchorId()).x()).isGreaterThan(0); // to the right of the switch, no overlap
    }

    private static double dist(Xy a, Xy b) { return Math.hypot(a.x() - b.x(), a.y() - b.y()); }

    @Test
    void everyShapeKindInserts() {
        for (ShapeKind k : ShapeKind.values()) {
            Shape s = switch (k) {
                case LINEAR -> Shape.linear(4); case RING -> Shape.ring(4); case MESH -> Shape.mesh(4);
                case STAR -> Shape.star(4, StarHub.SWITCH); case BUS -> Shape.bus(4); case TREE -> Shape.tree(2, 2);
            };
            var added = vm.insertShape(s, null, new Xy(0, 0));
            assertThat(added.nodeIds()).as(k.name()).hasSizeGreaterThanOrEqualTo(4);
        }
        assertThat(vm.report().has(ProblemCode.DUPLICATE_NAME)).isFalse();
    }

    @Test
    void copyPasteAndDuplicateMakeFreshNodesAndLinks() {
        String a = vm.addNode(NodeKind.VM, new Xy(0, 0));
        String b = vm.addNode(NodeKind.VM, new Xy(100, 0));
        vm.connect(a, b);
        vm.select(Selection.ofNodes(List.of(a, b)));
        assertThat(vm.copy()).isTrue();
        List<String> pasted = vm.paste();
        assertThat(pasted).hasSize(2).doesNotContain(a, b);
        assertThat(vm.topology().nodes()).extracting(Node::name).containsExactly("vm1", "vm2", "vm3", "vm4");
        assertThat(vm.topology().links()).hasSize(2);
        assertThat(vm.position(pasted.get(0))).isEqualTo(new Xy(40, 40));
        vm.select(Selection.ofNode(a));
        assertThat(vm.duplicate()).hasSize(1);
        assertThat(vm.topology().nodes()).hasSize(5);
        assertThat(vm.report().has(ProblemCode.DUPLICATE_NAME)).isFalse();
    }

    @Test
    void saveThenOpenGivesTheSameDocument(@TempDir Path dir) throws Exception {
        vm.insertShape(Shape.ring(5), null, new Xy(200, 200));
        Path f = dir.resolve("ring.json");
        vm.save(f);
        assertThat(vm.isDirty()).isFalse();
        var saved = vm.document();
        DesignerViewModel other = new DesignerViewModel(LocalCatalog.bundled());
        other.open(f);
        assertThat(other.document()).isEqualTo(saved);
        assertThat(other.fileProperty().get()).isEqualTo(f);
        assertThat(other.isDirty()).isFalse();
        assertThat(TopologyFile.read(Files.readString(f)).topology()).isEqualTo(saved.topology());
    }

    @Test
    void undoingBackToTheSavedStateIsNotDirty(@TempDir Path dir) throws Exception {
        vm.addNode(NodeKind.VM, new Xy(0, 0));
        vm.save(dir.resolve("a.json"));
        vm.addNode(NodeKind.VM, new Xy(0, 0));
        assertThat(vm.isDirty()).isTrue();
        vm.undo();
        assertThat(vm.isDirty()).isFalse();
    }

    @Test
    void importedCourseFilesGetPositions(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("curso.json");
        Files.writeString(f, """
                {"nombre":"Lab 1","AZ":"golden","vms":[
                  {"nombre":"vm1","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
                  {"nombre":"VM 2","ram":1024,"cpu":1,"disk":2,"imagen":"cirros"}],
                 "enlaces":[["vm1","VM 2"]]}""");
        var imp = vm.importLab(f.getFileName().toString(), Files.readAllBytes(f), io.olimpus.model.file.ImageMapping.DEFAULT);
        assertThat(imp.format()).isEqualTo(io.olimpus.model.file.LabFormat.COURSE);
        assertThat(imp.reportLines()).as("the renamed slice is reported").isNotEmpty();
        assertThat(vm.topology().name()).isEqualTo("lab-1");
        assertThat(vm.topology().nodes()).hasSize(2);
        assertThat(vm.position("n1")).isNotEqualTo(vm.position("n2"));
        assertThat(vm.isDirty()).isTrue();
        assertThat(vm.fileProperty().get()).isNull();
    }

    @Test
    void findMatchesPartOfTheName() {
        vm.insertShape(Shape.linear(12).withPrefix("web"), null, new Xy(0, 0));
        assertThat(vm.find("web1")).hasSize(4); // web1, web10, web11, web12
        assertThat(vm.find("nothing")).isEmpty();
    }

    @Test
    void layoutsAreAppliedAsOneUndoableStep() {
        vm.insertShape(Shape.tree(2, 3), null, new Xy(0, 0));
        var before = vm.document();
        var pos = DesignerViewModel.computeLayout(vm.topology(), LayoutKind.CIRCLE, null);
        vm.applyLayout(LayoutKind.CIRCLE, pos);
        assertThat(vm.document().topology()).isSameAs(before.topology());
        assertThat(vm.document().presentation()).isNotEqualTo(before.presentation());
        vm.undo();
        assertThat(vm.document()).isSameAs(before);
    }

    @Test
    void selectAllSelectsEveryNodeAndLink() {
        vm.insertShape(Shape.ring(4), null, new Xy(0, 0));
        vm.select(Selection.NONE);
        vm.selectAll();
        assertThat(vm.selection().nodes()).hasSize(4);
        assertThat(vm.selection().links()).hasSize(4);
        assertThat(vm.selection().nodes()).isEqualTo(Set.copyOf(vm.selection().nodes()));
    }
}
