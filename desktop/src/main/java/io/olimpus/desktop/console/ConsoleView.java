package io.olimpus.desktop.console;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

import java.util.EnumMap;
import java.util.Map;

/**
 * A VM's screen: the {@link RfbSession}'s framebuffer drawn into a {@link WritableImage} that
 * scales (keeping its proportions) to whatever size the view gets; keys typed and the mouse used
 * on it go to the VM. The session runs on the pipe's thread; changed areas are copied to the
 * image on the FX thread, coalesced into one copy per pulse.
 */
public final class ConsoleView extends Region {
    /** Where the connection is. */
    public enum State { CONNECTING, RUNNING, CLOSED, FAILED }

    private final ConsolePipe pipe;
    private final Framebuffer fb = new Framebuffer();
    private final RfbSession session;
    private final ImageView imageView = new ImageView();
    private final Label overlay = new Label();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.CONNECTING);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(ConsoleText.get("connecting"));
    private final Map<KeyCode, Integer> keysDown = new EnumMap<>(KeyCode.class);
    private WritableImage image;
    private int buttons;

    // The area changed since the last copy to the image (guarded by "this"); empty when x0 > x1.
    private int dx0 = Integer.MAX_VALUE, dy0 = Integer.MAX_VALUE, dx1 = -1, dy1 = -1;
    private boolean paintQueued;

    /** A watcher's view: keys and clicks are never sent (the server drops them too). */
    private final boolean readOnly;

    public ConsoleView(ConsolePipe pipe) { this(pipe, false); }

    public ConsoleView(ConsolePipe pipe, boolean readOnly) {
        this.pipe = pipe;
        this.readOnly = readOnly;
        this.session = new RfbSession(fb, pipe::send, new SessionEvents());
        getStyleClass().add("console-view");
        setStyle("-fx-background-color: black;");
        setFocusTraversable(true);
        imageView.setPreserveRatio(true);
        imageView.setSmooth(true);
        overlay.setStyle("-fx-text-fill: white; -fx-background-color: rgba(0,0,0,0.6); -fx-padding: 6 10;");
        overlay.textProperty().bind(status.getReadOnlyProperty());
        overlay.visibleProperty().bind(state.isNotEqualTo(State.RUNNING));
        getChildren().addAll(imageView, overlay);

        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventHandler(KeyEvent.KEY_RELEASED, this::keyReleased);
        addEventHandler(KeyEvent.KEY_TYPED, KeyEvent::consume);
        focusedProperty().addListener((o, was, is) -> { if (!is) releaseKeys(); });
        imageView.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> { requestFocus(); mouse(e); });
        imageView.addEventHandler(MouseEvent.MOUSE_RELEASED, this::mouse);
        imageView.addEventHandler(MouseEvent.MOUSE_MOVED, this::mouse);
        imageView.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::mouse);
        imageView.addEventHandler(ScrollEvent.SCROLL, this::scroll);
    }

    /** Starts talking to the console through the pipe. */
    public void open() {
        pipe.open(new ConsolePipe.Listener() {
            public void received(byte[] bytes) { session.receive(bytes); }
            public void closed(String reason) { ended(State.CLOSED, ConsoleText.get("closed", reason)); }
            public void failed(Throwable error) { ended(State.FAILED, ConsoleText.get("failed", error.getMessage() == null ? error.toString() : error.getMessage())); }
        });
    }

    /** Closes the pipe (the view then shows that the console closed). */
    public void close() {
        pipe.close();
    }

    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }

    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** The screen as received (for tests and screenshots). */
    public Framebuffer framebuffer() { return fb; }

    /** The image on the view; null before the first screen arrives. */
    public WritableImage image() { return image; }

    /** Types Ctrl+Alt+Del (a window manager would take the real keys). */
    public void sendCtrlAltDel() {
        if (readOnly) return;
        int[] keys = {KeySyms.CONTROL_L, KeySyms.ALT_L, KeySyms.DELETE};
        for (int k : keys) session.key(k, true);
        for (int i = keys.length - 1; i >= 0; i--) session.key(keys[i], false);
    }

    /** Asks for the whole screen again. */
    public void refresh() { session.refresh(); }

    // ---- from the session (pipe thread) ------------------------------------------------------------

    private final class SessionEvents implements RfbSession.Listener {
        @Override
        public void connected(String name, int width, int height) {
            Platform.runLater(() -> {
                state.set(State.RUNNING);
                status.set(ConsoleText.get("connected", name, width, height));
            });
        }

        @Override
        public void resized(int width, int height) {
            String name = session.desktopName();
            Platform.runLater(() -> status.set(ConsoleText.get("connected", name, width, height)));
            dirty(0, 0, width, height);
        }

        @Override
        public void updated(int x, int y, int w, int h) { dirty(x, y, w, h); }

        @Override
        public void failed(String reason) {
            pipe.close();
            ended(State.FAILED, ConsoleText.get("failed", reason));
        }
    }

    private void ended(State how, String text) {
        Platform.runLater(() -> {
            if (state.get() == State.FAILED) return;      // keep the first, most telling reason
            state.set(how);
            status.set(text);
            releaseKeysLocally();
        });
    }

    private void dirty(int x, int y, int w, int h) {
        synchronized (this) {
            dx0 = Math.min(dx0, x);
            dy0 = Math.min(dy0, y);
            dx1 = Math.max(dx1, x + w);
            dy1 = Math.max(dy1, y + h);
            if (paintQueued) return;
            paintQueued = true;
        }
        Platform.runLater(this::paint);
    }

    /** Copies the changed area of the framebuffer into the image (a new image after a resize). */
    private void paint() {
        int x0, y0, x1, y1;
        synchronized (this) {
            x0 = dx0; y0 = dy0; x1 = dx1; y1 = dy1;
            dx0 = dy0 = Integer.MAX_VALUE;
            dx1 = dy1 = -1;
            paintQueued = false;
        }
        boolean resized = fb.read((px, w, h) -> {
            if (w == 0 || h == 0) return false;
            boolean fresh = image == null || (int) image.getWidth() != w || (int) image.getHeight() != h;
            if (fresh) image = new WritableImage(w, h);
            int ax = fresh ? 0 : Math.max(0, x0), ay = fresh ? 0 : Math.max(0, y0);
            int bx = fresh ? w : Math.min(w, x1), by = fresh ? h : Math.min(h, y1);
            if (bx > ax && by > ay)
                image.getPixelWriter().setPixels(ax, ay, bx - ax, by - ay, PixelFormat.getIntArgbInstance(), px, ay * w + ax, w);
            return fresh;
        });
        if (resized) {
            imageView.setImage(image);
            requestLayout();
        }
    }

    // ---- layout: the screen as large as fits, centred ---------------------------------------------

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        if (image != null) {
            double scale = Math.min(w / image.getWidth(), h / image.getHeight());
            double iw = image.getWidth() * scale, ih = image.getHeight() * scale;
            imageView.setFitWidth(iw);
            imageView.setFitHeight(ih);
            imageView.relocate((w - iw) / 2, (h - ih) / 2);
        }
        overlay.autosize();
        overlay.relocate((w - overlay.getWidth()) / 2, 12);
    }

    @Override
    protected double computePrefWidth(double height) { return image == null ? 720 : image.getWidth(); }

    @Override
    protected double computePrefHeight(double width) { return image == null ? 400 : image.getHeight(); }

    @Override
    protected double computeMinWidth(double height) { return 0; }

    @Override
    protected double computeMinHeight(double width) { return 0; }

    // ---- input ------------------------------------------------------------------------------------

    /** Whether keys and clicks stay here (a watcher's view). */
    public boolean isReadOnly() { return readOnly; }

    private void keyPressed(KeyEvent e) {
        e.consume();                        // Tab, arrows and Escape belong to the VM, not to focus traversal
        if (readOnly) return;
        int keysym = keysDown.containsKey(e.getCode()) ? keysDown.get(e.getCode()) : KeySyms.of(e.getCode(), e.getText(), e.isShiftDown());
        if (keysym < 0) return;
        keysDown.put(e.getCode(), keysym);
        session.key(keysym, true);          // auto-repeat sends more downs, as a keyboard does
    }

    private void keyReleased(KeyEvent e) {
        e.consume();
        if (readOnly) return;
        Integer keysym = keysDown.remove(e.getCode());
        if (keysym == null) keysym = KeySyms.of(e.getCode(), e.getText(), e.isShiftDown());
        if (keysym >= 0) session.key(keysym, false);
    }

    /** No key stays down in the VM when the window loses the keyboard. */
    private void releaseKeys() {
        for (int keysym : keysDown.values()) session.key(keysym, false);
        keysDown.clear();
    }

    private void releaseKeysLocally() { keysDown.clear(); }

    private void mouse(MouseEvent e) {
        buttons = (e.isPrimaryButtonDown() ? 1 : 0) | (e.isMiddleButtonDown() ? 2 : 0) | (e.isSecondaryButtonDown() ? 4 : 0);
        pointer(e.getX(), e.getY(), buttons);
        e.consume();
    }

    private void scroll(ScrollEvent e) {
        if (e.getDeltaY() == 0) return;
        int wheel = e.getDeltaY() > 0 ? 8 : 16;
        pointer(e.getX(), e.getY(), buttons | wheel);
        pointer(e.getX(), e.getY(), buttons);
        e.consume();
    }

    /** A point of the (scaled) image view to the framebuffer's pixel under it. */
    private void pointer(double viewX, double viewY, int mask) {
        if (image == null || readOnly) return;
        double sx = image.getWidth() / imageView.getBoundsInLocal().getWidth(), sy = image.getHeight() / imageView.getBoundsInLocal().getHeight();
        int x = (int) Math.min(image.getWidth() - 1, Math.max(0, Math.floor(viewX * sx)));
        int y = (int) Math.min(image.getHeight() - 1, Math.max(0, Math.floor(viewY * sy)));
        session.pointer(x, y, mask);
    }
}
