package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.vm.CanvasFacts;
import io.olimpus.model.file.Area;
import io.olimpus.model.file.Note;
import io.olimpus.model.topology.NodeKind;
import javafx.geometry.Point2D;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The canvas that tells: notes and areas edited with the mouse, a running VM's console on double-click, hover facts. */
class CanvasTellsUiTest extends DesignerWindowFixture {



    private TopologyCanvas canvas() { return window.canvas(); }

    private Point2D canvasPoint(double x, double y) {
        Point2D[] p = new Point2D[1];
        interact(() -> p[0] = canvas().localToScreen(x, y));
        return p[0];
    }

    private void answer(String dialogId, String text) {
        DialogPane d = lookup("#" + dialogId).queryAs(DialogPane.class);
        TextField f = (TextField) d.lookup(".text-field");
        interact(() -> f.setText(text));
        clickOn(d.lookupButton(ButtonType.OK));
    }

    @Test
    void aNoteIsAddedFromTheBackgroundMenuDraggedDeletedAndEachStepUndoes() {
        rightClickOn(canvasPoint(300, 250));
        clickOn("#menu-addNote");
        answer("note-dialog", "ask the TA");
        List<Note> notes = vm.document().presentation().notes();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).text()).isEqualTo("ask the TA");
        Xy placed = new Xy(notes.get(0).x(), notes.get(0).y());

        Point2D[] p = new Point2D[1];
        interact(() -> p[0] = canvas().noteOnScreen(0));
        drag(p[0], MouseButton.PRIMARY).moveBy(40, 10).moveBy(40, 20).release(MouseButton.PRIMARY);
        Note moved = vm.document().presentation().notes().get(0);
        assertThat(moved.x()).isGreaterThan(placed.x() + 50);
        assertThat(moved.y()).isGreaterThan(placed.y() + 20);
        assertThat(vm.topology().nodes()).isEmpty();

        // Double-click edits the text.
        interact(() -> p[0] = canvas().noteOnScreen(0));
        doubleClickOn(p[0]);
        answer("note-dialog", "router here");
        assertThat(vm.document().presentation().notes().get(0).text()).isEqualTo("router here");

        // Picked by a click, deleted by the Delete key; undo brings it back.
        interact(() -> p[0] = canvas().noteOnScreen(0));
        clickOn(p[0]);
        assertThat(canvas().picked()).isEqualTo(new TopologyCanvas.AnnotationRef(false, 0));
        type(KeyCode.DELETE);
        assertThat(vm.document().presentation().notes()).isEmpty();
        push(KeyCode.SHORTCUT, KeyCode.Z);
        assertThat(vm.document().presentation().notes()).extracting(Note::text).containsExactly("router here");
        push(KeyCode.SHORTCUT, KeyCode.Z);
        push(KeyCode.SHORTCUT, KeyCode.Z);
        assertThat(vm.document().presentation().notes().get(0).x()).isEqualTo(placed.x());
    }

    @Test
    void anAreaAroundTheSelectionIsResizedMovedRenamedAndUndone() {
        String a = add(NodeKind.VM, 0, 0), b = add(NodeKind.VM, 200, 0);
        interact(() -> { vm.select(io.olimpus.desktop.vm.Selection.ofNodes(List.of(a, b))); canvas().setView(1, 300, 300); });
        rightClickOn(canvasPoint(400, 520));
        clickOn("#menu-addArea");
        answer("area-dialog", "DMZ");
        Area area = vm.document().presentation().areas().get(0);
        assertThat(area.name()).isEqualTo("DMZ");
        assertThat(area.x()).isLessThan(0);
        assertThat(area.x() + area.width()).isGreaterThan(200);

        Point2D[] p = new Point2D[1];
        interact(() -> p[0] = canvas().areaHandleOnScreen(0));
        drag(p[0], MouseButton.PRIMARY).moveBy(30, 20).moveBy(30, 20).release(MouseButton.PRIMARY);
        Area resized = vm.document().presentation().areas().get(0);
        assertThat(resized.width()).isCloseTo(area.width() + 60, org.assertj.core.data.Offset.offset(3.0));
        assertThat(resized.height()).isCloseTo(area.height() + 40, org.assertj.core.data.Offset.offset(3.0));
        assertThat(resized.x()).isEqualTo(area.x());

        interact(() -> p[0] = canvas().areaTitleOnScreen(0));
        drag(p[0], MouseButton.PRIMARY).moveBy(-20, 0).moveBy(-30, 0).release(MouseButton.PRIMARY);
        Area moved = vm.document().presentation().areas().get(0);
        assertThat(moved.x()).isCloseTo(area.x() - 50, org.assertj.core.data.Offset.offset(3.0));
        assertThat(moved.width()).isEqualTo(resized.width());
        // The nodes inside did not move: an area is drawn behind them, not a group.
        assertThat(vm.position(a)).isEqualTo(new Xy(0, 0));

        interact(() -> p[0] = canvas().areaTitleOnScreen(0));
        doubleClickOn(p[0]);
        answer("area-dialog", "site A");
        assertThat(vm.document().presentation().areas().get(0).name()).isEqualTo("site A");
        interact(vm::undo);
        interact(vm::undo);
        interact(vm::undo);
        assertThat(vm.document().presentation().areas()).containsExactly(area);
    }

    private String add(NodeKind kind, double x, double y) {
        String[] id = new String[1];
        interact(() -> id[0] = vm.addNode(kind, new Xy(x, y)));
        return id[0];
    }

    @Test
    void doubleClickOpensTheConsoleOfARunningVmAndRenamesAnyOther() {
        String running = add(NodeKind.VM, 0, 0), off = add(NodeKind.VM, 200, 0);
        List<String> opened = new ArrayList<>();
        interact(() -> {
            canvas().setView(1, 300, 300);
            canvas().setOnOpenConsole(opened::add);
            canvas().setFacts(CanvasFacts.NONE.withRuntime(Map.of(
                    running, new CanvasFacts.Runtime("RUNNING", "worker2", List.of("10.0.0.2")),
                    off, new CanvasFacts.Runtime("STOPPED", "worker1", List.of()))));
        });
        Point2D[] p = new Point2D[1];
        interact(() -> p[0] = canvas().nodeOnScreen(running));
        doubleClickOn(p[0]);
        assertThat(opened).containsExactly(running);
        assertThat(lookup("#rename-field").queryAs(TextField.class).isVisible()).isFalse();

        interact(() -> p[0] = canvas().nodeOnScreen(off));
        doubleClickOn(p[0]);
        assertThat(opened).containsExactly(running);
        assertThat(lookup("#rename-field").queryAs(TextField.class).isVisible()).isTrue();
    }

    @Test
    void hoverTellsFlavorAddressesStateAndWorker() {
        String a = add(NodeKind.VM, 0, 0), b = add(NodeKind.VM, 200, 0);
        String[] link = new String[1];
        interact(() -> link[0] = vm.connect(a, b).orElseThrow());
        interact(() -> canvas().setView(1, 300, 300));
        interact(() -> canvas().setFacts(CanvasFacts.NONE
                .withPlan(Map.of(link[0], "10.0.1.0/24"), Map.of(a, Map.of(link[0], "10.0.1.2")))
                .withRuntime(Map.of(a, new CanvasFacts.Runtime("RUNNING", "worker2", List.of())))));
        String tip = canvas().tooltipText(a);
        assertThat(tip).contains("Flavor: tiny", "Addresses: eth0 10.0.1.2", "State: running", "Worker: worker2");
        assertThat(canvas().tooltipText(b)).contains("Flavor: tiny").doesNotContain("Worker");
        assertThat(canvas().interfaceName(a, link[0])).isEqualTo("eth0");

        moveTo(canvasPoint(5, 5));
        Point2D[] p = new Point2D[1];
        interact(() -> p[0] = canvas().nodeOnScreen(a));
        moveTo(p[0]);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(canvas().hovered()).isEqualTo(a);
        assertThat(canvas().hoverTip().getText()).isEqualTo(tip);
        moveTo(canvasPoint(5, 5));
        assertThat(canvas().hovered()).isNull();
    }

    @Test
    void aRouterAndAWarnedVmDoNotLookLikeAPlainVm() {
        String plain = add(NodeKind.VM, 0, 0), router = add(NodeKind.VM, 120, 0), warned = add(NodeKind.VM, 240, 0);
        interact(() -> {
            vm.updateVms(List.of(router), s -> s.withImage("vyos-1.4"), "image");
            vm.updateVms(List.of(warned), s -> s.withImage(null), "image");
            vm.updateVms(List.of(plain), s -> s.withImage("cirros"), "image");
            vm.updateVms(List.of(router), s -> s.withImage("vyos-1.4"), "image");
            canvas().setView(1, 100, 200);
        });
        WritableImage img = snapshot();
        assertThat(signature(img, 100, 200)).isNotEqualTo(signature(img, 220, 200));
        // Each node box gets the same background colour; the glyphs inside differ.
        assertThat(canvas().isMarkedError(warned) || canvas().isMarkedWarning(warned)).isTrue();
        assertThat(signature(img, 340, 200)).isNotEqualTo(signature(img, 100, 200));
    }

    @Test
    void theStartScreenOpensAnExampleAndGoesAway() {
        interact(window::showStartScreen);
        assertThat(window.isStartScreenShown()).isTrue();
        clickOn("#start-example-tree7");
        assertThat(window.isStartScreenShown()).isFalse();
        assertThat(vm.topology().name()).isEqualTo("tree7");
        assertThat(vm.topology().vms()).hasSize(7);
        assertThat(vm.document().presentation().areas()).hasSize(2);
        assertThat(vm.fileProperty().get()).isNull();
    }

    @Test
    void everyExampleOpensWithoutErrorsAndTheGuideReadsInBothLanguages() {
        for (String name : StartScreen.EXAMPLES) {
            interact(() -> window.openExample(name));
            assertThat(vm.topology().name()).isEqualTo(name);
            assertThat(vm.report().errors()).as(name).isEmpty();
        }
        assertThat(FirstDeployGuide.text(Locale.ENGLISH)).contains("Deploy", "Double-click a running VM");
        assertThat(FirstDeployGuide.text(new Locale("es"))).contains("Desplegar", "doble clic");
        interact(window::showStartScreen);
        clickOn("#start-empty");
        assertThat(window.isStartScreenShown()).isFalse();
    }

    private WritableImage snapshot() {
        WritableImage[] img = new WritableImage[1];
        interact(() -> img[0] = canvas().canvas().snapshot(null, null));
        return img[0];
    }

    /** The pixels of a 60x60 square around a point, as one string. */
    private static String signature(WritableImage img, int cx, int cy) {
        StringBuilder sb = new StringBuilder();
        for (int y = cy - 30; y < cy + 30; y += 2)
            for (int x = cx - 30; x < cx + 30; x += 2) sb.append(img.getPixelReader().getArgb(x, y)).append(',');
        return sb.toString();
    }
}
