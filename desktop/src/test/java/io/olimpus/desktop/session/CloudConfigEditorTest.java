package io.olimpus.desktop.session;

import io.olimpus.client.ClientException;
import io.olimpus.client.OlimpusClient;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.desktop.io.Settings;
import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.vm.DesignerViewModel;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.wire.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cloud-config editor's view model and the deploy's one-time password, without JavaFX's
 * toolkit, against a real headnode in this JVM: the starter for a slice without one, the
 * server's refusals with the line they name, the size against 16 KiB, save and remove, a lab's
 * copy its student may not edit shown locked, and the password told once per deploy.
 */
class CloudConfigEditorTest {
    static final String STUDENT = "cfgtest";
    static final String PASSWORD = "student-pass-1";
    static RealServer server;
    static OlimpusClient admin, student;
    static ServerFixtures fixtures;
    static String flavor, image;
    @TempDir Path tmp;
    Preferences prefs;
    DesignerViewModel design;
    SessionViewModelTest.UiThread ui;
    SessionViewModel vm;

    @BeforeAll
    static void serverUp() throws Exception {
        Msg.use(Locale.ENGLISH);
        server = RealServer.start();
        admin = server.admin();
        fixtures = new ServerFixtures(server, admin);
        flavor = fixtures.flavor();
        image = fixtures.image();
        admin.createZone(new Wire.NewZone("lab", "linux", null));
        admin.createUser(new Wire.NewUser(STUDENT, PASSWORD, "user", 6, null, null));
        student = server.loggedIn(STUDENT, PASSWORD);
    }

