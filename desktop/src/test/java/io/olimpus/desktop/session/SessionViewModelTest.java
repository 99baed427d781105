package io.olimpus.desktop.session;

import io.olimpus.client.OlimpusClient;
import io.olimpus.wire.Wire;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.desktop.layout.Xy;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.NodeKind;
import io.olimpus.model.validation.ProblemCode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session's view model without JavaFX's toolkit: calls run inline, and the "UI thread" is the
 * caller's, one task at a time (job events arrive on the client's threads). Against a real
 * headnode in this JVM, and, for what needs a platform that runs VMs (a deploy that succeeds,
 * power actions, a cloud console), against a scripted one.
 */
class SessionViewModelTest {
    static final String STUDENT = "vmtest";
    static final String PASSWORD = "student-pass-1";
    static RealServer server;
    static OlimpusClient admin;
    static ServerFixtures fixtures;
    static String flavor, image;
    @TempDir Path tmp;
    Preferences prefs;
    DesignerViewModel design;
    UiThread ui;
    SessionViewModel vm;
    SliceViewModel slice;

    @BeforeAll
    static void serverUp() throws Exception {
        Msg.use(Locale.ENGLISH);
        server = RealServer.start();
        admin = OlimpusClient.connect(server.baseUrl());
        admin.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
        fixtures = new ServerFixtures(server, admin);
        flavor = fixtures.flavor();
        image = fixtures.image();
        admin.createZone(new Wire.NewZone("lab", "linux", null));
        admin.createUser(new Wire.NewUser(STUDENT, PASSWORD, "user", 6, null, null));
    }

