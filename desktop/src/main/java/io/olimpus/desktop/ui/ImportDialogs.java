package io.olimpus.desktop.ui;

import io.olimpus.desktop.vm.CatalogMapping;
import io.olimpus.desktop.vm.CatalogMapping.Answers;
import io.olimpus.desktop.vm.CatalogMapping.Question;
import io.olimpus.desktop.vm.CatalogMapping.Questions;
import io.olimpus.desktop.vm.CatalogMapping.Size;
import io.olimpus.model.file.FileProblem;
import io.olimpus.model.topology.Resources;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The two questions importing a course file may ask: what to do with a file that has problems
 * (every problem listed; import the valid part or not), and how its names map to this server's
 * catalog. Translation only: the problems and the best guesses come from the model
 * ({@link FileProblem}, {@link CatalogMapping}). Both dialogs are not blocking: the answer
 * continues the import.
 */
final class ImportDialogs {
    private ImportDialogs() {}

    /** One problem of a lab file in the user's language; English when this version has no sentence for it. */
    static String say(FileProblem p) {
        String key = "fileProblem." + p.kind().name();
        return Msg.has(key) ? Msg.fmt(key, p.args().toArray()) : p.message();
    }

    /** Every problem of {@code file} at once; {@code importValid} runs when the user imports what is valid. */
    static void problems(Window owner, String file, List<FileProblem> problems, Runnable importValid) {
        ButtonType importValidPart = new ButtonType(Msg.get("import.problems.importValid"), ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.WARNING, null, importValidPart, ButtonType.CANCEL);
        a.setTitle(Msg.get("import.problems.title"));
        a.setHeaderText(Msg.fmt("import.problems.header", file, problems.size()));
        ListView<String> list = new ListView<>();
        list.setId("import-problem-list");
        list.getItems().setAll(problems.stream().map(ImportDialogs::say).toList());
        list.setPrefHeight(Math.min(320, 32 + 26 * problems.size()));
        list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setTooltip(empty || s == null ? null : new Tooltip(s));
            }
        });
        Label next = new Label(Msg.get("import.problems.next"));
        next.setWrapText(true);
        a.getDialogPane().setContent(new VBox(8, list, next));
        a.getDialogPane().setId("import-problems");
        a.getDialogPane().setPrefWidth(640);
        a.setResizable(true);
        a.initModality(Modality.WINDOW_MODAL);
        if (owner != null) a.initOwner(owner);
        a.setOnHidden(e -> { if (a.getResult() == importValidPart) importValid.run(); });
        a.show();
    }

    /**
     * Asks which zone, image and flavor of this server each of the file's names is, with the best
     * guesses chosen; {@code onAnswers} gets the choices when the user accepts.
     */
    static void mapping(Window owner, String file, String server, Questions q, List<String> flavors, Consumer<Answers> onAnswers) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(Msg.get("mapping.title"));
        d.setHeaderText(Msg.fmt("mapping.header", file, server == null ? Msg.get("mapping.offline") : server));
        ButtonType accept = new ButtonType(Msg.get("mapping.accept"), ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(accept, ButtonType.CANCEL);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        int row = 0;
        if (q.slice() != null) {
            Label note = new Label(Msg.fmt("mapping.renamed", q.slice().from(), q.slice().to()));
            note.setId("mapping-renamed");
            note.setWrapText(true);
            grid.add(note, 0, row++, 3, 1);
        }
        Map<Question, ComboBox<String>> zoneBoxes = new LinkedHashMap<>(), imageBoxes = new LinkedHashMap<>();
        if (!q.zones().isEmpty()) grid.add(heading("mapping.zones"), 0, row++, 3, 1);
        for (Question z : q.zones()) row = questionRow(grid, row, z, zoneBoxes, "mapping-zone-");
        if (!q.images().isEmpty()) grid.add(heading("mapping.images"), 0, row++, 3, 1);
        for (Question i : q.images()) row = questionRow(grid, row, i, imageBoxes, "mapping-image-");
        Map<Resources, ComboBox<String>> sizeBoxes = new LinkedHashMap<>();
        if (!q.sizes().isEmpty()) grid.add(heading("mapping.sizes"), 0, row++, 3, 1);
        for (Size s : q.sizes()) {
            Label what = new Label(CatalogMapping.describe(s.need()));
            ComboBox<String> box = new ComboBox<>();
            box.getItems().setAll(flavors);
            box.setId("mapping-size-" + sizeBoxes.size());
            if (s.flavor() != null) box.getSelectionModel().select(s.flavor());
            box.setPromptText(Msg.get("mapping.choose"));
            String vms = String.join(", ", s.vms());
            Label why = new Label(s.remembered() ? Msg.get("mapping.why.REMEMBERED") + " " + Msg.fmt("mapping.usedBy", vms)
                    : s.flavor() != null ? Msg.fmt("mapping.why.smallest", vms) : Msg.fmt("mapping.why.noFlavor", vms));
            why.setWrapText(true);
            grid.addRow(row++, what, box, why);
            sizeBoxes.put(s.need(), box);
        }
        Label unanswered = new Label(Msg.get("mapping.unanswered"));
        unanswered.setWrapText(true);
        grid.add(unanswered, 0, row, 3, 1);

        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(Math.min(440, 40 + 34 * row));
        d.getDialogPane().setContent(scroll);
        d.getDialogPane().setId("import-mapping");
        d.getDialogPane().setPrefWidth(760);
        d.setResizable(true);
        d.initModality(Modality.WINDOW_MODAL);
        if (owner != null) d.initOwner(owner);
        d.setOnHidden(e -> {
            if (d.getResult() != accept) return;
            onAnswers.accept(new Answers(chosen(zoneBoxes), chosen(imageBoxes), chosenSizes(sizeBoxes)));
        });
        d.show();
    }

    private static Label heading(String key) {
        Label l = new Label(Msg.get(key));
        l.getStyleClass().add("dialog-heading");
        l.setStyle("-fx-font-weight: bold");
        return l;
    }

    private static int questionRow(GridPane grid, int row, Question q, Map<Question, ComboBox<String>> boxes, String idPrefix) {
        Label what = new Label(q.fileName());
        what.setTooltip(new Tooltip(q.fileName()));
        what.setMaxWidth(260);
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(q.options());
        box.setId(idPrefix + boxes.size());
        if (q.guess() != null) box.getSelectionModel().select(q.guess());
        box.setPromptText(Msg.get("mapping.choose"));
        String vms = String.join(", ", q.vms());
        Label why = new Label(Msg.fmt("mapping.why." + q.why().name(), q.guess() == null ? "" : q.guess())
                + (vms.isEmpty() ? "" : " " + Msg.fmt("mapping.usedBy", vms)));
        why.setWrapText(true);
        grid.addRow(row, what, box, why);
        boxes.put(q, box);
        return row + 1;
    }

    private static Map<String, String> chosen(Map<Question, ComboBox<String>> boxes) {
        Map<String, String> out = new LinkedHashMap<>();
        boxes.forEach((q, box) -> { if (box.getValue() != null) out.put(q.fileName(), box.getValue()); });
        return out;
    }

    private static Map<Resources, String> chosenSizes(Map<Resources, ComboBox<String>> boxes) {
        Map<Resources, String> out = new LinkedHashMap<>();
        boxes.forEach((r, box) -> { if (box.getValue() != null) out.put(r, box.getValue()); });
        return out;
    }

    /** The report lines of a mapping, in the user's language. */
    static List<String> reportLines(Questions q, Answers a) {
        List<String> out = new ArrayList<>();
        if (q.slice() != null) out.add(Msg.fmt("mapping.renamed", q.slice().from(), q.slice().to()));
        for (String line : CatalogMapping.lines(q, a)) out.add(Msg.fmt("mapping.reportLine", line));
        return out;
    }
}
