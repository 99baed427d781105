package io.olimpus.desktop.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the designer shows when it opens with nothing: the designs opened last, a new design (empty
 * or from a shape), the course's typical labs as examples, and the first-deploy guide. It lies
 * over the empty canvas; any choice (or any edit) puts it away.
 */
final class StartScreen extends StackPane {
    /** The course labs bundled as examples, by resource name (examples/NAME.json). */
    static final List<String> EXAMPLES = List.of("linear3", "ring4", "tree7", "star5");

    interface Actions {
        void openRecent(Path file);
        void open();
        void newEmpty();
        void newFromShape();
        void openExample(String name);
        void guide();
    }

    StartScreen(List<Path> recent, Actions actions) {
        setId("start-screen");
        getStyleClass().add("start-screen");
        setPickOnBounds(false); // the canvas around the card still takes clicks

        Label title = new Label(Msg.get("start.title"));
        title.getStyleClass().add("start-title");
        Label hint = new Label(Msg.get("start.hint"));
        hint.setWrapText(true);

        VBox recentCol = column(Msg.get("start.recent"));
        if (recent.isEmpty()) {
            Label none = new Label(Msg.get("start.noRecent"));
            none.setWrapText(true);
            none.getStyleClass().add("hint");
            recentCol.getChildren().add(none);
        }
        int i = 0;
        for (Path p : recent) {
            Hyperlink h = new Hyperlink(p.getFileName().toString());
            h.setId("start-recent-" + i++);
            h.setTooltip(new javafx.scene.control.Tooltip(p.toString()));
            h.setOnAction(e -> actions.openRecent(p));
            recentCol.getChildren().add(h);
        }
        recentCol.getChildren().add(button("start-open", Msg.get("start.open"), actions::open));

        VBox newCol = column(Msg.get("start.new"));
        newCol.getChildren().addAll(
                button("start-empty", Msg.get("start.empty"), actions::newEmpty),
                button("start-shape", Msg.get("start.shape"), actions::newFromShape));

        VBox examples = column(Msg.get("start.examples"));
        for (String name : EXAMPLES)
            examples.getChildren().add(button("start-example-" + name, Msg.get("start.example." + name), () -> actions.openExample(name)));

        HBox cols = new HBox(28, recentCol, newCol, examples);
        Hyperlink guide = new Hyperlink(Msg.get("start.guide"));
        guide.setId("start-guide");
        guide.setOnAction(e -> actions.guide());

        VBox card = new VBox(14, title, hint, cols, guide);
        card.getStyleClass().add("start-card");
        card.setPadding(new Insets(24, 28, 24, 28));
        card.setMaxSize(VBox.USE_PREF_SIZE, VBox.USE_PREF_SIZE);
        card.setStyle("-fx-background-color: -fx-background; -fx-background-radius: 10; -fx-border-radius: 10;"
                + " -fx-border-color: derive(-fx-background, -25%); -fx-effect: dropshadow(gaussian, rgba(0,0,0,0.25), 18, 0, 0, 4);");
        title.setStyle("-fx-font-size: 20px; -fx-font-weight: bold;");
        getChildren().add(card);
        StackPane.setAlignment(card, Pos.CENTER);
    }

    private static VBox column(String heading) {
        Label h = new Label(heading);
        h.setStyle("-fx-font-weight: bold;");
        VBox v = new VBox(6, h);
        v.setMinWidth(190);
        HBox.setHgrow(v, Priority.ALWAYS);
        return v;
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setMaxWidth(Double.MAX_VALUE);
        b.setOnAction(e -> action.run());
        return b;
    }
}
