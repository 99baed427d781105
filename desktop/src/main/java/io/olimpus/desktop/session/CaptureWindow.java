package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.client.LinkCapture;
import io.olimpus.client.OlimpusClient;
import io.olimpus.desktop.ui.Msg;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A capture on a link of the running slice, saved to a .pcap the student picks: a small window
 * counts packets as they arrive and stops on Stop (or when the window closes); once it ended,
 * Wireshark opens the file when it is installed.
 */
final class CaptureWindow {
    private CaptureWindow() {}

    static void open(Window owner, OlimpusClient client, long sliceId, String sliceName, String linkId) {
        open(owner, client, sliceId, sliceName, linkId, fc -> fc.showSaveDialog(owner));
    }

    /** The same, with the file picked by {@code pick} from the prepared chooser (a test answers without a native dialog). */
    static void open(Window owner, OlimpusClient client, long sliceId, String sliceName, String linkId, java.util.function.Function<FileChooser, File> pick) {
        FileChooser fc = new FileChooser();
        fc.setTitle(Msg.fmt("capture.save", linkId));
        fc.setInitialFileName(sliceName + "-" + linkId + ".pcap");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("pcap", "*.pcap"));
        File file = pick.apply(fc);
        if (file == null) return;

        Label count = new Label(Msg.get("capture.starting"));
        count.setId("capture-count");
        Button stop = new Button(Msg.get("capture.stop"));
        stop.setId("capture-stop");
        Button wireshark = new Button(Msg.get("capture.wireshark"));
        wireshark.setId("capture-wireshark");
        wireshark.setDisable(true);
        wireshark.setVisible(wiresharkPath() != null);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(Msg.fmt("capture.title", linkId, sliceName));
        stage.setScene(new Scene(new VBox(10, count, new HBox(8, stop, wireshark)) {{ setPadding(new Insets(12)); }}));

        LinkCapture[] running = new LinkCapture[1];
        Thread t = new Thread(() -> {
            try (LinkCapture c = client.capture(sliceId, linkId, null, null, null); OutputStream out = Files.newOutputStream(file.toPath())) {
                synchronized (running) { running[0] = c; }
                LinkCapture.Result r = c.copyTo(out, (p, b) -> Platform.runLater(() -> count.setText(Msg.fmt("capture.count", p, b))));
                Platform.runLater(() -> {
                    count.setText(Msg.fmt("capture.done", r.packets(), file.getName()));
                    stop.setDisable(true);
                    wireshark.setDisable(false);
                });
            } catch (ClientException e) {
                Platform.runLater(() -> { count.setText(e.getMessage()); stop.setDisable(true); });
            } catch (Exception e) {
                Platform.runLater(() -> { count.setText(Msg.fmt("capture.failed", String.valueOf(e.getMessage()))); stop.setDisable(true); });
            }
        }, "capture-" + linkId);
        t.setDaemon(true);
        Runnable halt = () -> { synchronized (running) { if (running[0] != null) running[0].close(); } };
        stop.setOnAction(e -> halt.run());
        stage.setOnHidden(e -> halt.run());
        wireshark.setOnAction(e -> {
            try {
                new ProcessBuilder(wiresharkPath().toString(), file.getAbsolutePath()).start();
            } catch (Exception ex) {
                count.setText(Msg.fmt("capture.failed", String.valueOf(ex.getMessage())));
            }
        });
        stage.show();
        t.start();
    }

    /** Wireshark on the PATH, or null. */
    static Path wiresharkPath() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : new String[]{"wireshark", "Wireshark.exe"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }
}
