package io.olimpus.desktop.session;

import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.topology.Node;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server panel after a deploy that rolled back (issue 21, defect 2): "What happened", folded,
 * holds what the failed VM's console said; it is not there while there is nothing to say.
 */
class SlicePanelEvidenceTest extends FxRobot {
    @TempDir Path tmp;
    Preferences prefs;

    @BeforeAll
    static void fx() throws Exception {
        Msg.use(Locale.ENGLISH);
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void forget() throws Exception {
        if (prefs != null) prefs.removeNode();
        FxToolkit.cleanupStages();
    }

    static <T> T fx(Callable<T> c) throws Exception { return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS); }

    @Test
    void aRolledBackDeployShowsWhatHappenedFolded() throws Exception {
        TopologyDocument doc = ServerFixtures.ring("lab6", "lab", 3, "small", "cirros");
        Node first = doc.topology().vms().get(0);
        String evidence = "{\"jobId\":3,\"vms\":[{\"vmId\":\"" + first.id() + "\",\"vmName\":\"" + first.name()
                + "\",\"console\":\"Kernel panic - not syncing: VFS\\n\",\"platformLog\":\"qemu: terminating\\n\",\"at\":5}]}";
        try (SessionViewModelTest.Scripted headnode = new SessionViewModelTest.Scripted()) {
            headnode.loggedIn();
            headnode.on("GET", "/slices/7", SessionViewModelTest.detail(doc, "DRAFT"), SessionViewModelTest.detail(doc, "FAILED"));
            headnode.on("PUT", "/slices/7", "{\"slice\":" + SessionViewModelTest.slice(doc, "DRAFT") + ",\"warnings\":[]}");
            headnode.on("POST", "/slices/7/deploy", SessionViewModelTest.job("DEPLOY", "RUNNING"));
            headnode.events("/jobs/3/events", "{\"type\":\"VmChanged\",\"vmId\":\"" + first.id() + "\",\"vmName\":\"" + first.name()
                            + "\",\"state\":\"FAILED\",\"detail\":\"did not reach RUNNING\"}",
                    "{\"type\":\"Finished\",\"outcome\":\"ROLLED_BACK\",\"message\":\"did not reach RUNNING\"}");
            headnode.on("GET", "/jobs/3/evidence", evidence);
            headnode.on("GET", "/slices/7/job", SessionViewModelTest.job("DEPLOY", "ROLLED_BACK"));
            headnode.on("GET", "/slices/7/vms", "[]");

            prefs = Preferences.userRoot().node("io/olimpus/desktop-test/" + System.nanoTime());
            var background = Executors.newSingleThreadExecutor();
            SessionViewModel vm = new SessionViewModel(new Settings(prefs), new DesignerViewModel(LocalCatalog.bundled()),
                    new DraftFolder(tmp.resolve("drafts")), background, Platform::runLater);
            SlicePanel panel = fx(() -> new SlicePanel(vm.slice()));
            FxToolkit.setupStage(s -> s.setScene(new Scene(panel, 500, 700)));
            FxToolkit.showStage();
            fx(() -> { vm.login(headnode.address(), "ana", "pw"); return null; });
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.client() != null && vm.slice() != null);
            fx(() -> { vm.openSlice(7); return null; });
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.slice().current() != null));
            assertThat(fx(() -> lookup("#job-evidence").query().isVisible())).as("nothing to say yet").isFalse();

            fx(() -> { vm.slice().deploy(); return null; });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> lookup("#job-evidence").query().isVisible()));
            TitledPane pane = lookup("#job-evidence").queryAs(TitledPane.class);
            assertThat(fx(pane::getText)).isEqualTo(Msg.get("job.evidence"));
            assertThat(fx(pane::isExpanded)).as("folded until asked").isFalse();
            String text = fx(() -> ((TextArea) pane.getContent()).getText());
            assertThat(text).contains(Msg.fmt("job.evidence.console", first.name())).contains("Kernel panic - not syncing: VFS")
                    .contains(Msg.fmt("job.evidence.platformLog", first.name())).contains("qemu: terminating");
            clickOn(pane.lookup(".title"));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(pane::isExpanded));
            vm.client().close();
            background.shutdownNow();
        }
    }

    /** The panel of a session logged in to {@code headnode}, shown in a stage, with slice 7 open. */
    private SessionViewModel openSeven(SessionViewModelTest.Scripted headnode, java.util.concurrent.ExecutorService background) throws Exception {
        prefs = Preferences.userRoot().node("io/olimpus/desktop-test/" + System.nanoTime());
        SessionViewModel vm = new SessionViewModel(new Settings(prefs), new DesignerViewModel(LocalCatalog.bundled()),
                new DraftFolder(tmp.resolve("drafts")), background, Platform::runLater);
        SlicePanel panel = fx(() -> new SlicePanel(vm.slice()));
        FxToolkit.setupStage(s -> s.setScene(new Scene(panel, 500, 700)));
        FxToolkit.showStage();
        fx(() -> { vm.login(headnode.address(), "ana", "pw"); return null; });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.client() != null && vm.slice() != null);
        fx(() -> { vm.openSlice(7); return null; });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.slice().current() != null && !vm.slice().busyProperty().get()));
        return vm;
    }

    /**
     * Issue 16, defect 6: a deploy that failed left its VMs "queued" under a full progress bar, as if
     * it were still to come. The failed VM shows failed with its reason, the one rolled back and the
     * one never reached read "not deployed" with why, and the bar shows the failure.
     */
    @Test
    void aFailedDeployLeavesNoVmQueuedAndItsBarShowsTheFailure() throws Exception {
        TopologyDocument doc = ServerFixtures.ring("lab6", "lab", 3, "small", "cirros");
        var v = doc.topology().vms();
        try (SessionViewModelTest.Scripted headnode = new SessionViewModelTest.Scripted()) {
            headnode.loggedIn();
            headnode.on("GET", "/slices/7", SessionViewModelTest.detail(doc, "DRAFT"), SessionViewModelTest.detail(doc, "FAILED"));
            headnode.on("PUT", "/slices/7", "{\"slice\":" + SessionViewModelTest.slice(doc, "DRAFT") + ",\"warnings\":[]}");
            headnode.on("POST", "/slices/7/deploy", SessionViewModelTest.job("DEPLOY", "RUNNING"));
            headnode.events("/jobs/3/events",
                    "{\"type\":\"Progress\",\"done\":1,\"total\":6,\"step\":\"creating " + v.get(0).name() + "\"}",
                    "{\"type\":\"VmChanged\",\"vmId\":\"" + v.get(0).id() + "\",\"vmName\":\"" + v.get(0).name() + "\",\"state\":\"CREATING\"}",
                    "{\"type\":\"VmChanged\",\"vmId\":\"" + v.get(1).id() + "\",\"vmName\":\"" + v.get(1).name()
                            + "\",\"state\":\"FAILED\",\"detail\":\"did not reach RUNNING within 180 s\"}",
                    "{\"type\":\"Finished\",\"outcome\":\"ROLLED_BACK\",\"message\":\"did not reach RUNNING\"}");
            headnode.on("GET", "/jobs/3/evidence", "{\"jobId\":3,\"vms\":[]}");
            headnode.on("GET", "/slices/7/job", SessionViewModelTest.job("DEPLOY", "ROLLED_BACK"));
            // A first deploy rolled back holds nothing: the server has no VMs to list.
            headnode.refuse("GET", "/slices/7/vms", 409, "{\"type\":\"x/not-deployed\",\"status\":409,\"detail\":\"slice 'lab6' is not deployed\"}");
            var background = Executors.newSingleThreadExecutor();
            SessionViewModel vm = openSeven(headnode, background);

            fx(() -> { vm.slice().deploy(); return null; });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> "ROLLED_BACK".equals(vm.slice().tracker().outcomeProperty().get())
                    && headnode.count("GET /slices/7/vms") > 0));
            WaitForAsyncUtils.waitForFxEvents();
            @SuppressWarnings("unchecked") javafx.scene.control.TableView<VmLine> table = lookup("#vm-table").queryAs(javafx.scene.control.TableView.class);
            java.util.List<VmLine> rows = fx(() -> java.util.List.copyOf(table.getItems()));
            assertThat(rows).extracting(VmLine::state).doesNotContain("QUEUED", "CREATING");
            assertThat(rows.get(1).state()).isEqualTo("FAILED");
            assertThat(rows.get(1).detail()).isEqualTo("did not reach RUNNING within 180 s");
            assertThat(rows.get(0)).extracting(VmLine::state, VmLine::detail).containsExactly(WireTerms.NOT_DEPLOYED, Msg.get("vms.rolledBack"));
            assertThat(rows.get(2)).extracting(VmLine::state, VmLine::detail).containsExactly(WireTerms.NOT_DEPLOYED, Msg.get("vms.notReached"));
            assertThat(Looks.stateWord(WireTerms.NOT_DEPLOYED)).isEqualTo("not deployed");
            javafx.scene.Node bar = lookup("#job-progress").query();
            assertThat(fx(() -> bar.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("failed"))))
                    .as("the bar shows the failure").isTrue();
            assertThat(fx(() -> vm.slice().tracker().stepProperty().get())).isEqualTo(Msg.get("job.outcome.rolled_back"));
            vm.client().close();
            background.shutdownNow();
        }
    }

    /**
     * Issue 16, defect 6: the disabled Undeploy of a slice never deployed says why on hover. JavaFX
     * gives a disabled control no mouse events, so a tooltip set on the button itself never showed.
     */
    @Test
    void theDisabledUndeploySaysWhyOnHover() throws Exception {
        TopologyDocument doc = ServerFixtures.ring("fresh", "lab", 3, "small", "cirros");
        try (SessionViewModelTest.Scripted headnode = new SessionViewModelTest.Scripted()) {
            headnode.loggedIn();
            headnode.on("GET", "/slices/7", SessionViewModelTest.detail(doc, "DRAFT"));
            var background = Executors.newSingleThreadExecutor();
            SessionViewModel vm = openSeven(headnode, background);
            javafx.scene.control.Button undeploy = lookup("#srv-undeploy").queryButton();
            assertThat(fx(undeploy::isDisabled)).isTrue();
            moveTo(undeploy);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> javafx.stage.Window.getWindows().stream()
                    .filter(w -> w instanceof javafx.scene.control.Tooltip && w.isShowing())
                    .anyMatch(w -> Msg.get("srv.undeployNever").equals(((javafx.scene.control.Tooltip) w).getText()))));
            vm.client().close();
            background.shutdownNow();
        }
    }
}