    @AfterAll
    static void serverDown() {
        if (student != null) student.close();
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void session() {
        prefs = Preferences.userRoot().node("io/olimpus/desktop-test/" + System.nanoTime());
        design = new DesignerViewModel(LocalCatalog.bundled());
        ui = new UiThread();
        newSession(PowerFollower.STANDARD);
    }

    void newSession(PowerFollower power) {
        vm = new SessionViewModel(new Settings(prefs), design, new DraftFolder(tmp.resolve("drafts")), Runnable::run, ui, power);
        slice = vm.slice();
    }

    @AfterEach
    void forget() throws Exception {
        if (vm.client() != null) vm.client().close();
        prefs.removeNode();
    }

    static TopologyDocument ring(String name, String zone, int n) {
        return ServerFixtures.ring(name, zone, n, flavor, image);
    }

    void logIn(String address, String user, String password) {
        ui.execute(() -> vm.login(address, user, password));
    }

    // ---- logging in ---------------------------------------------------------------------------

    @Test
    void aLoginSaysWhyItFailsAndOnSuccessBringsTheServersCatalogAndSlices() throws Exception {
        long id = studentClient().createSlice(ring(ServerFixtures.unique("mine"), "lab", 3)).slice().id();
        ui.execute(vm::showLogin);
        assertThat(vm.screen()).isEqualTo(SessionViewModel.Screen.LOGIN);
        assertThat(vm.loginServer()).as("the remembered address").isEqualTo(new Settings(prefs).serverUrl());

        logIn(server.baseUrl(), STUDENT, "not-my-password");
        assertThat(vm.loginMessageProperty().get()).isEqualTo(Msg.get("conn.credentials"));
        assertThat(vm.client()).isNull();
        assertThat(vm.connectedProperty().get()).isFalse();
        assertThat(vm.loggingInProperty().get()).isFalse();

        int closed;
        try (ServerSocket s = new ServerSocket(0)) { closed = s.getLocalPort(); }
        String nowhere = "http://127.0.0.1:" + closed;
        logIn(nowhere, STUDENT, PASSWORD);
        assertThat(vm.loginMessageProperty().get()).isEqualTo(Msg.fmt("conn.unreachable", nowhere));

        logIn(" ", STUDENT, PASSWORD);
        assertThat(vm.loginMessageProperty().get()).contains("is not a server address");
        assertThat(vm.screen()).isEqualTo(SessionViewModel.Screen.LOGIN);

        logIn(server.baseUrl(), STUDENT, PASSWORD);
        assertThat(vm.loginMessageProperty().get()).isEmpty();
        assertThat(vm.connectedProperty().get()).isTrue();
        assertThat(vm.adminProperty().get()).isFalse();
        assertThat(slice.notice()).isEqualTo(Msg.fmt("conn.loggedIn", STUDENT, server.baseUrl()));
        assertThat(vm.screen()).as("nothing open: my slices").isEqualTo(SessionViewModel.Screen.SLICES);
        assertThat(vm.username()).isEqualTo(STUDENT);
        assertThat(vm.slices()).extracting(SliceRow::id).contains(id);
        assertThat(design.catalog().flavorNames()).contains(flavor);
        assertThat(new Settings(prefs).serverUrl()).isEqualTo(server.baseUrl());
        assertThat(new Settings(prefs).lastUser()).isEqualTo(STUDENT);
        assertThat(slice.statusProperty().get()).isEqualTo(Msg.get("srv.notOnServer"));

        ui.execute(vm::logout);
        assertThat(vm.client()).isNull();
        assertThat(vm.slices()).isEmpty();
        assertThat(vm.screen()).isEqualTo(SessionViewModel.Screen.LOGIN);
        assertThat(slice.statusProperty().get()).isEqualTo(Msg.get("srv.offline"));
    }

    /** Issue 19: a student keeps the SSH public key their VMs get; a bad one is refused with the server's reason. */
    @Test
    void aStudentSetsChangesAndRemovesTheirSshKey() throws Exception {
        String me = ServerFixtures.unique("keyed");
        admin.createUser(new Wire.NewUser(me, PASSWORD, "user", 6, null, null));
        logIn(server.baseUrl(), me, PASSWORD);
        ui.until("logged in", () -> vm.connectedProperty().get());
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>(), refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        ui.execute(() -> vm.readSshKey(seen::add, refused::add));
        ui.until("the key read", () -> seen.size() == 1);
        assertThat(seen).containsExactly("");

        ui.execute(() -> vm.saveSshKey("ssh-rsa this-is-not-a-key", seen::add, refused::add));
        ui.until("the bad key refused", () -> refused.size() == 1);
        assertThat(refused.get(0)).contains("sshPublicKey");
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl " + me + "@laptop";
        ui.execute(() -> vm.saveSshKey("  " + key + "\n", seen::add, refused::add));
        ui.until("the key saved", () -> seen.size() == 2);
        assertThat(seen.get(1)).isEqualTo(key);
        assertThat(vm.client().me().sshPublicKey()).isEqualTo(key);

        ui.execute(() -> vm.saveSshKey("", seen::add, refused::add));
        ui.until("the key removed", () -> seen.size() == 3);
        assertThat(seen.get(2)).isEmpty();
        assertThat(vm.client().me().sshPublicKey()).isNullOrEmpty();
        assertThat(refused).hasSize(1);
    }

    /** Issue 15: a student's copy of a lab is marked in My slices with the lab, its course and window. */
    @Test
    void aStudentsLabCopyIsMarkedInMySlicesWithTheLabItsCourseAndItsWindow() throws Exception {
        String prof = ServerFixtures.unique("prof"), learner = ServerFixtures.unique("learner");
        admin.createUser(new Wire.NewUser(prof, PASSWORD, "instructor", null, null, null));
        admin.createUser(new Wire.NewUser(learner, PASSWORD, "user", 6, null, null));
        long own;
        try (OlimpusClient teacher = OlimpusClient.connect(server.baseUrl()); OlimpusClient me = OlimpusClient.connect(server.baseUrl())) {
            teacher.login(prof, PASSWORD);
            me.login(learner, PASSWORD);
            own = me.createSlice(ring(ServerFixtures.unique("own"), "lab", 3)).slice().id();
            Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("redes"), "lab", 6, 6, 8192, null));
            teacher.enrol(c.id(), List.of(learner));
            long opens = java.time.Instant.parse("2030-03-02T10:00:00Z").toEpochMilli(), closes = opens + 2 * 3_600_000L;
            var lab = teacher.createLab(c.id(), "net1", ring("net1", "lab", 3), opens, closes, false, true, null, true);
            teacher.assign(lab.id());
            var made = teacher.awaitSettled(lab.id(), java.time.Duration.ofMinutes(5));
            assertThat(made.rows()).as("%s", made).allMatch(r -> r.state().equals("DRAFT") && r.sliceId() != null);
        }
        logIn(server.baseUrl(), learner, PASSWORD);
        assertThat(vm.slices()).hasSize(2);
        SliceRow mine = vm.slices().stream().filter(r -> r.id() == own).findFirst().orElseThrow();
        assertThat(mine.lab()).as("a slice of their own").isNull();
        SliceRow copy = vm.slices().stream().filter(r -> r.id() != own).findFirst().orElseThrow();
        assertThat(copy.lab()).isNotNull();
        assertThat(copy.lab().name()).isEqualTo("net1");
        assertThat(copy.lab().state()).isEqualTo("PUBLISHED");
        var when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC);
        assertThat(SlicesView.labText(copy.lab(), when))
                .isEqualTo("Copy of lab net1 (" + copy.lab().course() + ") · from 2030-03-02 10:00 to 2030-03-02 12:00 · published");
        assertThat(SlicesView.labText(mine.lab(), when)).isEmpty();
    }

    @Test
    void aSessionTheServerEndsGoesBackToTheLoginAndKeepsTheDesign() {
        String name = ServerFixtures.unique("ended");
        admin.createUser(new Wire.NewUser(name, PASSWORD, "user", 6, null, null));
        logIn(server.baseUrl(), name, PASSWORD);
        assertThat(vm.connectedProperty().get()).isTrue();
        ui.execute(() -> design.addNode(NodeKind.VM, new Xy(20, 20)));

        admin.resetPassword(name, "second-pass-2");  // the server ends the user's sessions
        ui.execute(vm::refreshSlices);

        assertThat(vm.screen()).isEqualTo(SessionViewModel.Screen.LOGIN);
        assertThat(vm.loginMessageProperty().get()).isEqualTo(Msg.get("conn.expired"));
        assertThat(vm.loginServer()).isEqualTo(server.baseUrl());
        assertThat(vm.connectedProperty().get()).isFalse();
        assertThat(slice.busyProperty().get()).as("no server actions while logged out").isTrue();
        assertThat(design.isDirty()).isTrue();
        assertThat(design.topology().vms()).hasSize(1);
    }

    // ---- saving -------------------------------------------------------------------------------

    @Test
    void savingStoresTheDesignAndWhenTheServerCannotTakeItADraftKeepsIt() throws Exception {
        String name = ServerFixtures.unique("saved");
        ui.execute(() -> design.openDocument(ring(name, "lab", 3)));
        ui.execute(() -> design.moveBy(List.of(design.topology().vms().get(0).id()), 10, 10));
        Path draft = tmp.resolve("drafts").resolve(name + ".json");

        // Offline: the design is written to the drafts folder.
        ui.execute(slice::save);
        assertThat(slice.notice()).isEqualTo(Msg.fmt("draft.kept", Msg.get("draft.offline"), draft));
        assertThat(TopologyFile.read(Files.readString(draft)).topology().vms()).hasSize(3);
        assertThat(design.isDirty()).isTrue();

        // Logged in, the design open and unsaved: the designer stays, and saving stores it.
        logIn(server.baseUrl(), STUDENT, PASSWORD);
        assertThat(vm.screen()).isEqualTo(SessionViewModel.Screen.DESIGNER);
        ui.execute(slice::save);
        assertThat(slice.notice()).isEqualTo(Msg.fmt("srv.saved", name));
        assertThat(design.isDirty()).isFalse();
        long id = slice.current().id();
        assertThat(studentClient().slice(id).vmCount()).isEqualTo(3);
        assertThat(slice.titleProperty().get()).isEqualTo(name);
        assertThat(slice.statusProperty().get()).isEqualTo(Msg.fmt("srv.status", Msg.get("slice.status.DRAFT"), server.baseUrl()));

        // The server goes away: the edit is kept in a draft, and stored once the server is back.
        ui.execute(() -> design.addNode(NodeKind.VM, new Xy(90, 10)));
        assertThat(slice.statusProperty().get()).endsWith(Msg.get("srv.unsaved"));
        server.stop();
        try {
            ui.execute(slice::save);
            assertThat(slice.notice()).isEqualTo(Msg.fmt("draft.kept", Msg.fmt("conn.unreachable", server.baseUrl()), draft));
            assertThat(TopologyFile.read(Files.readString(draft)).topology().vms()).hasSize(4);
            assertThat(design.isDirty()).isTrue();
        } finally {
            server.restart();
        }
        ui.execute(slice::save);
        assertThat(design.isDirty()).isFalse();
        assertThat(studentClient().slice(id).vmCount()).isEqualTo(4);

        // Over the quota of 6: only the server knows. A draft is not a deployment: it is saved, and the
        // quota is a warning on the design that says what to do (the deploy enforces it).
        ui.execute(() -> { for (int i = 0; i < 3; i++) design.addNode(NodeKind.VM, new Xy(10 + 40 * i, 90)); });
        ui.execute(slice::save);
        assertThat(design.report().has(ProblemCode.QUOTA_EXCEEDED)).isTrue();
        assertThat(design.report().errors()).noneMatch(p -> p.code() == ProblemCode.QUOTA_EXCEEDED);
        assertThat(slice.notice()).startsWith(Msg.fmt("srv.savedWarned", design.topology().name(), "the design has 7 VMs; your quota allows 6"))
                .contains("undeploy another slice");
        assertThat(design.isDirty()).isFalse();
    }

    @Test
    void aSliceSomebodySavedMeanwhileIsNotOverwrittenAndTheDesignIsKeptInADraft() throws Exception {
        String name = ServerFixtures.unique("both");
        logIn(server.baseUrl(), STUDENT, PASSWORD);
        ui.execute(() -> design.openDocument(ring(name, "lab", 3)));
        ui.execute(slice::save);
        assertThat(slice.notice()).isEqualTo(Msg.fmt("srv.saved", name));
        long id = slice.current().id();
        // The same slice saved from elsewhere (another window, the command line) after this one read it.
        studentClient().putSlice(id, studentClient().slice(id).version(), ring(name, "lab", 5));

        ui.execute(() -> design.addNode(NodeKind.VM, new Xy(90, 10)));
        ui.execute(slice::save);
        Path draft = tmp.resolve("drafts").resolve(name + ".json");
        assertThat(slice.notice()).isEqualTo(Msg.fmt("srv.stale", name, draft));
        assertThat(studentClient().slice(id).vmCount()).as("the other save is not overwritten").isEqualTo(5);
        assertThat(TopologyFile.read(Files.readString(draft)).topology().vms()).hasSize(4);
        assertThat(design.isDirty()).isTrue();
    }

    // ---- following a job ------------------------------------------------------------------------

    @Test
    void aDeployThatFailsIsFollowedEventByEventToItsRollback() throws Exception {
        String zone = fixtures.linuxZoneGoingNowhere();
        long id = studentClient().createSlice(ring(ServerFixtures.unique("dep"), zone, 3)).slice().id();
        logIn(server.baseUrl(), STUDENT, PASSWORD);
        ui.execute(() -> vm.openSlice(id));
        assertThat(vm.screen()).isEqualTo(SessionViewModel.Screen.DESIGNER);
        assertThat(slice.current().status()).isEqualTo(Wire.SliceStatus.DRAFT);
        List<String> vmIds = design.topology().vms().stream().map(Node::id).toList();

        ui.execute(slice::plan);
        assertThat(slice.planProperty().get().count(Looks.Change.CREATE)).isEqualTo(3);
        assertThat(slice.marksProperty().get()).containsOnlyKeys(vmIds);
        assertThat(slice.marksProperty().get().values()).allMatch(m -> m.caption().startsWith("+ "));
        assertThat(slice.notice()).isEqualTo(slice.planProperty().get().summary());

        Set<String> states = ConcurrentHashMap.newKeySet();
        List<Double> progress = new CopyOnWriteArrayList<>();
        DeployTracker t = slice.tracker();
        t.vms().addListener((javafx.collections.ListChangeListener<VmLine>) c -> c.getList().forEach(v -> states.add(v.state())));
        t.progressProperty().addListener((o, a, b) -> progress.add(b.doubleValue()));
        ui.execute(slice::deploy);
        ui.until("the job's outcome and the slice's status settled", () -> t.outcomeProperty().get() != null
                && slice.current().status() == Wire.SliceStatus.FAILED && !slice.busyProperty().get());

        assertThat(states).as("what the deploy was to create starts queued").contains(WireTerms.QUEUED);
        assertThat(progress).as("indeterminate, then steps, then done").startsWith(-1.0).endsWith(1.0);
        assertThat(t.outcomeProperty().get()).isEqualTo("ROLLED_BACK");
        assertThat(t.failedProperty().get()).isTrue();
        assertThat(t.stepProperty().get()).isEqualTo(Msg.get("job.outcome.rolled_back"));
        assertThat(t.messageProperty().get()).isNotBlank();
        assertThat(t.runningProperty().get()).isFalse();
        assertThat(slice.planProperty().get()).as("the deploy replaced the plan").isNull();
        assertThat(slice.marksProperty().get()).as("the canvas shows each VM's state").containsOnlyKeys(vmIds);
        assertThat(slice.statusProperty().get()).isEqualTo(Msg.fmt("srv.status", Msg.get("slice.status.FAILED"), server.baseUrl()));
    }

    @Test
    void aDeployThatSucceedsPowerActionsAndACloudConsoleFollowTheServer() throws Exception {
        TopologyDocument doc = ring("lab2", "lab", 3);
        List<Node> nodes = doc.topology().vms();
        String n1 = nodes.get(0).id(), n2 = nodes.get(1).id(), vm1 = nodes.get(0).name(), vm2 = nodes.get(1).name();
        String vm3 = nodes.get(2).name();
        try (Scripted headnode = new Scripted()) {
            headnode.loggedIn();
            headnode.on("GET", "/slices/7", detail(doc, "DRAFT"), detail(doc, "RUNNING"));
            headnode.on("PUT", "/slices/7", "{\"slice\":" + slice(doc, "DRAFT") + ",\"warnings\":[]}");
            headnode.on("POST", "/slices/7/deploy", job("DEPLOY", "RUNNING"));
            headnode.events("/jobs/3/events",
                    "{\"type\":\"Progress\",\"done\":1,\"total\":4,\"step\":\"creating network l1\"}",
                    vmChanged(n1, vm1, "CREATING"), vmChanged(n1, vm1, "RUNNING"),
                    "{\"type\":\"ResourceCreated\",\"kind\":\"vm\",\"name\":\"" + vm1 + "\"}",
                    vmChanged(n2, vm2, "BOOTING"), vmChanged(n2, vm2, "RUNNING"), vmChanged(nodes.get(2).id(), vm3, "RUNNING"),
                    "{\"type\":\"Progress\",\"done\":4,\"total\":4,\"step\":\"done\"}",
                    "{\"type\":\"Finished\",\"outcome\":\"SUCCEEDED\",\"message\":\"2 VMs running\"}");
            headnode.on("GET", "/slices/7/vms", vms(doc, "RUNNING"), vms(doc, "RUNNING"), vms(doc, "RUNNING"), vms(doc, "STOPPED"));
            headnode.on("POST", "/slices/7/vms/" + vm1 + "/power", "");
            headnode.on("GET", "/slices/7/vms/" + vm1 + "/console-url", "{\"url\":\"https://cloud.example/console/" + vm1 + "\"}");
            newSession(new PowerFollower(Duration.ofMillis(10), Duration.ofSeconds(20)));
            List<String> opened = new CopyOnWriteArrayList<>();
            slice.setConsoles(new SliceViewModel.Consoles() {
                public void openInBrowser(String url) { opened.add(url); }
                public void openViewer(OlimpusClient client, long sliceId, String vm) { opened.add("viewer " + vm); }
                public void openTerminal(OlimpusClient client, long sliceId, String vm) { opened.add("terminal " + vm); }
            });

            logIn(headnode.address(), "ana", "pw");
            ui.execute(() -> vm.openSlice(7));
            List<Double> progress = new CopyOnWriteArrayList<>();
            slice.tracker().progressProperty().addListener((o, a, b) -> progress.add(b.doubleValue()));
            List<String> vm1States = new CopyOnWriteArrayList<>();
            slice.marksProperty().addListener((o, a, b) -> { if (b.containsKey(n1)) vm1States.add(b.get(n1).caption()); });
            ui.execute(slice::deploy);
            ui.until("the deploy done and the slice running", () -> "SUCCEEDED".equals(slice.tracker().outcomeProperty().get())
                    && slice.current().status() == Wire.SliceStatus.RUNNING && !slice.busyProperty().get());

            assertThat(headnode.asked()).as("saved before deploying").containsSubsequence("PUT /slices/7", "POST /slices/7/deploy", "GET /jobs/3/events");
            assertThat(progress).containsSubsequence(-1.0, 0.25, 1.0);
            assertThat(vm1States).containsSubsequence(Msg.get("vmstate.queued"), Msg.get("vmstate.creating"), Msg.get("vmstate.running"));
            assertThat(slice.tracker().failedProperty().get()).isFalse();
            assertThat(slice.tracker().stepProperty().get()).isEqualTo(Msg.get("job.outcome.succeeded"));
            assertThat(slice.tracker().vms()).extracting(VmLine::worker).containsOnly("worker1");

            // Stop: the VMs are read until vm1 shows stopped, its colour following each read.
            ui.execute(() -> slice.power(slice.tracker().vm(vm1), "stop"));
            assertThat(headnode.count("POST /slices/7/vms/" + vm1 + "/power")).isEqualTo(1);
            // The power follower reads in the background until a read says stopped (the server has no
            // STOPPING state: a stop is RUNNING until it is STOPPED).
            ui.until("vm1 shown stopped", () -> "STOPPED".equals(slice.tracker().vm(vm1).state()));
            assertThat(vm1States).containsSubsequence(Msg.get("vmstate.running"), Msg.get("vmstate.stopped"));
            assertThat(slice.tracker().vm(vm1).state()).isEqualTo("STOPPED");
            assertThat(slice.marksProperty().get().get(n1).color()).isEqualTo(Looks.stateColor("STOPPED"));
            assertThat(slice.notice()).isEqualTo(Msg.fmt("vms.done.stop", vm1));

            // A cloud's VM: its console is the cloud's page, in the browser.
            ui.execute(() -> slice.console(slice.tracker().vm(vm1)));
            assertThat(opened).containsExactly("https://cloud.example/console/" + vm1);
            assertThat(slice.notice()).isEqualTo(Msg.fmt("console.browser", vm1));
            // ... and it has no serial console forwarded: the notice says what to use instead.
            ui.execute(() -> slice.terminal(slice.tracker().vm(vm1)));
            ui.until("the terminal refused", () -> Msg.fmt("terminal.none", vm1).equals(slice.notice()));
            assertThat(opened).doesNotContain("terminal " + vm1);
        }
    }

    @Test
    void aDeployThatRollsBackShowsWhatTheFailedVmSaidAndSoDoesReopeningTheSlice() throws Exception {
        TopologyDocument doc = ring("lab4", "lab", 3);
        Node first = doc.topology().vms().get(0);
        String evidence = "{\"jobId\":3,\"vms\":[{\"vmId\":\"" + first.id() + "\",\"vmName\":\"" + first.name()
                + "\",\"console\":\"Booting from Hard Disk...\\nKernel panic - not syncing: VFS\\n\",\"platformLog\":\"\",\"at\":5}]}";
        try (Scripted headnode = new Scripted()) {
            headnode.loggedIn();
            headnode.on("GET", "/slices/7", detail(doc, "DRAFT"), detail(doc, "FAILED"));
            headnode.on("PUT", "/slices/7", "{\"slice\":" + slice(doc, "DRAFT") + ",\"warnings\":[]}");
            headnode.on("POST", "/slices/7/deploy", job("DEPLOY", "RUNNING"));
            headnode.events("/jobs/3/events", vmChanged(first.id(), first.name(), "BOOTING"),
                    "{\"type\":\"VmChanged\",\"vmId\":\"" + first.id() + "\",\"vmName\":\"" + first.name()
                            + "\",\"state\":\"FAILED\",\"detail\":\"did not reach RUNNING\"}",
                    "{\"type\":\"RollingBack\",\"reason\":\"did not reach RUNNING\"}",
                    "{\"type\":\"Finished\",\"outcome\":\"ROLLED_BACK\",\"message\":\"did not reach RUNNING\"}");
            headnode.on("GET", "/jobs/3/evidence", evidence);
            headnode.on("GET", "/slices/7/job", job("DEPLOY", "ROLLED_BACK"));
            headnode.on("GET", "/slices/7/vms", "[]");
            logIn(headnode.address(), "ana", "pw");
            ui.execute(() -> vm.openSlice(7));
            assertThat(slice.tracker().evidenceProperty().get()).as("a draft has nothing to explain").isEmpty();
            ui.execute(slice::deploy);
            ui.until("the rollback explained", () -> "ROLLED_BACK".equals(slice.tracker().outcomeProperty().get())
                    && !slice.tracker().evidenceProperty().get().isEmpty());

            String shown = slice.tracker().evidenceProperty().get();
            assertThat(shown).startsWith(Msg.fmt("job.evidence.console", first.name()) + "\n").contains("Kernel panic - not syncing: VFS")
                    .doesNotContain(Msg.fmt("job.evidence.platformLog", first.name()));
            assertThat(headnode.asked()).containsSubsequence("GET /jobs/3/events", "GET /jobs/3/evidence");

            // Reopened later, the failed slice still says what happened.
            headnode.on("GET", "/slices/7", detail(doc, "FAILED"));
            newSession(PowerFollower.STANDARD);
            logIn(headnode.address(), "ana", "pw");
            ui.execute(() -> vm.openSlice(7));
            ui.until("the evidence read again", () -> !slice.tracker().evidenceProperty().get().isEmpty());
            assertThat(slice.tracker().evidenceProperty().get()).isEqualTo(shown);
        }
    }

    @Test
    void reopeningASliceWhileItsJobRunsFollowsItAndAStreamCutShortIsSaid() throws Exception {
        TopologyDocument doc = ring("lab3", "lab", 3);
        Node first = doc.topology().vms().get(0);
        try (Scripted headnode = new Scripted()) {
            headnode.loggedIn();
            headnode.on("GET", "/slices/7", detail(doc, "DEPLOYING"));
            headnode.on("GET", "/slices/7/job", job("DEPLOY", "RUNNING"));
            headnode.events("/jobs/3/events", "{\"type\":\"Progress\",\"done\":1,\"total\":4,\"step\":\"creating network l1\"}",
                    "{\"type\":\"VmChanged\",\"vmId\":\"" + first.id() + "\",\"vmName\":\"" + first.name()
                            + "\",\"state\":\"FAILED\",\"detail\":\"worker1 did not answer over SSH\"}",
                    "{\"type\":\"RollingBack\",\"reason\":\"" + first.name() + " failed\"}");
            logIn(headnode.address(), "ana", "pw");
            ui.execute(() -> vm.openSlice(7));
            ui.until("the stream's end said", () -> !slice.tracker().runningProperty().get() && !slice.notice().isEmpty()
                    && !slice.notice().startsWith("Logged in"));

            assertThat(headnode.asked()).containsSubsequence("GET /slices/7", "GET /slices/7/job", "GET /jobs/3/events");
            assertThat(slice.tracker().rollingBackProperty().get()).as("the rollback shown as it happened").isTrue();
            assertThat(slice.marksProperty().get().get(first.id()).caption()).isEqualTo("failed: worker1 did not answer over SSH");
            String why = Msg.fmt("conn.unreachable", headnode.address());
            assertThat(slice.notice()).isEqualTo(why);
            assertThat(slice.tracker().stepProperty().get()).isEqualTo(Msg.get("job.lost"));
            assertThat(slice.tracker().messageProperty().get()).isEqualTo(why);
            assertThat(slice.tracker().outcomeProperty().get()).as("no outcome: the job goes on on the server").isNull();
        }
    }

    @Test
    void powerFollowingStopsAtItsDeadline() {
        List<List<Wire.VmView>> meanwhile = new ArrayList<>();
        List<Wire.VmView> running = List.of(new Wire.VmView("n1", "vm1", "w", Wire.VmState.RUNNING, null, List.of(), null, Wire.ConsoleKind.VNC, null));
        int[] acted = {0};
        List<Wire.VmView> last = new PowerFollower(Duration.ofMillis(5), Duration.ofMillis(60))
                .follow(() -> acted[0]++, () -> running, now -> WireTerms.reached(now, "vm1", "stop"), meanwhile::add);
        assertThat(acted[0]).isEqualTo(1);
        assertThat(last).isEqualTo(running);
        assertThat(meanwhile).isNotEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------

    static OlimpusClient student;

    static OlimpusClient studentClient() {
        if (student == null) {
            student = OlimpusClient.connect(server.baseUrl());
            student.login(STUDENT, PASSWORD);
        }
        return student;
    }

    /** The test's "UI thread": tasks run inline, one at a time, whichever thread hands them over. */
    static final class UiThread implements Executor {
        @Override public synchronized void execute(Runnable r) { r.run(); }

        synchronized <T> T read(Supplier<T> s) { return s.get(); }

        void until(String what, Supplier<Boolean> c) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!read(c)) {
                if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
                Thread.sleep(20);
            }
        }
    }

    static String slice(TopologyDocument d, String status) {
        return "{\"id\":7,\"owner\":\"ana\",\"name\":\"" + d.topology().name() + "\",\"zone\":\"lab\",\"status\":\"" + status
                + "\",\"vmCount\":" + d.topology().vms().size() + ",\"vcpus\":2,\"ramMb\":512,\"version\":1,\"createdAt\":0,\"updatedAt\":0}";
    }

    static String detail(TopologyDocument d, String status) {
        String s = slice(d, status);
        return s.substring(0, s.length() - 1) + ",\"design\":" + TopologyFile.toJson(d) + "}";
    }

    static String job(String kind, String state) {
        return "{\"id\":3,\"sliceId\":7,\"kind\":\"" + kind + "\",\"state\":\"" + state + "\",\"requestedBy\":\"ana\",\"startedAt\":0}";
    }

    static String vmChanged(String id, String name, String state) {
        return "{\"type\":\"VmChanged\",\"vmId\":\"" + id + "\",\"vmName\":\"" + name + "\",\"state\":\"" + state + "\"}";
    }

    /** The design's VMs on worker1, the first in {@code first}, the others running, all with a cloud's console page. */
    static String vms(TopologyDocument d, String first) {
        List<Node> n = d.topology().vms();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) out.add(vm(n.get(i).id(), n.get(i).name(), i == 0 ? first : "RUNNING"));
        return "[" + String.join(",", out) + "]";
    }

    static String vm(String id, String name, String state) {
        return "{\"vmId\":\"" + id + "\",\"name\":\"" + name + "\",\"worker\":\"worker1\",\"state\":\"" + state
                + "\",\"nics\":[],\"consoleKind\":\"browser\"}";
    }

    /**
     * A headnode that answers from a script: each "METHOD /path" (under /api/v1) with its answers
     * in turn, the last one repeated; job events as a server-sent stream that then ends.
     */
    static final class Scripted extends Dispatcher implements AutoCloseable {
        private final MockWebServer http = new MockWebServer();
        private final Map<String, Deque<MockResponse>> answers = new HashMap<>();
        private final List<String> asked = new CopyOnWriteArrayList<>();

        Scripted() throws Exception {
            http.setDispatcher(this);
            http.start();
        }

        String address() { return "http://127.0.0.1:" + http.getPort(); }

        void loggedIn() {
            on("POST", "/auth/login", "{\"token\":\"t\",\"expiresAt\":0,\"user\":{\"id\":1,\"username\":\"ana\",\"role\":\"user\"}}");
            on("GET", "/flavors", "{\"items\":[{\"id\":1,\"name\":\"" + flavor + "\",\"vcpus\":1,\"ramMb\":256,\"diskGb\":1}]}");
            on("GET", "/images", "{\"items\":[{\"id\":1,\"name\":\"" + image + "\",\"ready\":true}]}");
            on("GET", "/zones", "{\"items\":[{\"id\":1,\"name\":\"lab\",\"platform\":\"linux\"}]}");
            on("GET", "/slices", "{\"items\":[]}");
        }

        synchronized void on(String method, String path, String... bodies) {
            Deque<MockResponse> q = new ArrayDeque<>();
            for (String b : bodies)
                q.add(b.isEmpty() ? new MockResponse().setResponseCode(204)
                        : new MockResponse().setHeader("Content-Type", "application/json").setBody(b));
            answers.put(method + " " + path, q);
        }

        /** Answers "METHOD /path" with an error status and its problem body, every time. */
        synchronized void refuse(String method, String path, int status, String body) {
            Deque<MockResponse> q = new ArrayDeque<>();
            q.add(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/problem+json").setBody(body));
            answers.put(method + " " + path, q);
        }

        synchronized void events(String path, String... events) {
            StringBuilder sse = new StringBuilder();
            for (int i = 0; i < events.length; i++) sse.append("id: ").append(i + 1).append("\ndata: ").append(events[i]).append("\n\n");
            Deque<MockResponse> q = new ArrayDeque<>();
            q.add(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse.toString()));
            answers.put("GET " + path, q);
        }

        List<String> asked() { return asked; }

        long count(String request) { return asked.stream().filter(request::equals).count(); }

        @Override
        public synchronized MockResponse dispatch(RecordedRequest r) {
            String key = r.getMethod() + " " + r.getRequestUrl().encodedPath().replaceFirst("^/api/v1", "");
            asked.add(key);
            Deque<MockResponse> q = answers.get(key);
            if (q == null || q.isEmpty()) return new MockResponse().setResponseCode(404).setBody("{\"detail\":\"" + key + " is not scripted\"}");
            return q.size() > 1 ? q.poll() : q.peek();
        }

        @Override
        public void close() throws Exception { http.shutdown(); }
    }
}
