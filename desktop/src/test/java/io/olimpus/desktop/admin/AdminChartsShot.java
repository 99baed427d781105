package io.olimpus.desktop.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.app.Config;
import io.olimpus.server.deploy.DeploymentStore;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.VmPlan;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes docs/admin-charts.png from the real administration window (run under Xvfb, not Monocle):
 * a real server with monitoring every second probes this machine over SSH (a private sshd on
 * loopback, as a Linux worker), while the machine is loaded in bursts; after {@code seconds} the
 * window shows the worker's charts and is saved. The "what runs where" list comes from a slice
 * plan stored through the engine's store (no test bed needed).
 *
 * <pre>xvfb-run -a java -cp ... io.olimpus.desktop.admin.AdminChartsShot docs/admin-charts.png 90</pre>
 */
public final class AdminChartsShot {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/admin-charts.png");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        Path dir = Files.createTempDirectory("olimpus-shot-sshd");
        Process sshd = null;
        try (RealServer server = RealServer.start(c -> c.withMonitoring(new Config.Monitoring(true, Duration.ofSeconds(1), 3, Duration.ofHours(24))));
             OlimpusClient client = OlimpusClient.connect(server.baseUrl())) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { port = s.getLocalPort(); }
            sshd = startSshd(dir, port);
            client.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
            String user = System.getProperty("user.name");
            String zone = client.createZone(new Wire.NewZone("lab", "linux", null)).name();
            // The server reads keys from its keys folder only (<data>/keys), where an admin copies them.
            Path keys = Files.createDirectories(server.dataDir().resolve("keys/shot"));
            for (String f : List.of("known_hosts", "client_ed25519")) Files.copy(dir.resolve(f), keys.resolve(f));
            ObjectNode s = new ObjectMapper().createObjectNode();
            s.put("dataPlane", "OVS").put("addressPool", "10.64.0.0/16").put("subnetPrefix", 24).put("firstSegmentId", 100)
                    .put("lastSegmentId", 4000).put("uplinkInterface", "eth0").put("knownHostsRef", "shot/known_hosts");
            s.putObject("headnode").put("name", "head").put("mgmtAddress", "127.0.0.1").put("sshPort", port).put("sshUser", user)
                    .put("sshKeyRef", "shot/client_ed25519");
            client.putZoneSettings(zone, s);
            client.addWorker(zone, new Wire.NewWorker("node1", "127.0.0.1", user, "shot/client_ed25519", 2, 23_000, 250,
                    false, null, port, "/nonexistent-olimpus-state"));
            client.addWorker(zone, new Wire.NewWorker("node2", "198.18.0.12", user, "keys/node2", 8, 32_768, 500, true));

            String flavor = client.createFlavor(new Wire.NewFlavor("small", 1, 512, 2)).name();
            client.uploadImage("debian-12", ServerFixtures.qcow2(dir, "debian.qcow2", 65_536), null).result().join();
            for (String[] sl : new String[][]{{"ring-of-4", "vm1", "vm3"}, {"web-lab", "web", "db"}}) {
                Wire.Slice slice = client.createSlice(ServerFixtures.ring(sl[0], zone, 4, flavor, "debian-12")).slice();
                new DeploymentStore(server.running().database().jdbi()).savePlan(slice.id(), new DeploymentPlan(slice.name(), zone, List.of(),
                        List.of(vm(sl[1], "node1"), vm("vm2", "node2"), vm(sl[2], "node1"), vm("vm4", "node2"))), System.currentTimeMillis());
            }

            // Real load in bursts, so the CPU chart has something to show.
            long end = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < end) {
                long burstEnd = Math.min(end, System.currentTimeMillis() + 6_000);
                List<Thread> spinners = List.of(spin(burstEnd));
                for (Thread t : spinners) t.join();
                Thread.sleep(Math.max(0, Math.min(9_000, end - System.currentTimeMillis())));
            }
            System.out.println("samples: " + client.workerSamples(zone, "node1", null, null).items().size());
            shoot(client, zone, out);
        } finally {
            if (sshd != null) {
                sshd.destroy();
                sshd.waitFor(5, TimeUnit.SECONDS);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            Platform.exit();
        }
    }

    private static VmPlan vm(String name, String worker) {
        return new VmPlan("id-" + name, name, worker, "small", new Resources(1, 512, 2), "debian-12", false, List.of());
    }

    private static Thread spin(long until) {
        Thread t = new Thread(() -> {
            double x = 0;
            while (System.currentTimeMillis() < until) x += Math.sqrt(x + 1);
            if (x == 42) System.out.print("");
        });
        t.start();
        return t;
    }

    @SuppressWarnings("unchecked")
    private static void shoot(OlimpusClient client, String zone, Path out) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        CompletableFuture<AdminPane> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            Msg.use(Locale.ENGLISH);
            AdminPane pane = new AdminPane(client);
            Stage stage = new Stage();
            stage.setTitle(Msg.fmt("admin.title", client.address()));
            stage.setScene(new Scene(pane, 1280, 800));
            stage.show();
            ((TabPane) pane.getCenter()).getSelectionModel().select(3);
            shown.complete(pane);
        });
        AdminPane pane = shown.get();
        waitFx(() -> !((ListView<Wire.Zone>) pane.lookup("#zones-list")).getItems().isEmpty() && pane.callsRunning() == 0);
        Platform.runLater(() -> {
            TableView<Wire.Worker> workers = (TableView<Wire.Worker>) pane.lookup("#workers-table");
            workers.getSelectionModel().select(0);
        });
        waitFx(() -> pane.callsRunning() == 0 && !((javafx.scene.chart.LineChart<?, ?>) pane.lookup("#chart-cpu")).getData().isEmpty());
        Thread.sleep(500);  // one more pulse for layout and rendering of the charts
        CompletableFuture<Void> saved = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                var img = pane.getScene().snapshot(null);
                Files.createDirectories(out.toAbsolutePath().getParent());
                ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
                saved.complete(null);
            } catch (IOException e) {
                saved.completeExceptionally(e);
            }
        });
        saved.get(30, TimeUnit.SECONDS);
        System.out.println("saved " + out.toAbsolutePath());
    }

    private static void waitFx(java.util.function.BooleanSupplier check) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            Platform.runLater(() -> ok.complete(check.getAsBoolean()));
            if (ok.get()) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the admin window did not get there in 30 s");
    }

    /** A private OpenSSH server on loopback with its own keys, accepting the key in dir/client_ed25519. */
    private static Process startSshd(Path dir, int port) throws Exception {
        Path hostKey = dir.resolve("host_ed25519"), clientKey = dir.resolve("client_ed25519");
        exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
        exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n", "ListenAddress 127.0.0.1:" + port, "HostKey " + hostKey,
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PidFile " + dir.resolve("sshd.pid"), "StrictModes no",
                "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password", ""));
        Files.createDirectories(Path.of("/run/sshd"));
        Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        String[] pub = Files.readString(dir.resolve("host_ed25519.pub")).trim().split(" ");
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1] + "\n");
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException e) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline)
                    throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                Thread.sleep(50);
            }
        }
    }

    private static void exec(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", argv) + ": " + o);
    }
}
