package io.olimpus.desktop.session;

import io.olimpus.client.OlimpusClient;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.desktop.DesignerApp;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.wire.Wire;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cloud-config editor and the deploy's password dialog in the desktop application (DesignerApp
 * as users start it) against a real headnode in this JVM: opened from the slice panel, the starter,
 * a refusal that puts the caret on the line the server names, the byte counter, Save, the question
 * before closing with changes, Remove; a lab's copy shown read-only with why; and a deploy's
 * one-time password in a window to copy it from. With {@code -Dolimpus.cloudConfigShots=DIR} (under
 * Xvfb, not Monocle) the editor and the password window are saved as pictures there.
 */
class CloudConfigUiTest extends FxRobot {
    static final String STUDENT = "cfgui";
    static RealServer server;
    static OlimpusClient admin, student;
    static ServerFixtures fixtures;
    static String flavor, image;
    static Path drafts;
    DesignerApp app;

    static String password() {
        String pw = System.getenv(StartArgs.PASSWORD_ENV);
        return pw != null ? pw : "student-pass-1";
    }

    @BeforeAll
    static void serverUp() throws Exception {
        Msg.use(Locale.ENGLISH);
        server = RealServer.start();
        admin = server.admin();
        fixtures = new ServerFixtures(server, admin);
        flavor = fixtures.flavor();
        image = fixtures.image();
        admin.createZone(new Wire.NewZone("lab", "linux", null));
        admin.createUser(new Wire.NewUser(STUDENT, password(), "user", 12, null, null));
        student = server.loggedIn(STUDENT, password());
        drafts = Files.createTempDirectory("olimpus-drafts-");
        System.setProperty("olimpus.drafts", drafts.toString());
    }

    @AfterAll
    static void serverDown() {
        if (student != null) student.close();
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    @AfterEach
    void closeApp() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    static <T> T fx(Callable<T> c) throws Exception { return io.olimpus.desktop.FxWait.fx(c); }

    static void until(String what, Callable<Boolean> c) throws Exception { io.olimpus.desktop.FxWait.until(what, c); }

    static TopologyDocument ring(String name, String zone) {
        return ServerFixtures.ring(name, zone, 3, flavor, image);
    }

    /** The application logged in as {@code user}, with slice {@code id} open in the designer. */
    void openInDesigner(String user, long id) throws Exception {
        FxToolkit.registerPrimaryStage();
        if (!user.equals(STUDENT)) throw new IllegalArgumentException("the start-up contract logs in " + STUDENT + " only");
        app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class, "--server", server.baseUrl(), "--user", user);
        WaitForAsyncUtils.waitForFxEvents();
        until("logged in", () -> app.session().root().getCenter() instanceof SlicesView);
        fx(() -> { app.session().openSlice(id); return null; });
        until("the slice open and read", () -> app.session().root().getCenter() instanceof MainWindow
                && app.session().viewModel().slice().current() != null && app.session().viewModel().slice().current().id() == id
                && !app.session().viewModel().slice().busyProperty().get());
    }

    /** Opens the editor from the slice panel's button and waits until it read the server. */
    void openEditor() throws Exception {
        until("the cloud-config button", () -> lookup("#srv-cloud-config").tryQuery().map(n -> n.isVisible() && !n.isDisabled()).orElse(false));
        clickOn("#srv-cloud-config");
        until("the editor read the server", () -> lookup("#cloud-config-status").tryQuery()
                .map(n -> !((Label) n).getText().equals(Msg.get("cloudcfg.reading"))).orElse(false));
    }

    TextArea text() { return lookup("#cloud-config-text").queryAs(TextArea.class); }

    String status() throws Exception { return fx(() -> lookup("#cloud-config-status").queryAs(Label.class).getText()); }

    Stage editorStage() throws Exception { return fx(() -> (Stage) text().getScene().getWindow()); }

    Node dialogButton(ButtonBar.ButtonData data) throws Exception {
        until("a dialog", () -> lookup(".dialog-pane").tryQuery().isPresent());
        return fx(() -> {
            DialogPane d = lookup(".dialog-pane").queryAs(DialogPane.class);
            return d.getButtonTypes().stream().filter(b -> b.getButtonData() == data).map(d::lookupButton).findFirst().orElseThrow();
        });
    }

    boolean showing(String id) { return lookup(id).tryQuery().map(n -> n.getScene().getWindow().isShowing()).orElse(false); }

