package io.olimpus.desktop.ui;

import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.desktop.vm.Selection;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Properties of the selection: the slice itself when nothing is selected, a node's name, and for
 * VMs the flavor, image, zone and internet access, from the catalog. Values the catalog does not
 * know (from a file written elsewhere) stay visible with a ControlsFX mark on them.
 */
public final class PropertiesPane extends VBox {
    private final DesignerViewModel vm;
    private final Label title = new Label();
    private final TextField name = new TextField();
    private final ComboBox<String> flavor = new ComboBox<>(), image = new ComboBox<>(), zone = new ComboBox<>();
    private final CheckBox internet = new CheckBox(Msg.get("props.internet"));
    private final Label nameLabel = new Label(Msg.get("props.name")), flavorLabel = new Label(Msg.get("props.flavor")),
            imageLabel = new Label(Msg.get("props.image")), zoneLabel = new Label(Msg.get("props.zone"));
    private final Label info = new Label();
    private final ValidationSupport validation = new ValidationSupport();
    private boolean updating;

    public PropertiesPane(DesignerViewModel vm) {
        super(8);
        this.vm = vm;
        setId("properties");
        getStyleClass().add("properties");
        setPadding(new Insets(10));
        title.getStyleClass().add("panel-title");
        name.setId("prop-name");
        flavor.setId("prop-flavor");
        image.setId("prop-image");
        zone.setId("prop-zone");
        internet.setId("prop-internet");
        for (ComboBox<String> c : List.of(flavor, image, zone)) {
            c.setEditable(true);
            c.setMaxWidth(Double.MAX_VALUE);
        }
        offerCatalog();
        vm.catalogProperty().addListener((o, a, b) -> { offerCatalog(); refresh(); });

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        ColumnConstraints c0 = new ColumnConstraints(), c1 = new ColumnConstraints();
        c0.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        c1.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(c0, c1);
        grid.addRow(0, nameLabel, name);
        grid.addRow(1, flavorLabel, flavor);
        grid.addRow(2, imageLabel, image);
        grid.addRow(3, zoneLabel, zone);
        grid.add(internet, 1, 4);
        info.setWrapText(true);
        info.getStyleClass().add("hint");
        getChildren().addAll(title, grid, info);

        validation.registerValidator(name, false, (c, v) -> {
            String why = Names.whyInvalid((String) v);
            return ValidationResult.fromErrorIf(c, Msg.fmt("props.badName", why), why != null);
        });
        validation.registerValidator(flavor, false, known(v -> vm.catalog().flavor(v).isPresent(), "props.unknownFlavor"));
        validation.registerValidator(image, false, known(v -> vm.catalog().hasImage(v), "props.unknownImage"));
        validation.registerValidator(zone, false, known(v -> vm.catalog().hasZone(v), "props.unknownZone"));

        name.setOnAction(e -> applyName());
        name.focusedProperty().addListener((o, was, now) -> { if (!now) applyName(); });
        flavor.valueProperty().addListener((o, a, b) -> applyVm(s -> s.withFlavor(blankToNull(b)), "set flavor"));
        image.valueProperty().addListener((o, a, b) -> applyVm(s -> s.withImage(blankToNull(b)), "set image"));
        zone.valueProperty().addListener((o, a, b) -> {
            if (updating) return;
            if (selectedVms().isEmpty() && vm.selection().isEmpty()) vm.setTopologyZone(b);
            else applyVm(s -> s.withZone(blankToNull(b)), "set zone");
        });
        internet.selectedProperty().addListener((o, a, b) -> applyVm(s -> s.withInternet(b), b ? "internet on" : "internet off"));

        vm.selectionProperty().addListener((o, a, b) -> refresh());
        vm.documentProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    /** The choices of the current catalog: the local file offline, the server's once logged in. */
    private void offerCatalog() {
        updating = true;
        try {
            flavor.setItems(FXCollections.observableArrayList(vm.catalog().flavorNames()));
            image.setItems(FXCollections.observableArrayList(vm.catalog().images()));
            var zones = FXCollections.<String>observableArrayList("");
            zones.addAll(vm.catalog().zones());
            zone.setItems(zones);
        } finally {
            updating = false;
        }
    }

    private static Validator<String> known(java.util.function.Predicate<String> exists, String key) {
        return (c, v) -> ValidationResult.fromMessageIf(c, Msg.fmt(key, v), Severity.ERROR, v != null && !v.isBlank() && !exists.test(v));
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }

    private List<Node> selectedVms() {
        Topology t = vm.topology();
        return vm.selection().nodes().stream().map(t::node).flatMap(java.util.Optional::stream).filter(Node::isVm).toList();
    }

    private void applyName() {
        if (updating) return;
        Selection s = vm.selection();
        String v = name.getText() == null ? "" : name.getText().trim();
        if (s.isEmpty()) {
            if (Names.isValid(v)) vm.renameTopology(v);
        } else if (s.nodes().size() == 1) {
            vm.rename(s.nodes().iterator().next(), v);
        }
    }

    private void applyVm(UnaryOperator<VmSpec> change, String label) {
        if (updating) return;
        List<Node> vms = selectedVms();
        if (vms.isEmpty()) return;
        vm.updateVms(vms.stream().map(Node::id).toList(), change, label);
    }

    /** Shows the current selection's values; never writes back while doing so. */
    public void refresh() {
        updating = true;
        try {
            Selection s = vm.selection();
            Topology t = vm.topology();
            List<Node> nodes = s.nodes().stream().map(t::node).flatMap(java.util.Optional::stream).toList();
            List<Node> vms = nodes.stream().filter(Node::isVm).toList();
            boolean slice = s.isEmpty();
            boolean one = nodes.size() == 1;
            title.setText(slice ? Msg.fmt("props.slice", t.name())
                    : one ? Msg.fmt(nodes.get(0).isVm() ? "props.vm" : "props.switch", nodes.get(0).name())
                    : Msg.fmt("props.many", nodes.size(), s.links().size()));
            name.setDisable(!(slice || one));
            setText(name, slice ? t.name() : one ? nodes.get(0).name() : "");
            boolean vmFields = !vms.isEmpty();
            for (var c : List.<javafx.scene.Node>of(flavor, image, flavorLabel, imageLabel, internet)) { c.setVisible(vmFields); c.setManaged(vmFields); }
            boolean zoneField = vmFields || slice;
            zone.setVisible(zoneField); zone.setManaged(zoneField); zoneLabel.setVisible(zoneField); zoneLabel.setManaged(zoneField);
            zone.setPromptText(slice ? Msg.get("props.zonePrompt") : Msg.get("props.zoneDefault"));
            if (vmFields) {
                zone.setValue(common(vms, v -> v.vm().zone()));
                flavor.setValue(common(vms, v -> v.vm().flavor()));
                image.setValue(common(vms, v -> v.vm().image()));
                internet.setSelected(vms.stream().allMatch(v -> v.vm().internet()));
                internet.setIndeterminate(vms.stream().anyMatch(v -> v.vm().internet()) && !internet.isSelected());
            } else if (slice) {
                zone.setValue(t.zone());
            }
            info.setText(slice ? Msg.fmt("props.summary", t.vms().size(), t.switches().size(), t.links().size())
                    : !vmFields && !one ? "" : vms.size() > 1 ? Msg.fmt("props.editingMany", vms.size()) : "");
        } finally {
            updating = false;
        }
    }

    private static void setText(TextField f, String v) {
        if (!Objects.equals(f.getText(), v)) f.setText(v);
    }

    private static String common(List<Node> vms, java.util.function.Function<Node, String> get) {
        String first = get.apply(vms.get(0));
        for (Node n : vms) if (!Objects.equals(first, get.apply(n))) return null;
        return first;
    }

    public ValidationSupport validation() { return validation; }
}
