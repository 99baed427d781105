package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.file.NodeLook;
import io.olimpus.model.topology.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/** The whole drawing in small, with the visible part framed; click or drag to go there. */
public final class Minimap extends Pane {
    static final double W = 180, H = 120, PAD = 6;
    private final DesignerViewModel vm;
    private final TopologyCanvas view;
    private final Canvas dots = new Canvas(W, H);
    private final Rectangle frame = new Rectangle();
    private double minX, minY, k = 1;

    public Minimap(DesignerViewModel vm, TopologyCanvas view) {
        this.vm = vm;
        this.view = view;
        setId("minimap");
        getStyleClass().add("minimap");
        setPrefSize(W, H);
        setMaxSize(W, H);
        setMinSize(W, H);
        frame.setFill(Color.web("#3b82f6", 0.12));
        frame.setStroke(Color.web("#3b82f6"));
        frame.setMouseTransparent(true);
        getChildren().addAll(dots, frame);
        vm.documentProperty().addListener((o, a, b) -> redraw());
        view.zoomProperty().addListener((o, a, b) -> updateFrame());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::go);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::go);
        redraw();
    }

    private void go(MouseEvent e) {
        view.centreOn(new Xy(minX + (e.getX() - PAD) / k, minY + (e.getY() - PAD) / k));
        e.consume();
    }

    public void redraw() {
        GraphicsContext g = dots.getGraphicsContext2D();
        g.clearRect(0, 0, W, H);
        var looks = vm.document().presentation().nodes();
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (Node n : vm.topology().nodes()) {
            NodeLook l = looks.get(n.id());
            if (l == null) continue;
            x0 = Math.min(x0, l.x()); y0 = Math.min(y0, l.y()); x1 = Math.max(x1, l.x()); y1 = Math.max(y1, l.y());
        }
        if (x0 == Double.MAX_VALUE) { x0 = 0; y0 = 0; x1 = 400; y1 = 300; }
        double m = TopologyCanvas.NODE * 2;
        minX = x0 - m; minY = y0 - m;
        k = Math.min((W - 2 * PAD) / (x1 - x0 + 2 * m), (H - 2 * PAD) / (y1 - y0 + 2 * m));
        for (Node n : vm.topology().nodes()) {
            NodeLook l = looks.get(n.id());
            if (l == null) continue;
            g.setFill(n.isVm() ? Color.web("#3b82f6") : Color.web("#10b981"));
            g.fillRect(PAD + (l.x() - minX) * k - 1.5, PAD + (l.y() - minY) * k - 1.5, 3, 3);
        }
        updateFrame();
    }

    /** Call when the main view pans or zooms. */
    public void updateFrame() {
        Xy a = view.localToWorld(0, 0), b = view.localToWorld(view.getWidth(), view.getHeight());
        double fx = Math.max(0, PAD + (a.x() - minX) * k), fy = Math.max(0, PAD + (a.y() - minY) * k);
        double fx2 = Math.min(W, PAD + (b.x() - minX) * k), fy2 = Math.min(H, PAD + (b.y() - minY) * k);
        frame.setX(fx);
        frame.setY(fy);
        frame.setWidth(Math.max(0, fx2 - fx));
        frame.setHeight(Math.max(0, fy2 - fy));
    }
}