    @Test
    void aStudentWritesTheirSlicesCloudConfigIsToldWhereItIsWrongAndSavesIt() throws Exception {
        long id = student.createSlice(ring(ServerFixtures.unique("cfgui"), "lab")).slice().id();
        openInDesigner(STUDENT, id);
        openEditor();
        assertThat(status()).isEqualTo(Msg.get("cloudcfg.none"));
        assertThat(fx(() -> text().getText())).isEqualTo(CloudConfigEditor.starter());
        assertThat(fx(() -> text().getStyle())).contains("monospace");
        assertThat(fx(() -> lookup("#cloud-config-bytes").queryAs(Label.class).getText()))
                .isEqualTo(Msg.fmt("cloudcfg.bytes", CloudConfigEditor.utf8Bytes(CloudConfigEditor.starter()), 16384));
        assertThat(fx(() -> lookup("#cloud-config-save").queryButton().isDisabled())).as("nothing changed yet").isTrue();
        assertThat(fx(() -> lookup("#cloud-config-remove").queryButton().isDisabled())).as("nothing to remove").isTrue();
        assertThat(fx(() -> lookup("#cloud-config-locked").query().isVisible())).isFalse();

        // Typed with a tab on the fifth line: the server's reason, the caret on that line.
        fx(() -> { text().clear(); return null; });
        clickOn("#cloud-config-text").write("#cloud-config\npackages:\n  - tcpdump\nruncmd:\n");
        fx(() -> { text().appendText("\t- echo hi\n"); return null; });
        until("the title marks the change", () -> editorStage().getTitle().startsWith("* "));
        clickOn("#cloud-config-save");
        until("refused", () -> status().startsWith("Line 5: the cloud-config is not valid YAML at line 5, column 1"));
        int lineFive = fx(() -> CloudConfigEditor.offsetOf(text().getText(), 5, 1));
        assertThat(fx(() -> text().getCaretPosition())).as("the caret on line 5, column 1").isEqualTo(lineFive);
        assertThat(fx(() -> text().getSelectedText())).as("the rest of the line marked").isEqualTo("\t- echo hi");
        assertThat(fx(() -> lookup("#cloud-config-caret").queryAs(Label.class).getText())).isEqualTo(Msg.fmt("cloudcfg.caret", 5, 1));
        assertThat(fx(() -> lookup("#cloud-config-status").query().getStyle())).contains("#b00020");
        shoot("cloud-config.png", editorStage(), true);
        assertThat(student.cloudConfig(id)).isNull();

        // Over 16 KiB: the counter says so.
        fx(() -> { text().setText("#cloud-config\n#" + "x".repeat(17_000) + "\n"); return null; });
        assertThat(fx(() -> lookup("#cloud-config-bytes").queryAs(Label.class).getText())).contains("too big");

        // Fixed: saved, and the title no longer marks a change.
        String mine = "#cloud-config\npackages:\n  - tcpdump\nruncmd:\n  - echo hi\n";
        fx(() -> { text().setText(mine); return null; });
        clickOn("#cloud-config-save");
        until("saved", () -> status().equals(Msg.get("cloudcfg.saved")));
        assertThat(student.cloudConfig(id)).isEqualTo(mine);
        assertThat(editorStage().getTitle()).isEqualTo(Msg.fmt("cloudcfg.title", app.session().viewModel().slice().current().name()));

        // A change, then Close: asked; Cancel keeps the window, Discard closes it.
        fx(() -> { text().appendText("  - echo more\n"); return null; });
        clickOn("#cloud-config-close");
        clickOn(dialogButton(ButtonBar.ButtonData.CANCEL_CLOSE));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(showing("#cloud-config-text")).as("Cancel keeps the editor").isTrue();
        clickOn("#cloud-config-close");
        clickOn(dialogButton(ButtonBar.ButtonData.NO));
        until("closed", () -> !showing("#cloud-config-text"));
        assertThat(student.cloudConfig(id)).as("discarded").isEqualTo(mine);

        // Opened from the Server menu this time: the saved one; Save from the question on close saves it.
        clickOn("#menu-server").clickOn("#menu-cloudConfig");
        until("read", () -> lookup("#cloud-config-status").tryQuery().map(n -> ((Label) n).getText().equals(Msg.get("cloudcfg.kept"))).orElse(false));
        assertThat(fx(() -> text().getText())).isEqualTo(mine);
        fx(() -> { text().appendText("  - echo more\n"); return null; });
        // The window manager's close (the title bar's ×): the question's nested loop keeps the FX call open, so it is not waited on.
        Stage editor = editorStage();
        WaitForAsyncUtils.asyncFx(() -> editor.fireEvent(new javafx.stage.WindowEvent(editor, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        clickOn(dialogButton(ButtonBar.ButtonData.YES));
        until("saved and closed", () -> !showing("#cloud-config-text"));
        assertThat(student.cloudConfig(id)).isEqualTo(mine + "  - echo more\n");

        // Remove, confirmed: the starter again, and the server holds none.
        openEditor();
        // Asked again, the open editor comes to the front: two editors of one slice would overwrite each other.
        // (Fired, not clicked: the editor may cover the panel's button.)
        fx(() -> { lookup("#srv-cloud-config").queryButton().fire(); return null; });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> lookup("#cloud-config-text").queryAll().size())).isEqualTo(1);
        clickOn("#cloud-config-remove");
        clickOn(dialogButton(ButtonBar.ButtonData.OK_DONE));
        until("removed", () -> status().equals(Msg.get("cloudcfg.removed")));
        assertThat(fx(() -> text().getText())).isEqualTo(CloudConfigEditor.starter());
        assertThat(student.cloudConfig(id)).isNull();
    }

    @Test
    void aLabCopyTheStudentMayNotEditIsReadOnlyAndSaysWhy() throws Exception {
        String prof = ServerFixtures.unique("prof");
        admin.createUser(new Wire.NewUser(prof, password(), "instructor", null, null, null));
        long copy;
        try (OlimpusClient teacher = server.loggedIn(prof, password())) {
            Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("redes"), "lab", 6, 6, 8192, null));
            teacher.enrol(c.id(), List.of(STUDENT));
            var lab = teacher.createLab(c.id(), "fixed", ring("fixed", "lab"), null, null, false, true, null, false);
            teacher.assign(lab.id());
            // The copy is made in the background: wait until it is a draft of its own.
            assertThat(teacher.awaitSettled(lab.id(), java.time.Duration.ofMinutes(5)).rows()).allMatch(r -> r.state().equals("DRAFT") && r.sliceId() != null);
            copy = student.myLabs().stream().filter(l -> l.name().equals("fixed")).findFirst().orElseThrow().sliceId();
        }
        openInDesigner(STUDENT, copy);
        openEditor();
        until("the lock read", () -> lookup("#cloud-config-locked").queryAs(Label.class).isVisible());
        assertThat(status()).as("said once, in the banner").isEmpty();
        assertThat(fx(() -> lookup("#cloud-config-locked").queryAs(Label.class).isVisible())).isTrue();
        assertThat(fx(() -> lookup("#cloud-config-locked").queryAs(Label.class).getText())).isEqualTo(Msg.fmt("cloudcfg.locked", "fixed"));
        assertThat(fx(() -> text().isEditable())).isFalse();
        assertThat(fx(() -> lookup("#cloud-config-save").queryButton().isDisabled())).isTrue();
        assertThat(fx(() -> lookup("#cloud-config-remove").queryButton().isDisabled())).isTrue();
        shoot("cloud-config-locked.png", editorStage(), false);
        clickOn("#cloud-config-close");
        until("closed without a question", () -> !showing("#cloud-config-text"));
    }

    @Test
    void aDeploysPasswordIsShownOnceInAWindowToCopyItFrom() throws Exception {
        String zone = fixtures.linuxZoneGoingNowhere();
        long id = student.createSlice(ring(ServerFixtures.unique("pwui"), zone)).slice().id();
        openInDesigner(STUDENT, id);
        until("deploy enabled", () -> lookup("#srv-deploy").tryQuery().map(n -> !n.isDisabled()).orElse(false));
        clickOn("#srv-deploy");
        until("the password window", () -> lookup("#vm-password").tryQuery().isPresent());
        String pw = fx(() -> lookup("#vm-password").queryAs(TextField.class).getText());
        assertThat(pw).hasSizeGreaterThanOrEqualTo(10);
        assertThat(fx(() -> lookup("#vm-password").queryAs(TextField.class).isEditable())).isFalse();
        Window w = fx(() -> lookup("#vm-password").query().getScene().getWindow());
        assertThat(fx(() -> ((Stage) w).getTitle())).isEqualTo(Msg.get("vmpw.title"));
        assertThat(fx(() -> lookup(".label").queryAll().stream().map(n -> ((Label) n).getText()).toList()))
                .contains(Msg.get("vmpw.explain")).anyMatch(t -> t.contains("not stored anywhere") && t.contains("write it down"));
        clickOn("#vm-password-copy");
        until("copied", () -> Msg.get("vmpw.copied").equals(lookup("#vm-password-copied").queryAs(Label.class).getText()));
        assertThat(fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString())).isEqualTo(pw);
        shoot("vm-password.png", (Stage) w, true);
        clickOn("#vm-password-close");
        until("closed", () -> !w.isShowing());
        // The job goes on and ends (this zone reaches no worker); the password was never said elsewhere.
        until("the job ended", () -> app.session().viewModel().slice().tracker().outcomeProperty().get() != null);
        assertThat(fx(() -> lookup("#srv-notice").queryAs(Label.class).getText() + lookup("#job-message").queryAs(Label.class).getText()))
                .doesNotContain(pw);
        assertThat(lookup("#vm-password").tryQuery()).as("said once").isEmpty();
    }

    /**
     * The window as a picture in target/ (a snapshot of its scene); with -Dolimpus.cloudConfigShots
     * also the screen's pixels of the window (ImageMagick's import under Xvfb) of the README's ({@code guide}) pictures.
     */
    static void shoot(String name, Stage stage, boolean guide) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(10);
        fx(() -> {
            javafx.scene.image.WritableImage shot = stage.getScene().snapshot(null);
            Path out = Path.of("target", name);
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(shot, null), "png", out.toFile());
            return null;
        });
        String dir = System.getProperty("olimpus.cloudConfigShots");
        if (!guide || dir == null || dir.isBlank()) return;
        WaitForAsyncUtils.waitForFxEvents(20);
        int x = fx(() -> (int) stage.getX()), y = fx(() -> (int) stage.getY());
        int wd = fx(() -> (int) stage.getWidth()), ht = fx(() -> (int) stage.getHeight());
        Process p = new ProcessBuilder("import", "-window", "root", "-crop", wd + "x" + ht + "+" + x + "+" + y, "+repage",
                Path.of(dir, name).toString()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