    @AfterAll
    static void serverDown() {
        if (student != null) student.close();
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void session() {
        Msg.use(Locale.ENGLISH);
        prefs = Preferences.userRoot().node("io/olimpus/desktop-test/" + System.nanoTime());
        design = new DesignerViewModel(LocalCatalog.bundled());
        ui = new SessionViewModelTest.UiThread();
        vm = new SessionViewModel(new Settings(prefs), design, new DraftFolder(tmp.resolve("drafts")), Runnable::run, ui);
    }

    @AfterEach
    void forget() throws Exception {
        if (vm.client() != null) vm.client().close();
        prefs.removeNode();
        Msg.use(Locale.ENGLISH);
    }

    static TopologyDocument ring(String name, String zone, int n) {
        return ServerFixtures.ring(name, zone, n, flavor, image);
    }

    /** Logged in as {@code user} with {@code sliceId} open in the designer, and its editor read. */
    CloudConfigEditor editorOf(String user, long sliceId) {
        ui.execute(() -> vm.login(server.baseUrl(), user, PASSWORD));
        ui.execute(() -> vm.openSlice(sliceId));
        assertThat(vm.slice().current().id()).isEqualTo(sliceId);
        CloudConfigEditor e = ui.read(vm::cloudConfigEditor);
        ui.execute(e::load);
        assertThat(e.loadedProperty().get()).isTrue();
        return e;
    }

    @Test
    void aSliceWithoutOneGetsTheStarterAndTheServersRefusalsNameTheirLine() {
        long id = student.createSlice(ring(ServerFixtures.unique("cfg"), "lab", 3)).slice().id();
        CloudConfigEditor e = editorOf(STUDENT, id);

        assertThat(e.textProperty().get()).as("the commented starter").isEqualTo(CloudConfigEditor.starter()).startsWith("#cloud-config\n");
        assertThat(e.textProperty().get().lines().skip(1)).as("every line of the starter a comment or blank")
                .allMatch(l -> l.isEmpty() || l.startsWith("#"));
        assertThat(e.textProperty().get()).contains("packages:", "runcmd:", "write_files:", "hostname", "SSH public", "password");
        assertThat(e.statusProperty().get()).isEqualTo(Msg.get("cloudcfg.none"));
        assertThat(e.isDirty()).as("the starter is not a change").isFalse();
        assertThat(e.storedProperty().get()).isFalse();
        assertThat(e.lockedProperty().get()).isEmpty();
        assertThat(e.editableProperty().get()).isTrue();
        assertThat(e.counterProperty().get()).isEqualTo(Msg.fmt("cloudcfg.bytes", CloudConfigEditor.utf8Bytes(CloudConfigEditor.starter()), 16384));

        // Not YAML: a tab cannot indent. The server's reason is shown with its line, which the window selects.
        String tabbed = "#cloud-config\npackages:\n  - tcpdump\nruncmd:\n\t- echo hi\n";
        ui.execute(() -> e.textProperty().set(tabbed));
        assertThat(e.isDirty()).isTrue();
        ui.execute(() -> e.save(null));
        assertThat(e.failedProperty().get()).isTrue();
        CloudConfigEditor.Place at = e.errorAtProperty().get();
        assertThat(at).as("the YAML error's place: " + e.statusProperty().get()).isNotNull();
        assertThat(at).as(e.statusProperty().get()).isEqualTo(new CloudConfigEditor.Place(5, 1));
        assertThat(e.statusProperty().get()).startsWith("Line 5: the cloud-config is not valid YAML at line 5, column 1: found character")
                .endsWith("fix it and save again");
        assertThat(student.cloudConfig(id)).as("nothing stored").isNull();
        assertThat(e.isDirty()).as("still not saved").isTrue();

        // Without its first line: the server says so, and the place is line 1.
        ui.execute(() -> e.textProperty().set("packages: [tcpdump]\n"));
        ui.execute(() -> e.save(null));
        assertThat(e.errorAtProperty().get()).isEqualTo(new CloudConfigEditor.Place(1, 0));
        assertThat(e.statusProperty().get()).contains("must start with the line '#cloud-config'");

        // YAML, but a list: cloud-init would ignore it whole. No place to point at.
        ui.execute(() -> e.textProperty().set("#cloud-config\n- tcpdump\n"));
        ui.execute(() -> e.save(null));
        assertThat(e.errorAtProperty().get()).isNull();
        assertThat(e.statusProperty().get()).isEqualTo(Msg.fmt("cloudcfg.refused", "must be a YAML mapping of cloud-init modules (e.g. 'packages: [tcpdump]'), not a array"));

        // Over 16 KiB: the counter says so before saving, and the server refuses it too.
        String big = "#cloud-config\nwrite_files:\n  - path: /root/big\n    content: \"" + "é".repeat(8200) + "\"\n";
        ui.execute(() -> e.textProperty().set(big));
        assertThat(e.bytesProperty().get()).isEqualTo(CloudConfigEditor.utf8Bytes(big)).isGreaterThan(16384);
        assertThat(e.tooBigProperty().get()).isTrue();
        assertThat(e.counterProperty().get()).startsWith(e.bytesProperty().get() / 1000 + ",").contains("too big");
        ui.execute(() -> e.save(null));
        assertThat(e.statusProperty().get()).contains("at most 16384 are accepted");

        // The starter with its examples uncommented is what a student writes first: the server takes it.
        String mine = uncommentExamples(CloudConfigEditor.starter());
        ui.execute(() -> e.textProperty().set(mine));
        List<String> saved = new CopyOnWriteArrayList<>();
        ui.execute(() -> e.save(() -> saved.add("then")));
        assertThat(e.statusProperty().get()).isEqualTo(Msg.get("cloudcfg.saved"));
        assertThat(e.failedProperty().get()).isFalse();
        assertThat(e.errorAtProperty().get()).isNull();
        assertThat(saved).as("a close waiting on the save goes on").containsExactly("then");
        assertThat(e.isDirty()).isFalse();
        assertThat(e.storedProperty().get()).isTrue();
        assertThat(student.cloudConfig(id)).isEqualTo(mine);

        // Read again, it is the slice's; Remove puts the starter back and the server holds none.
        CloudConfigEditor again = ui.read(vm::cloudConfigEditor);
        ui.execute(again::load);
        assertThat(again.textProperty().get()).isEqualTo(mine);
        assertThat(again.statusProperty().get()).isEqualTo(Msg.get("cloudcfg.kept"));
        ui.execute(() -> again.clear(null));
        assertThat(again.statusProperty().get()).isEqualTo(Msg.get("cloudcfg.removed"));
        assertThat(again.textProperty().get()).isEqualTo(CloudConfigEditor.starter());
        assertThat(again.isDirty()).isFalse();
        assertThat(student.cloudConfig(id)).isNull();
    }

    /** The starter's examples with their "# " taken off, as its comment tells the student to do. */
    static String uncommentExamples(String starter) {
        return starter.lines().map(l -> l.matches("# (packages|write_files|runcmd):.*|#   .*") ? l.substring(2) : l)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void theServersPlaceIsFoundInItsReasonAndInTheText() {
        assertThat(CloudConfigEditor.placeOf("is not valid YAML at line 12, column 3: found x; fix it and save again"))
                .isEqualTo(new CloudConfigEditor.Place(12, 3));
        assertThat(CloudConfigEditor.placeOf("is not valid YAML at line 2: x")).isEqualTo(new CloudConfigEditor.Place(2, 0));
        assertThat(CloudConfigEditor.placeOf("must start with the line '#cloud-config' (cloud-init reads nothing else as a cloud-config)"))
                .isEqualTo(new CloudConfigEditor.Place(1, 0));
        assertThat(CloudConfigEditor.placeOf("is 17000 bytes; at most 16384 are accepted")).isNull();
        String t = "ab\ncdef\n\ng";
        assertThat(CloudConfigEditor.offsetOf(t, 1, 0)).isZero();
        assertThat(CloudConfigEditor.offsetOf(t, 2, 0)).isEqualTo(3);
        assertThat(CloudConfigEditor.offsetOf(t, 2, 3)).isEqualTo(5);
        assertThat(CloudConfigEditor.offsetOf(t, 2, 99)).as("clamped to the line's end").isEqualTo(7);
        assertThat(CloudConfigEditor.offsetOf(t, 3, 1)).as("an empty line").isEqualTo(8);
        assertThat(CloudConfigEditor.offsetOf(t, 9, 1)).as("past the end").isEqualTo(t.length());
        assertThat(CloudConfigEditor.lineEnd(t, 3)).isEqualTo(7);
        assertThat(CloudConfigEditor.lineEnd(t, 9)).isEqualTo(t.length());
        assertThat(CloudConfigEditor.utf8Bytes("añ")).isEqualTo(3);
    }

    @Test
    void everyTextOfTheEditorAndThePasswordIsInEnglishAndSpanish() throws Exception {
        java.util.Properties en = new java.util.Properties(), es = new java.util.Properties();
        for (var pair : List.of(java.util.Map.entry("messages.properties", en), java.util.Map.entry("messages_es.properties", es)))
            try (var in = getClass().getResourceAsStream("/io/olimpus/desktop/" + pair.getKey())) {
                pair.getValue().load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"((?:cloudcfg|vmpw)\\.[a-zA-Z]+|menu\\.cloudConfig|srv\\.cloudConfig)\"")
                .matcher(Files.readString(Path.of("src/main/java/io/olimpus/desktop/session/CloudConfigEditor.java"))
                        + Files.readString(Path.of("src/main/java/io/olimpus/desktop/session/CloudConfigWindow.java"))
                        + Files.readString(Path.of("src/main/java/io/olimpus/desktop/session/VmPasswordDialog.java"))
                        + Files.readString(Path.of("src/main/java/io/olimpus/desktop/session/ServerSession.java"))
                        + Files.readString(Path.of("src/main/java/io/olimpus/desktop/session/SessionViewModel.java"))
                        + Files.readString(Path.of("src/main/java/io/olimpus/desktop/session/SlicePanel.java")));
        java.util.Set<String> used = new java.util.TreeSet<>();
        while (m.find()) used.add(m.group(1));
        assertThat(used).hasSizeGreaterThan(25);
        assertThat(en.stringPropertyNames()).containsAll(used);
        assertThat(es.stringPropertyNames()).containsAll(used);
        // "Cloud-config…" is cloud-init's own word in both languages.
        for (String k : used)
            if (!k.endsWith(".cloudConfig")) assertThat(es.getProperty(k)).as(k + " is translated").isNotEqualTo(en.getProperty(k));
    }

    @Test
    void theSpanishStarterIsSpanishAndAlsoAcceptedOnceUncommented() {
        Msg.use(Locale.forLanguageTag("es"));
        String es = CloudConfigEditor.starter();
        assertThat(es).startsWith("#cloud-config\n").contains("nombre de host", "Paquetes a instalar", "packages:").doesNotContain("Olimpus already");
        long id = student.createSlice(ring(ServerFixtures.unique("cfges"), "lab", 3)).slice().id();
        student.setCloudConfig(id, uncommentExamples(es));
        assertThat(student.cloudConfig(id)).contains("Práctica 3");
        assertThat(Msg.fmt("cloudcfg.bytes", 1234, 16384)).isEqualTo("1.234 de 16.384 bytes");
    }

    @Test
    void aLabCopyItsStudentMayNotEditIsShownLockedWithTheReason() throws Exception {
        String prof = ServerFixtures.unique("prof"), learner = ServerFixtures.unique("learner");
        admin.createUser(new Wire.NewUser(prof, PASSWORD, "instructor", null, null, null));
        admin.createUser(new Wire.NewUser(learner, PASSWORD, "user", 6, null, null));
        long copy, free;
        try (OlimpusClient teacher = server.loggedIn(prof, PASSWORD); OlimpusClient me = server.loggedIn(learner, PASSWORD)) {
            Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("redes"), "lab", 6, 6, 8192, null));
            teacher.enrol(c.id(), List.of(learner));
            var locked = teacher.createLab(c.id(), "fixed", ring("fixed", "lab", 3), null, null, false, true, null, false);
            var open = teacher.createLab(c.id(), "free", ring("free", "lab", 3), null, null, false, true, null, true);
            teacher.assign(locked.id());
            teacher.assign(open.id());
            // The copies are made in the background: wait until each is a draft of its own.
            for (long lab : new long[]{locked.id(), open.id()})
                assertThat(teacher.awaitSettled(lab, java.time.Duration.ofMinutes(5)).rows()).allMatch(r -> r.state().equals("DRAFT") && r.sliceId() != null);
            var mine = me.myLabs();
            copy = mine.stream().filter(l -> l.name().equals("fixed")).findFirst().orElseThrow().sliceId();
            free = mine.stream().filter(l -> l.name().equals("free")).findFirst().orElseThrow().sliceId();
            // What the editor relies on: the server refuses the change too.
            assertThatThrownBy(() -> me.setCloudConfig(copy, "#cloud-config\npackages: [tcpdump]\n"))
                    .isInstanceOfSatisfying(ClientException.class, x -> assertThat(x.kind()).isEqualTo(ClientException.Kind.FORBIDDEN));
        }

        CloudConfigEditor e = editorOf(learner, copy);
        assertThat(e.lockedProperty().get()).isEqualTo(Msg.fmt("cloudcfg.locked", "fixed"));
        assertThat(e.statusProperty().get()).as("the lock is said once, in its banner").isEmpty();
        assertThat(e.editableProperty().get()).isFalse();
        ui.execute(() -> e.textProperty().set("#cloud-config\npackages: [tcpdump]\n"));
        ui.execute(() -> e.save(null));
        ui.execute(() -> e.clear(null));
        assertThat(e.statusProperty().get()).as("nothing was sent").isEmpty();

        CloudConfigEditor other = ui.read(() -> {
            vm.openSlice(free);
            return vm.cloudConfigEditor();
        });
        ui.execute(other::load);
        assertThat(other.lockedProperty().get()).as("a lab that lets students edit").isEmpty();
        assertThat(other.editableProperty().get()).isTrue();
    }

