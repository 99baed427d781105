package io.olimpus.desktop.console;

import io.olimpus.desktop.ui.Msg;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15: an instructor's read-only views of a student's VM, on headless Monocle through
 * in-memory pipes. Both windows carry the "read-only (instructor view)" mark and send nothing the
 * instructor types or clicks (the server drops it too; this is the window not even trying).
 */
@ExtendWith(ApplicationExtension.class)
class ReadOnlyConsoleWindowTest extends FxRobot {
    private final ConsoleWindowTest.ScriptedPipe screenPipe = new ConsoleWindowTest.ScriptedPipe(), serialPipe = new ConsoleWindowTest.ScriptedPipe();
    private ConsoleWindow console;
    private SerialTerminalWindow terminal;

    private Stage owner;

    @Start
    void start(Stage stage) {
        Msg.use(Locale.ENGLISH);
        owner = stage;
    }

    @AfterEach
    void closeWindows() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            if (console != null) console.close();
            if (terminal != null) terminal.close();
        }).get(30, TimeUnit.SECONDS);
    }

    /** The client messages in {@code b} (after the handshake), by type; fails on one it cannot read. */
    private static List<Integer> messageTypes(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        List<Integer> types = new ArrayList<>();
        while (in.hasRemaining()) {
            int t = in.get() & 0xff;
            types.add(t);
            switch (t) {
                case 0 -> in.position(in.position() + 19);
                case 2 -> { in.get(); int n = in.getShort() & 0xffff; in.position(in.position() + 4 * n); }
                case 3 -> in.position(in.position() + 9);
                case 4 -> in.position(in.position() + 7);
                case 5 -> in.position(in.position() + 5);
                default -> throw new AssertionError("unexpected client message " + t);
            }
        }
        return types;
    }

    @Test
    void theConsoleIsMarkedReadOnlyShowsTheScreenAndSendsNoKeyNorClick() throws Exception {
        console = WaitForAsyncUtils.asyncFx(() -> ConsoleWindow.open(owner, "alice / vm1", screenPipe, true)).get(30, TimeUnit.SECONDS);
        assertThat(console.stage().getTitle()).isEqualTo("alice / vm1 \u2014 read-only (instructor view)");
        Label mark = lookup("#console-read-only").queryAs(Label.class);
        assertThat(mark.getText()).isEqualTo("read-only (instructor view)");
        assertThat(mark.getScene()).isSameAs(console.stage().getScene());
        assertThat(lookup(".button").queryAllAs(Button.class)).extracting(Button::getText).doesNotContain("Ctrl+Alt+Del");

        RfbSessionTest.Server s = RfbSessionTest.Server.qemu(480, 300, "QEMU (vm1)");
        s.update(1).rect(0, 0, 480, 300, RfbSession.ENC_RAW).rawPixels(480 * 300, i -> i % 480 < 240 ? 0x00FF00 : 0x204060);
        screenPipe.serve(s.bytes());
        ConsoleWindowTest.waitUntil(() -> console.view().image() != null && console.view().stateProperty().get() == ConsoleView.State.RUNNING);
        assertThat(console.view().image().getPixelReader().getArgb(3, 3)).as("the screen is shown").isEqualTo(0xFF00FF00);
        WaitForAsyncUtils.waitForFxEvents();
        keepPicture(console.stage().getScene(), "read-only-console.png");
        byte[] handshake = screenPipe.sentAndReset();
        assertThat(new String(handshake, 0, 12, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");

        clickOn(console.view());
        type(KeyCode.A, KeyCode.ENTER);
        press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        moveBy(5, 5);
        WaitForAsyncUtils.waitForFxEvents();
        // Refresh (the toolbar's) still asks for the screen, and the request arrives after whatever the keys would have sent.
        WaitForAsyncUtils.asyncFx(() -> console.view().refresh()).get(30, TimeUnit.SECONDS);
        ConsoleWindowTest.waitUntil(() -> messageTypes(screenPipe.sent.toByteArray()).contains(3));
        assertThat(messageTypes(screenPipe.sentAndReset())).as("only screen requests, no key (4) nor pointer (5) event").containsOnly(3);
    }

    @Test
    void theTerminalIsMarkedReadOnlyShowsTheGuestAndSendsNothingTyped() throws Exception {
        terminal = WaitForAsyncUtils.asyncFx(() -> SerialTerminalWindow.open(owner, "alice / vm1 serial", serialPipe, true)).get(30, TimeUnit.SECONDS);
        assertThat(terminal.stage().getTitle()).isEqualTo("alice / vm1 serial \u2014 read-only (instructor view)");
        assertThat(terminal.statusProperty().get()).startsWith("Watching the serial console");
        assertThat(lookup("#serial-paste").tryQuery()).as("no Paste in a watcher's terminal").isEmpty();
        serialPipe.serve("vm1 login: ".getBytes(StandardCharsets.US_ASCII));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> terminal.shown().endsWith("login: "));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(terminal.statusProperty().get()).isEqualTo("Watching the serial console \u2014 keys are not sent");

        clickOn("#serial-screen");
        write("root");
        type(KeyCode.ENTER);
        press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(serialPipe.sentAndReset()).as("nothing typed was sent").isEmpty();
        assertThat(terminal.shown()).isEqualTo("vm1 login: ");
        keepPicture(terminal.stage().getScene(), "read-only-terminal.png");
    }

    /** A picture of the window in target/, to look at (a failure to take one fails nothing). */
    private static void keepPicture(javafx.scene.Scene scene, String name) {
        try {
            var img = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(30, TimeUnit.SECONDS);
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", java.nio.file.Path.of("target", name).toFile());
        } catch (Exception e) {
            System.out.println("no picture: " + e);
        }
    }
}
