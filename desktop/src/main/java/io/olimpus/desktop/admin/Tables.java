package io.olimpus.desktop.admin;

import io.olimpus.desktop.ui.Msg;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** Small builders the admin tabs share: columns, buttons, number spinners, dates. */
final class Tables {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Tables() {}

    static <S, T> TableColumn<S, T> column(String key, Function<S, T> value) {
        TableColumn<S, T> c = new TableColumn<>(Msg.get(key));
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }

    static Button button(String id, String key, Runnable action) {
        Button b = new Button(Msg.get(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    static Spinner<Integer> spinner(String id, int min, int max, int value) {
        Spinner<Integer> s = new Spinner<>(min, max, value);
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(90);
        return s;
    }

    /** A row of controls that wraps onto a second line when the window is narrow, so no button is cut. */
    static FlowPane bar(javafx.scene.Node... nodes) {
        FlowPane f = new FlowPane(6, 6, nodes);
        f.getStyleClass().add("admin-toolbar");
        f.setAlignment(Pos.CENTER_LEFT);
        return f;
    }

    static String when(long epochMs) {
        return epochMs <= 0 ? "" : WHEN.format(Instant.ofEpochMilli(epochMs));
    }

    static String yesNo(boolean b) {
        return Msg.get(b ? "admin.yes" : "admin.no");
    }

    /** Bytes as a person reads them: 512 B, 3.0 MB, 1.2 GB. */
    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024L * 1024) return String.format(Msg.locale(), "%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Msg.locale(), "%.1f MB", n / (1024.0 * 1024));
        return String.format(Msg.locale(), "%.1f GB", n / (1024.0 * 1024 * 1024));
    }
}
