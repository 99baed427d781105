package io.olimpus.desktop.course;

import io.olimpus.client.LabWire;
import io.olimpus.client.OlimpusClient;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.wire.Wire;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Makes docs/course-window.png and docs/live-board.png from the real Course window (run under
 * Xvfb, not Monocle): a real server with a course of 200 imported students and a lab; the board
 * shown is a scripted one of 200 students in mixed states (the same as CourseUiTest's), since a
 * class deploy needs a test bed.
 *
 * <pre>xvfb-run -a -s "-screen 0 1400x900x24" mvn -B -ntp -pl desktop -am test -Dtest=CourseShot -Dsurefire.failIfNoSpecifiedTests=false \
 *   "-Dfx.headless.args=-Dprism.order=sw" -Dolimpus.courseShots=$PWD/docs</pre>
 */
public final class CourseShot {
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "olimpus.courseShots", matches = ".+")
    void shoot() throws Exception {
        main(new String[]{System.getProperty("olimpus.courseShots")});
    }

    private static boolean ours;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        Path dir = Files.createTempDirectory("olimpus-course-shot");
        try (RealServer server = RealServer.start(); OlimpusClient admin = OlimpusClient.connect(server.baseUrl());
             OlimpusClient teacher = OlimpusClient.connect(server.baseUrl())) {
            admin.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
            ServerFixtures fx = new ServerFixtures(server, admin);
            String zone = fx.linuxZoneGoingNowhere();
            String flavor = fx.flavor(), image = fx.image(dir);
            admin.createUser(new Wire.NewUser("prof-garcia", "prof-secret-1", "instructor", null, null, null));
            teacher.login("prof-garcia", "prof-secret-1");
            Wire.Course c = teacher.createCourse(new Wire.NewCourse("redes-2026", zone, 4, 4, 4096, null));
            teacher.createCourse(new Wire.NewCourse("sistemas-operativos", zone, 2, 2, 2048, null));
            StringBuilder csv = new StringBuilder("username,email\n");
            for (int i = 0; i < 200; i++) csv.append(String.format("s%03d,s%03d@alumnos.example.org%n", i, i));
            teacher.importRoster(c.id(), csv.toString());
            teacher.createLab(c.id(), "net1", ServerFixtures.ring("net1", zone, 4, flavor, image), null, null, true, true, 30, false);

            CompletableFuture<Void> started = new CompletableFuture<>();
            try {
                Platform.startup(() -> started.complete(null));
                ours = true;
            } catch (IllegalStateException running) {
                started.complete(null);  // another test of this JVM started JavaFX already
            }
            started.get(30, TimeUnit.SECONDS);
            CompletableFuture<CoursePane> shown = new CompletableFuture<>();
            Platform.runLater(() -> {
                Msg.use(Locale.ENGLISH);
                CoursePane pane = new CoursePane(teacher);
                Stage stage = new Stage();
                stage.setTitle(Msg.fmt("course.title", teacher.address()));
                stage.setScene(new Scene(pane, 1280, 820));
                stage.show();
                shown.complete(pane);
            });
            CoursePane pane = shown.get(30, TimeUnit.SECONDS);
            until(() -> !list(pane, "#course-list").getItems().isEmpty());
            fx(() -> list(pane, "#course-list").getSelectionModel().select(0));
            until(() -> list(pane, "#course-students").getItems().size() == 200);
            Thread.sleep(1500);  // let the window paint
            snap(pane, out.resolve("course-window.png"));

            fx(() -> ((TabPane) pane.lookup("#course-tabs")).getSelectionModel().select(1));
            until(() -> list(pane, "#course-labs").getItems().size() == 1);
            fx(() -> list(pane, "#course-labs").getSelectionModel().select(0));
            fx(() -> ((javafx.scene.control.Button) pane.lookup("#lab-forecast")).fire());
            until(() -> !((javafx.scene.control.Label) pane.lookup("#course-forecast")).getText().isEmpty());
            Thread.sleep(2000);  // the board stream's first (empty) board has come
            LabWire.Board board = CourseUiTest.board(200);
            fx(() -> pane.board().show(board));
            Thread.sleep(1500);
            snap(pane, out.resolve("live-board.png"));
            Platform.runLater(pane::dispose);
        } finally {
            if (ours) Platform.exit();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> ListView<T> list(CoursePane p, String id) { return (ListView<T>) p.lookup(id); }

    private static void fx(Runnable r) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Platform.runLater(() -> { r.run(); f.complete(null); });
        f.get(30, TimeUnit.SECONDS);
    }

    private static void until(BooleanSupplier check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            Platform.runLater(() -> ok.complete(check.getAsBoolean()));
            if (ok.get(30, TimeUnit.SECONDS)) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("the window did not get there in 60 s");
    }

    private static void snap(CoursePane pane, Path file) throws Exception {
        fx(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(pane.getScene().snapshot(null), null), "png", file.toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
