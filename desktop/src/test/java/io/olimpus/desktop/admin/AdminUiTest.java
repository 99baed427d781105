package io.olimpus.desktop.admin;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.deploy.DeploymentStore;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.VmPlan;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
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
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The administration window, driven by TestFX on headless Monocle, against a real in-process server. */
@ExtendWith(ApplicationExtension.class)
class AdminUiTest extends FxRobot {
    static RealServer server;
    static OlimpusClient client;
    @TempDir
    static Path tmp;
    private AdminPane pane;
    private final AtomicReference<File> nextFile = new AtomicReference<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = RealServer.start();
        client = OlimpusClient.connect(server.baseUrl());
        client.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    @Start
    void start(Stage stage) {
        Msg.use(Locale.ENGLISH);
        pane = new AdminPane(client);
        pane.setFilePicker((owner, title, filters) -> nextFile.get());
        stage.setScene(new Scene(pane, 1200, 780));
        stage.show();
        stage.toFront();
    }

    @AfterEach
    void closePane() throws Exception {
        interact(pane::dispose);
        idle();
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Waits (bounded) until the check, run on the FX thread, holds. */
    private static void until(String what, Callable<Boolean> check) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(check).get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    private void idle() throws Exception {
        until("no call in flight", () -> pane.callsRunning() == 0);
    }

    private String status() {
        return lookup("#admin-status").queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private <T> TableView<T> table(String id) {
        return lookup(id).queryAs(TableView.class);
    }

    private void type(String id, String text) {
        clickOn(id);
        interact(() -> ((javafx.scene.control.TextInputControl) lookup(id).query()).clear());
        write(text);
    }

    /** Clicks the table cell showing {@code text} and waits until its row is the selection. */
    private void clickCell(String text) throws Exception {
        // Rows are laid out on a later pulse than the items arrive: wait for the cell to exist.
        java.util.function.Supplier<java.util.Optional<TableCell<?, ?>>> find = () -> lookup((Node n) -> n instanceof TableCell<?, ?> c
                && text.equals(c.getText()) && n.isVisible()).tryQuery();
        until("a cell shows " + text, () -> find.get().isPresent());
        TableCell<?, ?> cell = find.get().orElseThrow();
        clickOn(cell);
        until(text + " is selected (status: " + status() + ")", () -> {
            Object item = cell.getTableView().getSelectionModel().getSelectedItem();
            return item != null && cell.getTableRow() != null && item == cell.getTableRow().getItem();
        });
    }

    private void tab(String id) throws Exception {
        clickOn(lookup(".tab").match((Node n) -> id.equals(n.getId())).<Node>query());
        idle();
    }

    // ---- tests ------------------------------------------------------------------------------

    @Test
    void anAdminUploadsAnImageAndSeesItInTheCatalog() throws Exception {
        tab("admin-tab-images");
        String name = ServerFixtures.unique("ui-img");
        nextFile.set(ServerFixtures.qcow2(tmp, "disk.qcow2", 5_000_000).toFile());
        type("#image-name", name);
        clickOn("#image-upload");
        until("the image is listed", () -> table("#images-table").getItems().stream().anyMatch(i -> ((Wire.Image) i).name().equals(name)));
        idle();
        Wire.Image shown = this.<Wire.Image>table("#images-table").getItems().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
        assertThat(shown.ready()).isTrue();
        assertThat(shown.sizeBytes()).isEqualTo(5_000_000);
        assertThat(status()).contains("Image " + name + " uploaded");
        assertThat(lookup("#image-progress").queryAs(ProgressBar.class).isVisible()).isFalse();
        // It is in the server's catalog, where the designer's properties panel reads it.
        assertThat(client.images()).extracting(Wire.Image::name).contains(name);
        assertThat(lookup("#image-upload").queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void cancellingAnUploadInTheWindowLeavesNoHalfImage() throws Exception {
        tab("admin-tab-images");
        String name = ServerFixtures.unique("ui-cancel");
        // 1 GiB, sparse: large enough that the upload is still running when Cancel is clicked.
        Path big = tmp.resolve("big.qcow2");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(new byte[]{'Q', 'F', 'I', (byte) 0xfb});
            f.setLength(1L << 30);
        }
        nextFile.set(big.toFile());
        type("#image-name", name);
        clickOn("#image-upload");
        until("the upload is under way", () -> {
            ProgressBar p = lookup("#image-progress").queryAs(ProgressBar.class);
            return p.isVisible() && p.getProgress() > 0;
        });
        clickOn("#image-cancel");
        until("the upload has stopped", () -> !lookup("#image-upload").queryAs(Button.class).isDisabled());
        idle();
        assertThat(status()).isEqualTo("Cancelled.");
        assertThat(this.<Wire.Image>table("#images-table").getItems()).extracting(Wire.Image::name).doesNotContain(name);
        ClientException e = catchThrowableOfType(ClientException.class, () -> client.image(name));
        assertThat(e.kind()).isEqualTo(ClientException.Kind.NOT_FOUND);
        Path incoming = server.dataDir().resolve("images").resolve(".incoming");
        until("the server dropped the partial file", () -> {
            if (!Files.isDirectory(incoming)) return true;
            try (var s = Files.list(incoming)) {
                return s.findAny().isEmpty();
            }
        });
        Files.delete(big);
    }

    @Test
    void usersAreCreatedImportedDisabledResetAndGivenQuotas() throws Exception {
        tab("admin-tab-users");
        String made = ServerFixtures.unique("ui-u");
        type("#user-name", made);
        clickOn("#user-create");
        until("the user is listed", () -> this.<Wire.User>table("#users-table").getItems().stream().anyMatch(u -> u.username().equals(made)));
        String secrets = lookup("#user-secrets").queryAs(TextArea.class).getText();
        assertThat(secrets).as("the generated password is shown once").contains(made + ": ");

        String a = ServerFixtures.unique("ui-csv"), b = ServerFixtures.unique("ui-csv");
        Path csv = Files.writeString(tmp.resolve("roster.csv"), "username,password,maxVms\n" + a + ",roster-pass-1,3\n" + b + ",,4\n");
        nextFile.set(csv.toFile());
        clickOn("#user-import");
        until("the roster is listed", () -> this.<Wire.User>table("#users-table").getItems().stream().anyMatch(u -> u.username().equals(b)));
        assertThat(status()).isEqualTo("2 users imported.");
        assertThat(lookup("#user-secrets").queryAs(TextArea.class).getText()).contains(b + ": ").doesNotContain(a + ": ");

        // Disable a: they cannot log in; enable again.
        clickCell(a);
        clickOn("#user-toggle");
        until("a is disabled (status: " + status() + ")", () -> client.user(a).disabled());
        try (OlimpusClient student = OlimpusClient.connect(server.baseUrl())) {
            assertThat(catchThrowableOfType(ClientException.class, () -> student.login(a, "roster-pass-1")).kind())
                    .isEqualTo(ClientException.Kind.CREDENTIALS);
            idle();
            clickCell(a);
            assertThat(lookup("#user-toggle").queryAs(Button.class).getText()).isEqualTo("Enable");
            clickOn("#user-toggle");
            until("a is enabled", () -> !client.user(a).disabled());
            assertThat(student.login(a, "roster-pass-1").user().username()).isEqualTo(a);

            // Reset the password: the new one is shown and works.
            idle();
            clickCell(a);
            clickOn("#user-reset");
            until("the new password is shown", () -> lookup("#user-secrets").queryAs(TextArea.class).getText().contains(a + ": "));
            String text = lookup("#user-secrets").queryAs(TextArea.class).getText();
            String pw = text.substring(text.indexOf(a + ": ") + a.length() + 2).lines().findFirst().orElseThrow();
            assertThat(student.login(a, pw).user().username()).isEqualTo(a);
        }

        // Quota.
        idle();
        clickCell(a);
        type("#quota-vms .text-field", "7");
        type("#quota-vcpus .text-field", "9");
        type("#quota-ram .text-field", "8192");
        type("#quota-slices .text-field", "5");
        type("#quota-nodes .text-field", "50");
        clickOn("#user-quota");
        until("the quota is stored", () -> new Wire.Quota(7, 9, 8192, 5, 50, 400).equals(client.user(a).quota()));
        idle();
        assertThat(status()).isEqualTo("Quota of " + a + " changed.");
    }

    @Test
    void anotherAdminsPasswordIsResetOnlyWithYourOwn() throws Exception {
        String other = ServerFixtures.unique("ui-adm");
        client.createUser(new Wire.NewUser(other, "other-admin-1", "admin", null, null, null));
        tab("admin-tab-users");
        clickOn("#users-refresh");
        idle();
        clickCell(other);
        clickOn("#user-reset");
        idle();
        assertThat(status()).as("asked for the admin's own password, nothing sent").contains(other + " is an admin").contains("your own password");
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl())) {
            assertThat(c.login(other, "other-admin-1").user().username()).isEqualTo(other);
        }

        type("#user-your-password", "not-my-password");
        clickOn("#user-reset");
        idle();
        assertThat(status()).as("the server's refusal names the field").contains("yourPassword");
        assertThat(lookup("#user-your-password").queryAs(javafx.scene.control.PasswordField.class).getText()).as("not kept").isEmpty();

        type("#user-your-password", RealServer.ADMIN_PASSWORD);
        clickOn("#user-reset");
        until("the new password is shown", () -> lookup("#user-secrets").queryAs(TextArea.class).getText().contains(other + ": "));
        String text = lookup("#user-secrets").queryAs(TextArea.class).getText();
        String pw = text.substring(text.indexOf(other + ": ") + other.length() + 2).lines().findFirst().orElseThrow();
        try (OlimpusClient c = OlimpusClient.connect(server.baseUrl())) {
            assertThat(c.login(other, pw).user().username()).isEqualTo(other);
        }
    }

    @Test
    void aRefusedFieldIsExplainedInTheStatusLine() throws Exception {
        tab("admin-tab-flavors");
        type("#flavor-name", "Not A Name");
        clickOn("#flavor-create");
        idle();
        assertThat(status()).startsWith("Please correct name");
        assertThat(lookup("#admin-status").queryAs(Label.class).getStyleClass()).contains("admin-error");

        String name = ServerFixtures.unique("ui-fl");
        type("#flavor-name", name);
        clickOn("#flavor-create");
        until("the flavor is listed", () -> this.<Wire.Flavor>table("#flavors-table").getItems().stream().anyMatch(f -> f.name().equals(name)));
        idle();
        clickCell(name);
        clickOn("#flavor-delete");
        until("the flavor is gone", () -> this.<Wire.Flavor>table("#flavors-table").getItems().stream().noneMatch(f -> f.name().equals(name)));
        assertThat(client.flavors()).extracting(Wire.Flavor::name).doesNotContain(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWorkersLoadIsChartedAndWhatRunsOnItIsListed() throws Exception {
        tab("admin-tab-zones");
        String zone = ServerFixtures.unique("ui-zone"), worker = ServerFixtures.unique("ui-wk");
        type("#zone-name", zone);
        clickOn("#zone-create");
        until("the zone is listed and chosen", () -> {
            var z = lookup("#zones-list").queryAs(ListView.class).getSelectionModel().getSelectedItem();
            return z != null && ((Wire.Zone) z).name().equals(zone);
        });
        idle();
        type("#worker-name", worker);
        type("#worker-address", "10.0.0.21");
        type("#worker-key", "keys/worker_ed25519");
        clickOn("#worker-add");
        until("the worker is listed", () -> this.<Wire.Worker>table("#workers-table").getItems().stream().anyMatch(w -> w.name().equals(worker)));

        // Thirty samples over the last half hour, through the server's own sample store.
        long now = System.currentTimeMillis();
        for (int i = 0; i < 30; i++)
            server.insertSample(zone, worker, Instant.ofEpochMilli(now - (30 - i) * 60_000L), 10 + 2 * i, 4096 + 100L * i, 16384, 50_000, 200_000);
        // A deployed slice's plan places vm1 and vm3 on this worker.
        String flavor = client.createFlavor(new Wire.NewFlavor(ServerFixtures.unique("fl"), 1, 256, 1)).name();
        String image = ServerFixtures.unique("img");
        client.uploadImage(image, ServerFixtures.qcow2(tmp, image, 4096), null).result().join();
        Wire.Slice slice = client.createSlice(ServerFixtures.ring(ServerFixtures.unique("ui-ring"), zone, 3, flavor, image)).slice();
        new DeploymentStore(server.running().database().jdbi()).savePlan(slice.id(), new DeploymentPlan(slice.name(), zone, List.of(),
                List.of(vm("vm1", worker), vm("vm2", "elsewhere"), vm("vm3", worker))), now);

        clickOn("#zones-refresh");
        idle();
        clickCell(worker);
        until("the charts show the samples", () -> {
            LineChart<Number, Number> cpu = lookup("#chart-cpu").queryAs(LineChart.class);
            return !cpu.getData().isEmpty() && cpu.getData().get(0).getData().size() == 30;
        });
        LineChart<Number, Number> cpu = lookup("#chart-cpu").queryAs(LineChart.class);
        LineChart<Number, Number> mem = lookup("#chart-mem").queryAs(LineChart.class);
        LineChart<Number, Number> disk = lookup("#chart-disk").queryAs(LineChart.class);
        assertThat(cpu.getData().get(0).getData().get(29).getYValue().doubleValue()).isEqualTo(68.0);
        assertThat(mem.getData().get(0).getData().get(0).getYValue().doubleValue()).isEqualTo(25.0);
        assertThat(disk.getData().get(0).getData().get(0).getYValue().doubleValue()).isEqualTo(25.0);
        assertThat(cpu.getTitle()).isEqualTo("CPU — now 68 %");
        assertThat(mem.getTitle()).isEqualTo("Memory — 6.8 of 16.0 GB used");
        assertThat(lookup("#worker-charts-title").queryAs(Label.class).getText()).isEqualTo(worker + " (up) — 30 samples");

        TreeView<String> tree = lookup("#placements-tree").queryAs(TreeView.class);
        List<String> lines = new ArrayList<>();
        interact(() -> walk(tree.getRoot(), "", lines));
        assertThat(lines).containsExactly(
                worker + " — 2 VMs", "  " + slice.name() + " (admin, DRAFT)", "    vm1", "    vm3",
                "elsewhere — 1 VM", "  " + slice.name() + " (admin, DRAFT)", "    vm2");
    }

    private static void walk(TreeItem<String> item, String indent, List<String> out) {
        for (TreeItem<String> c : item.getChildren()) {
            out.add(indent + c.getValue());
            walk(c, indent + "  ", out);
        }
    }

    private static VmPlan vm(String name, String worker) {
        return new VmPlan("id-" + name, name, worker, "f", new Resources(1, 256, 1), "i", false, List.of());
    }
}
