package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.LayoutKind;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.vm.Selection;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.shape.ShapeKind;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.NodeKind;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import javafx.geometry.Point2D;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real designer window, driven by TestFX on headless Monocle. */
class DesignerUiTest extends DesignerWindowFixture {



    // ---- helpers ----------------------------------------------------------------------------

    private TopologyCanvas canvas() { return window.canvas(); }

    private String add(NodeKind kind, double x, double y) {
        String[] id = new String[1];
        interact(() -> id[0] = vm.addNode(kind, new Xy(x, y)));
        return id[0];
    }

    private Point2D at(String nodeId) {
        Point2D[] p = new Point2D[1];
        interact(() -> p[0] = canvas().nodeOnScreen(nodeId));
        return p[0];
    }

    private Point2D canvasPoint(double x, double y) {
        Point2D[] p = new Point2D[1];
        interact(() -> p[0] = canvas().localToScreen(x, y));
        return p[0];
    }

    private DialogPane shapeDialog() { return lookup("#shape-dialog").queryAs(DialogPane.class); }

    @SuppressWarnings("unchecked")
    private void insertShapeThroughDialog(ShapeKind kind, int count, int depth, int fanout) {
        clickOn("#tool-shape");
        DialogPane d = shapeDialog();
        ChoiceBox<ShapeKind> k = (ChoiceBox<ShapeKind>) d.lookup("#shape-kind");
        Spinner<Integer> c = (Spinner<Integer>) d.lookup("#shape-count");
        Spinner<Integer> dep = (Spinner<Integer>) d.lookup("#shape-depth");
        Spinner<Integer> fan = (Spinner<Integer>) d.lookup("#shape-fanout");
        interact(() -> {
            k.setValue(kind);
            c.getValueFactory().setValue(count);
            dep.getValueFactory().setValue(depth);
            fan.getValueFactory().setValue(fanout);
        });
        clickOn(d.lookupButton(ButtonType.OK));
    }

    // ---- editing ----------------------------------------------------------------------------

