package io.olimpus.desktop.ui;

import io.olimpus.desktop.layout.ShapePlacement;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.shape.ShapeKind;
import io.olimpus.model.shape.StarHub;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.util.StringConverter;

import java.util.Map;

/** Choose a shape and its size, see it drawn, then insert it (optionally linked to the selected node). */
public final class ShapeDialog extends Dialog<ShapeDialog.Request> {
    /** What to insert; {@code links} is one set of link properties for all the shape's links (NONE: plain links). */
    public record Request(Shape shape, boolean attach, LinkImpairment links) {}

    private final ChoiceBox<ShapeKind> kind = new ChoiceBox<>();
    /**
     * The most VMs one shape inserts: beyond it the designer slows to a crawl. Stated in the dialog
     * and refused with a message above it, never clamped silently (#16 defect 5: 1,000 became 500).
     */
    public static final int MAX_VMS = 2_000;
    // The spinner's own bounds are wide on purpose: a spinner clamps what is typed without a word.
    private final Spinner<Integer> count = new Spinner<>(1, Integer.MAX_VALUE, 6);
    private final Spinner<Integer> depth = new Spinner<>(0, 8, 2);
    private final Spinner<Integer> fanout = new Spinner<>(1, 10, 2);
    private final ChoiceBox<StarHub> hub = new ChoiceBox<>();
    private final TextField prefix = new TextField("vm");
    private final CheckBox attach = new CheckBox(Msg.get("shape.attach"));
    private final Canvas preview = new Canvas(260, 220);
    private final Label error = new Label();
    private final java.util.Map<LinkImpairment.Property, TextField> linkFields = new java.util.EnumMap<>(LinkImpairment.Property.class);

    public ShapeDialog(ShapeKind initial, String attachName) {
        setTitle(Msg.get("shape.title"));
        getDialogPane().setId("shape-dialog");
        kind.setId("shape-kind");
        count.setId("shape-count");
        depth.setId("shape-depth");
        fanout.setId("shape-fanout");
        hub.setId("shape-hub");
        prefix.setId("shape-prefix");
        attach.setId("shape-attach");
        error.setId("shape-error");
        error.setTextFill(Color.web("#dc2626"));
        kind.getItems().setAll(ShapeKind.values());
        kind.setConverter(new StringConverter<>() {
            @Override public String toString(ShapeKind k) { return k == null ? "" : Msg.get("shape." + k.name().toLowerCase()); }
            @Override public ShapeKind fromString(String s) { return null; }
        });
        kind.setValue(initial == null ? ShapeKind.RING : initial);
        hub.getItems().setAll(StarHub.values());
        hub.setConverter(new StringConverter<>() {
            @Override public String toString(StarHub h) { return h == null ? "" : Msg.get("shape.hub." + h.name().toLowerCase()); }
            @Override public StarHub fromString(String s) { return null; }
        });
        hub.setValue(StarHub.SWITCH);
        for (Spinner<Integer> s : java.util.List.of(count, depth, fanout)) {
            s.setEditable(true);
            s.setPrefWidth(90);
        }
        attach.setDisable(attachName == null);
        attach.setSelected(attachName != null);
        if (attachName != null) attach.setText(Msg.fmt("shape.attachTo", attachName));

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        int r = 0;
        g.addRow(r++, new Label(Msg.get("shape.kind")), kind);
        Label countLimit = new Label(Msg.fmt("shape.countLimit", MAX_VMS));
        countLimit.setId("shape-count-limit");
        g.addRow(r++, new Label(Msg.get("shape.count")), new HBox(8, count, countLimit));
        g.addRow(r++, new Label(Msg.get("shape.depth")), depth);
        g.addRow(r++, new Label(Msg.get("shape.fanout")), fanout);
        g.addRow(r++, new Label(Msg.get("shape.hub")), hub);
        g.addRow(r++, new Label(Msg.get("shape.prefix")), prefix);
        g.add(attach, 0, r++, 2, 1);
        Label linkProps = new Label(Msg.get("shape.linkProps"));
        linkProps.getStyleClass().add("panel-title");
        g.add(linkProps, 0, r++, 2, 1);
        for (LinkImpairment.Property p : LinkImpairment.Property.values()) {
            TextField f = new TextField();
            f.setId("shape-link-" + p.label());
            f.setPromptText("0");
            f.setPrefColumnCount(6);
            f.textProperty().addListener((o, a, b) -> update());
            linkFields.put(p, f);
            g.addRow(r++, new Label(Msg.get("link." + p.label())), new HBox(6, f, new Label(p.unit())));
        }
        g.add(error, 0, r, 2, 1);
        preview.setId("shape-preview");
        getDialogPane().setContent(new HBox(12, g, preview));
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);

