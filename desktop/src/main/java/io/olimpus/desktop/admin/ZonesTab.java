package io.olimpus.desktop.admin;

import io.olimpus.wire.Wire;
import io.olimpus.desktop.ui.Msg;
import javafx.collections.FXCollections;
import javafx.geometry.Orientation;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * Availability zones and their workers: create or delete a zone, add or remove a worker of a
 * Linux zone, see each worker's state (up, last seen, why it is down), its CPU/memory/disk charts,
 * and which slices and VMs run on each worker.
 */
final class ZonesTab extends BorderPane {
    private final Calls calls;
    final ListView<Wire.Zone> zones = new ListView<>();
    final TableView<Wire.Worker> workers = new TableView<>();
    final TreeView<String> placements = new TreeView<>();
    final WorkerCharts charts;
    private final TextField zoneName = new TextField();
    private final ChoiceBox<String> platform = new ChoiceBox<>(FXCollections.observableArrayList("linux", "openstack"));
    private final TextField workerName = new TextField(), address = new TextField(), sshUser = new TextField("olimpus"),
            keyRef = new TextField();
    private final Spinner<Integer> vcpus = Tables.spinner("worker-vcpus", 1, 4096, 8);
    private final Spinner<Integer> ram = Tables.spinner("worker-ram", 256, 16_777_216, 16384);
    private final Spinner<Integer> disk = Tables.spinner("worker-disk", 1, 1_048_576, 200);

