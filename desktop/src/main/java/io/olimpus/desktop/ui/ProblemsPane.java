package io.olimpus.desktop.ui;

import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ValidationReport;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

import java.util.function.Consumer;

/** Every problem the shared validator finds, live; a click selects what the problem names. */
public final class ProblemsPane extends VBox {
    private final ListView<Problem> list = new ListView<>();
    private final Label title = new Label();

    public ProblemsPane(DesignerViewModel vm, Consumer<Problem> onPick) {
        super(6);
        setId("problems");
        setPadding(new Insets(10));
        title.getStyleClass().add("panel-title");
        list.setId("problem-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) { setText(null); setGraphic(null); setTooltip(null); return; }
                String text = ProblemText.of(p, vm.topology());
                setText(text);
                // Long problems wrap in the column, and the whole text is in the tooltip too.
                setWrapText(true);
                setPrefWidth(0);
                Tooltip tip = new Tooltip(text);
                tip.setWrapText(true);
                tip.setMaxWidth(480);
                setTooltip(tip);
                setGraphic(new Circle(5, p.isError() ? Color.web("#dc2626") : Color.web("#ea8a00")));
                getStyleClass().removeAll("problem-error", "problem-warning");
                getStyleClass().add(p.isError() ? "problem-error" : "problem-warning");
            }
        });
        list.setOnMouseClicked(e -> {
            Problem p = list.getSelectionModel().getSelectedItem();
            if (p != null) onPick.accept(p);
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, list);
        vm.reportProperty().addListener((o, a, b) -> show(b));
        show(vm.report());
    }

    private void show(ValidationReport r) {
        int errors = r == null ? 0 : r.errors().size(), warnings = r == null ? 0 : r.warnings().size();
        title.setText(Msg.fmt("problems.title", errors, warnings));
        list.setItems(FXCollections.observableArrayList(r == null ? java.util.List.of() : r.problems()));
    }

    public ListView<Problem> list() { return list; }
}
