package io.olimpus.desktop.admin;

import io.olimpus.wire.Wire;
import io.olimpus.desktop.ui.Msg;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;

import java.util.List;

/** Flavors: the catalog's VM sizes; create one, delete one no slice uses. */
final class FlavorsTab extends BorderPane {
    private final Calls calls;
    final TableView<Wire.Flavor> table = new TableView<>();
    private final TextField name = new TextField();
    private final Spinner<Integer> vcpus = Tables.spinner("flavor-vcpus", 1, 256, 1);
    private final Spinner<Integer> ram = Tables.spinner("flavor-ram", 16, 1_048_576, 1024);
    private final Spinner<Integer> disk = Tables.spinner("flavor-disk", 0, 65_536, 10);

    FlavorsTab(Calls calls) {
        this.calls = calls;
        table.setId("flavors-table");
        table.getColumns().addAll(List.of(
                Tables.column("admin.flavor.name", Wire.Flavor::name),
                Tables.column("admin.flavor.vcpus", Wire.Flavor::vcpus),
                Tables.column("admin.flavor.ramMb", Wire.Flavor::ramMb),
                Tables.column("admin.flavor.diskGb", Wire.Flavor::diskGb),
                Tables.column("admin.created", f -> Tables.when(f.createdAt()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        name.setId("flavor-name");
        name.setPromptText(Msg.get("admin.flavor.name"));
        setTop(Tables.bar(name, new Label(Msg.get("admin.flavor.vcpus")), vcpus, new Label(Msg.get("admin.flavor.ramMb")), ram,
                new Label(Msg.get("admin.flavor.diskGb")), disk,
                Tables.button("flavor-create", "admin.flavor.create", this::create),
                Tables.button("flavor-delete", "admin.delete", this::delete),
                Tables.button("flavors-refresh", "admin.refresh", this::refresh)));
        setCenter(table);
    }

    void refresh() {
        calls.run(calls.client::flavors, table.getItems()::setAll);
    }

    private void create() {
        Wire.NewFlavor f = new Wire.NewFlavor(name.getText().trim(), vcpus.getValue(), ram.getValue(), disk.getValue());
        calls.run(() -> calls.client.createFlavor(f), made -> {
            name.clear();
            calls.say(Msg.fmt("admin.flavor.created", made.name()));
            refresh();
        });
    }

    private void delete() {
        Wire.Flavor f = table.getSelectionModel().getSelectedItem();
        if (f == null) return;
        calls.act(() -> calls.client.deleteFlavor(f.name()), () -> {
            calls.say(Msg.fmt("admin.deleted", f.name()));
            refresh();
        });
    }
}
