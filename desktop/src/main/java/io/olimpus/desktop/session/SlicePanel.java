package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

import java.util.List;
import java.util.function.Consumer;

/**
 * The designer's server panel for the open slice: save, validate, plan, deploy and undeploy; the
 * job's progress bar with its step and outcome (the rollback shows there as it happens, and a failed
 * job's "what happened": the end of its failed VMs' consoles); the plan
 * as a list; and the VMs with their state, worker and stop/start/reboot/console/terminal.
 */
public final class SlicePanel extends VBox {
    private final Label title = new Label(), status = new Label(), step = new Label(), message = new Label(), notice = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    private final ListView<String> plan = new ListView<>();
    private final Label planSummary = new Label();
    private final TableView<VmLine> table = new TableView<>();
    private final Button save, validate, planBt, deploy, undeploy;
    private final TitledPane evidence;

    public SlicePanel(SliceViewModel slice) { this(slice, () -> {}); }

    /** {@code openCloudConfig}: opens the slice's cloud-config editor. */
    public SlicePanel(SliceViewModel slice, Runnable openCloudConfig) {
        super(6);
        DeployTracker tracker = slice.tracker();
        setId("slice-panel");
        setPadding(new Insets(8));
        title.getStyleClass().add("panel-title");
        title.setId("slice-title");
        status.setId("slice-status");
        title.textProperty().bind(slice.titleProperty());
        status.textProperty().bind(slice.statusProperty());
        save = button("srv-save", "srv.save", slice::save);
        validate = button("srv-validate", "srv.validate", slice::validate);
        planBt = button("srv-plan", "srv.plan", slice::plan);
        deploy = button("srv-deploy", "srv.deploy", slice::deploy);
        undeploy = button("srv-undeploy", "srv.undeploy", slice::undeploy);
        for (Button b : List.of(save, validate, planBt, deploy)) b.disableProperty().bind(slice.busyProperty());
        // A slice never deployed (or not on the server) has nothing to undeploy: say so rather than offer it.
        var neverDeployed = javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            var s = slice.currentProperty().get();
            return s == null || s.status() == io.olimpus.wire.Wire.SliceStatus.DRAFT;
        }, slice.currentProperty());
        undeploy.disableProperty().bind(javafx.beans.binding.Bindings.or(slice.busyProperty(), neverDeployed));
        // A disabled control gets no mouse events, so its own tooltip never shows: the hint is on a holder around it.
        Tooltip undeployHint = new Tooltip(Msg.get("srv.undeployNever"));
        StackPane undeployHolder = new StackPane(undeploy);
        undeployHolder.setId("srv-undeploy-holder");
        neverDeployed.addListener((o, a, b) -> hint(undeployHolder, undeployHint, b));
        hint(undeployHolder, undeployHint, neverDeployed.get());
        // Always offered: for a design not on the server yet, the notice says to save it first.
        Button cloudConfig = button("srv-cloud-config", "srv.cloudConfig", openCloudConfig);
        FlowPane buttons = new FlowPane(4, 4, save, validate, planBt, deploy, undeployHolder, cloudConfig);

        bar.setId("job-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(tracker.progressProperty());
        step.setId("job-step");
        step.setWrapText(true);
        step.textProperty().bind(tracker.stepProperty());
        message.setId("job-message");
        message.setWrapText(true);
        message.textProperty().bind(tracker.messageProperty());
        tracker.rollingBackProperty().addListener((o, a, b) -> pseudo(step, "rolling-back", b));
        tracker.failedProperty().addListener((o, a, b) -> {
            pseudo(message, "failed", b);
            pseudo(step, "failed", b);
            pseudo(bar, "failed", b);
        });

        // What the failed VMs said before the rollback deleted them: folded, there only when there is something to read.
        TextArea evidenceText = new TextArea();
        evidenceText.setId("job-evidence-text");
        evidenceText.setEditable(false);
        evidenceText.setWrapText(false);
        evidenceText.setPrefRowCount(10);
        evidenceText.setStyle("-fx-font-family: monospace;");
        evidenceText.textProperty().bind(tracker.evidenceProperty());
        evidence = new TitledPane(Msg.get("job.evidence"), evidenceText);
        evidence.setId("job-evidence");
        evidence.setExpanded(false);
        evidence.visibleProperty().bind(tracker.evidenceProperty().isNotEmpty());
        evidence.managedProperty().bind(evidence.visibleProperty());

        plan.setId("plan-list");
        plan.setPrefHeight(110);
        plan.setMinHeight(60);
        bar.setMinHeight(16);
        planSummary.setId("plan-summary");
        planSummary.setWrapText(true);

        table.setId("vm-table");
        table.setPlaceholder(new Label(Msg.get("vms.none")));
        table.setItems(tracker.vms());
        TableColumn<VmLine, String> name = col("vms.name", VmLine::name);
        TableColumn<VmLine, String> state = col("vms.state", v -> Looks.stateWord(v.state()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                VmLine v = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (v == null) { setText(null); setGraphic(null); setTooltip(null); return; }
                setText(s);
                setGraphic(new Circle(5, Looks.stateColor(v.state())));
                setTooltip(v.detail() == null || v.detail().isBlank() ? null : new Tooltip(v.detail()));
            }
        });
        table.getColumns().add(name);
        table.getColumns().add(state);
        table.getColumns().add(col("vms.worker", VmLine::worker));
        table.getColumns().add(col("vms.detail", v -> v.detail() == null ? "" : v.detail()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(160);
        VBox.setVgrow(table, Priority.ALWAYS);
        Button stop = vmButton("vm-stop", "vms.stop", v -> slice.power(v, "stop"));
        Button start = vmButton("vm-start", "vms.start", v -> slice.power(v, "start"));
        Button reboot = vmButton("vm-reboot", "vms.reboot", v -> slice.power(v, "reboot"));
        Button console = vmButton("vm-console", "vms.console", slice::console);
        Button terminal = vmButton("vm-terminal", "vms.terminal", slice::terminal);
        Button refresh = button("vm-refresh", "vms.refresh", slice::loadVms);
        notice.setId("srv-notice");
        notice.setWrapText(true);
        notice.getStyleClass().add("hint");
        for (Button b : List.of(stop, start, reboot, console, terminal))
            b.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(tracker.runningProperty()));

        // The plan takes room only while there is one to read.
        Label planTitle = new Label(Msg.get("plan.title"));
        for (javafx.scene.Node n : List.of(planTitle, planSummary, plan)) {
            n.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(plan.getItems()));
            n.managedProperty().bind(n.visibleProperty());
        }
        table.setMinHeight(110);
        // No VMs (a slice never deployed): one line says so, and the table and its VM buttons take no room.
        Label noVms = new Label(Msg.get("vms.none"));
        noVms.setId("vm-none");
        noVms.setWrapText(true);
        noVms.getStyleClass().add("hint");
        var hasVms = javafx.beans.binding.Bindings.isNotEmpty(table.getItems());
        for (javafx.scene.Node n : List.of(table, stop, start, reboot, console, terminal)) {
            n.visibleProperty().bind(hasVms);
            n.managedProperty().bind(n.visibleProperty());
        }
        noVms.visibleProperty().bind(hasVms.not());
        noVms.managedProperty().bind(noVms.visibleProperty());
        getChildren().addAll(title, status, buttons, notice, bar, step, message, evidence, planTitle, planSummary, plan,
                new Label(Msg.get("vms.title")), table, noVms, new FlowPane(4, 4, stop, start, reboot, console, terminal, refresh));
    }

    private static void hint(javafx.scene.Node holder, Tooltip t, boolean on) {
        if (on) Tooltip.install(holder, t);
        else Tooltip.uninstall(holder, t);
    }

    private static void pseudo(javafx.scene.Node n, String cls, boolean on) {
        n.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass(cls), on);
    }

    private static Button button(String id, String key, Runnable r) {
        Button b = new Button(Msg.get(key));
        b.setId(id);
        b.setOnAction(e -> r.run());
        return b;
    }

    private Button vmButton(String id, String key, Consumer<VmLine> r) {
        Button b = new Button(Msg.get(key));
        b.setId(id);
        b.setOnAction(e -> { VmLine v = table.getSelectionModel().getSelectedItem(); if (v != null) r.accept(v); });
        return b;
    }

    private static TableColumn<VmLine, String> col(String key, java.util.function.Function<VmLine, String> get) {
        TableColumn<VmLine, String> c = new TableColumn<>(Msg.get(key));
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(get.apply(x.getValue())));
        return c;
    }

    /** The outcome of the last action ("saved", "the server cannot be reached…"). */
    public void showNotice(String text) { notice.setText(text); }

    public String noticeText() { return notice.getText(); }

    public void showPlan(PlanView p) {
        if (p == null) { plan.getItems().clear(); planSummary.setText(""); return; }
        plan.getItems().setAll(p.vms().stream().map(PlanView.Line::text).toList());
        planSummary.setText(p.isEmpty() ? Msg.get("plan.nothing") : p.summary());
    }

    public TableView<VmLine> vmTable() { return table; }

}
