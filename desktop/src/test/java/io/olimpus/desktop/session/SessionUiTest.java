package io.olimpus.desktop.session;

import io.olimpus.desktop.DesignerApp;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.client.testing.RealServer;
import io.olimpus.desktop.ui.MainWindow;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.NodeKind;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.desktop.layout.Xy;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desktop application (DesignerApp, as started by users) against a real headnode started in
 * this JVM: the start-up contract, wrong password and unreachable server, my slices with open,
 * duplicate and delete, the server's catalog in the properties, problems only the server knows
 * (quota) on the canvas, and the server going away mid-session without losing the design.
 */
class SessionUiTest extends FxRobot {
    static final String STUDENT = "ana";
    static RealServer server;
    static OlimpusClient admin, ana;
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
        admin = OlimpusClient.connect(server.baseUrl());
        admin.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
        admin.createFlavor(new Wire.NewFlavor("small", 1, 256, 1));
        admin.createFlavor(new Wire.NewFlavor("medium", 2, 512, 2));
        Path dir = Files.createTempDirectory("olimpus-disk-");
        Path disk = io.olimpus.client.testing.ServerFixtures.rawDisk(dir, "cirros.raw", 64 * 1024);
        admin.uploadImage("cirros", disk, (sent, total) -> {}).result().get(60, TimeUnit.SECONDS);
        Files.delete(disk);
        Files.delete(dir);
        admin.createZone(new Wire.NewZone("lab", "linux", null));
        admin.createUser(new Wire.NewUser(STUDENT, password(), "user", 6, null, null));
        ana = OlimpusClient.connect(server.baseUrl());
        ana.login(STUDENT, password());
        drafts = Files.createTempDirectory("olimpus-drafts-");
        System.setProperty("olimpus.drafts", drafts.toString());
    }

    @AfterAll
    static void serverDown() throws Exception {
        if (ana != null) ana.close();
        if (admin != null) admin.close();
        if (server != null) server.close();
        try (Stream<Path> s = Files.walk(drafts)) { s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
    }

    @AfterEach
    void closeApp() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    void launch(String... args) throws Exception {
        FxToolkit.registerPrimaryStage();
        app = (DesignerApp) FxToolkit.setupApplication(DesignerApp.class, args);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static TopologyDocument ring(String name, int n) {
        return TopologyDocument.of(ShapeGenerator.generate(name, Shape.ring(n).withVm(VmSpec.of("small", "cirros"))).withZone("lab"));
    }

    static <T> T fx(Callable<T> c) throws Exception { return io.olimpus.desktop.FxWait.fx(c); }

    static void until(String what, Callable<Boolean> c) throws Exception { io.olimpus.desktop.FxWait.until(what, c); }

    /**
     * Clicks a server-panel button once it can be pressed: the panel's buttons are disabled while
     * a call is in flight (opening a slice fetches more), and a click on a disabled one is lost.
     */
    void press(String id) throws Exception {
        until(id + " enabled", () -> lookup(id).tryQuery().map(n -> n.isVisible() && !n.isDisabled()).orElse(false));
        clickOn(id);
    }

    ServerSession session() { return app.session(); }

    MainWindow designer() throws Exception { return fx(() -> (MainWindow) session().root().getCenter()); }

    String notice() throws Exception { return fx(() -> lookup("#srv-notice").queryAs(Label.class).getText()); }

    @Test
    void wrongPasswordAndUnreachableServerAreSaidPlainly() throws Exception {
        launch();
        assertThat(fx(() -> session().root().getCenter() instanceof MainWindow)).as("no arguments: the designer opens offline").isTrue();
        fx(() -> { designer().viewModel().openDocument(ring("lab7", 3)); return null; });
        assertThat(fx(() -> lookup("#slice-title").queryLabeled().getText())).as("the panel names the opened design").isEqualTo("lab7");
        clickOn("#menu-server").clickOn("#menu-connect");
        until("login screen", () -> session().root().getCenter() instanceof LoginView);
        fx(() -> { lookup("#login-server").queryTextInputControl().setText(server.baseUrl()); return null; });
        clickOn("#login-user").eraseText(30).write(STUDENT);
        clickOn("#login-password").write("not-my-password");
        clickOn("#login-button");
        until("credentials message", () -> lookup("#login-message").queryLabeled().getText().equals(Msg.get("conn.credentials")));
        assertThat(fx(() -> session().viewModel().client())).as("not logged in").isNull();

        int closed;
        try (ServerSocket s = new ServerSocket(0)) { closed = s.getLocalPort(); }
        String nowhere = "http://127.0.0.1:" + closed;
        fx(() -> { lookup("#login-server").queryTextInputControl().setText(nowhere); return null; });
        fx(() -> { lookup("#login-password").queryTextInputControl().setText(password()); return null; });
        clickOn("#login-button");
        until("unreachable message", () -> lookup("#login-message").queryLabeled().getText().equals(Msg.fmt("conn.unreachable", nowhere)));

        fx(() -> { lookup("#login-server").queryTextInputControl().setText(server.baseUrl()); return null; });
        clickOn("#login-button");
        try {
            until("my slices", () -> session().root().getCenter() instanceof SlicesView);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; login says: " + fx(() -> lookup("#login-message").queryLabeled().getText()), e);
        }
    }

    @Test
    void startsLoggedInOpensDuplicatesAndDeletesSlicesWithTheServersCatalog() throws Exception {
        long id = ana.createSlice(ring("lab1", 4)).slice().id();
        launch("--server", server.baseUrl(), "--user", STUDENT);
        until("my slices, logged in from the arguments", () -> session().root().getCenter() instanceof SlicesView
                && lookup("#slices-table").queryTableView().getItems().stream().anyMatch(r -> ((SliceRow) r).id() == id));
        @SuppressWarnings("unchecked") TableView<SliceRow> table = lookup("#slices-table").queryTableView();
        SliceRow row = fx(() -> table.getItems().stream().filter(r -> r.id() == id).findFirst().orElseThrow());
        assertThat(row.vmCount()).isEqualTo(4);
        assertThat(row.zone()).isEqualTo("lab");
        assertThat(row.status()).isEqualTo("DRAFT");

        // Duplicate, then delete the copy (confirmed in the dialog).
        fx(() -> { table.getSelectionModel().select(row); return null; });
        clickOn("#slices-duplicate");
        until("the copy listed", () -> table.getItems().stream().anyMatch(r -> r.name().equals("lab1-copy")));
        SliceRow copy = fx(() -> table.getItems().stream().filter(r -> r.name().equals("lab1-copy")).findFirst().orElseThrow());
        assertThat(copy.vmCount()).isEqualTo(4);
        fx(() -> { table.getSelectionModel().select(copy); return null; });
        clickOn("#slices-delete");
        WaitForAsyncUtils.waitForFxEvents();
        type(KeyCode.ENTER);
        until("the copy gone", () -> table.getItems().stream().noneMatch(r -> r.name().equals("lab1-copy")));
        assertThat(ana.slices(null, null, null, null, 100, 0).items()).extracting(Wire.Slice::name).doesNotContain("lab1-copy");

        // Open: the design in the designer, the server's flavors in the properties.
        fx(() -> { table.getSelectionModel().select(row); return null; });
        clickOn("#slices-open");
        until("designer with lab1", () -> session().root().getCenter() instanceof MainWindow && designer().viewModel().topology().name().equals("lab1"));
        MainWindow w = designer();
        assertThat(fx(() -> w.viewModel().topology().vms().size())).isEqualTo(4);
        assertThat(fx(() -> w.viewModel().isDirty())).isFalse();
        assertThat(fx(() -> w.viewModel().catalog().flavorNames())).containsExactlyInAnyOrder("small", "medium");
        @SuppressWarnings("unchecked") ComboBox<String> flavors = lookup("#prop-flavor").queryAs(ComboBox.class);
        assertThat(fx(() -> flavors.getItems())).containsExactlyInAnyOrder("small", "medium");
        assertThat(fx(() -> w.viewModel().report().hasErrors())).isFalse();

        // Three more VMs break ana's quota of 6: only the server knows that. A draft is not a deployment:
        // it is saved, and the quota is a warning in the Problems list that says what to do.
        fx(() -> { for (int i = 0; i < 3; i++) w.viewModel().addNode(NodeKind.VM, new Xy(50 + 40 * i, 50)); return null; });
        press("#srv-save");
        until("quota warned", () -> w.viewModel().report().has(ProblemCode.QUOTA_EXCEEDED));
        assertThat(fx(() -> w.viewModel().report().warnings()).stream().filter(p -> p.code() == ProblemCode.QUOTA_EXCEEDED).findFirst().orElseThrow().message())
                .contains("your quota allows 6").contains("ask your teacher to raise your quota");
        assertThat(fx(() -> w.viewModel().report().hasErrors())).as("the quota is a warning on a draft").isFalse();
        assertThat(notice()).contains("quota");
        assertThat(fx(() -> w.viewModel().isDirty())).as("the draft over the quota is saved").isFalse();

        // A plan for a zone without workers: the reason, not a crash.
        fx(() -> { for (int i = 0; i < 3; i++) w.viewModel().undo(); return null; });
        press("#srv-plan");
        // The quota notice of the save above is still shown until the plan's answer replaces it.
        until("plan answer", () -> !notice().isBlank() && !notice().equals(Msg.fmt("srv.saved", "lab1")) && !notice().contains("quota"));
        assertThat(notice()).as("the zone is not ready: said with its name").contains("zone 'lab'");
    }

    @Test
    void theServerGoingAwayMidSessionLosesNothing() throws Exception {
        long id = ana.createSlice(ring("away", 3)).slice().id();
        launch("--server", server.baseUrl(), "--user", STUDENT);
        until("logged in", () -> session().root().getCenter() instanceof SlicesView);
        fx(() -> { session().openSlice(id); return null; });
        until("designer with away", () -> session().root().getCenter() instanceof MainWindow && designer().viewModel().topology().name().equals("away"));
        MainWindow w = designer();
        fx(() -> { w.viewModel().addNode(NodeKind.VM, new Xy(40, 40)); return null; });

        server.stop();
        try {
            press("#srv-save");
            until("unreachable said", () -> notice().startsWith(Msg.fmt("conn.unreachable", server.baseUrl())));
            assertThat(fx(() -> w.viewModel().isDirty())).isTrue();
            assertThat(fx(() -> w.viewModel().topology().vms().size())).as("the edit is still there").isEqualTo(4);
            Path draft = drafts.resolve("away.json");
            assertThat(draft).exists();
            assertThat(io.olimpus.model.file.TopologyFile.read(Files.readString(draft)).topology().vms()).hasSize(4);
        } finally {
            server.restart();
        }
        press("#srv-save");
        until("saved once the server is back", () -> !w.viewModel().isDirty());
        assertThat(ana.slice(id).vmCount()).isEqualTo(4);
        assertThat(notice()).isEqualTo(Msg.fmt("srv.saved", "away"));
    }

    /** The button of the dialog on screen whose role is {@code data} (the texts change with the language). */
    javafx.scene.Node dialogButton(javafx.scene.control.ButtonBar.ButtonData data) throws Exception {
        until("a dialog", () -> lookup(".dialog-pane").tryQuery().isPresent());
        return fx(() -> {
            javafx.scene.control.DialogPane d = lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
            return d.getButtonTypes().stream().filter(b -> b.getButtonData() == data).map(d::lookupButton).findFirst().orElseThrow();
        });
    }

    /** ana's slices of these names go (a user holds a few slices at most, and the tests share ana). */
    static void deleteSlices(String... names) {
        var wanted = java.util.Set.of(names);
        ana.slices(null, null, null, null, 100, 0).items().stream().filter(s -> wanted.contains(s.name())).forEach(s -> ana.deleteSlice(s.id()));
    }

    /** Issue 16, defect 1: a design begun with File → New after opening a slice never overwrites that slice. */
    @Test
    void aNewDesignSavedAfterOpeningASliceIsANewSliceNotTheOpenedOne() throws Exception {
        long id = ana.createSlice(ring("keepme", 3)).slice().id();
        launch("--server", server.baseUrl(), "--user", STUDENT);
        until("logged in", () -> session().root().getCenter() instanceof SlicesView);
        fx(() -> { session().openSlice(id); return null; });
        until("designer with keepme", () -> session().root().getCenter() instanceof MainWindow && designer().viewModel().topology().name().equals("keepme"));
        MainWindow w = designer();
        until("the slice's state read", () -> !w.viewModel().isDirty() && session().viewModel().slice().current() != null);
        fx(() -> { w.viewModel().addNode(NodeKind.VM, new Xy(300, 40)); return null; });

        until("the File menu", () -> lookup("#menu-file").tryQuery().map(javafx.scene.Node::isVisible).orElse(false));
        clickOn("#menu-file").clickOn("#menu-new");
        clickOn(dialogButton(javafx.scene.control.ButtonBar.ButtonData.NO));
        until("a new design", () -> w.viewModel().topology().nodes().isEmpty());
        assertThat(fx(() -> session().viewModel().slice().current())).as("the new design is no slice yet").isNull();
        fx(() -> {
            w.viewModel().insertShape(Shape.linear(2).withVm(VmSpec.of("small", "cirros")), null, new Xy(100, 100));
            w.viewModel().setTopologyZone("lab");
            w.viewModel().renameTopology("other");
            return null;
        });
        press("#srv-save");
        until("saved", () -> notice().equals(Msg.fmt("srv.saved", "other")));

        var kept = ana.slice(id);
        assertThat(kept.name()).as("the opened slice is still there, untouched").isEqualTo("keepme");
        assertThat(kept.vmCount()).isEqualTo(3);
        assertThat(ana.slices(null, null, null, null, 100, 0).items()).extracting(Wire.Slice::name).contains("keepme", "other");
        assertThat(fx(() -> session().viewModel().slice().current().id())).as("the design is now the new slice").isNotEqualTo(id);
        deleteSlices("keepme", "other");
    }

    /**
     * #16 defects 6 and 7: a slice never deployed offers no Undeploy (it says why), and its empty
     * VM table takes no room: one line says nothing is deployed.
     */
    @Test
    void aNeverDeployedSliceOffersNoUndeployAndNoEmptyVmTable() throws Exception {
        long id = ana.createSlice(ring("fresh", 3)).slice().id();
        launch("--server", server.baseUrl(), "--user", STUDENT);
        until("logged in", () -> session().root().getCenter() instanceof SlicesView);
        fx(() -> { session().openSlice(id); return null; });
        until("the slice's state read", () -> session().root().getCenter() instanceof MainWindow
                && session().viewModel().slice().current() != null && !session().viewModel().slice().busyProperty().get());
        until("the server panel", () -> lookup("#srv-undeploy").tryQuery().isPresent() && lookup("#vm-none").tryQuery().isPresent());
        javafx.scene.control.Button undeploy = fx(() -> lookup("#srv-undeploy").queryButton());
        assertThat(undeploy.isDisabled()).as("nothing to undeploy").isTrue();
        // The hint is on the button's holder: a disabled button gets no hover (SlicePanelEvidenceTest hovers it).
        Object hint = fx(() -> lookup("#srv-undeploy-holder").query().getProperties().get("javafx.scene.control.Tooltip"));
        assertThat(((javafx.scene.control.Tooltip) hint).getText()).isEqualTo(Msg.get("srv.undeployNever"));
        assertThat(lookup("#srv-deploy").queryButton().isDisabled()).isFalse();
        assertThat(lookup("#vm-table").query().isManaged()).as("the empty table takes no room").isFalse();
        assertThat(lookup("#vm-stop").query().isManaged()).isFalse();
        assertThat(lookup("#vm-none").queryAs(Label.class).isVisible()).isTrue();

        // Saved, then File → New: the notice no longer says the (now other) design was saved.
        press("#srv-save");
        until("saved", () -> notice().equals(Msg.fmt("srv.saved", "fresh")));
        fx(() -> { designer().viewModel().newDesign(); return null; });
        until("detached", () -> session().viewModel().slice().current() == null);
        assertThat(notice()).isEqualTo(Msg.get("srv.detached"));
        deleteSlices("fresh");
    }

    /** Issue 19: the student's SSH key from the Server menu: pasted, refused when it is no key, saved, removed. */
    @Test
    void aStudentGivesTheirVmsTheirSshKeyFromTheServerMenu() throws Exception {
        launch("--server", server.baseUrl(), "--user", STUDENT);
        until("logged in", () -> session().root().getCenter() instanceof SlicesView);
        fx(() -> { session().showDesigner(); return null; });
        until("the designer's server menu", () -> session().root().getCenter() instanceof MainWindow && lookup("#menu-server").tryQuery().isPresent());
        clickOn("#menu-server").clickOn("#menu-sshKey");
        until("the key read", () -> lookup("#ssh-key-status").tryQuery()
                .map(n -> ((Label) n).getText().equals(Msg.get("sshkey.none"))).orElse(false));
        clickOn("#ssh-key-text").write("ssh-rsa not-a-key");
        clickOn("#ssh-key-save");
        until("the bad key refused", () -> ((Label) lookup("#ssh-key-status").query()).getText().contains("sshPublicKey"));
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ana@laptop";
        fx(() -> { lookup("#ssh-key-text").queryAs(javafx.scene.control.TextArea.class).setText(key); return null; });
        clickOn("#ssh-key-save");
        until("saved", () -> ((Label) lookup("#ssh-key-status").query()).getText().equals(Msg.get("sshkey.saved")));
        assertThat(ana.me().sshPublicKey()).isEqualTo(key);
        javafx.scene.Node dialog = lookup("#ssh-key-status").query();
        fx(() -> {
            javafx.scene.image.WritableImage shot = dialog.getScene().snapshot(null);
            java.nio.file.Path out = java.nio.file.Path.of("target", "ssh-key-dialog.png");
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(shot, null), "png", out.toFile());
            return null;
        });
        clickOn("#ssh-key-remove");
        until("removed", () -> ((Label) lookup("#ssh-key-status").query()).getText().equals(Msg.get("sshkey.removed")));
        assertThat(ana.me().sshPublicKey()).isNullOrEmpty();
    }

    /** A save that would rename the opened slice asks first; Cancel leaves the server as it was. */
    @Test
    void renamingTheOpenedSliceIsConfirmedBeforeSaving() throws Exception {
        long id = ana.createSlice(ring("before", 3)).slice().id();
        launch("--server", server.baseUrl(), "--user", STUDENT);
        until("logged in", () -> session().root().getCenter() instanceof SlicesView);
        fx(() -> { session().openSlice(id); return null; });
        until("designer with before", () -> session().root().getCenter() instanceof MainWindow && designer().viewModel().topology().name().equals("before"));
        MainWindow w = designer();
        until("the slice's state read", () -> !w.viewModel().isDirty() && session().viewModel().slice().current() != null);
        fx(() -> { w.viewModel().renameTopology("after"); return null; });

        press("#srv-save");
        until("the question", () -> lookup("#rename-question").tryQuery().isPresent());
        clickOn(dialogButton(javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE));
        until("not saved said", () -> notice().equals(Msg.get("srv.notSaved")));
        assertThat(ana.slice(id).name()).isEqualTo("before");

        press("#srv-save");
        until("the question again", () -> lookup("#rename-question").tryQuery().isPresent());
        clickOn(dialogButton(javafx.scene.control.ButtonBar.ButtonData.OTHER));
        until("saved", () -> notice().equals(Msg.fmt("srv.saved", "after")));
        assertThat(ana.slice(id).name()).as("the same slice, renamed").isEqualTo("after");
        assertThat(ana.slices(null, null, null, null, 100, 0).items()).extracting(Wire.Slice::name).doesNotContain("before");
        deleteSlices("after");
    }
}
