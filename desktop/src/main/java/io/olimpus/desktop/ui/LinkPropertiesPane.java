package io.olimpus.desktop.ui;

import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.LinkImpairment.Property;
import io.olimpus.model.topology.Topology;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The selected links' properties (#17): delay, jitter, loss and rate, each applied on Enter or
 * when the field is left, as one undoable edit for all the selected links. A value the model
 * would report (LinkImpairment's ranges) is not applied: the field keeps what was typed and the
 * reason shows under the fields, in the user's words, until it is corrected. Shown only while
 * links (and no nodes) are selected.
 */
public final class LinkPropertiesPane extends VBox {
    private final DesignerViewModel vm;
    private final Label title = new Label();
    private final Map<Property, TextField> fields = new EnumMap<>(Property.class);
    private final Label error = new Label();
    private boolean updating;

    public LinkPropertiesPane(DesignerViewModel vm) {
        super(8);
        this.vm = vm;
        setId("link-properties");
        setPadding(new Insets(10));
        title.getStyleClass().add("panel-title");
        title.setId("link-title");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        ColumnConstraints c0 = new ColumnConstraints(), c1 = new ColumnConstraints(), c2 = new ColumnConstraints();
        c0.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        c1.setHgrow(Priority.ALWAYS);
        c2.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(c0, c1, c2);
        int row = 0;
        for (Property p : Property.values()) {
            TextField f = new TextField();
            f.setId("link-" + p.label());
            f.setPromptText("0");
            f.setOnAction(e -> apply(p));
            f.focusedProperty().addListener((o, was, now) -> { if (!now) apply(p); });
            fields.put(p, f);
            grid.addRow(row++, new Label(Msg.get("link." + p.label())), f, new Label(p.unit()));
        }
        error.setId("link-error");
        error.setWrapText(true);
        error.setTextFill(Color.web("#dc2626"));
        Label hint = new Label(Msg.get("link.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        getChildren().addAll(title, grid, error, hint);
        vm.selectionProperty().addListener((o, a, b) -> refresh());
        vm.documentProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    private List<Link> selectedLinks() {
        Topology t = vm.topology();
        if (!vm.selection().nodes().isEmpty()) return List.of();
        return t.links().stream().filter(l -> vm.selection().hasLink(l.id())).toList();
    }

    /** Applies one field to every selected link, or says why the value is refused. */
    private void apply(Property p) {
        if (updating) return;
        List<Link> links = selectedLinks();
        if (links.isEmpty()) return;
        String text = fields.get(p).getText() == null ? "" : fields.get(p).getText().trim();
        if (text.isEmpty() && common(links, p) == null) return; // a "mixed" field left empty changes nothing
        Double value;
        try {
            value = parse(text);
        } catch (NumberFormatException e) {
            error.setText(Msg.fmt("link.notNumber", Msg.get("link." + p.label()), text));
            return;
        }
        for (Link l : links) {
            String why = whyNot(l.impairment().with(p, value));
            if (why != null) { error.setText(why); return; }
        }
        error.setText("");
        vm.updateLinkImpairments(links.stream().map(Link::id).toList(), imp -> imp.sameEffect(imp.with(p, value)) ? imp : imp.with(p, value).normalized());
    }

    /** A field's number: empty is absent, 0 is absent too (the file stays clean), a comma reads as a decimal point. */
    static Double parse(String text) throws NumberFormatException {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) return null;
        double v = Double.parseDouble(t.replace(',', '.'));
        return v == 0 ? null : v;
    }

    /**
     * Why the model refuses {@code candidate}, as the user reads it (the model's own wording is for
     * files and the API); null when it takes it. The model decides; its first problem names the
     * property it is about.
     */
    static String whyNot(LinkImpairment candidate) {
        List<String> problems = candidate.problems();
        if (problems.isEmpty()) return null;
        Property p = java.util.Arrays.stream(Property.values()).filter(x -> problems.get(0).startsWith(x.label() + " ")).findFirst().orElse(Property.DELAY);
        double v = candidate.value(p);
        String fmt = LinkImpairment.format(v), name = Msg.get("link." + p.label());
        if (!Double.isFinite(v)) return Msg.fmt("link.notNumber", name, String.valueOf(v));
        if (v < 0) return Msg.fmt("link.negative", name);
        return switch (p) {
            case DELAY -> Msg.fmt("link.delayMax", fmt, LinkImpairment.format(LinkImpairment.MAX_DELAY_MS));
            case JITTER -> Msg.fmt("link.jitterOverDelay", fmt, LinkImpairment.format(candidate.value(Property.DELAY)));
            case LOSS -> Msg.fmt("link.lossMax", fmt);
            case RATE -> Msg.fmt("link.rateRange", fmt, LinkImpairment.format(LinkImpairment.MIN_RATE_MBIT), LinkImpairment.format(LinkImpairment.MAX_RATE_MBIT));
        };
    }

    /** The selected links' shared value of {@code p}, or null when they differ. */
    private static Double common(List<Link> links, Property p) {
        double first = links.get(0).impairment().value(p);
        for (Link l : links) if (l.impairment().value(p) != first) return null;
        return first;
    }

    /** Shows the selected links' values; never writes back while doing so. */
    public void refresh() {
        updating = true;
        try {
            List<Link> links = selectedLinks();
            boolean shown = !links.isEmpty();
            setVisible(shown);
            setManaged(shown);
            if (!shown) { error.setText(""); return; }
            Topology t = vm.topology();
            title.setText(links.size() == 1
                    ? Msg.fmt("link.title", t.requireNode(links.get(0).a()).name(), t.requireNode(links.get(0).b()).name())
                    : Msg.fmt("link.titleMany", links.size()));
            for (Property p : Property.values()) {
                Double v = common(links, p);
                TextField f = fields.get(p);
                String text = v == null || v == 0 ? "" : LinkImpairment.format(v);
                if (!Objects.equals(f.getText(), text)) f.setText(text);
                f.setPromptText(v == null ? Msg.get("link.mixed") : "0");
            }
            error.setText("");
        } finally {
            updating = false;
        }
    }

    /** The reason the last value was refused, or "" (for tests). */
    public String errorText() { return error.getText(); }
}
