package io.olimpus.desktop.session;

import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.ui.Msg;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desktop's Capture… window (#17) against a scripted server: the pcap the server streams is
 * saved whole with its packets counted, a refusal shows the server's reason, and Stop ends a
 * capture that is still streaming. The real capture on a link is the Linux e2e's.
 */
class CaptureWindowUiTest extends FxRobot {
    private MockWebServer server;
    private OlimpusClient client;
    private Stage owner;
    @TempDir Path dir;

    @BeforeEach
    void start() throws Exception {
        Msg.use(Locale.ENGLISH);
        owner = FxToolkit.registerPrimaryStage();
        server = new MockWebServer();
        server.start();
        client = OlimpusClient.connect("http://" + server.getHostName() + ":" + server.getPort());
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        client.close();
        server.shutdown();
    }

    private static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS); }

    private static void until(String what, Callable<Boolean> c) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(c));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for: " + what, e);
        }
    }

    /** A little-endian pcap: the global header and {@code packets} Ethernet frames of 60 bytes. */
    static byte[] pcap(int packets) {
        ByteBuffer b = ByteBuffer.allocate(24 + packets * (16 + 60)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < packets; i++) {
            b.putInt(1_700_000_000 + i).putInt(0).putInt(60).putInt(60);
            for (int j = 0; j < 60; j++) b.put((byte) (i + j));
        }
        return b.array();
    }

    private File open(String link, String name) throws Exception {
        File file = dir.resolve(name).toFile();
        AtomicReference<String> offered = new AtomicReference<>();
        fx(() -> {
            CaptureWindow.open(owner, client, 7, "lab1", link, fc -> { offered.set(fc.getInitialFileName()); return file; });
            return null;
        });
        assertThat(offered.get()).isEqualTo("lab1-" + link + ".pcap");
        return file;
    }

    private String countText() throws Exception { return fx(() -> lookup("#capture-count").queryAs(Label.class).getText()); }

    @Test
    void theStreamedPcapIsSavedWholeAndItsPacketsCounted() throws Exception {
        byte[] body = pcap(3);
        server.enqueue(new MockResponse().setHeader("Content-Type", "application/vnd.tcpdump.pcap").setBody(new Buffer().write(body)));
        File file = open("l3", "cap.pcap");
        until("the capture ends", () -> countText().startsWith("3 packets saved"));
        assertThat(countText()).isEqualTo("3 packets saved in cap.pcap; open it in Wireshark.");
        assertThat(Files.readAllBytes(file.toPath())).isEqualTo(body);
        assertThat(fx(() -> lookup("#capture-stop").queryAs(Button.class).isDisabled())).isTrue();
        RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r.getPath()).isEqualTo("/api/v1/slices/7/links/l3/capture");
        assertThat(r.getHeader("Accept")).isEqualTo("application/vnd.tcpdump.pcap");
    }

    @Test
    void aRefusalShowsTheServersReason() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(409).setHeader("Content-Type", "application/json")
                .setBody("{\"detail\":\"Link l2 is in an OpenStack zone: capture runs on Linux zones only.\",\"field\":\"link\",\"reason\":\"OpenStack zone\"}"));
        File file = open("l2", "refused.pcap");
        until("the refusal is shown", () -> countText().contains("OpenStack"));
        assertThat(countText()).contains("Link l2 is in an OpenStack zone");
        assertThat(fx(() -> lookup("#capture-stop").queryAs(Button.class).isDisabled())).isTrue();
        assertThat(file).doesNotExist();
    }

    @Test
    void stopEndsACaptureThatIsStillStreamingAndKeepsWholePackets() throws Exception {
        // Two packets at once, then the rest trickles (the server would stream until a bound).
        byte[] body = pcap(500);
        server.enqueue(new MockResponse().setHeader("Content-Type", "application/vnd.tcpdump.pcap").setBody(new Buffer().write(body))
                .throttleBody(24 + 2 * 76, 2, TimeUnit.SECONDS));
        File file = open("l1", "stopped.pcap");
        until("packets are counted", () -> countText().matches("\\d+ packets, \\d+ bytes so far"));
        clickOn("#capture-stop");
        until("the capture is stopped", () -> countText().contains("saved in stopped.pcap"));
        int saved = Integer.parseInt(countText().split(" ")[0]);
        assertThat(saved).isBetween(1, 499);
        byte[] written = Files.readAllBytes(file.toPath());
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        prefix.write(body, 0, 24 + saved * 76);
        assertThat(written).as("whole records only, exactly as streamed").isEqualTo(prefix.toByteArray());
    }
}
