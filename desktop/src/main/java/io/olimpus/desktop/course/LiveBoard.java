package io.olimpus.desktop.course;

import io.olimpus.client.LabWire;
import io.olimpus.desktop.ui.Msg;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A lab's live board: one tile per student that wraps with the window's width, its state said in
 * words AND colour (so it reads without colour too), a failed tile's reason under its name, and a
 * row of filters that also count each state, so 200 students stay readable: filter to the 3 failed
 * ones, or type part of a name. A click selects a student (for reset or to open their copy).
 */
public final class LiveBoard extends VBox {
    /** The board's states in the order the filters show them. */
    static final List<String> STATES = List.of("CREATING", "QUEUED", "DEPLOYING", "RUNNING", "FAILED", "UNDEPLOYING", "STOPPED", "DRAFT");

    private final FlowPane tiles = new FlowPane(6, 6);
    private final HBox filters = new HBox(6);
    private final ToggleGroup group = new ToggleGroup();
    private final Map<String, ToggleButton> byState = new LinkedHashMap<>();
    private final ToggleButton all = new ToggleButton();
    private final TextField search = new TextField();
    private final ObjectProperty<LabWire.BoardRow> selected = new SimpleObjectProperty<>(this, "selected");
    private LabWire.Board board;

    public LiveBoard() {
        setSpacing(6);
        getStyleClass().add("live-board");
        all.setId("board-filter-ALL");
        all.setToggleGroup(group);
        all.setSelected(true);
        filters.getChildren().add(all);
        for (String s : STATES) {
            ToggleButton b = new ToggleButton();
            b.setId("board-filter-" + s);
            b.setToggleGroup(group);
            b.getStyleClass().addAll("board-filter", "state-" + s.toLowerCase(Locale.ROOT));
            byState.put(s, b);
            filters.getChildren().add(b);
        }
        search.setId("board-search");
        search.setPromptText(Msg.get("course.board.search"));
        search.setPrefColumnCount(12);
        filters.getChildren().add(search);
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) all.setSelected(true);  // one filter is always on
            else redraw();
        });
        search.textProperty().addListener((o, a, b) -> redraw());
        tiles.setId("board-tiles");
        tiles.setPadding(new Insets(4));
        tiles.setRowValignment(javafx.geometry.VPos.TOP);
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(filters, scroll);
        show(null);
    }

    /** The student whose tile was clicked last (null: none). */
    public ObjectProperty<LabWire.BoardRow> selectedProperty() { return selected; }

    /** Shows {@code b} (null: no lab chosen); call on the FX thread. */
    public void show(LabWire.Board b) {
        board = b;
        Map<String, Integer> counts = b == null ? Map.of() : b.counts();
        int total = b == null ? 0 : b.rows().size();
        all.setText(Msg.fmt("course.board.all", total));
        for (var e : byState.entrySet()) {
            int n = counts.getOrDefault(e.getKey(), 0);
            e.getValue().setText(Msg.fmt("course.board.count", stateText(e.getKey()), n));
            // A state nobody is in is not worth a button, unless it is the filter in use.
            boolean show = n > 0 || e.getValue().isSelected();
            e.getValue().setVisible(show);
            e.getValue().setManaged(show);
        }
        if (selected.get() != null && b != null)
            selected.set(b.rows().stream().filter(r -> r.student().equals(selected.get().student())).findFirst().orElse(null));
        redraw();
    }

    static String stateText(String state) {
        String key = "course.state." + state;
        return Msg.has(key) ? Msg.get(key) : state.toLowerCase(Locale.ROOT);  // a newer server's state
    }

    private void redraw() {
        tiles.getChildren().clear();
        if (board == null) {
            tiles.getChildren().add(new Label(Msg.get("course.board.none")));
            return;
        }
        String want = byState.entrySet().stream().filter(e -> e.getValue().isSelected()).map(Map.Entry::getKey).findFirst().orElse(null);
        String q = search.getText() == null ? "" : search.getText().strip().toLowerCase(Locale.ROOT);
        for (LabWire.BoardRow r : board.rows()) {
            if (want != null && !want.equals(r.state())) continue;
            if (!q.isEmpty() && !r.student().toLowerCase(Locale.ROOT).contains(q)) continue;
            tiles.getChildren().add(tile(r));
        }
        if (tiles.getChildren().isEmpty()) tiles.getChildren().add(new Label(Msg.get("course.board.nobody")));
    }

    private VBox tile(LabWire.BoardRow r) {
        Label name = new Label(r.student());
        name.getStyleClass().add("tile-name");
        Label state = new Label(stateText(r.state()));
        state.getStyleClass().add("tile-state");
        VBox t = new VBox(1, name, state);
        if (r.reason() != null && !r.reason().isBlank()) {
            Label why = new Label(r.reason());
            why.getStyleClass().add("tile-reason");
            why.setMaxWidth(130);
            t.getChildren().add(why);
            Tooltip.install(t, new Tooltip(r.student() + ": " + r.reason()));
        }
        t.setId("tile-" + r.student());
        t.getStyleClass().addAll("board-tile", "state-" + r.state().toLowerCase(Locale.ROOT));
        if (selected.get() != null && selected.get().student().equals(r.student())) t.getStyleClass().add("selected");
        t.setPrefWidth(140);
        t.setMinWidth(140);
        t.setMaxWidth(140);
        t.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);  // a failed neighbour's reason must not stretch the others
        t.setOnMouseClicked(e -> {
            selected.set(r);
            redraw();
        });
        return t;
    }
}
