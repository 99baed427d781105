package io.olimpus.desktop.vm;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.model.file.Area;
import io.olimpus.model.file.Note;
import io.olimpus.model.topology.NodeKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Notes and areas are edited like nodes: each edit one undo step, and node edits keep them. */
class AnnotationsTest {
    private final DesignerViewModel vm = new DesignerViewModel(LocalCatalog.bundled());

    @Test
    void notesAreAddedMovedEditedAndRemovedEachOneUndoStep() {
        int i = vm.addNote("ask the TA", new Xy(10, 20));
        vm.moveNote(i, new Xy(50, 60));
        vm.editNote(i, "router here");
        assertThat(vm.document().presentation().notes()).containsExactly(new Note("router here", 50, 60));
        vm.undo();
        assertThat(vm.document().presentation().notes()).containsExactly(new Note("ask the TA", 50, 60));
        vm.undo();
        assertThat(vm.document().presentation().notes()).containsExactly(new Note("ask the TA", 10, 20));
        vm.redo();
        vm.editNote(i, "  ");
        assertThat(vm.document().presentation().notes()).isEmpty();
        vm.undo();
        assertThat(vm.document().presentation().notes()).hasSize(1);
    }

    @Test
    void areasAreAddedPlacedRenamedAndRemovedEachOneUndoStep() {
        int i = vm.addArea("DMZ", new Xy(0, 0), 200, 100);
        vm.placeArea(i, 10, 10, 200, 100);
        vm.placeArea(i, 10, 10, 5, 300);
        vm.renameArea(i, " lab A ");
        assertThat(vm.document().presentation().areas()).containsExactly(new Area("lab A", 10, 10, DesignerViewModel.AREA_MIN, 300));
        assertThat(vm.undoLabelProperty().get()).contains("rename area");
        vm.undo();
        vm.undo();
        assertThat(vm.document().presentation().areas()).containsExactly(new Area("DMZ", 10, 10, 200, 100));
        vm.removeArea(i);
        assertThat(vm.document().presentation().areas()).isEmpty();
        vm.undo();
        assertThat(vm.document().presentation().areas()).hasSize(1);
    }

    @Test
    void nodeEditsKeepNotesAndAreas() {
        vm.addNote("n", new Xy(0, 0));
        vm.addArea("a", new Xy(0, 0), 100, 100);
        String id = vm.addNode(NodeKind.VM, new Xy(10, 10));
        vm.moveBy(List.of(id), 30, 0);
        vm.duplicate();
        vm.deleteSelection();
        assertThat(vm.document().presentation().notes()).hasSize(1);
        assertThat(vm.document().presentation().areas()).hasSize(1);
    }

    @Test
    void editsOfWhatIsNotThereDoNothing() {
        vm.moveNote(3, new Xy(1, 1));
        vm.removeArea(0);
        vm.renameArea(-1, "x");
        assertThat(vm.canUndoProperty().get()).isFalse();
    }
}
