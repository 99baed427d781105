package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.function.Consumer;

/** "My slices": name, zone, VM count, status and last change; open, duplicate, delete. */
public final class SlicesView extends BorderPane {
    /** What the buttons ask the session to do. */
    public interface Actions {
        void open(SliceRow s);
        void duplicate(SliceRow s);
        void delete(SliceRow s);
        void refresh();
        void backToDesigner();
    }

    private final TableView<SliceRow> table = new TableView<>();
    private final Label message = new Label();

    public SlicesView(String who, Actions actions) {
        setId("slices-view");
        table.setId("slices-table");
        table.setPlaceholder(new Label(Msg.get("slices.empty")));
        table.getColumns().add(column("slices.name", SliceRow::name));
        table.getColumns().add(column("slices.zone", s -> s.zone() == null ? "" : s.zone()));
        TableColumn<SliceRow, Integer> vms = new TableColumn<>(Msg.get("slices.vms"));
        vms.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().vmCount()));
        table.getColumns().add(vms);
        table.getColumns().add(column("slices.status", s -> Looks.sliceStatusWord(s.status())));
        DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(Msg.locale()).withZone(ZoneId.systemDefault());
        TableColumn<SliceRow, String> lab = column("slices.lab", s -> labText(s.lab(), when));
        lab.setId("slices-lab");
        table.getColumns().add(lab);
        table.getColumns().add(column("slices.changed", s -> when.format(Instant.ofEpochMilli(s.updatedAt()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(tv -> {
            TableRow<SliceRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) actions.open(row.getItem());
            });
            return row;
        });

        Button open = button("slices-open", "slices.open", () -> selected(actions::open));
        Button dup = button("slices-duplicate", "slices.duplicate", () -> selected(actions::duplicate));
        Button del = button("slices-delete", "slices.delete", () -> selected(actions::delete));
        for (Button b : List.of(open, dup, del)) b.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Button refresh = button("slices-refresh", "slices.refresh", actions::refresh);
        Button back = button("slices-designer", "slices.designer", actions::backToDesigner);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label title = new Label(Msg.fmt("slices.title", who));
        title.getStyleClass().add("panel-title");
        setTop(new ToolBar(title, grow, open, dup, del, refresh, back));
        setCenter(table);
        message.setId("slices-message");
        message.setWrapText(true);
        message.setPadding(new Insets(4, 8, 4, 8));
        setBottom(message);
    }

    /** "Copy of lab net1 (Networks) · from 7/12/26 10:00 to 12:00 · open"; empty for a slice of the student's own. */
    static String labText(SliceRow.LabCopy l, DateTimeFormatter when) {
        if (l == null) return "";
        String opens = l.opensAt() == null ? Msg.get("course.lab.byHand") : when.format(Instant.ofEpochMilli(l.opensAt()));
        String closes = l.closesAt() == null ? Msg.get("course.lab.byHand") : when.format(Instant.ofEpochMilli(l.closesAt()));
        String state = Msg.has("course.labState." + l.state()) ? Msg.get("course.labState." + l.state()) : l.state();
        return Msg.fmt("slices.labCopy", l.name(), l.course(), Msg.fmt("course.lab.window", opens, closes), state);
    }

    private static TableColumn<SliceRow, String> column(String key, java.util.function.Function<SliceRow, String> get) {
        TableColumn<SliceRow, String> c = new TableColumn<>(Msg.get(key));
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(get.apply(x.getValue())));
        return c;
    }

    private static Button button(String id, String key, Runnable r) {
        Button b = new Button(Msg.get(key));
        b.setId(id);
        b.setOnAction(e -> r.run());
        return b;
    }

    private void selected(Consumer<SliceRow> then) {
        SliceRow s = table.getSelectionModel().getSelectedItem();
        if (s != null) then.accept(s);
    }

    public void show(List<SliceRow> rows) {
        SliceRow was = table.getSelectionModel().getSelectedItem();
        table.getItems().setAll(rows);
        if (was != null) rows.stream().filter(r -> r.id() == was.id()).findFirst().ifPresent(r -> table.getSelectionModel().select(r));
    }

    public void showMessage(String text) { message.setText(text); }

    public TableView<SliceRow> table() { return table; }
}
