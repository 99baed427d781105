package io.olimpus.desktop.console;

import io.olimpus.desktop.ui.Msg;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The serial terminal window on headless Monocle, fed through an in-memory pipe: it shows the guest's text and sends what is typed. */
@ExtendWith(ApplicationExtension.class)
class SerialTerminalWindowTest extends FxRobot {
    private final ConsoleWindowTest.ScriptedPipe pipe = new ConsoleWindowTest.ScriptedPipe();
    private SerialTerminalWindow window;

    @Start
    void start(Stage stage) {
        Msg.use(Locale.ENGLISH);
        window = SerialTerminalWindow.open(stage, "test / vm1 serial", pipe);
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theGuestsTextShowsAndTypedKeysGoToTheGuest() throws Exception {
        assertThat(window.statusProperty().get()).startsWith("Connecting to the serial console");
        pipe.serve("OLIMPUS-READY name=vm1\r\n\u001B[1m/ # \u001B[0m".getBytes(StandardCharsets.US_ASCII));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.shown().endsWith("/ # "));
        assertThat(window.shown()).isEqualTo("OLIMPUS-READY name=vm1\n/ # ");
        assertThat(window.statusProperty().get()).contains("type here");

        clickOn("#serial-screen");
        write("ls");
        type(KeyCode.ENTER);
        press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pipe.sent.size() >= 4);
        assertThat(pipe.sentAndReset()).isEqualTo(new byte[]{'l', 's', '\r', 3});
        assertThat(window.shown()).as("typing shows only what the guest echoes").isEqualTo("OLIMPUS-READY name=vm1\n/ # ");

        pipe.listener.closed("the VM stopped");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.statusProperty().get().contains("the VM stopped"));
        assertThat(window.statusProperty().get()).contains("open it again");
    }
}