    ZonesTab(Calls calls) {
        this.calls = calls;
        charts = new WorkerCharts(calls);
        zones.setId("zones-list");
        zones.setCellFactory(l -> new ListCell<>() {
            @Override protected void updateItem(Wire.Zone z, boolean empty) {
                super.updateItem(z, empty);
                setText(empty || z == null ? null : z.name() + " (" + z.platform() + ")");
            }
        });
        zones.setPrefWidth(200);
        zones.getSelectionModel().selectedItemProperty().addListener((o, a, z) -> zoneSelected(z));

        workers.setId("workers-table");
        workers.getColumns().addAll(List.of(
                Tables.column("admin.worker.name", Wire.Worker::name),
                Tables.column("admin.worker.address", Wire.Worker::mgmtAddress),
                Tables.column("admin.worker.capacity", w -> w.capacity() == null ? "" :
                        Msg.fmt("admin.worker.capacityText", w.capacity().vcpus(), w.capacity().ramMb() / 1024, w.capacity().diskGb())),
                Tables.column("admin.worker.kvm", w -> Tables.yesNo(w.kvm())),
                Tables.column("admin.worker.up", w -> w.up() ? Msg.get("admin.worker.isUp")
                        : Msg.get("admin.worker.isDown") + (w.downReason() == null ? "" : ": " + w.downReason())),
                Tables.column("admin.worker.lastSeen", w -> w.lastSeenAt() == null ? Msg.get("admin.worker.never") : Tables.when(w.lastSeenAt()))));
        workers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        workers.getSelectionModel().selectedItemProperty().addListener((o, a, w) -> {
            Wire.Zone z = zones.getSelectionModel().getSelectedItem();
            charts.show(z == null || w == null ? null : z.name(), w == null ? null : w.name());
        });
        workers.setPrefHeight(180);

        placements.setId("placements-tree");
        placements.setShowRoot(false);
        placements.setRoot(new TreeItem<>());

        zoneName.setId("zone-name");
        zoneName.setPromptText(Msg.get("admin.zone.name"));
        platform.setId("zone-platform");
        platform.setValue("linux");
        workerName.setId("worker-name");
        workerName.setPromptText(Msg.get("admin.worker.name"));
        address.setId("worker-address");
        address.setPromptText(Msg.get("admin.worker.address"));
        sshUser.setId("worker-ssh-user");
        sshUser.setPrefColumnCount(7);
        keyRef.setId("worker-key");
        keyRef.setPromptText(Msg.get("admin.worker.keyRef"));

        VBox top = new VBox(
                Tables.bar(zoneName, platform, Tables.button("zone-create", "admin.zone.create", this::createZone),
                        Tables.button("zone-delete", "admin.zone.delete", this::deleteZone),
                        Tables.button("zones-refresh", "admin.refresh", this::refresh)),
                Tables.bar(workerName, address, sshUser, keyRef, new Label(Msg.get("admin.worker.cpuRamDisk")), vcpus, ram, disk,
                        Tables.button("worker-add", "admin.worker.add", this::addWorker),
                        Tables.button("worker-remove", "admin.worker.remove", this::removeWorker)));
        Label where = new Label(Msg.get("admin.placements"));
        where.setStyle("-fx-font-weight: bold; -fx-padding: 6");
        VBox right = new VBox(where, placements);
        VBox.setVgrow(placements, javafx.scene.layout.Priority.ALWAYS);
        SplitPane bottom = new SplitPane(charts, right);
        bottom.setDividerPositions(0.68);
        SplitPane center = new SplitPane(workers, bottom);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.28);
        SplitPane all = new SplitPane(zones, center);
        all.setDividerPositions(0.17);
        setTop(top);
        setCenter(all);
    }

    void refresh() {
        String keep = selectedZone();
        calls.run(calls.client::zones, list -> {
            zones.getItems().setAll(list);
            list.stream().filter(z -> z.name().equals(keep)).findFirst().ifPresentOrElse(
                    z -> { zones.getSelectionModel().select(z); zoneSelected(z); },
                    () -> { if (!list.isEmpty()) zones.getSelectionModel().select(0); });
        });
    }

    private String selectedZone() {
        Wire.Zone z = zones.getSelectionModel().getSelectedItem();
        return z == null ? null : z.name();
    }

    private void zoneSelected(Wire.Zone z) {
        if (z == null) {
            workers.getItems().clear();
            placements.getRoot().getChildren().clear();
            return;
        }
        Wire.Worker keep = workers.getSelectionModel().getSelectedItem();
        calls.run(() -> calls.client.workers(z.name()), list -> {
            if (!z.name().equals(selectedZone())) return;
            workers.getItems().setAll(list);
            if (keep != null) list.stream().filter(w -> w.name().equals(keep.name())).findFirst()
                    .ifPresent(w -> workers.getSelectionModel().select(w));
        });
        calls.run(() -> calls.client.placements(z.name()), this::showPlacements);
    }

    /** worker -> "slice (owner, status)" -> VM names; all expanded, as an admin looks for one thing. */
    private void showPlacements(Wire.Placements p) {
        if (!p.zone().equals(selectedZone())) return;
        TreeItem<String> root = new TreeItem<>();
        for (Wire.WorkerLoad w : p.workers()) {
            int vmCount = w.slices().stream().mapToInt(s -> s.vms().size()).sum();
            TreeItem<String> wi = new TreeItem<>(Msg.fmt("admin.placements.worker", w.worker(), vmCount));
            for (Wire.PlacedSlice s : w.slices()) {
                TreeItem<String> si = new TreeItem<>(Msg.fmt("admin.placements.slice", s.name(), s.owner(), s.status()));
                for (String vm : s.vms()) si.getChildren().add(new TreeItem<>(vm));
                si.setExpanded(true);
                wi.getChildren().add(si);
            }
            wi.setExpanded(true);
            root.getChildren().add(wi);
        }
        placements.setRoot(root);
    }

    private void createZone() {
        Wire.NewZone z = new Wire.NewZone(zoneName.getText().trim(), platform.getValue(), null);
        calls.run(() -> calls.client.createZone(z), made -> {
            zoneName.clear();
            calls.say(Msg.fmt("admin.zone.created", made.name()));
            zones.getItems().add(made);
            zones.getSelectionModel().select(made);
        });
    }

    private void deleteZone() {
        String z = selectedZone();
        if (z == null) return;
        calls.act(() -> calls.client.deleteZone(z), () -> {
            calls.say(Msg.fmt("admin.deleted", z));
            refresh();
        });
    }

    private void addWorker() {
        String z = selectedZone();
        if (z == null) {
            calls.warn(Msg.get("admin.zone.pickFirst"));
            return;
        }
        Wire.NewWorker w = new Wire.NewWorker(workerName.getText().trim(), address.getText().trim(), sshUser.getText().trim(),
                keyRef.getText().trim(), vcpus.getValue(), ram.getValue(), disk.getValue(), null);
        calls.run(() -> calls.client.addWorker(z, w), made -> {
            workerName.clear();
            address.clear();
            calls.say(Msg.fmt("admin.worker.added", made.name(), z));
            zones.getSelectionModel().getSelectedItems().stream().findFirst().ifPresent(this::zoneSelected);
        });
    }

    private void removeWorker() {
        String z = selectedZone();
        Wire.Worker w = workers.getSelectionModel().getSelectedItem();
        if (z == null || w == null) return;
        calls.act(() -> calls.client.deleteWorker(z, w.name()), () -> {
            calls.say(Msg.fmt("admin.worker.removed", w.name(), z));
            zones.getSelectionModel().getSelectedItems().stream().findFirst().ifPresent(this::zoneSelected);
        });
    }

    void dispose() {
        charts.dispose();
    }
}
