package io.olimpus.desktop.ui;

import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.topology.NodeKind;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;

/**
 * The VM and switch to drag onto the canvas. The drag is plain mouse pressed/dragged/released
 * (the press grabs the mouse), so it behaves the same on every platform and under Monocle.
 */
public final class Palette extends VBox {
    /**
     * The link tool where a student looks for things to draw with: press it (or L), then drag from
     * node to node. Alt+drag also links, but many window managers take Alt+drag to move the window.
     */
    private final javafx.scene.control.ToggleButton link = new javafx.scene.control.ToggleButton(Msg.get("palette.link"));

    public Palette(DesignerViewModel vm, TopologyCanvas canvas) {
        super(8);
        getStyleClass().add("palette");
        setPadding(new Insets(10));
        Label title = new Label(Msg.get("palette.title"));
        title.getStyleClass().add("panel-title");
        getChildren().addAll(title,
                item("palette-vm", Msg.get("palette.vm"), NodeKind.VM, vm, canvas),
                item("palette-switch", Msg.get("palette.switch"), NodeKind.SWITCH, vm, canvas),
                link);
        link.setId("palette-link");
        link.setMaxWidth(Double.MAX_VALUE);
        link.setTooltip(new Tooltip(Msg.get("tool.linkHint")));
        setPrefWidth(130);
        setMinWidth(120);
    }

    /** Kept in step with the toolbar's link tool by the window. */
    public javafx.scene.control.ToggleButton linkToggle() { return link; }

    private Label item(String id, String text, NodeKind kind, DesignerViewModel vm, TopologyCanvas canvas) {
        javafx.scene.Node glyph = kind == NodeKind.VM
                ? new Rectangle(22, 22, Color.web("#3b82f6")) : new Circle(11, Color.web("#10b981"));
        if (glyph instanceof Rectangle r) { r.setArcWidth(6); r.setArcHeight(6); }
        Label l = new Label(text, glyph);
        l.setId(id);
        l.getStyleClass().add("palette-item");
        l.setMaxWidth(Double.MAX_VALUE);
        l.setTooltip(new Tooltip(Msg.get("palette.hint")));
        l.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            Point2D local = canvas.sceneToLocal(e.getSceneX(), e.getSceneY());
            canvas.showGhost(kind, canvas.contains(local) ? local : null);
        });
        l.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            Point2D local = canvas.sceneToLocal(e.getSceneX(), e.getSceneY());
            canvas.showGhost(null, null);
            if (canvas.contains(local)) {
                vm.addNode(kind, canvas.localToWorld(local.getX(), local.getY()));
                canvas.requestFocus();
            }
        });
        return l;
    }
}