        kind.valueProperty().addListener((o, a, b) -> update());
        count.valueProperty().addListener((o, a, b) -> update());
        depth.valueProperty().addListener((o, a, b) -> update());
        fanout.valueProperty().addListener((o, a, b) -> update());
        hub.valueProperty().addListener((o, a, b) -> update());
        prefix.textProperty().addListener((o, a, b) -> update());
        update();
        // Lets tests reach the dialog from its window.
        setOnShown(e -> getDialogPane().getScene().getWindow().setUserData(this));

        setResultConverter(bt -> {
            if (bt != ButtonType.OK) return null;
            Shape s = shape();
            LinkImpairment links = links();
            return s == null || links == null ? null : new Request(s, attach.isSelected() && !attach.isDisabled(), links);
        });
    }

    /** The shape the fields describe, or null (with the reason shown) when they do not make one. */
    public Shape shape() {
        try {
            ShapeKind k = kind.getValue();
            Shape s = switch (k) {
                case LINEAR -> Shape.linear(count.getValue());
                case RING -> Shape.ring(count.getValue());
                case MESH -> Shape.mesh(count.getValue());
                case STAR -> Shape.star(count.getValue(), hub.getValue());
                case BUS -> Shape.bus(count.getValue());
                case TREE -> Shape.tree(depth.getValue(), fanout.getValue());
            };
            s = s.withPrefix(prefix.getText() == null || prefix.getText().isBlank() ? null : prefix.getText().trim());
            if (s.vmCount() > MAX_VMS) {
                error.setText(Msg.fmt("shape.tooMany", s.vmCount(), MAX_VMS));
                return null;
            }
            error.setText("");
            return s;
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
            return null;
        }
    }

    /** The link properties the fields describe, or null (with the reason shown) when the model refuses them. */
    public LinkImpairment links() {
        LinkImpairment imp = LinkImpairment.NONE;
        for (var e : linkFields.entrySet()) {
            try {
                imp = imp.with(e.getKey(), LinkPropertiesPane.parse(e.getValue().getText()));
            } catch (NumberFormatException ex) {
                error.setText(Msg.fmt("link.notNumber", Msg.get("link." + e.getKey().label()), e.getValue().getText().trim()));
                return null;
            }
        }
        String why = LinkPropertiesPane.whyNot(imp);
        if (why != null) error.setText(why);
        return why == null ? imp : null;
    }

    private void update() {
        ShapeKind k = kind.getValue();
        boolean tree = k == ShapeKind.TREE;
        count.setDisable(tree);
        depth.setDisable(!tree);
        fanout.setDisable(!tree);
        hub.setDisable(k != ShapeKind.STAR);
        Shape s = shape();
        // The shape's own problem shows first; the link properties' only when the shape is fine.
        getDialogPane().lookupButton(ButtonType.OK).setDisable(s == null || links() == null);
        drawPreview(s);
    }

    /** Draws the shape with the same generator and placement the insert uses. */
    private void drawPreview(Shape s) {
        GraphicsContext g = preview.getGraphicsContext2D();
        g.setFill(Color.web("#f7f8fa"));
        g.fillRect(0, 0, preview.getWidth(), preview.getHeight());
        if (s == null || (s.kind() == ShapeKind.MESH && s.vmCount() > 60)) return;
        var added = ShapeGenerator.addTo(Topology.empty("preview"), s, null);
        Map<String, Xy> pos = ShapePlacement.place(s.kind(), added, new Xy(0, 0));
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (Xy p : pos.values()) { x0 = Math.min(x0, p.x()); y0 = Math.min(y0, p.y()); x1 = Math.max(x1, p.x()); y1 = Math.max(y1, p.y()); }
        double pad = 20, k = Math.min((preview.getWidth() - 2 * pad) / Math.max(1, x1 - x0), (preview.getHeight() - 2 * pad) / Math.max(1, y1 - y0));
        k = Math.min(k, 1);
        double ox = preview.getWidth() / 2 - (x0 + x1) / 2 * k, oy = preview.getHeight() / 2 - (y0 + y1) / 2 * k;
        g.setStroke(Color.web("#7b8794"));
        for (Link l : added.topology().links()) {
            Xy a = pos.get(l.a()), b = pos.get(l.b());
            g.strokeLine(a.x() * k + ox, a.y() * k + oy, b.x() * k + ox, b.y() * k + oy);
        }
        double r = Math.max(3, Math.min(9, 30 * k));
        for (Node n : added.topology().nodes()) {
            Xy p = pos.get(n.id());
            g.setFill(n.isVm() ? Color.web("#3b82f6") : Color.web("#10b981"));
            if (n.isVm()) g.fillRect(p.x() * k + ox - r, p.y() * k + oy - r, 2 * r, 2 * r);
            else g.fillOval(p.x() * k + ox - r, p.y() * k + oy - r, 2 * r, 2 * r);
        }
        previewDoc = new TopologyDocument(added.topology(), null);
    }

    private TopologyDocument previewDoc;

    /** What the preview currently shows (for tests). */
    public TopologyDocument previewDocument() { return previewDoc; }
}
