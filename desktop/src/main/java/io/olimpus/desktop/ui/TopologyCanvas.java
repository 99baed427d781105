package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.Xy;
import io.olimpus.desktop.vm.CanvasFacts;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.desktop.vm.ImageFamily;
import io.olimpus.model.file.Area;
import io.olimpus.model.file.Note;
import io.olimpus.desktop.vm.Selection;
import io.olimpus.model.file.NodeLook;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.NodeKind;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ValidationReport;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The drawing surface. One {@link Canvas} painted in immediate mode, not a scene-graph node per
 * VM: with 1,000 VMs and 1,500 links the software pipeline repaints this faster than it can
 * lay out and render 2,500 shapes (see docs/benchmarks.md). Only what is in view is painted;
 * names are left out when they would be unreadably small.
 */
public final class TopologyCanvas extends Region {
    public static final double NODE = 36;
    private static final double HIT_LINK = 5;
    private static final double LABEL_MIN_SCALE = 0.45;
    private static final double LABEL_REACH = 170; // half the width of the widest name (31 characters, Names.MAX_LENGTH)

    public enum Tool { SELECT, LINK }

    private final DesignerViewModel vm;
    private final Canvas canvas = new Canvas();
    private CanvasStyle style = CanvasStyle.LIGHT;
    private double scale = 1, tx = 0, ty = 0;
    /** The view is as the last Fit left it (no pan or zoom since): a resize fits again, so a window still settling its size shows the whole drawing. */
    private boolean fitted;
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final BooleanProperty spaceDown = new SimpleBooleanProperty(false);
    private Tool tool = Tool.SELECT;

    // What the validation report marks, rebuilt when the report changes.
    private Set<String> errorNodes = Set.of(), warnNodes = Set.of(), badLinks = Set.of();

    // Interaction state.
    private enum Drag { NONE, MOVE, LINK, BAND, PAN, NOTE, AREA, AREA_SIZE }
    private Drag drag = Drag.NONE;
    private double pressX, pressY, lastX, lastY;
    private double moveDx, moveDy;
    private Set<String> moving = Set.of();
    private String linkFrom;
    private Point2D linkTo;
    private Rectangle2D band;
    private Selection bandBase = Selection.NONE;
    private Map<String, Xy> overridePositions; // during a layout animation
    private Point2D ghost;
    private NodeKind ghostKind;

    private Consumer<String> onRenameRequest = id -> {};
    private Consumer<String> onOpenConsole;
    private Consumer<AnnotationRef> onEditAnnotation = a -> {};
    private CanvasFacts facts = CanvasFacts.NONE;
    // Interface names by VM and link, derived once per topology (not per frame).
    private Topology ifTopology;
    private Map<String, Map<String, String>> ifNames = Map.of();
    // The note or area picked (not part of the node selection: it is presentation only), or null.
    private AnnotationRef picked;
    private double annX, annY, annW, annH; // the picked annotation's place while it is dragged
    private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
    private String hovered;
    private BiConsumer<ContextTarget, Point2D> onContextMenu = (t, p) -> {};
    private Runnable onViewChanged = () -> {};

    /** What a right-click hit: a node, a link, a note or area, or the background (all null). */
    public record ContextTarget(String nodeId, String linkId, Xy world, AnnotationRef annotation) {
        public ContextTarget(String nodeId, String linkId, Xy world) { this(nodeId, linkId, world, null); }
    }

    /** A note or a named area of the presentation, by its index there. */
    public record AnnotationRef(boolean area, int index) {}

    /** Below this zoom links show no interface names (they would not read). */
    public static final double INTERFACE_MIN_SCALE = 0.8;
    /** From this zoom nodes show their flavor, addresses and state under the name. */
    public static final double DETAIL_MIN_SCALE = 1.2;