    @Test
    void aDesignNotOnTheServerHasNoCloudConfigAndTheNoticeSaysWhy() {
        ui.execute(() -> vm.login(server.baseUrl(), STUDENT, PASSWORD));
        ui.execute(vm::showDesigner);
        assertThat(ui.read(vm::cloudConfigEditor)).isNull();
        assertThat(vm.slice().notice()).isEqualTo(Msg.get("cloudcfg.noSlice"));
    }

    @Test
    void aDeploysPasswordIsToldOnceAndNotKept() {
        String zone = fixtures.linuxZoneGoingNowhere();
        long id = student.createSlice(ring(ServerFixtures.unique("pw"), zone, 3)).slice().id();
        ui.execute(() -> vm.login(server.baseUrl(), STUDENT, PASSWORD));
        ui.execute(() -> vm.openSlice(id));
        List<SliceViewModel.VmPassword> told = new CopyOnWriteArrayList<>();
        vm.slice().onVmPassword(p -> { if (p != null) told.add(p); });
        ui.execute(vm.slice()::deploy);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).sliceName()).isEqualTo(vm.slice().current().name());
        assertThat(told.get(0).password()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(told.get(0).toString()).as("never in a log line").doesNotContain(told.get(0).password());
        assertThat(ui.read(() -> vm.slice().tracker().messageProperty().get() + vm.slice().notice())).doesNotContain(told.get(0).password());
    }
}