    @Test
    void draggingFromThePalettePlacesAVmAndASwitchWhereTheyAreDropped() {
        drag("#palette-vm", MouseButton.PRIMARY).moveTo(canvasPoint(300, 200)).release(MouseButton.PRIMARY);
        drag("#palette-switch", MouseButton.PRIMARY).moveTo(canvasPoint(500, 260)).release(MouseButton.PRIMARY);

        assertThat(vm.topology().vms()).hasSize(1);
        assertThat(vm.topology().switches()).hasSize(1);
        Node v = vm.topology().vms().get(0);
        Xy expected = canvas().localToWorld(300, 200);
        assertThat(vm.position(v.id()).x()).isCloseTo(expected.x(), org.assertj.core.data.Offset.offset(2.0));
        assertThat(vm.position(v.id()).y()).isCloseTo(expected.y(), org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void droppingOutsideTheCanvasAddsNothing() {
        drag("#palette-vm", MouseButton.PRIMARY).moveTo("#properties").release(MouseButton.PRIMARY);
        assertThat(vm.topology().nodes()).isEmpty();
    }

    @Test
    void draggingFromNodeToNodeWithTheLinkToolDrawsALink() {
        String a = add(NodeKind.VM, 150, 150);
        String b = add(NodeKind.VM, 400, 150);
        String c = add(NodeKind.SWITCH, 300, 350);
        clickOn("#tool-link");
        drag(at(a), MouseButton.PRIMARY).moveTo(at(b)).release(MouseButton.PRIMARY);
        assertThat(vm.topology().links()).extracting(Link::pairKey).containsExactly(new Link("x", a, b).pairKey());

        // Alt+drag links in the select tool too.
        clickOn("#tool-select");
        press(KeyCode.ALT);
        drag(at(b), MouseButton.PRIMARY).moveTo(at(c)).release(MouseButton.PRIMARY);
        release(KeyCode.ALT);
        assertThat(vm.topology().links()).hasSize(2);
        assertThat(vm.position(b)).isEqualTo(new Xy(400, 150)); // linking did not move it
    }

    /**
     * #16 defect 7: Alt+drag is the window managers' move gesture; the palette offers the link
     * tool where the VM and switch are, and it is the same tool as the toolbar's (and L).
     */
    @Test
    void thePalettesLinkToolDrawsLinksWithoutAlt() {
        String a = add(NodeKind.VM, 150, 150);
        String b = add(NodeKind.VM, 400, 150);
        clickOn("#palette-link");
        assertThat(lookup("#tool-link").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
        drag(at(a), MouseButton.PRIMARY).moveTo(at(b)).release(MouseButton.PRIMARY);
        assertThat(vm.topology().links()).extracting(Link::pairKey).containsExactly(new Link("x", a, b).pairKey());
        clickOn("#palette-link");
        assertThat(lookup("#tool-select").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
        type(KeyCode.L);
        assertThat(lookup("#palette-link").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).as("L shows in the palette").isTrue();
    }

    @Test
    void clickShiftClickCtrlClickAndRubberBandSelect() {
        String a = add(NodeKind.VM, 150, 150);
        String b = add(NodeKind.VM, 300, 150);
        String c = add(NodeKind.VM, 450, 150);
        clickOn(at(a));
        assertThat(vm.selection().nodes()).containsExactly(a);
        press(KeyCode.SHIFT).clickOn(at(b)).release(KeyCode.SHIFT);
        assertThat(vm.selection().nodes()).containsExactlyInAnyOrder(a, b);
        press(KeyCode.CONTROL).clickOn(at(a)).release(KeyCode.CONTROL);
        assertThat(vm.selection().nodes()).containsExactly(b);

        // A band around b and c, started on the empty background.
        Point2D from = at(b).add(-60, -60), to = at(c).add(60, 60);
        drag(from, MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        assertThat(vm.selection().nodes()).containsExactlyInAnyOrder(b, c);
        clickOn(at(a).add(0, 200));
        assertThat(vm.selection().isEmpty()).isTrue();
    }

    @Test
    void draggingASelectedNodeMovesTheWholeSelectionInOneUndoStep() {
        String a = add(NodeKind.VM, 150, 150);
        String b = add(NodeKind.VM, 300, 200);
        interact(() -> vm.select(Selection.ofNodes(List.of(a, b))));
        double s = canvas().scale();
        drag(at(a), MouseButton.PRIMARY).moveBy(80, 40).release(MouseButton.PRIMARY);
        assertThat(vm.position(a).x()).isCloseTo(150 + 80 / s, org.assertj.core.data.Offset.offset(1.0));
        assertThat(vm.position(b).y()).isCloseTo(200 + 40 / s, org.assertj.core.data.Offset.offset(1.0));
        push(KeyCode.CONTROL, KeyCode.Z);
        assertThat(vm.position(a)).isEqualTo(new Xy(150, 150));
        assertThat(vm.position(b)).isEqualTo(new Xy(300, 200));
    }

    @Test
    void deleteKeyRemovesTheSelectionAndUndoRedoBringItBackAndAgain() {
        String a = add(NodeKind.VM, 150, 150);
        String b = add(NodeKind.VM, 350, 150);
        interact(() -> vm.connect(a, b));
        clickOn(at(a));
        type(KeyCode.DELETE);
        assertThat(vm.topology().nodes()).extracting(Node::id).containsExactly(b);
        assertThat(vm.topology().links()).isEmpty();
        push(KeyCode.CONTROL, KeyCode.Z);
        assertThat(vm.topology().nodes()).hasSize(2);
        assertThat(vm.topology().links()).hasSize(1);
        push(KeyCode.CONTROL, KeyCode.Y);
        assertThat(vm.topology().nodes()).hasSize(1);
    }

    @Test
    void doubleClickRenamesInPlaceAndRefusesBadNames() {
        String a = add(NodeKind.VM, 200, 200);
        doubleClickOn(at(a));
        TextField field = lookup("#rename-field").queryAs(TextField.class);
        assertThat(field.isVisible()).isTrue();
        interact(field::clear);
        write("Bad Name").type(KeyCode.ENTER);
        assertThat(vm.topology().requireNode(a).name()).isEqualTo("vm1");
        assertThat(field.getStyleClass()).contains("invalid");
        interact(field::clear);
        write("web-1").type(KeyCode.ENTER);
        assertThat(vm.topology().requireNode(a).name()).isEqualTo("web-1");
        assertThat(field.isVisible()).isFalse();
    }

    @Test
    void rightClickOnTheBackgroundOffersToAddAVmThere() {
        Point2D p = canvasPoint(420, 300);
        moveTo(p).clickOn(MouseButton.SECONDARY);
        clickOn("#menu-addVm");
        assertThat(vm.topology().vms()).hasSize(1);
        Xy w = canvas().localToWorld(420, 300);
        assertThat(vm.position(vm.topology().vms().get(0).id()).x()).isCloseTo(w.x(), org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void copyPasteAndDuplicateThroughShortcuts() {
        String a = add(NodeKind.VM, 200, 200);
        clickOn(at(a));
        push(KeyCode.CONTROL, KeyCode.C);
        push(KeyCode.CONTROL, KeyCode.V);
        assertThat(vm.topology().nodes()).extracting(Node::name).containsExactly("vm1", "vm2");
        push(KeyCode.CONTROL, KeyCode.D);
        assertThat(vm.topology().nodes()).hasSize(3);
    }

    @Test
    void rightClickOnALinkDeletesIt() {
        String a = add(NodeKind.VM, 150, 200);
        String b = add(NodeKind.VM, 450, 200);
        interact(() -> vm.connect(a, b));
        Point2D mid = at(a).midpoint(at(b));
        moveTo(mid).clickOn(MouseButton.SECONDARY);
        clickOn("#menu-delete");
        assertThat(vm.topology().links()).isEmpty();
        assertThat(vm.topology().nodes()).hasSize(2);
    }

    @Test
    void unsavedChangesAreAskedAboutBeforeTheyAreLost() throws Exception {
        add(NodeKind.VM, 100, 100);
        assertThat(vm.isDirty()).isTrue();
        for (ButtonType press : List.of(ButtonType.CANCEL, ButtonType.NO)) {
            java.util.concurrent.CompletableFuture<Boolean> answer = new java.util.concurrent.CompletableFuture<>();
            javafx.application.Platform.runLater(() -> answer.complete(window.confirmDiscard()));
            WaitForAsyncUtils.waitForFxEvents();
            DialogPane alert = lookup(".dialog-pane").queryAs(DialogPane.class);
            javafx.scene.Node button = press == ButtonType.CANCEL ? alert.lookupButton(ButtonType.CANCEL)
                    : alert.getButtonTypes().stream().filter(t -> t.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.NO)
                        .map(alert::lookupButton).findFirst().orElseThrow();
            clickOn(button);
            // Cancel keeps the design; "Don't save" lets the caller go on.
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(press != ButtonType.CANCEL);
        }
    }

    // ---- shapes, layout, validation ---------------------------------------------------------

    @Test
    void theShapeDialogInsertsEveryShape() {
        int expectedNodes = 0;
        for (ShapeKind k : ShapeKind.values()) {
            insertShapeThroughDialog(k, 5, 2, 2);
            expectedNodes += switch (k) {
                case TREE -> 7;
                case BUS -> 6;
                case STAR -> 6; // switch hub by default
                default -> 5;
            };
            assertThat(vm.topology().nodes()).as(k.name()).hasSize(expectedNodes);
        }
        assertThat(vm.report().has(ProblemCode.DUPLICATE_NAME)).isFalse();
        // Each insert selected its new nodes and they were given distinct positions.
        Set<Xy> seen = new HashSet<>();
        for (Node n : vm.topology().nodes()) seen.add(vm.position(n.id()));
        assertThat(seen).hasSize(expectedNodes);
    }

    @Test
    void aShapeIsPreviewedAndAttachedToTheSelectedNode() {
        String sw = add(NodeKind.SWITCH, 200, 200);
        clickOn(at(sw));
        clickOn("#tool-shape");
        DialogPane d = shapeDialog();
        CheckBox attach = (CheckBox) d.lookup("#shape-attach");
        assertThat(attach.isSelected()).isTrue();
        @SuppressWarnings("unchecked") ChoiceBox<ShapeKind> k = (ChoiceBox<ShapeKind>) d.lookup("#shape-kind");
        interact(() -> k.setValue(ShapeKind.RING));
        ShapeDialog dialog = (ShapeDialog) d.getScene().getWindow().getUserData();
        assertThat(dialog.previewDocument().topology().vms()).as("preview").hasSize(6);
        clickOn(d.lookupButton(ButtonType.OK));
        assertThat(vm.topology().vms()).hasSize(6);
        assertThat(vm.topology().linksOf(sw)).hasSize(1);
        assertThat(vm.report().has(ProblemCode.DISCONNECTED)).isFalse();
    }

    @Test
    void aLayoutRunsInTheBackgroundAnimatesAndIsOneUndoStep() throws Exception {
        insertShapeThroughDialog(ShapeKind.TREE, 5, 2, 3);
        TopologyDocument before = vm.document();
        interact(() -> window.runLayout(LayoutKind.CIRCLE));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !window.layoutRunningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.document().topology()).isSameAs(before.topology());
        assertThat(vm.document().presentation()).isNotEqualTo(before.presentation());
        Map<String, Xy> expected = io.olimpus.desktop.layout.GraphLayouts.layout(before.topology(), LayoutKind.CIRCLE);
        assertThat(vm.position("n1")).isEqualTo(expected.get("n1"));
        push(KeyCode.CONTROL, KeyCode.Z);
        assertThat(vm.document()).isSameAs(before);
    }

    @Test
    void problemsAreMarkedOnTheCanvasListedAndSelectable() {
        String a = add(NodeKind.VM, 150, 150);
        String b = add(NodeKind.VM, 350, 150);
        interact(() -> {
            vm.connect(a, b);
            vm.updateVms(List.of(b), s -> s.withImage(null), "break");
        });
        assertThat(canvas().isMarkedError(b)).isTrue();
        assertThat(canvas().isMarkedError(a)).isFalse();
        @SuppressWarnings("unchecked") ListView<Problem> list = lookup("#problem-list").queryAs(ListView.class);
        assertThat(list.getItems()).extracting(Problem::code).containsExactly(ProblemCode.MISSING_IMAGE);
        interact(() -> vm.select(Selection.NONE));
        clickOn(lookup("#problem-list .list-cell").match((javafx.scene.control.ListCell<?> c) -> c.getItem() != null && c.isVisible())
                .queryAs(javafx.scene.Node.class));
        assertThat(vm.selection().nodes()).containsExactly(b);
        // Fixing it clears the mark.
        interact(() -> vm.updateVms(List.of(b), s -> s.withImage("cirros"), "fix"));
        assertThat(canvas().isMarkedError(b)).isFalse();
        assertThat(list.getItems()).isEmpty();
    }

    @Test
    void thePropertiesPanelEditsTheSelectedVmAndMarksUnknownCatalogValues() {
        String a = add(NodeKind.VM, 200, 200);
        clickOn(at(a));
        @SuppressWarnings("unchecked") ComboBox<String> flavor = lookup("#prop-flavor").queryAs(ComboBox.class);
        assertThat(flavor.getValue()).isEqualTo("tiny");
        interact(() -> flavor.setValue("medium"));
        assertThat(vm.topology().requireNode(a).vm().flavor()).isEqualTo("medium");
        clickOn("#prop-internet");
        assertThat(vm.topology().requireNode(a).vm().internet()).isTrue();
        interact(() -> flavor.setValue("gigantic"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.report().has(ProblemCode.UNKNOWN_FLAVOR)).isTrue();
        PropertiesPane pane = lookup("#properties").queryAs(PropertiesPane.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pane.validation().getValidationResult().getErrors()).isNotEmpty();
    }

    // ---- files ------------------------------------------------------------------------------

    @Test
    void saveThenOpenGivesTheSameTopologyAndPositions(@TempDir Path dir) {
        insertShapeThroughDialog(ShapeKind.STAR, 4, 0, 0);
        Path f = dir.resolve("star.json");
        boolean[] ok = new boolean[1];
        interact(() -> ok[0] = window.saveFile(f));
        assertThat(ok[0]).isTrue();
        TopologyDocument saved = vm.document();
        assertThat(vm.isDirty()).isFalse();
        interact(() -> vm.newDesign());
        assertThat(vm.topology().nodes()).isEmpty();
        interact(() -> ok[0] = window.openFile(f));
        assertThat(ok[0]).isTrue();
        assertThat(vm.document().topology()).isEqualTo(saved.topology());
        assertThat(vm.document().presentation()).isEqualTo(saved.presentation());
        assertThat(window.title()).doesNotStartWith("•").contains("star.json");
        add(NodeKind.VM, 10, 10);
        assertThat(window.title()).startsWith("•");
    }

    @Test
    void aCourseFileImportsAndIsDrawn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("curso.json");
        Files.writeString(f, """
                {"nombre":"lab2","AZ":"golden","vms":[
                  {"nombre":"a","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
                  {"nombre":"b","ram":512,"cpu":1,"disk":1,"imagen":"cirros"},
                  {"nombre":"c","ram":512,"cpu":1,"disk":1,"imagen":"cirros"}],
                 "enlaces":[["a","b"],["b","c"]]}""");
        boolean[] ok = new boolean[1];
        interact(() -> ok[0] = window.importFile(f));
        assertThat(ok[0]).isTrue();
        assertThat(vm.topology().name()).isEqualTo("lab2");
        assertThat(vm.topology().vms()).hasSize(3);
        assertThat(vm.topology().links()).hasSize(2);
        assertThat(vm.report().hasErrors()).isFalse();
    }

    @Test
    void exportWritesAPngOfTheDrawingAndAnSvg(@TempDir Path dir) throws Exception {
        insertShapeThroughDialog(ShapeKind.RING, 6, 0, 0);
        Path png = dir.resolve("ring.png"), svg = dir.resolve("ring.svg");
        interact(() -> {
            try {
                window.exportPng(png);
                window.exportSvg(svg);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(100);
        int bg = img.getRGB(1, 1);
        long painted = 0;
        for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) if (img.getRGB(x, y) != bg) painted++;
        assertThat(painted).as("pixels that are not background").isGreaterThan(500);
        assertThat(Files.readString(svg)).contains("<svg").contains(">vm6</text>");
    }

    // ---- navigation and help ----------------------------------------------------------------

    @Test
    void zoomPanFindAndHelp() {
        insertShapeThroughDialog(ShapeKind.LINEAR, 12, 0, 0);
        double s0 = canvas().scale();
        push(KeyCode.CONTROL, KeyCode.EQUALS);
        assertThat(canvas().scale()).isGreaterThan(s0);
        moveTo(canvasPoint(300, 300)).scroll(3, javafx.geometry.VerticalDirection.DOWN);
        double tx0 = canvas().translateXView();
        drag(canvasPoint(300, 500), MouseButton.MIDDLE).moveBy(60, 0).release(MouseButton.MIDDLE);
        assertThat(canvas().translateXView()).isCloseTo(tx0 + 60, org.assertj.core.data.Offset.offset(1.0));

        clickOn("#find-field").write("vm11").type(KeyCode.ENTER);
        String vm11 = vm.topology().nodeNamed("vm11").orElseThrow().id();
        assertThat(vm.selection().nodes()).containsExactly(vm11);
        Point2D centre = canvasPoint(canvas().getWidth() / 2, canvas().getHeight() / 2);
        assertThat(at(vm11).distance(centre)).isLessThan(2);

        clickOn(canvasPoint(5, 5));
        type(KeyCode.F1);
        assertThat(window.help().isVisible()).isTrue();
        type(KeyCode.ESCAPE);
        assertThat(window.help().isVisible()).isFalse();
    }
}