    public TopologyCanvas(DesignerViewModel vm) {
        this.vm = vm;
        getStyleClass().add("topology-canvas");
        setFocusTraversable(true);
        getChildren().add(canvas);
        canvas.setManaged(false);
        // During a pan the canvas is larger than the view (see panFrame).
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setMinSize(100, 100);
        vm.documentProperty().addListener((o, a, b) -> redraw());
        vm.selectionProperty().addListener((o, a, b) -> { if (!b.isEmpty()) picked = null; redraw(); });
        vm.documentProperty().addListener((o, a, b) -> { if (picked != null && !annotationExists(picked)) picked = null; });
        tip.setShowDelay(javafx.util.Duration.millis(400));
        tip.setId("canvas-tip");
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(nodeAt(e.getX(), e.getY())));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(null));
        vm.reportProperty().addListener((o, a, b) -> { indexReport(b); redraw(); });
        vm.snapToGridProperty().addListener((o, a, b) -> redraw());
        indexReport(vm.report());
        widthProperty().addListener((o, a, b) -> resizeCanvas());
        heightProperty().addListener((o, a, b) -> resizeCanvas());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) doubleClick(e.getX(), e.getY());
        });
        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0) return;
            zoomAt(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15, e.getX(), e.getY());
            e.consume();
        });
    }

    // ---- public API -------------------------------------------------------------------------

    public void setStyle(CanvasStyle s) { style = s; redraw(); }
    public Tool tool() { return tool; }
    public void setTool(Tool t) { tool = t; setCursor(t == Tool.LINK ? javafx.scene.Cursor.CROSSHAIR : javafx.scene.Cursor.DEFAULT); }
    public BooleanProperty spaceDownProperty() { return spaceDown; }
    public DoubleProperty zoomProperty() { return zoom; }
    public double scale() { return scale; }
    public double translateXView() { return tx; }
    public double translateYView() { return ty; }
    public void setOnRenameRequest(Consumer<String> c) { onRenameRequest = c; }
    public void setOnContextMenu(BiConsumer<ContextTarget, Point2D> c) { onContextMenu = c; }
    public void setOnViewChanged(Runnable r) { onViewChanged = r; }
    /** What a double-click on a running VM does (opens its console); null: it renames like any node. */
    public void setOnOpenConsole(Consumer<String> c) { onOpenConsole = c; }
    /** A double-click on a note (edit its text) or an area (rename it). */
    public void setOnEditAnnotation(Consumer<AnnotationRef> c) { onEditAnnotation = c; }
    public void setFacts(CanvasFacts f) { facts = f == null ? CanvasFacts.NONE : f; redraw(); }
    public CanvasFacts facts() { return facts; }
    /** The note or area picked, or null. */
    public AnnotationRef picked() { return picked; }
    public void pick(AnnotationRef a) {
        picked = a;
        if (a != null && !vm.selection().isEmpty()) vm.select(Selection.NONE);
        redraw();
    }

    /** Deletes the picked note or area; false when none is picked (the node selection is then what Delete deletes). */
    public boolean deletePicked() {
        AnnotationRef a = picked;
        if (a == null) return false;
        picked = null;
        if (a.area()) vm.removeArea(a.index()); else vm.removeNote(a.index());
        return true;
    }
    public Canvas canvas() { return canvas; }

    public Point2D worldToLocal(Xy w) { return new Point2D(w.x() * scale + tx, w.y() * scale + ty); }
    public Xy localToWorld(double x, double y) { return new Xy((x - tx) / scale, (y - ty) / scale); }

    /** Screen coordinates of a node's centre (for tests and for placing the rename field). */
    public Point2D nodeOnScreen(String id) { return localToScreen(worldToLocal(vm.position(id))); }

    public Xy viewCentreWorld() { return localToWorld(getWidth() / 2, getHeight() / 2); }

    public void panBy(double dx, double dy) {
        if (drag == Drag.PAN) { panFrame(dx, dy); return; }
        tx += dx;
        fitted = false;
        ty += dy;
        viewChanged();
    }

    public void setView(double newScale, double newTx, double newTy) {
        scale = clampScale(newScale);
        tx = newTx;
        fitted = false;
        ty = newTy;
        viewChanged();
    }

    public void zoomAt(double factor, double x, double y) {
        double ns = clampScale(scale * factor);
        double f = ns / scale;
        tx = x - (x - tx) * f;
        ty = y - (y - ty) * f;
        scale = ns;
        fitted = false;
        viewChanged();
    }

    public void zoomCentre(double factor) { zoomAt(factor, getWidth() / 2, getHeight() / 2); }

    public void centreOn(Xy w) {
        tx = getWidth() / 2 - w.x() * scale;
        fitted = false;
        ty = getHeight() / 2 - w.y() * scale;
        viewChanged();
    }

    private double fitBottomMargin;

    /** Room that {@link #fit()} leaves free at the bottom (where the minimap sits). */
    public void setFitBottomMargin(double m) { fitBottomMargin = m; }

    /** Zooms and pans so the whole drawing fits with a margin. */
    public void fit() {
        Topology t = vm.topology();
        if (t.nodes().isEmpty() || getWidth() <= 0) { setView(1, 0, 0); return; }
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Node n : t.nodes()) {
            Xy p = pos(n.id());
            minX = Math.min(minX, p.x()); minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x()); maxY = Math.max(maxY, p.y());
        }
        double m = NODE * 1.5;
        double w = maxX - minX + 2 * m, h = maxY - minY + 2 * m;
        double avail = Math.max(50, getHeight() - fitBottomMargin);
        double s = clampScale(Math.min(1.5, Math.min(getWidth() / w, avail / h)));
        scale = s;
        fitted = true;
        tx = (getWidth() - (maxX + minX) * s) / 2;
        ty = (avail - (maxY + minY) * s) / 2;
        viewChanged();
    }

    /** Positions shown instead of the document's while a layout animates; null to stop. */
    public void setOverridePositions(Map<String, Xy> p) { overridePositions = p; redraw(); }

    /** The palette drag shows where the new node would land. */
    public void showGhost(NodeKind kind, Point2D local) { ghostKind = kind; ghost = local; redraw(); }

    /**
     * The zoom floor is low enough that Fit always fits (a 20,000-node design at 0.1%); manual
     * zoom out stops at the same floor. At 5% a 1,000-VM circle fell off the canvas, which stayed blank.
     */
    static final double MIN_SCALE = 0.001;

    private static double clampScale(double s) { return Math.max(MIN_SCALE, Math.min(4, s)); }

    private void viewChanged() {
        zoom.set(scale);
        redraw();
        onViewChanged.run();
    }

    // ---- hit testing ------------------------------------------------------------------------

    private Xy pos(String id) {
        if (overridePositions != null) {
            Xy p = overridePositions.get(id);
            if (p != null) return p;
        }
        NodeLook l = vm.document().presentation().nodes().get(id);
        double x = l == null ? 0 : l.x(), y = l == null ? 0 : l.y();
        if (drag == Drag.MOVE && moving.contains(id)) return new Xy(x + moveDx, y + moveDy);
        return new Xy(x, y);
    }

    /** The topmost node under a local point, or null. */
    public String nodeAt(double x, double y) {
        Xy w = localToWorld(x, y);
        double r = NODE / 2 + 2 / scale;
        var nodes = vm.topology().nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            Xy p = pos(n.id());
            if (Math.abs(p.x() - w.x()) <= r && Math.abs(p.y() - w.y()) <= r) return n.id();
        }
        return null;
    }

    public String linkAt(double x, double y) {
        Xy w = localToWorld(x, y);
        double tol = HIT_LINK / scale;
        String best = null;
        double bestD = tol;
        for (Link l : vm.topology().links()) {
            if (vm.topology().node(l.a()).isEmpty() || vm.topology().node(l.b()).isEmpty()) continue;
            double d = segDist(w, pos(l.a()), pos(l.b()));
            if (d <= bestD) { bestD = d; best = l.id(); }
        }
        return best;
    }

    private void doubleClick(double x, double y) {
        if (vm.isReadOnly()) return;  // no rename, no note to edit
        String id = nodeAt(x, y);
        if (id != null) {
            if (onOpenConsole != null && facts.isRunning(id)) onOpenConsole.accept(id);
            else onRenameRequest.accept(id);
            return;
        }
        AnnotationRef a = annotationAt(x, y);
        if (a != null) onEditAnnotation.accept(a);
    }

    // ---- notes and areas --------------------------------------------------------------------

    private static final double NOTE_PAD = 6, AREA_BAR = 22, AREA_HANDLE = 14;
    private static final Font NOTE_FONT = Font.font(12);
    private static final Font AREA_FONT = Font.font(null, javafx.scene.text.FontWeight.BOLD, 13);
    private static final Color NOTE_FILL = Color.web("#fef3c7"), NOTE_INK = Color.web("#78350f"), AREA_COLOR = Color.web("#8b5cf6");

    private boolean annotationExists(AnnotationRef a) {
        var p = vm.document().presentation();
        return a.index() >= 0 && a.index() < (a.area() ? p.areas().size() : p.notes().size());
    }

    /** A note's box in world units: its top-left corner is the note's place. */
    private Rectangle2D noteBox(Note n, double x, double y) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(n.text());
        t.setFont(NOTE_FONT);
        var b = t.getLayoutBounds();
        return new Rectangle2D(x, y, b.getWidth() + 2 * NOTE_PAD, b.getHeight() + 2 * NOTE_PAD);
    }

    private Rectangle2D noteBox(int i) {
        Note n = vm.document().presentation().notes().get(i);
        boolean dragged = picked != null && !picked.area() && picked.index() == i && drag == Drag.NOTE;
        return noteBox(n, dragged ? annX : n.x(), dragged ? annY : n.y());
    }

    private Rectangle2D areaBox(int i) {
        Area a = vm.document().presentation().areas().get(i);
        boolean dragged = picked != null && picked.area() && picked.index() == i && (drag == Drag.AREA || drag == Drag.AREA_SIZE);
        return dragged ? new Rectangle2D(annX, annY, annW, annH) : new Rectangle2D(a.x(), a.y(), a.width(), a.height());
    }

    /** The note under a point, else the area whose title bar or corner handle is there (the inside of an area is background). */
    public AnnotationRef annotationAt(double x, double y) {
        Xy w = localToWorld(x, y);
        var p = vm.document().presentation();
        for (int i = p.notes().size() - 1; i >= 0; i--)
            if (noteBox(i).contains(w.x(), w.y())) return new AnnotationRef(false, i);
        for (int i = p.areas().size() - 1; i >= 0; i--) {
            Rectangle2D r = areaBox(i);
            if (onAreaHandle(r, w) || (w.x() >= r.getMinX() && w.x() <= r.getMaxX() && w.y() >= r.getMinY() && w.y() <= r.getMinY() + AREA_BAR))
                return new AnnotationRef(true, i);
        }
        return null;
    }

    private boolean onAreaHandle(Rectangle2D r, Xy w) {
        double h = AREA_HANDLE / Math.min(1, scale);
        return w.x() >= r.getMaxX() - h && w.x() <= r.getMaxX() + 4 / scale && w.y() >= r.getMaxY() - h && w.y() <= r.getMaxY() + 4 / scale;
    }

    /** Screen point of an area's resize handle and of a note's centre (for tests). */
    public Point2D areaHandleOnScreen(int i) {
        Rectangle2D r = areaBox(i);
        return localToScreen(worldToLocal(new Xy(r.getMaxX() - 4, r.getMaxY() - 4)));
    }

    public Point2D areaTitleOnScreen(int i) {
        Rectangle2D r = areaBox(i);
        return localToScreen(worldToLocal(new Xy(r.getMinX() + 30, r.getMinY() + AREA_BAR / 2)));
    }

    public Point2D noteOnScreen(int i) {
        Rectangle2D r = noteBox(i);
        return localToScreen(worldToLocal(new Xy(r.getMinX() + r.getWidth() / 2, r.getMinY() + r.getHeight() / 2)));
    }

    private void paintAreas(GraphicsContext g) {
        var areas = vm.document().presentation().areas();
        for (int i = 0; i < areas.size(); i++) {
            Rectangle2D r = areaBox(i);
            boolean sel = picked != null && picked.area() && picked.index() == i;
            g.setFill(AREA_COLOR.deriveColor(0, 1, 1, 0.07));
            g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 16, 16);
            g.setFill(AREA_COLOR.deriveColor(0, 1, 1, 0.18));
            g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), AREA_BAR, 16, 16);
            g.setStroke(sel ? style.selection() : AREA_COLOR.deriveColor(0, 1, 1, 0.7));
            g.setLineWidth(sel ? 3 : 1.5);
            g.setLineDashes(sel ? null : new double[]{8, 5});
            g.strokeRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 16, 16);
            g.setLineDashes();
            if (scale >= 0.3) {
                g.setFill(style.label());
                g.setFont(AREA_FONT);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(areas.get(i).name(), r.getMinX() + 10, r.getMinY() + AREA_BAR / 2, Math.max(10, r.getWidth() - 20));
            }
            // The resize handle: three diagonal strokes in the corner.
            g.setStroke(sel ? style.selection() : AREA_COLOR);
            g.setLineWidth(1.5);
            for (int k = 1; k <= 3; k++)
                g.strokeLine(r.getMaxX() - 4 * k - 2, r.getMaxY() - 2, r.getMaxX() - 2, r.getMaxY() - 4 * k - 2);
        }
    }

    private void paintNotes(GraphicsContext g) {
        var notes = vm.document().presentation().notes();
        for (int i = 0; i < notes.size(); i++) {
            Rectangle2D r = noteBox(i);
            boolean sel = picked != null && !picked.area() && picked.index() == i;
            g.setFill(NOTE_FILL);
            g.fillRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
            g.setStroke(sel ? style.selection() : NOTE_INK.deriveColor(0, 1, 1, 0.5));
            g.setLineWidth(sel ? 3 : 1);
            g.strokeRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
            // A folded corner tells a note from a node or an area at a glance.
            double c = 8;
            g.setFill(NOTE_INK.deriveColor(0, 1, 1, 0.25));
            g.fillPolygon(new double[]{r.getMaxX() - c, r.getMaxX(), r.getMaxX()}, new double[]{r.getMinY(), r.getMinY(), r.getMinY() + c}, 3);
            if (scale >= 0.3) {
                g.setFill(NOTE_INK);
                g.setFont(NOTE_FONT);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.fillText(notes.get(i).text(), r.getMinX() + NOTE_PAD, r.getMinY() + NOTE_PAD);
            }
        }
    }

    // ---- what the canvas tells about a node ---------------------------------------------------

    private Map<String, Map<String, String>> interfaces() {
        Topology t = vm.topology();
        if (t != ifTopology) {
            ifTopology = t;
            ifNames = CanvasFacts.interfaceNames(t);
        }
        return ifNames;
    }

    /** The interface name of {@code nodeId}'s end of a link (eth0...), or null for a switch. */
    public String interfaceName(String nodeId, String linkId) {
        return interfaces().getOrDefault(nodeId, Map.of()).get(linkId);
    }

    /** The node under the mouse, whose facts the tooltip shows; null over the background. */
    public String hovered() { return hovered; }
    public javafx.scene.control.Tooltip hoverTip() { return tip; }

    private void hover(String id) {
        if (java.util.Objects.equals(id, hovered)) return;
        hovered = id;
        if (id == null) {
            tip.hide();
            javafx.scene.control.Tooltip.uninstall(this, tip);
            return;
        }
        tip.setText(tooltipText(id));
        javafx.scene.control.Tooltip.install(this, tip);
    }

    /** What hovering a node shows: its name, image, flavor, addresses, and for a deployed VM its state and worker. */
    public String tooltipText(String id) {
        Node n = vm.topology().node(id).orElse(null);
        if (n == null) return "";
        StringBuilder sb = new StringBuilder(n.name() == null ? "" : n.name());
        if (n.isSwitch()) return sb.append('\n').append(Msg.get("canvas.tip.switch")).toString();
        if (n.vm().image() != null) sb.append('\n').append(Msg.fmt("canvas.tip.image", n.vm().image()));
        if (n.vm().flavor() != null) sb.append('\n').append(Msg.fmt("canvas.tip.flavor", n.vm().flavor()));
        List<String> addresses = addressLines(id);
        if (!addresses.isEmpty()) sb.append('\n').append(Msg.fmt("canvas.tip.addresses", String.join(", ", addresses)));
        CanvasFacts.Runtime r = facts.runtimeOf(id);
        if (r != null) {
            sb.append('\n').append(Msg.fmt("canvas.tip.state", stateWord(r.state())));
            if (r.worker() != null && !r.worker().isBlank()) sb.append('\n').append(Msg.fmt("canvas.tip.worker", r.worker()));
            if (r.running() && onOpenConsole != null) sb.append('\n').append(Msg.get("canvas.tip.console"));
        }
        return sb.toString();
    }

    private static String stateWord(String state) {
        String key = "vmstate." + (state == null ? "unknown" : state.toLowerCase(java.util.Locale.ROOT));
        return Msg.has(key) ? Msg.get(key) : String.valueOf(state).toLowerCase(java.util.Locale.ROOT);
    }

    /** "eth0 10.0.1.2": the plan's addresses by interface, or the platform's once it runs. */
    private List<String> addressLines(String vmId) {
        Map<String, String> ifs = interfaces().getOrDefault(vmId, Map.of());
        CanvasFacts.Runtime r = facts.runtimeOf(vmId);
        if (r != null && !r.addresses().isEmpty()) return r.addresses();
        List<String> out = new ArrayList<>();
        ifs.forEach((link, name) -> {
            String ip = facts.ip(vmId, link);
            if (ip != null) out.add(name + " " + ip);
        });
        return out;
    }

    private static final Font DETAIL_FONT = Font.font(10);
    private static final Font IF_FONT = Font.font(10);

    /** A link label as last painted, in world units (for tests and the screenshot's check). */
    public record PlacedLabel(String text, Rectangle2D box, boolean subnet) {}

    private List<PlacedLabel> placed = List.of();
    private List<Rectangle2D> blocks = List.of();

    /** The link labels of the last full paint. */
    public List<PlacedLabel> placedLabels() { return placed; }

    /** The text blocks under the nodes of the last full paint (name, caption, details). */
    public List<Rectangle2D> textBlocks() { return blocks; }

    /**
     * At a zoom where they read: interface names near each VM end of a link, and the link's subnet
     * once planned, beside its midpoint. One pass over every shown link places them so that none
     * covers another, a node or a node's text (#16: on a small planned ring the subnets sat on the
     * names, the plan captions and the addresses).
     */
    private void paintLinkLabels(GraphicsContext g, Topology t, Xy min, Xy max, List<Node> shown) {
        if (scale < INTERFACE_MIN_SCALE) {
            placed = List.of();
            blocks = List.of();
            return;
        }
        List<Rectangle2D> texts = new ArrayList<>();
        List<Xy> centres = new ArrayList<>();
        for (Node n : shown) {
            Xy p = pos(n.id());
            centres.add(p);
            texts.add(nameBox(n.id(), p));
        }
        LabelLayout layout = new LabelLayout(texts, centres, NODE / 2 + 2);
        List<PlacedLabel> out = new ArrayList<>();
        List<Link> withSubnet = new ArrayList<>();
        for (Link l : t.links()) {
            Xy a = posOrNull(l.a()), b = posOrNull(l.b());
            if (a == null || b == null || !segmentVisible(a, b, min, max)) continue;
            layout.addLink(a, b);
            String ia = interfaceName(l.a(), l.id()), ib = interfaceName(l.b(), l.id());
            String subnet = facts.subnet(l.id());
            if (subnet != null) withSubnet.add(l);
            // A VM-to-switch link has one label (a switch has no interface names): it may use the whole link.
            boolean shared = (ia != null && ib != null) || subnet != null;
            if (ia != null) place(out, ia, layout.atEnd(a, b, labelWidth(ia), shared), false);
            if (ib != null) place(out, ib, layout.atEnd(b, a, labelWidth(ib), shared), false);
        }
        // Subnets after every interface name: they may move along their link, the names may not.
        for (Link l : withSubnet) {
            String subnet = facts.subnet(l.id());
            place(out, subnet, layout.onLink(pos(l.a()), pos(l.b()), labelWidth(subnet)), true);
        }
        g.setFont(IF_FONT);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (PlacedLabel p : out)
            label(g, p.text(), p.box().getMinX() + p.box().getWidth() / 2, p.box().getMinY() + LabelLayout.H / 2, p.subnet() ? style.vmStroke() : style.label());
        placed = List.copyOf(out);
        blocks = List.copyOf(texts);
    }

    private static void place(List<PlacedLabel> out, String text, Xy at, boolean subnet) {
        if (at != null) out.add(new PlacedLabel(text, LabelLayout.box(at.x(), at.y(), labelWidth(text)), subnet));
    }

    /**
     * Where a node's text is drawn: its name, and under it the plan's caption and, zoomed in, the
     * detail lines; as wide as its widest line (the subnets sat on the addresses when only the
     * name's width counted).
     */
    private Rectangle2D nameBox(String nodeId, Xy p) {
        Node n = vm.topology().node(nodeId).orElse(null);
        String name = n == null || n.name() == null ? "" : n.name();
        double w = name.length() * 7.0 + 6, h = 18;
        Mark m = marks.get(nodeId);
        if (m != null && m.caption() != null && !m.caption().isEmpty() && scale >= LABEL_MIN_SCALE) {
            w = Math.max(w, m.caption().length() * 7.0 + 6);
            h = 32;
        }
        if (scale >= DETAIL_MIN_SCALE && n != null && n.isVm()) {
            List<String> lines = detailLines(n);
            for (String line : lines) w = Math.max(w, line.length() * 6.0 + 6);
            h = (marks.containsKey(nodeId) ? 32 : 18) - 2 + 12 * lines.size();
            h = Math.max(h, 18);
        }
        return nameBox(p, w, h);
    }

    static Rectangle2D nameBox(Xy p, double width, double height) {
        return new Rectangle2D(p.x() - width / 2, p.y() + NODE / 2 + 2, width, height);
    }

    static double labelWidth(String text) { return text.length() * 5.6 + 6; }

    /**
     * Where the interface label of {@code node}'s end of the link to {@code other} goes when only
     * the two nodes and their names are there (see {@link LabelLayout#atEnd}). Null when the link is
     * too short for such a place: the label is hidden.
     */
    static Xy interfaceLabelAt(Xy node, Xy other, double labelW, Rectangle2D ownName, Rectangle2D otherName, boolean shared) {
        return new LabelLayout(List.of(ownName, otherName), List.of(node, other), NODE / 2 + 2).atEnd(node, other, labelW, shared);
    }

    /** Small text on a background patch, so it reads over a line. */
    private void label(GraphicsContext g, String text, double x, double y, Color ink) {
        if (text == null) return;
        double w = labelWidth(text);
        g.setFill(style.background().deriveColor(0, 1, 1, 0.85));
        g.fillRoundRect(x - w / 2, y - 7, w, 14, 6, 6);
        g.setFill(ink);
        g.fillText(text, x, y);
    }

    /** At a close zoom: flavor, addresses and state under a VM's name (and under its mark's caption). */
    private void paintDetails(GraphicsContext g, List<Node> shown) {
        if (scale < DETAIL_MIN_SCALE) return;
        g.setFont(DETAIL_FONT);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setFill(style.label().deriveColor(0, 1, 1, 0.75));
        double r = NODE / 2;
        for (Node n : shown) {
            if (!n.isVm()) continue;
            Xy p = pos(n.id());
            double y = p.y() + r + (marks.containsKey(n.id()) ? 32 : 18);
            for (String line : detailLines(n)) {
                g.fillText(line, p.x(), y);
                y += 12;
            }
        }
    }

    /** A VM's lines under its name at a close zoom: flavor, addresses, and its state when no mark says it. */
    private List<String> detailLines(Node n) {
        List<String> lines = new ArrayList<>();
        if (n.vm().flavor() != null) lines.add(n.vm().flavor());
        lines.addAll(addressLines(n.id()));
        CanvasFacts.Runtime rt = facts.runtimeOf(n.id());
        if (rt != null && !marks.containsKey(n.id())) lines.add(stateWord(rt.state()));
        return lines;
    }

    private static double segDist(Xy p, Xy a, Xy b) {
        double dx = b.x() - a.x(), dy = b.y() - a.y();
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / len2));
        double cx = a.x() + t * dx - p.x(), cy = a.y() + t * dy - p.y();
        return Math.sqrt(cx * cx + cy * cy);
    }

    // ---- mouse ------------------------------------------------------------------------------

    private void pressed(MouseEvent e) {
        requestFocus();
        pressX = lastX = e.getX();
        pressY = lastY = e.getY();
        if (e.getButton() == MouseButton.MIDDLE || e.getButton() == MouseButton.SECONDARY
                || (e.getButton() == MouseButton.PRIMARY && spaceDown.get())) {
            drag = Drag.PAN;
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) return;
        boolean additive = e.isShiftDown() || e.isShortcutDown() || e.isControlDown();
        String node = nodeAt(e.getX(), e.getY());
        if (vm.isReadOnly()) {
            // Read only: a press selects (to see a node's or link's properties), and a drag pans.
            String link = node == null ? linkAt(e.getX(), e.getY()) : null;
            if (picked != null) { picked = null; redraw(); }
            if (node != null) vm.select(additive ? vm.selection().toggleNode(node) : Selection.ofNode(node));
            else if (link != null) vm.select(additive ? vm.selection().toggleLink(link) : Selection.ofLink(link));
            else {
                vm.select(Selection.NONE);
                drag = Drag.PAN;
            }
            return;
        }
        if (node != null) {
            if (tool == Tool.LINK || e.isAltDown()) {
                drag = Drag.LINK;
                linkFrom = node;
                linkTo = new Point2D(e.getX(), e.getY());
                return;
            }
            Selection s = vm.selection();
            if (additive) vm.select(s.toggleNode(node));
            else if (!s.hasNode(node)) vm.select(Selection.ofNode(node));
            if (vm.selection().hasNode(node)) {
                drag = Drag.MOVE;
                moving = new HashSet<>(vm.selection().nodes());
                moveDx = moveDy = 0;
            }
            return;
        }
        AnnotationRef ann = tool == Tool.LINK ? null : annotationAt(e.getX(), e.getY());
        if (ann != null) {
            pick(ann);
            Rectangle2D r = ann.area() ? areaBox(ann.index()) : noteBox(ann.index());
            annX = r.getMinX(); annY = r.getMinY(); annW = r.getWidth(); annH = r.getHeight();
            drag = !ann.area() ? Drag.NOTE : onAreaHandle(r, localToWorld(e.getX(), e.getY())) ? Drag.AREA_SIZE : Drag.AREA;
            return;
        }
        if (picked != null) { picked = null; redraw(); }
        String link = linkAt(e.getX(), e.getY());
        if (link != null) {
            vm.select(additive ? vm.selection().toggleLink(link) : Selection.ofLink(link));
            return;
        }
        drag = Drag.BAND;
        bandBase = additive ? vm.selection() : Selection.NONE;
        if (!additive) vm.select(Selection.NONE);
        band = new Rectangle2D(e.getX(), e.getY(), 0, 0);
    }

    private void dragged(MouseEvent e) {
        switch (drag) {
            case PAN -> {
                panBy(e.getX() - lastX, e.getY() - lastY);
            }
            case MOVE -> {
                if (dragBackground == null) startMoveCache();
                moveDx = (e.getX() - pressX) / scale;
                moveDy = (e.getY() - pressY) / scale;
                redraw();
            }
            case LINK -> { linkTo = new Point2D(e.getX(), e.getY()); redraw(); }
            case NOTE, AREA -> {
                annX += (e.getX() - lastX) / scale;
                annY += (e.getY() - lastY) / scale;
                redraw();
            }
            case AREA_SIZE -> {
                annW = Math.max(DesignerViewModel.AREA_MIN, annW + (e.getX() - lastX) / scale);
                annH = Math.max(DesignerViewModel.AREA_MIN, annH + (e.getY() - lastY) / scale);
                redraw();
            }
            case BAND -> {
                band = new Rectangle2D(Math.min(pressX, e.getX()), Math.min(pressY, e.getY()),
                        Math.abs(e.getX() - pressX), Math.abs(e.getY() - pressY));
                redraw();
            }
            default -> {}
        }
        lastX = e.getX();
        lastY = e.getY();
    }

    private void released(MouseEvent e) {
        Drag was = drag;
        drag = Drag.NONE;
        endCaches();
        switch (was) {
            case PAN -> {
                endPan();
                boolean still = Math.hypot(e.getX() - pressX, e.getY() - pressY) < 4;
                if (still && e.getButton() == MouseButton.SECONDARY) contextMenu(e);
            }
            case MOVE -> {
                double dx = moveDx, dy = moveDy;
                Set<String> ids = moving;
                moving = Set.of();
                moveDx = moveDy = 0;
                if (dx != 0 || dy != 0) vm.moveBy(ids, dx, dy);
                else redraw();
            }
            case LINK -> {
                String target = nodeAt(e.getX(), e.getY());
                String from = linkFrom;
                linkFrom = null;
                linkTo = null;
                if (target != null && !target.equals(from)) vm.connect(from, target).ifPresent(id -> vm.select(Selection.ofLink(id)));
                redraw();
            }
            case NOTE -> {
                Xy to = vm.snap(new Xy(annX, annY));
                vm.moveNote(picked.index(), to);
                redraw();
            }
            case AREA, AREA_SIZE -> {
                Xy to = was == Drag.AREA ? vm.snap(new Xy(annX, annY)) : new Xy(annX, annY);
                vm.placeArea(picked.index(), to.x(), to.y(), annW, annH);
                redraw();
            }
            case BAND -> {
                Rectangle2D r = band;
                band = null;
                if (r != null && (r.getWidth() > 2 || r.getHeight() > 2)) vm.select(bandBase.plus(inBand(r)));
                else redraw();
            }
            default -> {}
        }
    }

    private void contextMenu(MouseEvent e) {
        String node = nodeAt(e.getX(), e.getY());
        String link = node == null ? linkAt(e.getX(), e.getY()) : null;
        if (node != null && !vm.selection().hasNode(node)) vm.select(Selection.ofNode(node));
        if (link != null && !vm.selection().hasLink(link)) vm.select(Selection.ofLink(link));
        AnnotationRef ann = node == null && link == null ? annotationAt(e.getX(), e.getY()) : null;
        if (ann != null) pick(ann);
        onContextMenu.accept(new ContextTarget(node, link, localToWorld(e.getX(), e.getY()), ann), new Point2D(e.getScreenX(), e.getScreenY()));
    }

    private Selection inBand(Rectangle2D r) {
        Xy a = localToWorld(r.getMinX(), r.getMinY()), b = localToWorld(r.getMaxX(), r.getMaxY());
        Set<String> nodes = new LinkedHashSet<>();
        for (Node n : vm.topology().nodes()) {
            Xy p = pos(n.id());
            if (p.x() >= a.x() && p.x() <= b.x() && p.y() >= a.y() && p.y() <= b.y()) nodes.add(n.id());
        }
        Set<String> links = new LinkedHashSet<>();
        for (Link l : vm.topology().links()) if (nodes.contains(l.a()) && nodes.contains(l.b())) links.add(l.id());
        return new Selection(nodes, links);
    }

    // ---- painting ---------------------------------------------------------------------------

    private void indexReport(ValidationReport r) {
        Set<String> en = new HashSet<>(), wn = new HashSet<>(), bl = new HashSet<>();
        if (r != null) for (Problem p : r.problems()) {
            (p.isError() ? en : wn).addAll(p.nodeIds());
            bl.addAll(p.linkIds());
        }
        wn.removeAll(en);
        errorNodes = en;
        warnNodes = wn;
        badLinks = bl;
    }

    public boolean isMarkedError(String nodeId) { return errorNodes.contains(nodeId); }
    public boolean isMarkedWarning(String nodeId) { return warnNodes.contains(nodeId); }
    public boolean isLinkMarked(String linkId) { return badLinks.contains(linkId); }

    private void resizeCanvas() {
        if (fitted && !panning && getWidth() > 0 && getHeight() > 0) fit();
        if (!panning) {
            canvas.setWidth(Math.max(1, getWidth()));
            canvas.setHeight(Math.max(1, getHeight()));
            placeCanvas();
        }
        redraw();
        onViewChanged.run();
    }

    /**
     * Paints the view: what is visible, culled to the window. While nodes are dragged, everything
     * that does not move was rendered once into an image at the start of the drag, so a frame is
     * that image plus the moving nodes and their links. During a pan the canvas is larger than
     * the view and is moved rather than repainted: see {@link #panFrame}. (Before that, shifting
     * a copy of the last frame and painting the strips that came into view was tried: 3-5 ms per
     * frame in the bench, but the copy, a canvas snapshot, made the next pulse repaint the whole
     * window instead of the canvas, which under Xvfb cost more than the repaint it saved.)
     */
    public void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setTransform(1, 0, 0, 1, 0, 0);
        if (panning) {
            paintPanCanvas(g);
            return;
        }
        if (drag == Drag.MOVE && dragBackground != null) {
            g.drawImage(dragBackground, 0, 0);
            paint(g, 0, 0, w, h, Paint.ONLY_MOVING);
        } else {
            g.setFill(style.background());
            g.fillRect(0, 0, w, h);
            paint(g, 0, 0, w, h, Paint.ALL);
        }
        paintMarks(g);
        paintOverlays(g);
    }

    // ---- marks: a node's deploy state or planned change, painted over the drawing -----------------

    /**
     * A colour over a node and a short caption under its name ("running", "+ worker2"), and a
     * badge for the states that must read without colour (a failed VM, a running one).
     */
    public record Mark(Color color, String caption, Badge badge) {
        public enum Badge { NONE, RUNNING, FAILED }

        public Mark {
            if (badge == null) badge = Badge.NONE;
        }

        public Mark(Color color, String caption) { this(color, caption, Badge.NONE); }
    }

    private Map<String, Mark> marks = Map.of();

    /** Colours nodes by id (others stay as drawn); an empty map removes every mark. */
    public void setMarks(Map<String, Mark> byNodeId) {
        marks = byNodeId == null ? Map.of() : Map.copyOf(byNodeId);
        redraw();
    }

    public Mark markOf(String nodeId) { return marks.get(nodeId); }

    private static final Font MARK_FONT = Font.font(null, javafx.scene.text.FontWeight.BOLD, 11);

    private void paintMarks(GraphicsContext g) {
        if (marks.isEmpty()) return;
        double r = NODE / 2;
        g.setTransform(scale, 0, 0, scale, tx, ty);
        g.setFont(MARK_FONT);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (var e : marks.entrySet()) {
            Node n = vm.topology().node(e.getKey()).orElse(null);
            if (n == null) continue;
            Xy p = pos(n.id());
            Color c = e.getValue().color();
            if (n.isVm()) {
                g.setFill(c);
                g.fillRoundRect(p.x() - r, p.y() - r, NODE, NODE, 10, 10);
                g.setStroke(c.darker());
                g.setLineWidth(2.5);
                g.strokeRoundRect(p.x() - r - 3, p.y() - r - 3, NODE + 6, NODE + 6, 12, 12);
                NodeIcons.vmGlyph(g, ImageFamily.of(n.vm().image()), p.x(), p.y(), style.background());
                if (e.getValue().badge() == Mark.Badge.FAILED) NodeIcons.failed(g, p.x(), p.y(), r, c, style.background());
                else if (e.getValue().badge() == Mark.Badge.RUNNING) NodeIcons.running(g, p.x(), p.y(), r, c.darker(), style.background());
                g.setFont(MARK_FONT);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.TOP);
            } else {
                g.setStroke(c);
                g.setLineWidth(3);
                g.strokeOval(p.x() - r - 3, p.y() - r - 3, NODE + 6, NODE + 6);
            }
            String caption = e.getValue().caption();
            if (caption != null && !caption.isEmpty() && scale >= LABEL_MIN_SCALE) {
                g.setFill(c.darker());
                g.fillText(caption, p.x(), p.y() + r + 18);
            }
        }
        g.setTransform(1, 0, 0, 1, 0, 0);
    }

    private enum Paint { ALL, NOT_MOVING, ONLY_MOVING }

    /** Paints the grid, links, nodes and names that fall in the local rectangle (x, y, w, h). */
    private void paint(GraphicsContext g, double x, double y, double w, double h, Paint what) {
        if (what != Paint.ONLY_MOVING && vm.snapToGridProperty().get() && DesignerViewModel.GRID * scale >= 8) drawGrid(g, x, y, w, h);
        Topology t = vm.topology();
        Selection sel = vm.selection();
        // Nodes a little outside still reach in: their rings below, their names also sideways
        // (a long name of a node just outside the view must not be cut off).
        double m = (NODE + 24) * scale, mx = LABEL_REACH * scale;
        Xy min = localToWorld(x - mx, y - m), max = localToWorld(x + w + mx, y + h + m);
        g.setTransform(scale, 0, 0, scale, tx, ty);
        Set<String> mov = moving;
        if (what != Paint.ONLY_MOVING) paintAreas(g);

        g.setLineWidth(Math.max(1.5, 1 / scale));
        g.setStroke(style.link());
        g.beginPath();
        int special = 0;
        Iterable<Link> links = what == Paint.ONLY_MOVING ? movingLinks : t.links();
        for (Link l : links) {
            if (what == Paint.NOT_MOVING && (mov.contains(l.a()) || mov.contains(l.b()))) continue;
            Xy a = posOrNull(l.a()), b = posOrNull(l.b());
            if (a == null || b == null) continue;
            if (!segmentVisible(a, b, min, max)) continue;
            if (sel.hasLink(l.id()) || badLinks.contains(l.id())) { special++; continue; }
            g.moveTo(a.x(), a.y());
            g.lineTo(b.x(), b.y());
        }
        g.stroke();
        if (special > 0) {
            for (Link l : links) {
                boolean s = sel.hasLink(l.id()), bad = badLinks.contains(l.id());
                if (!s && !bad) continue;
                if (what == Paint.NOT_MOVING && (mov.contains(l.a()) || mov.contains(l.b()))) continue;
                Xy a = posOrNull(l.a()), b = posOrNull(l.b());
                if (a == null || b == null) continue;
                g.setStroke(bad ? style.error() : style.selection());
                g.setLineWidth(s ? 4 : 3);
                if (bad && s) g.setLineDashes(8, 4); else g.setLineDashes();
                g.strokeLine(a.x(), a.y(), b.x(), b.y());
            }
            g.setLineDashes();
        }

        // Nodes; below about 14 pixels they are plain squares and dots (the glyphs would not read).
        boolean detailed = NODE * scale >= 14;
        double r = NODE / 2;
        List<Node> shown = new ArrayList<>();
        for (Node n : t.nodes()) {
            boolean isMoving = mov.contains(n.id());
            if (what == Paint.NOT_MOVING && isMoving || what == Paint.ONLY_MOVING && !isMoving) continue;
            Xy p = pos(n.id());
            if (p.x() < min.x() || p.x() > max.x() || p.y() < min.y() || p.y() > max.y()) continue;
            shown.add(n);
            boolean err = errorNodes.contains(n.id()), warn = warnNodes.contains(n.id());
            if (sel.hasNode(n.id())) {
                if (detailed) NodeIcons.selected(g, p.x(), p.y(), r, style.selection());
                else {
                    g.setFill(style.selection());
                    g.fillRoundRect(p.x() - r - 5, p.y() - r - 5, NODE + 10, NODE + 10, 14, 14);
                }
            }
            if (!detailed) {
                g.setFill(n.isVm() ? style.vm() : style.sw());
                g.fillRect(p.x() - r, p.y() - r, NODE, NODE);
            } else if (n.isVm()) {
                g.setFill(style.vm());
                g.fillRoundRect(p.x() - r, p.y() - r, NODE, NODE, 10, 10);
                g.setStroke(style.vmStroke());
                g.setLineWidth(1.5);
                g.strokeRoundRect(p.x() - r, p.y() - r, NODE, NODE, 10, 10);
                NodeIcons.vmGlyph(g, ImageFamily.of(n.vm().image()), p.x(), p.y(), style.background());
            } else {
                g.setFill(style.sw());
                g.fillOval(p.x() - r, p.y() - r, NODE, NODE);
                g.setStroke(style.swStroke());
                g.setLineWidth(1.5);
                g.strokeOval(p.x() - r, p.y() - r, NODE, NODE);
                g.setStroke(style.background());
                g.strokeLine(p.x() - 9, p.y() - 4, p.x() + 9, p.y() - 4);
                g.strokeLine(p.x() - 9, p.y() + 4, p.x() + 9, p.y() + 4);
            }
            if (n.isVm() && n.vm().internet()) {
                g.setFill(style.warning());
                g.fillOval(p.x() + r - 8, p.y() - r - 4, 12, 12);
            }
            if (err) NodeIcons.error(g, p.x(), p.y(), r, style.error(), style.background());
            else if (warn) NodeIcons.warning(g, p.x(), p.y(), r, style.warning(), style.label());
        }
        if (what != Paint.ONLY_MOVING) paintLinkLabels(g, t, min, max, shown);
        if (scale >= LABEL_MIN_SCALE) for (Link l : links) {  // impaired links' values (#17)
            if (what == Paint.NOT_MOVING && (mov.contains(l.a()) || mov.contains(l.b()))) continue;
            Xy a = posOrNull(l.a()), b = posOrNull(l.b());
            if (a != null && b != null && segmentVisible(a, b, min, max)) LinkBadge.paint(g, l.impairment(), a, b);
        }

        if (scale >= LABEL_MIN_SCALE) {
            g.setFill(style.label());
            g.setFont(LABEL_FONT);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            for (Node n : shown) {
                Xy p = pos(n.id());
                g.fillText(n.name() == null ? "" : n.name(), p.x(), p.y() + r + 4);
            }
        }
        paintDetails(g, shown);
        if (what != Paint.ONLY_MOVING) paintNotes(g);
        g.setTransform(1, 0, 0, 1, 0, 0);
    }

    private static final Font LABEL_FONT = Font.font(12);

    private Xy posOrNull(String id) {
        if (overridePositions == null && !(drag == Drag.MOVE && moving.contains(id))) {
            NodeLook l = vm.document().presentation().nodes().get(id);
            return l == null ? null : new Xy(l.x(), l.y());
        }
        return vm.document().presentation().nodes().containsKey(id) ? pos(id) : null;
    }

    private void paintOverlays(GraphicsContext g) {
        g.setTransform(1, 0, 0, 1, 0, 0);
        double r = NODE / 2;
        if (drag == Drag.LINK && linkFrom != null && linkTo != null) {
            Point2D a = worldToLocal(pos(linkFrom));
            g.setStroke(style.selection());
            g.setLineWidth(2);
            g.setLineDashes(6, 4);
            g.strokeLine(a.getX(), a.getY(), linkTo.getX(), linkTo.getY());
            g.setLineDashes();
        }
        if (band != null) {
            g.setFill(style.band());
            g.fillRect(band.getMinX(), band.getMinY(), band.getWidth(), band.getHeight());
            g.setStroke(style.vm());
            g.setLineWidth(1);
            g.strokeRect(band.getMinX(), band.getMinY(), band.getWidth(), band.getHeight());
        }
        if (ghost != null && ghostKind != null) {
            g.setGlobalAlpha(0.5);
            g.setFill(ghostKind == NodeKind.VM ? style.vm() : style.sw());
            double gr = r * scale;
            if (ghostKind == NodeKind.VM) g.fillRoundRect(ghost.getX() - gr, ghost.getY() - gr, 2 * gr, 2 * gr, 10, 10);
            else g.fillOval(ghost.getX() - gr, ghost.getY() - gr, 2 * gr, 2 * gr);
            g.setGlobalAlpha(1);
        }
    }

    // ---- pan: move the canvas node, repaint only when the margin runs out ----------------------

    /** How far the canvas reaches past the view on every side while a pan is in progress. */
    private static final double PAN_MARGIN = 128;
    private boolean panning;          // the canvas is enlarged by PAN_MARGIN and moved, not repainted
    private double panShiftX, panShiftY; // how far the canvas node is moved from its place
    private double panRestX, panRestY;   // the sub-pixel part of the pan, not shown yet

    /**
     * One frame of a pan gesture. Repainting the view costs up to about 18 ms with 1,500 links
     * and names in the sw pipeline (docs/benchmarks.md), so a pan paints the canvas once, larger
     * than the view by {@link #PAN_MARGIN} on every side, and then only moves the canvas node
     * (the region clips it): the frame is the canvas texture drawn at an offset. When the pan has used up the margin the canvas is
     * painted again around the new view. Moves are whole pixels so the drawing stays sharp.
     */
    private void panFrame(double dx, double dy) {
        panRestX += dx;
        panRestY += dy;
        int ix = (int) Math.round(panRestX), iy = (int) Math.round(panRestY);
        if (ix == 0 && iy == 0) return;
        panRestX -= ix;
        panRestY -= iy;
        tx += ix;
        fitted = false;
        ty += iy;
        panShiftX += ix;
        panShiftY += iy;
        if (!panning || Math.abs(panShiftX) > PAN_MARGIN || Math.abs(panShiftY) > PAN_MARGIN) {
            panning = true;
            redraw();
        } else {
            canvas.setTranslateX(panShiftX);
            canvas.setTranslateY(panShiftY);
        }
        onViewChanged.run();
    }

    /** Paints the view and the margin around it into the enlarged canvas, centred again. */
    private void paintPanCanvas(GraphicsContext g) {
        double m = PAN_MARGIN, w = getWidth() + 2 * m, h = getHeight() + 2 * m;
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
        }
        panShiftX = panShiftY = 0;
        placeCanvas();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setFill(style.background());
        g.fillRect(0, 0, w, h);
        // The canvas sits at (-m, -m): paint with the view shifted by the margin.
        tx += m;
        ty += m;
        try {
            paint(g, 0, 0, w, h, Paint.ALL);
        } finally {
            tx -= m;
            ty -= m;
        }
    }

    private void endPan() {
        if (!panning) return;
        panning = false;
        panRestX = panRestY = 0;
        resizeCanvas(); // back to the size of the view, in place, repainted
    }

    // ---- frame caches for drags ---------------------------------------------------------------

    private javafx.scene.image.WritableImage dragBackground;
    private List<Link> movingLinks = List.of();

    /** Renders what stays still during a node drag once, into an image. */
    private void startMoveCache() {
        Set<String> mov = moving;
        movingLinks = vm.topology().links().stream().filter(l -> mov.contains(l.a()) || mov.contains(l.b())).toList();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setFill(style.background());
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        paint(g, 0, 0, canvas.getWidth(), canvas.getHeight(), Paint.NOT_MOVING);
        dragBackground = snapshotCanvas(dragBackground);
    }

    private javafx.scene.image.WritableImage snapshotCanvas(javafx.scene.image.WritableImage reuse) {
        int w = (int) canvas.getWidth(), h = (int) canvas.getHeight();
        if (reuse == null || reuse.getWidth() != w || reuse.getHeight() != h) reuse = null;
        javafx.scene.SnapshotParameters sp = new javafx.scene.SnapshotParameters();
        sp.setFill(style.background());
        return canvas.snapshot(sp, reuse);
    }

    private void endCaches() {
        dragBackground = null;
        movingLinks = List.of();
    }

    private static boolean segmentVisible(Xy a, Xy b, Xy min, Xy max) {
        return !(Math.max(a.x(), b.x()) < min.x() || Math.min(a.x(), b.x()) > max.x()
                || Math.max(a.y(), b.y()) < min.y() || Math.min(a.y(), b.y()) > max.y());
    }

    private void drawGrid(GraphicsContext g, double x0, double y0, double w, double h) {
        double step = DesignerViewModel.GRID * scale;
        g.setStroke(style.grid());
        g.setLineWidth(1);
        g.beginPath();
        double sx = x0 + ((((tx - x0) % step) + step) % step), sy = y0 + ((((ty - y0) % step) + step) % step);
        for (double x = sx; x < x0 + w; x += step) { g.moveTo(x, y0); g.lineTo(x, y0 + h); }
        for (double y = sy; y < y0 + h; y += step) { g.moveTo(x0, y); g.lineTo(x0 + w, y); }
        g.stroke();
    }

    @Override protected void layoutChildren() {
        double m = panning ? -PAN_MARGIN : 0;
        canvas.relocate(m, m);
    }

    /** Puts the canvas over the view, or around it by the margin while a pan is in progress. */
    private void placeCanvas() {
        layoutChildren();
        canvas.setTranslateX(0);
        canvas.setTranslateY(0);
    }
}
