package io.olimpus.desktop.course;

import io.olimpus.client.LabWire;
import io.olimpus.client.OlimpusClient;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.wire.Wire;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Course window, driven by TestFX on headless Monocle, against a real in-process server whose
 * Linux zone's headnode listens nowhere: every copy's deploy fails with a reason, as a class with
 * a broken zone would see it on the board.
 */
@ExtendWith(ApplicationExtension.class)
class CourseUiTest extends FxRobot {
    static RealServer server;
    static OlimpusClient admin, teacher;
    static String zone, flavor, image;
    @TempDir
    static Path tmp;
    private CoursePane pane;
    private final AtomicReference<File> nextFile = new AtomicReference<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = RealServer.start();
        admin = OlimpusClient.connect(server.baseUrl());
        admin.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
        ServerFixtures fx = new ServerFixtures(server, admin);
        zone = fx.linuxZoneGoingNowhere();
        flavor = fx.flavor();
        image = fx.image(tmp);
        String name = ServerFixtures.unique("prof");
        admin.createUser(new Wire.NewUser(name, "prof-secret-1", "instructor", null, null, null));
        teacher = OlimpusClient.connect(server.baseUrl());
        teacher.login(name, "prof-secret-1");
    }

    @AfterAll
    static void stopServer() {
        if (teacher != null) teacher.close();
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    @Start
    void start(Stage stage) {
        Msg.use(Locale.ENGLISH);
        pane = new CoursePane(teacher);
        pane.setFilePickers((o, t, f) -> nextFile.get(), (o, t, f) -> nextFile.get());
        stage.setScene(new Scene(pane, 1200, 800));
        stage.show();
        stage.toFront();
    }

    @AfterEach
    void close() {
        interact(pane::dispose);
    }

    private static void until(String what, Callable<Boolean> check) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(check).get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    private String status() { return lookup("#course-status").queryAs(Label.class).getText(); }

    @SuppressWarnings("unchecked")
    private <T> ListView<T> list(String id) { return lookup(id).queryAs(ListView.class); }

    @Test
    void anInstructorImportsARosterSeesEveryBadRowTakesTheSheetAndFollowsTheBoard() throws Exception {
        Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("redes"), zone, 4, 4, 4096, null));
        interact(() -> pane.refresh());
        until("the course is listed", () -> this.<Wire.Course>list("#course-list").getItems().stream().anyMatch(x -> x.id() == c.id()));
        interact(() -> {
            ListView<Wire.Course> l = list("#course-list");
            l.getSelectionModel().select(l.getItems().stream().filter(x -> x.id() == c.id()).findFirst().orElseThrow());
        });

        String a = ServerFixtures.unique("st"), b = ServerFixtures.unique("st");
        nextFile.set(Files.writeString(tmp.resolve("bad.csv"), "username,email\n" + a + ",ok@example.org\nNo Good,x@example.org\n" + b + ",nope\n").toFile());
        clickOn("#course-import");
        until("every bad row is shown", () -> lookup("#course-problems").queryAs(TextArea.class).isVisible());
        String problems = lookup("#course-problems").queryAs(TextArea.class).getText();
        assertThat(problems).contains("line 3", "line 4", "Nothing was imported");

        nextFile.set(Files.writeString(tmp.resolve("good.csv"), "username,email\n" + a + ",\n" + b + ",\n").toFile());
        clickOn("#course-import");
        until("the roster lists both", () -> list("#course-students").getItems().size() == 2);
        assertThat(lookup("#course-problems").queryAs(TextArea.class).isVisible()).isFalse();
        assertThat(status()).contains("2 students created");

        File sheet = tmp.resolve("sheet.csv").toFile();
        nextFile.set(sheet);
        clickOn("#course-sheet");
        until("the sheet is saved", () -> status().contains("one-time passwords"));
        assertThat(Files.readString(sheet.toPath())).contains(a, b);
        clickOn("#course-sheet");
        until("a second sheet is refused", () -> status().contains("already handed out"));

        LabWire.Lab lab = teacher.createLab(c.id(), "net1", ServerFixtures.ring("net1", zone, 3, flavor, image), null, null, true, true, 20, false);
        labsTab();
        interact(() -> pane.refresh());
        until("the lab is listed", () -> list("#course-labs").getItems().size() == 1);
        assertThat(CoursePane.describe(lab)).contains("net1", "published", "by hand", "idle stop after 20 min", "students may not edit");
        interact(() -> list("#course-labs").getSelectionModel().select(0));
        interact(() -> lookup("#course-status").queryAs(Label.class).setText(""));
        clickOn("#lab-forecast");
        until("the forecast or its failure is shown", () -> !lookup("#course-forecast").queryAs(Label.class).getText().isEmpty() || !status().isEmpty());
        assertThat(lookup("#course-forecast").queryAs(Label.class).getText()).as(status()).contains("2 students");

        clickOn("#lab-open");
        until("both copies failed on the streamed board, each with its reason", () -> failedTiles() == 2);
        assertThat(lookup("#board-filter-FAILED").queryAs(ToggleButton.class).getText()).isEqualTo("FAILED 2");
        assertThat(lookup(".tile-reason").queryAll()).hasSize(2);

        clickOn("#lab-reset");
        assertThat(status()).contains("Click a student");
        clickTile(a);
        clickOn("#lab-reset");
        until("the reset is under way", () -> status().contains("Resetting " + a));
    }

    /**
     * Issue 15: reset every copy and delete a lab each ask first, saying what happens; a student's
     * copy opens read-only on the canvas, with a banner saying whose it is and no way to change it.
     */
    @Test
    void resetAllAndDeleteAskFirstAndAStudentsCopyOpensReadOnly() throws Exception {
        String st = ServerFixtures.unique("st");
        admin.createUser(new Wire.NewUser(st, "student-pass-1", "user", null, null, null));
        Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("redes"), zone, 4, 4, 4096, null));
        teacher.enrol(c.id(), List.of(st));
        LabWire.Lab lab = teacher.createLab(c.id(), "net2", ServerFixtures.ring("net2", zone, 3, flavor, image), null, null, false, true, null, true);
        teacher.assign(lab.id());
        long copy = teacher.awaitSettled(lab.id(), java.time.Duration.ofMinutes(5)).rows().get(0).sliceId();
        interact(() -> pane.refresh());
        until("the course is listed", () -> this.<Wire.Course>list("#course-list").getItems().stream().anyMatch(x -> x.id() == c.id()));
        interact(() -> {
            ListView<Wire.Course> l = list("#course-list");
            l.getSelectionModel().select(l.getItems().stream().filter(x -> x.id() == c.id()).findFirst().orElseThrow());
        });
        labsTab();
        until("the lab is listed", () -> list("#course-labs").getItems().size() == 1);
        interact(() -> list("#course-labs").getSelectionModel().select(0));
        until("the student's tile", () -> lookup("#tile-" + st).tryQuery().isPresent());

        // Reset all: the dialog says what is lost; Cancel leaves everything as it was.
        clickOn("#lab-resetAll");
        javafx.scene.control.DialogPane ask = lookup("#lab-resetAll-confirm").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(ask.getHeaderText()).isEqualTo("Reset every copy of lab net2?");
        assertThat(ask.getContentText()).contains("undeployed, re-created from the lab's template", "is lost");
        clickOn(ask.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        assertThat(status()).doesNotContain("Resetting");
        // Going ahead on a lab not open: the server's reason, which says what to do.
        clickOn("#lab-resetAll");
        ask = lookup("#lab-resetAll-confirm").queryAs(javafx.scene.control.DialogPane.class);
        clickOn((Node) ask.lookupButton(ask.getButtonTypes().stream().filter(b -> b != javafx.scene.control.ButtonType.CANCEL).findFirst().orElseThrow()));
        until("the refusal", () -> status().contains("open the lab first"));

        // The student's copy, read-only.
        clickTile(st);
        clickOn("#lab-view");
        until("the read-only window", () -> lookup("#read-only-banner").tryQuery().isPresent());
        Label banner = lookup("#read-only-banner").queryAs(Label.class);
        assertThat(banner.getText()).startsWith("Read-only: " + st + "'s slice");
        javafx.scene.Parent up = banner.getParent();
        while (!(up instanceof io.olimpus.desktop.ui.MainWindow)) up = up.getParent();
        io.olimpus.desktop.ui.MainWindow w = (io.olimpus.desktop.ui.MainWindow) up;
        assertThat(w.isReadOnly()).isTrue();
        keepPicture(banner.getScene(), "read-only-slice.png");
        assertThat(w.viewModel().topology().vms()).hasSize(3);
        assertThat(lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class).getMenus()).extracting(m -> m.getText()).containsExactly("View", "Help");
        assertThat(lookup("#tool-link").tryQuery()).as("no link tool").isEmpty();
        assertThat(lookup("#srv-deploy").tryQuery()).as("no deploy").isEmpty();
        // The copy is a draft: its consoles cannot be watched yet, and the window says why.
        assertThat(lookup("#watch-console").queryAs(javafx.scene.control.Button.class).isDisabled()).isTrue();
        assertThat(lookup("#watch-terminal").queryAs(javafx.scene.control.Button.class).isDisabled()).isTrue();
        assertThat(lookup("#watch-hint").queryAs(javafx.scene.control.Label.class).getText()).contains("No VM of this copy runs");
        var doc = w.viewModel().document();
        String vm1 = w.viewModel().topology().vms().get(0).id();
        javafx.geometry.Point2D at = WaitForAsyncUtils.asyncFx(() -> w.canvas().localToScreen(w.canvas().worldToLocal(w.viewModel().position(vm1)))).get();
        drag(at, javafx.scene.input.MouseButton.PRIMARY).moveBy(30, 10).moveBy(40, 20).release(javafx.scene.input.MouseButton.PRIMARY);
        assertThat(w.viewModel().selection().hasNode(vm1)).as("selected, to be looked at").isTrue();
        type(javafx.scene.input.KeyCode.DELETE);
        interact(() -> { w.viewModel().deleteSelection(); w.viewModel().moveBy(List.of(vm1), 50, 50); });
        assertThat(w.viewModel().document()).as("neither the drag, the key nor a direct call changed it").isSameAs(doc);
        assertThat(w.viewModel().isDirty()).isFalse();
        interact(() -> ((Stage) banner.getScene().getWindow()).close());
        // Watching a VM's console from the board needs a running copy: the status line says so.
        clickOn("#lab-watch");
        until("the board says the copy does not run", () -> status().contains("has no running VM to watch"));

        // Delete: the dialog says the students keep their copies; the lab goes, the copy stays.
        clickOn("#lab-delete");
        javafx.scene.control.DialogPane del = lookup("#lab-delete-confirm").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(del.getHeaderText()).isEqualTo("Delete lab net2?");
        assertThat(del.getContentText()).contains("Students keep their copies", "close it first");
        clickOn((Node) del.lookupButton(del.getButtonTypes().stream().filter(b -> b != javafx.scene.control.ButtonType.CANCEL).findFirst().orElseThrow()));
        until("the lab is gone", () -> list("#course-labs").getItems().isEmpty() && status().contains("Deleted lab net2"));
        assertThat(teacher.labs(c.id())).isEmpty();
        assertThat(admin.slice(copy).name()).as("the student's copy stays").startsWith("net2");
    }

    /**
     * Clicks a student's tile. The board draws its tiles anew on each streamed change, so a tile
     * found may leave the scene before the pointer reaches it: then the new one is clicked.
     */
    private void clickTile(String student) throws Exception {
        for (int attempt = 1; ; attempt++) {
            until("the tile of " + student, () -> lookup("#tile-" + student).tryQuery().map(n -> n.getScene() != null).orElse(false));
            try {
                clickOn("#tile-" + student);
                if (WaitForAsyncUtils.asyncFx(() -> pane.board().selectedProperty().get()).get() != null) return;
            } catch (RuntimeException gone) {
                if (attempt == 5) throw gone;
            }
            if (attempt == 5) throw new AssertionError("the tile of " + student + " could not be selected");
        }
    }

    /** The window as painted, in target/, to look at (and when a test fails). */
    private static void keepPicture(Scene scene, String name) {
        try {
            var img = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(30, TimeUnit.SECONDS);
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", Path.of("target", name).toFile());
        } catch (Exception e) {
            System.out.println("no picture: " + e);
        }
    }

    private void labsTab() {
        interact(() -> lookup("#course-tabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().select(1));
    }

    private int failedTiles() {
        return (int) lookup(".board-tile").queryAll().stream().filter(n -> n.getStyleClass().contains("state-failed")).count();
    }

    @Test
    void twoHundredStudentsStayReadableWithFiltersCountsAndSearch() throws Exception {
        LabWire.Board big = board(200);
        labsTab();
        interact(() -> pane.board().show(big));
        FlowPane tiles = lookup("#board-tiles").queryAs(FlowPane.class);
        assertThat(tiles.getChildren()).hasSize(200);
        assertThat(lookup("#board-filter-ALL").queryAs(ToggleButton.class).getText()).isEqualTo("All 200");
        assertThat(lookup("#board-filter-RUNNING").queryAs(ToggleButton.class).getText()).isEqualTo("running 164");
        // Every tile says its state in words, not by colour alone.
        assertThat(lookup(".tile-state").queryAll()).hasSize(200);

        clickOn("#board-filter-FAILED");
        assertThat(tiles.getChildren()).hasSize(7);
        assertThat(lookup(".tile-reason").queryAll()).hasSize(7);
        clickOn("#board-filter-ALL");
        clickOn("#board-search").write("s01");
        assertThat(tiles.getChildren()).hasSize(10);  // s010..s019
        // The tiles wrap with the window: several rows, none wider than the pane (once laid out).
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(tiles.getWidth()).as("the tiles' pane fits the window").isLessThanOrEqualTo(pane.getScene().getWidth());
        assertThat(tiles.getChildren().stream().map(Node::getLayoutY).distinct().count()).isGreaterThan(1);
    }

    static LabWire.Board board(int n) {
        List<LabWire.BoardRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String state = i % 29 == 3 ? "FAILED" : i % 10 == 7 ? "DEPLOYING" : i % 17 == 5 ? "QUEUED" : "RUNNING";
            rows.add(new LabWire.BoardRow((long) i, String.format("s%03d", i), state,
                    state.equals("FAILED") ? "worker w2 has no room for vm2 (needs 1 vCPU); retry when a copy is undeployed" : null, null, 0));
        }
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String s : LiveBoard.STATES) counts.put(s, (int) rows.stream().filter(r -> r.state().equals(s)).count());
        return new LabWire.Board(1, 1, counts, rows);
    }
}
