package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.client.LabWire;
import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.ui.Msg;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slice's own cloud-config as its editor window shows it, without the window: the text, its
 * size against the server's limit, whether it differs from what the server holds, the server's
 * reason for refusing it (and where in the text), and whether this user may change it at all (a
 * student's copy of a lab whose instructor does not let students edit may not). The server decides
 * what is valid; the editor only counts bytes so the limit is seen before saving.
 */
public final class CloudConfigEditor {
    /** The server's limit on a slice's own cloud-config, in UTF-8 bytes. */
    public static final int MAX_BYTES = 16 * 1024;
    /** The first line of every cloud-config (cloud-init reads nothing else as one). */
    public static final String HEADER = "#cloud-config";

    /** Where in the text the server found the problem: 1-based line, and column (0 when it named none). */
    public record Place(int line, int column) {}

    private static final Pattern AT_LINE = Pattern.compile("at line (\\d+)(?:, column (\\d+))?");

    private final Connection connection;
    private final long sliceId;
    private final String sliceName;
    private final boolean admin;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    /** The text as last read from or saved to the server (the starter when the slice has none). */
    private final StringProperty baseline = new SimpleStringProperty(this, "baseline", "");
    private final IntegerProperty bytes = new SimpleIntegerProperty(this, "bytes");
    private final StringProperty status = new SimpleStringProperty(this, "status", Msg.get("cloudcfg.reading"));
    private final BooleanProperty failed = new SimpleBooleanProperty(this, "failed");
    private final ObjectProperty<Place> errorAt = new SimpleObjectProperty<>(this, "errorAt");
    private final StringProperty locked = new SimpleStringProperty(this, "locked", "");
    private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final BooleanProperty stored = new SimpleBooleanProperty(this, "stored");
    private final BooleanBinding dirty, tooBig, editable;
    private final StringBinding counter;

    CloudConfigEditor(Connection connection, long sliceId, String sliceName, boolean admin) {
        this.connection = connection;
        this.sliceId = sliceId;
        this.sliceName = sliceName;
        this.admin = admin;
        text.addListener((o, a, b) -> bytes.set(utf8Bytes(b)));
        dirty = Bindings.createBooleanBinding(() -> loaded.get() && !text.get().equals(baseline.get()), text, baseline, loaded);
        tooBig = bytes.greaterThan(MAX_BYTES);
        editable = loaded.and(locked.isEmpty());
        counter = Bindings.createStringBinding(() -> Msg.fmt(tooBig.get() ? "cloudcfg.bytesOver" : "cloudcfg.bytes", bytes.get(), MAX_BYTES), bytes, tooBig);
    }

    // ---- observable state -------------------------------------------------------------------

    public long sliceId() { return sliceId; }
    public String sliceName() { return sliceName; }
    /** The text in the editor; the window binds its text area to it both ways. */
    public StringProperty textProperty() { return text; }
    /** Its size in UTF-8 bytes, as the server counts it. */
    public ReadOnlyIntegerProperty bytesProperty() { return bytes; }
    /** "1,234 of 16,384 bytes", or that it is over the limit. */
    public StringBinding counterProperty() { return counter; }
    public BooleanBinding tooBigProperty() { return tooBig; }
    /** The text differs from what the server holds: closing asks first. */
    public BooleanBinding dirtyProperty() { return dirty; }
    public boolean isDirty() { return dirty.get(); }
    /** What happened last (read, saved, refused with the server's reason, removed). */
    public ReadOnlyStringProperty statusProperty() { return status; }
    /** The last action failed: the status is the reason. */
    public ReadOnlyBooleanProperty failedProperty() { return failed; }
    /** Where the server found the problem in the text it refused, or null. */
    public ReadOnlyObjectProperty<Place> errorAtProperty() { return errorAt; }
    /** Why this user may not change it (a lab's copy they may not edit), or "" when they may. */
    public ReadOnlyStringProperty lockedProperty() { return locked; }
    /** Read from the server, and neither locked: Save and Remove may be pressed (when not busy). */
    public BooleanBinding editableProperty() { return editable; }
    public ReadOnlyBooleanProperty busyProperty() { return busy; }
    public ReadOnlyBooleanProperty loadedProperty() { return loaded; }
    /** The slice has a cloud-config of its own on the server. */
    public ReadOnlyBooleanProperty storedProperty() { return stored; }

    // ---- what the user does -------------------------------------------------------------------

    /** Reads the slice's cloud-config (the starter when it has none) and whether this user may change it. */
    public void load() {
        busy.set(true);
        connection.call(c -> new Read(c.cloudConfig(sliceId), admin ? null : lockingLab(c)), r -> {
            busy.set(false);
            boolean has = r.cloudConfig() != null && !r.cloudConfig().isBlank();
            stored.set(has);
            String shown = has ? r.cloudConfig() : starter();
            baseline.set(shown);
            text.set(shown);
            loaded.set(true);
            locked.set(r.lockedBy() == null ? "" : Msg.fmt("cloudcfg.locked", r.lockedBy()));
            // Locked, the banner says why; "edit it, then Save" would say the opposite.
            say(!locked.get().isEmpty() ? "" : Msg.get(has ? "cloudcfg.kept" : "cloudcfg.none"), false);
        }, this::refused);
    }

    private record Read(String cloudConfig, String lockedBy) {}

    /** The lab whose copy this slice is, when its instructor does not let students edit it; else null. */
    private String lockingLab(OlimpusClient c) {
        List<LabWire.StudentLab> labs;
        try {
            labs = c.myLabs();
        } catch (ClientException e) {
            // A server without courses has no lab copies (an older one answers 404).
            if (e.status() == 404) return null;
            throw e;
        }
        return labs.stream().filter(l -> l.sliceId() != null && l.sliceId() == sliceId && !l.studentsMayEdit())
                .map(LabWire.StudentLab::name).findFirst().orElse(null);
    }

    /** Sends the text; the server checks it. {@code then} runs once it is saved (a close that asked to save first). */
    public void save(Runnable then) {
        if (!editable.get()) return;
        String sent = text.get();
        if (sent.isBlank()) {
            clear(then);
            return;
        }
        busy.set(true);
        say(Msg.get("cloudcfg.saving"), false);
        connection.call(c -> {
            c.setCloudConfig(sliceId, sent);
            return c.cloudConfig(sliceId);
        }, now -> {
            busy.set(false);
            stored.set(now != null);
            baseline.set(sent);
            say(Msg.get("cloudcfg.saved"), false);
            if (then != null) then.run();
        }, this::refused);
    }

    /** Removes the slice's cloud-config on the server; the editor shows the starter again. */
    public void clear(Runnable then) {
        if (!editable.get()) return;
        busy.set(true);
        connection.call(c -> {
            c.setCloudConfig(sliceId, null);
            return Boolean.TRUE;
        }, x -> {
            busy.set(false);
            stored.set(false);
            String s = starter();
            baseline.set(s);
            text.set(s);
            say(Msg.get("cloudcfg.removed"), false);
            if (then != null) then.run();
        }, this::refused);
    }

    private void refused(Throwable err) {
        busy.set(false);
        Throwable t = Failures.unwrap(err);
        if (t instanceof ClientException ce && ce.kind() == ClientException.Kind.INVALID && ce.reason() != null) {
            Place p = placeOf(ce.reason());
            say(p == null ? Msg.fmt("cloudcfg.refused", ce.reason()) : Msg.fmt("cloudcfg.refusedAt", p.line(), ce.reason()), true);
            // Said again for the same place, the window still moves to it.
            errorAt.set(null);
            errorAt.set(p);
            return;
        }
        if (t instanceof ClientException ce && ce.kind() == ClientException.Kind.FORBIDDEN && loaded.get())
            locked.set(connection.describe(err));
        say(connection.describe(err), true);
    }

    private void say(String s, boolean failure) {
        failed.set(failure);
        if (!failure) errorAt.set(null);
        status.set(s);
    }

    // ---- pure helpers ----------------------------------------------------------------------------

    /** Where the server's reason points in the text: its YAML error's line and column, or line 1 for a missing header; else null. */
    public static Place placeOf(String reason) {
        if (reason == null) return null;
        Matcher m = AT_LINE.matcher(reason);
        if (m.find()) return new Place(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        if (reason.contains("must start with the line")) return new Place(1, 0);
        return null;
    }

    /** The offset in {@code text} of {@code line} (1-based) and {@code column} (1-based; 0: the line's start), clamped to the text. */
    public static int offsetOf(String text, int line, int column) {
        int at = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', at);
            if (nl < 0) return text.length();
            at = nl + 1;
        }
        int end = text.indexOf('\n', at);
        if (end < 0) end = text.length();
        return Math.min(at + Math.max(0, column - 1), end);
    }

    /** The end of the line that holds {@code offset}. */
    public static int lineEnd(String text, int offset) {
        int end = text.indexOf('\n', offset);
        return end < 0 ? text.length() : end;
    }

    public static int utf8Bytes(String s) { return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length; }

    /**
     * What the editor offers a slice without a cloud-config: every line a comment under the
     * header, saying what Olimpus already adds and showing packages, runcmd and write_files,
     * in the user's language.
     */
    public static String starter() {
        String lang = Msg.locale().getLanguage();
        String name = "/io/olimpus/desktop/cloud-config/starter" + (lang.isEmpty() || lang.equals("en") ? "" : "_" + lang) + ".yaml";
        InputStream in = CloudConfigEditor.class.getResourceAsStream(name);
        if (in == null) in = CloudConfigEditor.class.getResourceAsStream("/io/olimpus/desktop/cloud-config/starter.yaml");
        try (InputStream s = in) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
