package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.ui.TopologyCanvas;
import javafx.scene.paint.Color;

import java.util.Locale;

/** How VM states and planned changes look on the canvas: one colour each, and a short caption. */
public final class Looks {
    private Looks() {}

    /** Colours by the server's VM states (queued, creating, booting, running, stopped, failed, deleting, deleted). */
    public static Color stateColor(String state) {
        return switch (state == null ? "" : state.toUpperCase(Locale.ROOT)) {
            case "QUEUED" -> Color.web("#94a3b8");
            case "CREATING" -> Color.web("#f59e0b");
            case "BOOTING" -> Color.web("#0ea5e9");
            case "RUNNING" -> Color.web("#16a34a");
            case "STOPPED" -> Color.web("#475569");
            case "FAILED" -> Color.web("#dc2626");
            case "DELETING" -> Color.web("#a855f7");
            default -> Color.web("#cbd5e1");
        };
    }

    /** "running", or for a failure "failed: why" (shortened: the VM table has the whole text). */
    public static TopologyCanvas.Mark stateMark(String state, String detail) {
        String word = stateWord(state);
        if ("FAILED".equalsIgnoreCase(state) && detail != null && !detail.isBlank())
            word = word + ": " + (detail.length() > 48 ? detail.substring(0, 47) + "…" : detail);
        TopologyCanvas.Mark.Badge badge = switch (state == null ? "" : state.toUpperCase(Locale.ROOT)) {
            case "FAILED" -> TopologyCanvas.Mark.Badge.FAILED;
            case "RUNNING" -> TopologyCanvas.Mark.Badge.RUNNING;
            default -> TopologyCanvas.Mark.Badge.NONE;
        };
        return new TopologyCanvas.Mark(stateColor(state), word, badge);
    }

    public static String stateWord(String state) {
        String key = "vmstate." + (state == null ? "unknown" : state.toLowerCase(Locale.ROOT));
        return Msg.has(key) ? Msg.get(key) : String.valueOf(state).toLowerCase(Locale.ROOT);
    }

    /** "running", "draft": a slice's status in the UI's language (the server's word when it is a new one). */
    public static String sliceStatusWord(String status) {
        String key = "slice.status." + status;
        return Msg.has(key) ? Msg.get(key) : status;
    }

    /** What a plan does to one VM. */
    public enum Change { CREATE, CHANGE, KEEP, REMOVE }

    public static Color changeColor(Change c) {
        return switch (c) {
            case CREATE -> Color.web("#16a34a");
            case CHANGE -> Color.web("#f59e0b");
            case KEEP -> Color.web("#94a3b8");
            case REMOVE -> Color.web("#dc2626");
        };
    }

    /** "+ worker2", "~ worker1", "= worker3" */
    public static TopologyCanvas.Mark planMark(Change c, String where) {
        String sign = switch (c) { case CREATE -> "+ "; case CHANGE -> "~ "; case KEEP -> "= "; case REMOVE -> "− "; };
        return new TopologyCanvas.Mark(changeColor(c), sign + (where == null ? "" : where));
    }
}
