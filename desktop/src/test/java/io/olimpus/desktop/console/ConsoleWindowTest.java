package io.olimpus.desktop.console;

import io.olimpus.desktop.ui.Msg;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.image.PixelReader;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The console window on headless Monocle, fed by a scripted VNC server through an in-memory pipe. */
@ExtendWith(ApplicationExtension.class)
class ConsoleWindowTest extends FxRobot {
    /** A pipe whose far end is the test: it plays server bytes in small chunks and records what the viewer sends. */
    static final class ScriptedPipe implements ConsolePipe {
        volatile Listener listener;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        volatile boolean closed;

        public void open(Listener l) { listener = l; }
        public synchronized void send(byte[] b) { sent.writeBytes(b); }
        public void close() {
            if (closed) return;
            closed = true;
            listener.closed("closed by the viewer");
        }

        void serve(byte[] bytes) {
            for (int i = 0; i < bytes.length; i += 7) listener.received(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 7)));
        }

        synchronized byte[] sentAndReset() { byte[] b = sent.toByteArray(); sent.reset(); return b; }
    }

    private final ScriptedPipe pipe = new ScriptedPipe();
    private ConsoleWindow window;

    @Start
    void start(Stage stage) {
        Msg.use(Locale.ENGLISH);
        window = ConsoleWindow.open(stage, "test / vm1", pipe);
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(5, TimeUnit.SECONDS);
    }

    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A 64x32 screen: left half red, right half blue, with a white pixel at (10,5). */
    private void serveScreen() throws Exception {
        RfbSessionTest.Server s = RfbSessionTest.Server.qemu(64, 32, "QEMU (vm1)");
        s.update(1).rect(0, 0, 64, 32, RfbSession.ENC_RAW).rawPixels(64 * 32, i -> i == 5 * 64 + 10 ? 0xFFFFFF : i % 64 < 32 ? 0xFF0000 : 0x0000FF);
        pipe.serve(s.bytes());
        waitUntil(() -> window.view().image() != null && window.view().stateProperty().get() == ConsoleView.State.RUNNING);
    }

    @Test
    void theScreenIsDrawnScaledToTheWindowAndTheStatusSaysWhichConsoleItIs() throws Exception {
        assertThat(window.view().statusProperty().get()).isEqualTo("Connecting to the console\u2026");
        serveScreen();
        PixelReader px = window.view().image().getPixelReader();
        assertThat(px.getArgb(0, 0)).isEqualTo(0xFFFF0000);
        assertThat(px.getArgb(63, 31)).isEqualTo(0xFF0000FF);
        assertThat(px.getArgb(10, 5)).isEqualTo(0xFFFFFFFF);
        assertThat(window.view().statusProperty().get()).isEqualTo("QEMU (vm1) \u2014 64\u00d732");

        // An update of a few pixels reaches the image too.
        RfbSessionTest.Server upd = new RfbSessionTest.Server().update(1).rect(1, 1, 2, 1, RfbSession.ENC_RAW).rawPixels(2, i -> 0x00FF00);
        pipe.serve(upd.bytes());
        waitUntil(() -> window.view().image().getPixelReader().getArgb(2, 1) == 0xFF00FF00);

        // The image fills the view as far as its proportions allow (2:1 here), centred.
        WaitForAsyncUtils.asyncFx(() -> { window.stage().setWidth(500); window.stage().setHeight(500); }).get();
        WaitForAsyncUtils.waitForFxEvents();
        Bounds view = window.view().getLayoutBounds();
        Bounds shown = window.view().getChildrenUnmodifiable().get(0).getBoundsInParent();
        assertThat(shown.getWidth()).isCloseTo(view.getWidth(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(shown.getHeight()).isCloseTo(view.getWidth() / 2, org.assertj.core.data.Offset.offset(1.0));
        assertThat(shown.getMinY()).isCloseTo((view.getHeight() - shown.getHeight()) / 2, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void keysAndClicksGoToTheVmAsKeysymsAndFramebufferCoordinates() throws Exception {
        serveScreen();
        pipe.sentAndReset();
        clickOn(window.view());                      // focus; the click itself is a pointer event
        pipe.sentAndReset();
        type(KeyCode.A);
        press(KeyCode.SHIFT).type(KeyCode.B).release(KeyCode.SHIFT);
        type(KeyCode.ENTER, KeyCode.TAB, KeyCode.BACK_SPACE, KeyCode.ESCAPE, KeyCode.UP);
        press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        waitUntil(() -> pipe.sent.size() >= 20 * 8);
        List<String> keys = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(pipe.sentAndReset());
        while (b.remaining() >= 8) {
            assertThat(b.get()).as("KeyEvent").isEqualTo((byte) 4);
            boolean down = b.get() == 1;
            b.getShort();
            keys.add((down ? "+" : "-") + Integer.toHexString(b.getInt()));
        }
        assertThat(keys).containsExactly("+61", "-61", "+ffe1", "+42", "-42", "-ffe1",
                "+ff0d", "-ff0d", "+ff09", "-ff09", "+ff08", "-ff08", "+ff1b", "-ff1b", "+ff52", "-ff52",
                "+ffe3", "+63", "-63", "-ffe3");
        assertThat(window.view().isFocused()).as("Tab stayed with the VM").isTrue();

        // A click on the white pixel (10,5) of the scaled screen lands on (10,5) of the VM's.
        javafx.scene.Node img = window.view().getChildrenUnmodifiable().get(0);
        Bounds onScreen = img.localToScreen(img.getBoundsInLocal());
        double scale = onScreen.getWidth() / 64;
        clickOn(new Point2D(onScreen.getMinX() + 10.5 * scale, onScreen.getMinY() + 5.5 * scale));
        waitUntil(() -> pipe.sent.size() >= 12);
        ByteBuffer p = ByteBuffer.wrap(pipe.sentAndReset());
        List<String> pointer = new ArrayList<>();
        while (p.remaining() >= 6) {
            assertThat(p.get()).as("PointerEvent").isEqualTo((byte) 5);
            pointer.add(p.get() + "@" + p.getShort() + "," + p.getShort());
        }
        assertThat(pointer).contains("1@10,5", "0@10,5");
    }

    @Test
    void aBrokenStreamIsShownWithItsReasonAndThePipeClosed() throws Exception {
        serveScreen();
        pipe.serve(new byte[]{(byte) 200});        // not an RFB message
        waitUntil(() -> window.view().stateProperty().get() == ConsoleView.State.FAILED);
        assertThat(window.view().statusProperty().get()).isEqualTo("The console failed: unknown message type 200 from the server");
        assertThat(pipe.closed).isTrue();
    }

    @Test
    void closingTheWindowClosesThePipe() throws Exception {
        serveScreen();
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(5, TimeUnit.SECONDS);
        assertThat(pipe.closed).isTrue();
    }
}
