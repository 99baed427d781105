package io.olimpus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.client.OlimpusClient;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.wire.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command of the command line, run in-process against a real headnode (H2) started in this JVM. */
class CliTest {
    static RealServer server;
    static OlimpusClient admin;
    static ServerFixtures fx;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = RealServer.start();
        admin = server.admin();
        fx = new ServerFixtures(server, admin);
    }

    @AfterAll
    static void stop() {
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception { return Output.JSON.readTree(out); }
    }

    /** One user's terminal: a config folder of their own, an environment, and a locale. */
    static final class User {
        final Path config;
        final Map<String, String> vars = new HashMap<>();
        Locale locale = Locale.ENGLISH;

        User() throws Exception {
            this(Files.createTempDirectory(tmp, "cfg").resolve("olimpus"));
        }

        User(Path config) {
            this.config = config;
        }

        Result runIn(String stdin, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            Env env = new Env(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)), vars, config, locale, false);
            int code = Cli.run(env, args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        Result run(String... args) { return runIn(null, args); }

        User loginAs(String user, String password) {
            return loginAs(server.baseUrl(), user, password);
        }

        User loginAs(String baseUrl, String user, String password) {
            Result r = runIn(password + "\n", "login", "--server", baseUrl, "-u", user, "--password-stdin");
            assertThat(r.code()).as(r.err()).isZero();
            return this;
        }
    }

    static User admin() throws Exception { return new User().loginAs(RealServer.ADMIN, RealServer.ADMIN_PASSWORD); }

    // ---- framework and session ----

    @Test
    void helpVersionUsageAndCompletion() throws Exception {
        User u = new User();
        Result help = u.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: olimpus-cli", "login", "slice", "user", "flavor", "image", "zone");
        assertThat(u.run("slice", "deploy", "--help").out()).contains("--wait", "--timeout");
        Result v = u.run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("olimpus-cli ").doesNotContain("${");
        Result bad = u.run("slice", "list", "--no-such-option");
        assertThat(bad.code()).isEqualTo(Cli.USAGE);
        assertThat(bad.err()).contains("--no-such-option");
        assertThat(u.run("slice", "create", "x", "--shape", "ring").code()).isEqualTo(Cli.USAGE);  // no --size
        assertThat(u.run("slice", "create", "x", "--shape", "ring", "--size", "2").code()).isEqualTo(Cli.USAGE);  // a ring needs 3
        Result completion = u.run("generate-completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete", "olimpus-cli");
    }

    @Test
    void loginKeepsTheTokenPrivateWhoamiAnswersAndLogoutForgetsIt() throws Exception {
        User u = admin();
        Path session = u.config.resolve(Session.FILE);
        assertThat(session).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(u.config))).isEqualTo("rwx------");

        // The saved login names the server: no --server needed afterwards.
        Result who = u.run("whoami");
        assertThat(who.code()).as(who.err()).isZero();
        assertThat(who.out()).contains("admin", "admin", server.baseUrl());
        JsonNode json = u.run("whoami", "-o", "json").json();
        assertThat(json.get("username").asText()).isEqualTo("admin");
        assertThat(json.get("role").asText()).isEqualTo("admin");

        Result out = u.run("logout");
        assertThat(out.code()).isZero();
        assertThat(session).doesNotExist();
        Result after = u.run("whoami", "--server", server.baseUrl());
        assertThat(after.code()).isEqualTo(Cli.AUTH);
        assertThat(after.err()).contains("not logged in", "olimpus-cli login");
        // No server at all: a usage error that says how to name one.
        Result none = u.run("whoami");
        assertThat(none.code()).isEqualTo(Cli.USAGE);
        assertThat(none.err()).contains("--server", "OLIMPUS_SERVER");
    }

    @Test
    void aWrongPasswordIsAuthAndAnUnreachableServerIsFive() throws Exception {
        User u = new User();
        Result wrong = u.runIn("nope\n", "login", "--server", server.baseUrl(), "-u", "admin", "--password-stdin");
        assertThat(wrong.code()).isEqualTo(Cli.AUTH);
        assertThat(wrong.err()).contains("Wrong username or password");
        assertThat(u.config.resolve(Session.FILE)).doesNotExist();

        Result gone = u.runIn("x\n", "login", "--server", "127.0.0.1:" + ServerFixtures.closedPort(), "-u", "admin", "--password-stdin");
        assertThat(gone.code()).isEqualTo(Cli.UNREACHABLE);
        assertThat(gone.err()).contains("cannot be reached");
    }

    @Test
    void environmentVariablesServeScriptsWithoutASavedLogin() throws Exception {
        User u = new User();
        u.vars.put("OLIMPUS_SERVER", server.baseUrl());
        u.vars.put("OLIMPUS_TOKEN", admin.token());
        Result who = u.run("whoami");
        assertThat(who.code()).as(who.err()).isZero();
        assertThat(who.out()).contains("admin");
        assertThat(u.config.resolve(Session.FILE)).doesNotExist();
        u.vars.put("OLIMPUS_TOKEN", "not-a-token");
        Result expired = u.run("whoami");
        assertThat(expired.code()).isEqualTo(Cli.AUTH);
        assertThat(expired.err()).contains("log in again");
    }

    @Test
    void messagesFollowLangOrTheSystemLanguage() throws Exception {
        User u = new User();
        Result es = u.run("whoami", "--server", server.baseUrl(), "--lang", "es");
        assertThat(es.code()).isEqualTo(Cli.AUTH);
        assertThat(es.err()).contains("No ha iniciado sesión");
        u.locale = new Locale("es", "ES");
        assertThat(u.run("whoami", "--server", server.baseUrl()).err()).contains("No ha iniciado sesión");
        assertThat(u.run("whoami", "--server", server.baseUrl(), "--lang", "en").err()).contains("You are not logged in");
        Result ayuda = u.run("--help", "--lang", "es");
        assertThat(ayuda.out()).contains("Uso: olimpus-cli", "Órdenes:", "Inicia sesión y guarda el token", "Muestra esta ayuda", "Idioma de los mensajes");
        assertThat(u.run("slice", "--help", "--lang", "es").out()).contains("Despliega un slice", "Uso: olimpus-cli slice");
        assertThat(u.run("--help", "--lang", "en").out()).contains("Usage: olimpus-cli", "Log in and keep the token");
        Result gone = u.runIn("x\n", "login", "--lang", "es", "--server", "127.0.0.1:" + ServerFixtures.closedPort(), "-u", "a", "--password-stdin");
        assertThat(gone.code()).isEqualTo(Cli.UNREACHABLE);
        assertThat(gone.err()).contains("No se puede contactar con el servidor");
        // Picocli's parse errors too, followed by the usage in Spanish.
        Result unknown = u.run("slice", "list", "--lang", "es", "--no-such-option");
        assertThat(unknown.code()).isEqualTo(Cli.USAGE);
        assertThat(unknown.err()).contains("Opción desconocida: '--no-such-option'", "Uso: olimpus-cli slice list").doesNotContain("Unknown option");
        Result missing = u.run("slice", "show", "--lang", "es");
        assertThat(missing.code()).isEqualTo(Cli.USAGE);
        assertThat(missing.err()).contains("Falta: SLICE");
    }

    @Test
    void passwdChangesOnesOwnPassword() throws Exception {
        String name = ServerFixtures.unique("pw");
        admin.createUser(new Wire.NewUser(name, "first-password-1", "user", null, null, null));
        User u = new User().loginAs(name, "first-password-1");
        Result r = u.runIn("first-password-1\nsecond-password-2\n", "passwd", "--password-stdin");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new User().runIn("first-password-1\n", "login", "--server", server.baseUrl(), "-u", name, "--password-stdin").code()).isEqualTo(Cli.AUTH);
        new User().loginAs(name, "second-password-2");
    }

    @Test
    void sshKeyIsShownSetFromAFileAndCleared() throws Exception {
        String name = ServerFixtures.unique("key");
        admin.createUser(new Wire.NewUser(name, "key-password-1", "user", null, null, null));
        User u = new User().loginAs(name, "key-password-1");
        assertThat(u.run("ssh-key").out()).contains("no SSH public key", "olimpus-cli ssh-key");
        String line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ana@laptop";
        java.nio.file.Path pub = tmp.resolve(name + ".pub");
        java.nio.file.Files.writeString(pub, line + "\n");
        Result set = u.run("ssh-key", pub.toString());
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("SSH public key set", line);
        assertThat(u.run("ssh-key", "-o", "json").json().get("sshPublicKey").asText()).isEqualTo(line);
        Result bad = u.runIn("ssh-rsa not-base64!\n", "ssh-key", "-");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("sshPublicKey");
        Result missing = u.run("ssh-key", tmp.resolve("nope.pub").toString());
        assertThat(missing.code()).isEqualTo(Cli.USAGE);
        assertThat(missing.err()).contains("ssh-keygen");
        assertThat(u.run("ssh-key", "--clear").out()).contains("no SSH public key");
        assertThat(u.run("ssh-key", "-o", "json").json().get("sshPublicKey").isNull()).isTrue();
    }

    // ---- catalog ----

    @Test
    void flavorsAreDefinedListedAndDeletedWithConflictsAndMissesExplained() throws Exception {
        User u = admin();
        String name = ServerFixtures.unique("small");
        Result made = u.run("flavor", "create", name, "--vcpus", "1", "--ram", "512", "--disk", "5");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains(name, "512");
        assertThat(u.run("flavor", "list").out()).contains(name);
        JsonNode list = u.run("flavor", "list", "-o", "json").json();
        assertThat(list.findValuesAsText("name")).contains(name);

        Result again = u.run("flavor", "create", name, "--vcpus", "1", "--ram", "512", "--disk", "5");
        assertThat(again.code()).isEqualTo(Cli.INVALID);
        Result bad = u.run("flavor", "create", ServerFixtures.unique("f"), "--vcpus", "0", "--ram", "512", "--disk", "5");
        assertThat(bad.code()).isEqualTo(Cli.INVALID);
        assertThat(bad.err()).contains("field: vcpus");

        assertThat(u.run("flavor", "delete", name).code()).isZero();
        assertThat(u.run("flavor", "delete", name).code()).isEqualTo(Cli.NOT_FOUND);
    }

    @Test
    void imagesAreUploadedWithProgressAndTheirChecksumChecked() throws Exception {
        User u = admin();
        String name = ServerFixtures.unique("img");
        Path disk = ServerFixtures.qcow2(tmp, name + ".qcow2", 300_000);
        Result add = u.run("image", "add", name, disk.toString());
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("100%", ImageCommands.sha256(disk), "(checked)", "qcow2");
        assertThat(u.run("image", "list").out()).contains(name, "qcow2");
        assertThat(u.run("image", "add", name + "x", tmp.resolve("missing.img").toString()).code()).isEqualTo(Cli.USAGE);
        assertThat(u.run("image", "delete", name).code()).isZero();
        assertThat(u.run("image", "delete", name).code()).isEqualTo(Cli.NOT_FOUND);
    }

    @Test
    void zonesShowEachWorkersCapacity() throws Exception {
        String zone = fx.linuxZoneGoingNowhere();
        User u = admin();
        Result list = u.run("zone", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains(zone, "linux", "0/8", "0/16384", "0/200");
        Result show = u.run("zone", "show", zone);
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("127.0.0.1", "0/8");
        assertThat(u.run("zone", "show", "no-such-zone").code()).isEqualTo(Cli.NOT_FOUND);

        String mine = ServerFixtures.unique("golden");
        Result made = u.run("zone", "create", mine, "--platform", "linux");
        assertThat(made.code()).as(made.err()).isZero();
        Result worker = u.run("zone", "add-worker", mine, "worker1", "--address", "10.0.0.11", "--ssh-user", "olimpus",
                "--ssh-key", "worker1_ed25519", "--vcpus", "4", "--ram", "8192", "--disk", "100", "--kvm");
        assertThat(worker.code()).as(worker.err()).isZero();
        assertThat(u.run("zone", "show", mine).out()).contains("worker1", "10.0.0.11", "0/4", "0/8192", "0/100");
        assertThat(u.run("zone", "create", mine, "--platform", "linux").code()).isEqualTo(Cli.INVALID);

        // Settings: shown as a document; replaced from a file; a wrong one names its field.
        Result settings = u.run("zone", "settings", zone);
        assertThat(settings.code()).as(settings.err()).isZero();
        assertThat(settings.json().path("addressPool").asText()).isEqualTo("10.64.0.0/16");
        Path file = Files.writeString(tmp.resolve(mine + ".json"), settings.out().replace("10.64.0.0/16", "10.65.0.0/16"));
        Result put = u.run("zone", "settings", zone, "--file", file.toString());
        assertThat(put.code()).as(put.err()).isZero();
        assertThat(put.out()).contains("10.65.0.0/16");
        Path wrong = Files.writeString(tmp.resolve(mine + "-bad.json"), settings.out().replace("\"10.64.0.0/16\"", "\"nowhere\""));
        Result bad = u.run("zone", "settings", zone, "--file", wrong.toString());
        assertThat(bad.code()).as(bad.err()).isEqualTo(Cli.INVALID);
        assertThat(bad.err()).contains("field:", "addressPool");
        assertThat(u.run("zone", "list", "-o", "yaml").out()).contains("zone:", "name: \"" + zone + "\"");
    }

    // ---- users ----

    @Test
    void usersAreCreatedWithAPasswordShownOnceDisabledEnabledImportedAndDeleted() throws Exception {
        User u = admin();
        String name = ServerFixtures.unique("ana");
        Result made = u.run("user", "create", name);
        assertThat(made.code()).as(made.err()).isZero();
        String password = made.out().replaceAll("(?s).*with password (\\S+) .*", "$1");
        assertThat(password).isNotBlank().doesNotContain(" ");
        new User().loginAs(name, password);
        assertThat(u.run("user", "list").out()).contains(name);

        assertThat(u.run("user", "disable", name).code()).isZero();
        assertThat(new User().runIn(password + "\n", "login", "--server", server.baseUrl(), "-u", name, "--password-stdin").code()).isEqualTo(Cli.AUTH);
        assertThat(u.run("user", "enable", name).code()).isZero();
        new User().loginAs(name, password);

        // A student may not administer users.
        User student = new User().loginAs(name, password);
        assertThat(student.run("user", "list").code()).isEqualTo(Cli.AUTH);

        Result dup = u.run("user", "create", name);
        assertThat(dup.code()).isEqualTo(Cli.INVALID);

        String a = ServerFixtures.unique("r"), b = ServerFixtures.unique("r");
        Path csv = Files.writeString(tmp.resolve(a + ".csv"), "username,password\n" + a + ",\n" + b + ",given-password-1\n");
        Result imp = u.run("user", "import", csv.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out()).contains(a, b, "(given)");
        Path broken = Files.writeString(tmp.resolve(a + "-bad.csv"), "username,role\n" + ServerFixtures.unique("r") + ",emperor\n");
        Result bad = u.run("user", "import", broken.toString());
        assertThat(bad.code()).isEqualTo(Cli.INVALID);
        assertThat(bad.err()).contains("field:");

        assertThat(u.run("user", "delete", name).code()).isZero();
        assertThat(u.run("user", "delete", name).code()).isEqualTo(Cli.NOT_FOUND);
    }

    // ---- slices ----

    @Test
    void aSliceFromAShapeIsListedShownValidatedPlannedExportedAndDeleted() throws Exception {
        String zone = fx.linuxZoneGoingNowhere(), flavor = fx.flavor(), image = fx.image(tmp);
        User u = admin();
        String name = ServerFixtures.unique("ring");
        Result made = u.run("slice", "create", name, "--shape", "ring", "--size", "4", "--flavor", flavor, "--image", image, "--zone", zone);
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains(name, "4 VMs");

        Result list = u.run("slice", "list");
        assertThat(list.out()).contains(name, "DRAFT", zone);
        Result show = u.run("slice", "show", name, "--design");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("vm1", "vm4", "not deployed", "NETWORK");
        JsonNode shown = u.run("slice", "show", name, "-o", "json").json();
        assertThat(shown.path("slice").path("design").path("topology").path("nodes").size()).isEqualTo(4);

        Result valid = u.run("slice", "validate", name);
        assertThat(valid.code()).as(valid.err()).isZero();
        assertThat(valid.out()).contains("No problems");

        Result plan = u.run("slice", "plan", name);
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("CHANGE", "create", "vm1", "vm4", "network");
        assertThat(plan.out().lines().filter(l -> l.startsWith("create") && l.contains(" vm ")).count()).isEqualTo(4);

        Path file = tmp.resolve(name + ".json");
        assertThat(u.run("slice", "export", name, file.toString()).code()).isZero();
        assertThat(Files.readString(file)).contains("olimpus-topology/1", "vm3");
        String copy = name + "b";
        Result fromFile = u.run("slice", "create", copy, "--file", file.toString());
        assertThat(fromFile.code()).as(fromFile.err()).isZero();
        assertThat(u.run("slice", "validate", "--file", file.toString()).code()).isZero();

        // A capture needs -w, and a running slice: a draft is refused with what to do, and no file is made.
        assertThat(u.run("slice", "capture", name, "l1").code()).isEqualTo(Cli.USAGE);
        Path pcap = tmp.resolve(name + ".pcap");
        Result capture = u.run("slice", "capture", name, "l1", "-c", "5", "-w", pcap.toString());
        assertThat(capture.code()).as(capture.err()).isEqualTo(Cli.INVALID);
        assertThat(capture.err()).contains("deploy it first");
        assertThat(pcap).doesNotExist();

        // SSH to a VM: ssh-proxy asks the server, which refuses a draft with what to do; stdout (ssh's stream) stays clean.
        Result proxy = u.run("slice", "ssh-proxy", name, "vm1");
        assertThat(proxy.code()).as(proxy.err()).isEqualTo(Cli.INVALID);
        assertThat(proxy.err()).contains("SSH reaches its VMs only while it runs");
        assertThat(proxy.out()).isEmpty();
        // slice ssh runs the system's ssh (here a stand-in that writes its arguments down) with ssh-proxy as its ProxyCommand.
        Path args = tmp.resolve(name + ".ssh-args");
        Path fakeSsh = tmp.resolve(name + "-ssh.sh");
        Files.writeString(fakeSsh, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > " + args + "\nexit 3\n");
        fakeSsh.toFile().setExecutable(true);
        u.vars.put("OLIMPUS_SSH", fakeSsh.toString());
        Result ssh = u.run("slice", "ssh", name, "vm2", "--", "-v", "uptime");
        assertThat(ssh.code()).as("ssh's own exit code: %s", ssh.err()).isEqualTo(3);
        long id = shown.path("slice").path("id").asLong();
        List<String> argv = Files.readAllLines(args);
        assertThat(argv.get(0)).isEqualTo("-o");
        assertThat(argv.get(1)).startsWith("ProxyCommand=").endsWith(" '--server' '" + server.baseUrl() + "' '--lang' 'en' 'slice' 'ssh-proxy' '" + id + "' 'vm2'");
        assertThat(argv.subList(2, argv.size())).containsExactly("-o", "HostKeyAlias=olimpus-" + id + "-vm2",
                "-o", "UserKnownHostsFile=" + u.config.resolve("known_hosts"), "-o", "StrictHostKeyChecking=accept-new",
                "olimpus-" + id + "-vm2", "-v", "uptime");
        Result asUser = u.run("slice", "ssh", name, "vm2", "-l", "alice");
        assertThat(asUser.code()).isEqualTo(3);
        assertThat(Files.readAllLines(args)).containsSubsequence("-l", "alice", "olimpus-" + id + "-vm2");
        assertThat(u.run("slice", "ssh", name, "vm9").code()).isEqualTo(Cli.NOT_FOUND);
        u.vars.put("OLIMPUS_SSH", tmp.resolve("no-such-ssh").toString());
        Result noSsh = u.run("slice", "ssh", name, "vm2", "--lang", "es");
        assertThat(noSsh.code()).isEqualTo(Cli.FAILED);
        assertThat(noSsh.err()).contains("instale el cliente de OpenSSH");
        u.vars.remove("OLIMPUS_SSH");

        assertThat(u.run("slice", "delete", copy).code()).isZero();
        assertThat(u.run("slice", "delete", name).code()).isZero();
        assertThat(u.run("slice", "show", name).code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(u.run("slice", "show", "999999").code()).isEqualTo(Cli.NOT_FOUND);
    }

    @Test
    void everyShapeIsMadeByTheSharedGenerators() throws Exception {
        String flavor = fx.flavor(), image = fx.image(tmp);
        User u = admin();
        for (String[] s : new String[][]{{"mesh", "3"}, {"linear", "3"}, {"star", "4"}, {"bus", "3"}}) {
            String name = ServerFixtures.unique(s[0]);
            Result r = u.run("slice", "create", name, "--shape", s[0], "--size", s[1], "--flavor", flavor, "--image", image);
            assertThat(r.code()).as(s[0] + ": " + r.err()).isZero();
            assertThat(r.out()).contains(s[1] + " VMs");
        }
        Result tree = u.run("slice", "create", ServerFixtures.unique("tree"), "--shape", "tree", "--depth", "1", "--fanout", "3",
                "--flavor", flavor, "--image", image);
        assertThat(tree.code()).as(tree.err()).isZero();
        assertThat(tree.out()).contains("4 VMs");
        assertThat(u.run("slice", "create", "x", "--shape", "blob", "--size", "3").code()).isEqualTo(Cli.USAGE);
    }

    @Test
    void theCourseToolsFileIsImported() throws Exception {
        String image = fx.image(tmp);
        fx.flavor();  // 1 vCPU, 256 MB, 1 GB: the smallest covering each VM's sizes
        User u = admin();
        String name = ServerFixtures.unique("curso");
        Path file = Files.writeString(tmp.resolve(name + ".json"), """
                {"nombre": "%s", "AZ": "", "vms": [
                  {"nombre": "a", "ram": 256, "cpu": 1, "disk": 1, "imagen": "%s"},
                  {"nombre": "b", "ram": 256, "cpu": 1, "disk": 1, "imagen": "%s"},
                  {"nombre": "VM c", "ram": 256, "cpu": 1, "disk": 1, "imagen": "%s"}],
                 "enlaces": [["a", "b"], ["b", "VM c"]]}
                """.formatted(name, image, image, image));
        Result r = u.run("slice", "create", "--file", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(name, "3 VMs");
        assertThat(r.err()).contains("renamed");
        assertThat(u.run("slice", "show", name).out()).contains("vm-c");
    }

    @Test
    void aBrokenCourseFileGetsEveryProblemAtOnceInTheUsersLanguage() throws Exception {
        Path file = Files.writeString(tmp.resolve("roto.json"), """
                {"nombre": "roto", "AZ": "Golden Zone", "vms": [
                  {"nombre": "vm1", "cpu": "1", "capacidad": "512MB", "disk": "1", "imagen": "cirros"},
                  {"nombre": "vm2", "cpu": "1", "capacidad": "512MB", "disk": "1", "imagen": "cirros"},
                  {"nombre": "vm3", "cpu": "1", "capacidad": "512MB", "disk": "1"}],
                 "enlaces": [["vm1", "sw1"], ["vm1", "vm2"], ["vm2", "vm3"], ["vm2", "vm1"]]}
                """);
        User u = new User();
        Result en = u.run("slice", "validate", "--file", file.toString());
        assertThat(en.code()).isEqualTo(Cli.INVALID);
        assertThat(en.err()).contains("roto.json has 3 problems",
                "  - VM vm3 has no image (\"imagen\"); choose one after importing",
                "  - link 1 names sw1, which the file does not define",
                "  - link 4 joins vm2 and vm1 again, as link 2 already does");
        Result es = u.run("slice", "validate", "--file", file.toString(), "--lang", "es");
        assertThat(es.code()).isEqualTo(Cli.INVALID);
        assertThat(es.err()).contains("roto.json tiene 3 problemas", "el enlace 1 nombra sw1, que el fichero no define",
                "el enlace 4 vuelve a unir vm2 y vm1, como ya hace el enlace 2", "la VM vm3 no tiene imagen");
        assertThat(en.err()).as("the way out is told").contains("--import-valid");

        // Issue 16: the CLI imports the valid part, as the designer does, telling what it left out.
        Result valid = u.run("slice", "validate", "--file", file.toString(), "--import-valid");
        assertThat(valid.err()).contains("note: left out: link 1 names sw1, which the file does not define",
                "note: left out: link 4 joins vm2 and vm1 again, as link 2 already does");
        assertThat(valid.out()).doesNotContain("DANGLING_LINK").doesNotContain("DUPLICATE_LINK");
        String image = fx.image(tmp);
        fx.flavor();
        User a = admin();
        String name = ServerFixtures.unique("roto");
        Path broken = Files.writeString(tmp.resolve(name + ".json"), """
                {"nombre": "%s", "AZ": "", "vms": [
                  {"nombre": "vm1", "ram": 256, "cpu": 1, "disk": 1, "imagen": "%s"},
                  {"nombre": "vm2", "ram": 256, "cpu": 1, "disk": 1, "imagen": "%s"}],
                 "enlaces": [["vm1", "sw1"], ["vm1", "vm2"]]}
                """.formatted(name, image, image));
        assertThat(a.run("slice", "create", "--file", broken.toString()).code()).as("without the flag nothing is created").isEqualTo(Cli.INVALID);
        Result created = a.run("slice", "create", "--file", broken.toString(), "--import-valid");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.err()).contains("left out: link 1 names sw1, which the file does not define");
        assertThat(created.out()).contains(name, "2 VMs");
    }

    @Test
    void labsOfOtherToolsAreExportedAndImportedWithTheirReport() throws Exception {
        String flavor = fx.flavor(), image = fx.image(tmp);
        User u = admin();
        String name = ServerFixtures.unique("lab");
        assertThat(u.run("slice", "create", name, "--shape", "star", "--size", "3", "--flavor", flavor, "--image", image).code()).isZero();

        for (String[] f : new String[][]{{"clab", ".clab.yml", "topology:"}, {"gns3", ".gns3", "\"revision\""}, {"netlab", ".yml", "nodes:"},
                {"hot", ".hot.yaml", "heat_template_version"}}) {
            Path file = tmp.resolve(name + f[1]);
            Result out = u.run("slice", "export", name, file.toString(), "--format", f[0]);
            assertThat(out.code()).as(f[0] + ": " + out.err()).isZero();
            assertThat(Files.readString(file)).as(f[0]).contains(f[2]);
            if (f[0].equals("hot")) continue;   // Heat templates are written, not read
            String copy = ServerFixtures.unique("back");
            Result in = u.run("slice", "create", copy, "--file", file.toString(), "--flavor", flavor);
            assertThat(in.code()).as(f[0] + " back: " + in.err()).isZero();
            assertThat(in.out()).as(f[0]).contains("3 VMs");
            JsonNode back = u.run("slice", "show", copy, "-o", "json").json().path("slice").path("design").path("topology");
            assertThat(back.path("nodes").size()).as(f[0] + ": 3 VMs and the switch").isEqualTo(4);
        }
        Result unknown = u.run("slice", "export", name, tmp.resolve("x").toString(), "--format", "visio");
        assertThat(unknown.code()).isEqualTo(Cli.USAGE);
        assertThat(unknown.err()).contains("visio", "clab");

        Path bad = Files.writeString(tmp.resolve("bad.clab.yml"), "name: bad\ntopology:\n  nodes: {a: {kind: linux}}\n  links: [{endpoints: [\"a:eth1\", \"b:eth1\"]}]\n");
        Result refused = u.run("slice", "create", "--file", bad.toString());
        assertThat(refused.code()).isEqualTo(Cli.INVALID);
        assertThat(refused.err()).contains("bad.clab.yml", "'b'");
    }

    @Test
    void aBadDesignIsRefusedWithEveryProblemAndABrokenFileNamesItsField() throws Exception {
        User u = admin();
        Result r = u.run("slice", "create", ServerFixtures.unique("bad"), "--shape", "ring", "--size", "3", "--flavor", "no-such-flavor",
                "--image", "no-such-image");
        assertThat(r.code()).isEqualTo(Cli.INVALID);
        assertThat(r.err()).contains("UNKNOWN_FLAVOR", "no-such-flavor");

        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"format\": \"olimpus-topology/1\", \"topology\": {\"name\": \"x\", \"nodes\": 3}}");
        Result file = u.run("slice", "create", "--file", broken.toString());
        assertThat(file.code()).isEqualTo(Cli.INVALID);
        assertThat(file.err()).contains("topology.nodes");
        assertThat(u.run("slice", "validate", "--file", broken.toString()).code()).isEqualTo(Cli.INVALID);
    }

    @Test
    void deployWaitStreamsTheJobToItsRollbackAndExitsNonZero() throws Exception {
        String zone = fx.linuxZoneGoingNowhere(), flavor = fx.flavor(), image = fx.image(tmp);
        User u = admin();
        String name = ServerFixtures.unique("dep");
        assertThat(u.run("slice", "create", name, "--shape", "ring", "--size", "3", "--flavor", flavor, "--image", image, "--zone", zone).code()).isZero();
        Result r = u.run("slice", "deploy", name, "--wait", "--timeout", "120s");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Cli.FAILED);
        // The events came over the job's stream, ending with its Finished (this zone fails before any progress).
        assertThat(r.out()).contains("Following the deploy of " + name, "deploy of " + name + ": ROLLED_BACK", "nothing was created");
        Result failed = u.run("slice", "show", name);
        assertThat(failed.code()).as(failed.err()).isZero();
        assertThat(failed.out()).contains("FAILED", "vm1", "vm3");

        // Without --wait: the job is started and its id printed; a second deploy while it runs, or
        // any later one, ends the same way; JSON mode prints the outcome for scripts.
        Result json = u.run("slice", "deploy", name, "--wait", "-o", "json");
        assertThat(json.code()).as(json.err()).isEqualTo(Cli.FAILED);
        assertThat(json.json().path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(json.err()).contains("Following the deploy");
        Result quick = u.run("slice", "deploy", name, "--wait", "--timeout", "soon");
        assertThat(quick.code()).isEqualTo(Cli.USAGE);

        Result plain = u.run("slice", "undeploy", name);
        assertThat(plain.code()).as(plain.err()).isIn(Cli.OK, Cli.INVALID);
    }

    @Test
    void powerAndConsoleNameWhatIsWrong() throws Exception {
        String flavor = fx.flavor(), image = fx.image(tmp);
        User u = admin();
        String name = ServerFixtures.unique("pw");
        assertThat(u.run("slice", "create", name, "--shape", "linear", "--size", "2", "--flavor", flavor, "--image", image).code()).isZero();
        assertThat(u.run("slice", "power", name, "vm1", "explode").code()).isEqualTo(Cli.USAGE);
        assertThat(u.run("slice", "power", "no-such-slice", "vm1", "stop").code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(u.run("slice", "console", name, "vm9").code()).isIn(Cli.NOT_FOUND, Cli.INVALID);
        Result power = u.run("slice", "power", name, "vm1", "stop");
        assertThat(power.code()).as(power.err()).isIn(Cli.INVALID, Cli.NOT_FOUND);
        assertThat(power.err()).isNotBlank();
    }

    // ---- courses (issue 15) ----

    static User instructor() throws Exception {
        String name = ServerFixtures.unique("prof");
        admin.createUser(new Wire.NewUser(name, "prof-secret-1", "instructor", null, null, null));
        return new User().loginAs(name, "prof-secret-1");
    }

    @Test
    void anInstructorRunsACourseFromTheCommandLine() throws Exception {
        String zone = admin.createZone(new Wire.NewZone(ServerFixtures.unique("zone"), "linux", null)).name();
        User prof = instructor();
        String course = ServerFixtures.unique("redes");
        Result made = prof.run("course", "create", course, "--zone", zone, "--max-vms", "3");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("Created course " + course, "roster import");
        assertThat(prof.run("course", "list").out()).contains(course, zone);

        String a = ServerFixtures.unique("st"), b = ServerFixtures.unique("st"), c = ServerFixtures.unique("st");
        Path bad = Files.writeString(tmp.resolve(course + "-bad.csv"), "username,email\n" + a + ",ok@example.org\nNo Good,x@example.org\n" + b + ",nope\n");
        Result refused = prof.run("course", "roster", "import", course, bad.toString());
        assertThat(refused.code()).isEqualTo(Cli.INVALID);
        assertThat(refused.err()).contains("line 3", "line 4");

        Path csv = Files.writeString(tmp.resolve(course + ".csv"), "username,email\n" + a + "," + a + "@example.org\n" + b + ",\n");
        Result imp = prof.run("course", "roster", "import", course, csv.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out()).contains(a, b, "2 students created");

        admin.createUser(new Wire.NewUser(c, "student-secret-1", "user", null, null, null));
        assertThat(prof.run("course", "roster", "enrol", course, c).out()).contains("3 students");
        assertThat(prof.run("course", "roster", "remove", course, b).code()).isZero();
        assertThat(prof.run("course", "roster", "list", course).out()).contains(a, c).doesNotContain(b);
        assertThat(prof.run("-o", "json", "course", "show", course).json().path("students").size()).isEqualTo(2);

        Path sheet = tmp.resolve(course + "-sheet.csv");
        Result saved = prof.run("course", "credentials", course, "--out", sheet.toString());
        assertThat(saved.code()).as(saved.err()).isZero();
        assertThat(Files.readString(sheet)).startsWith("username,password\n").contains(a);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sheet))).isEqualTo("rw-------");
        assertThat(prof.run("course", "credentials", course, "--out", sheet.toString()).code()).isEqualTo(Cli.USAGE);
        Path second = tmp.resolve(course + "-again.csv");
        assertThat(prof.run("course", "credentials", course, "--out", second.toString()).code()).isEqualTo(Cli.INVALID);
        assertThat(second).doesNotExist();

        // A student sees the course but cannot manage it.
        User student = new User().loginAs(c, "student-secret-1");
        assertThat(student.run("course", "list").out()).contains(course);
        assertThat(student.run("course", "roster", "list", course).code()).isEqualTo(Cli.AUTH);

        // Handed over to a colleague: a student cannot take it, the colleague then runs (and deletes) it, the former owner no longer sees it.
        Result toStudent = prof.run("course", "transfer", course, c);
        assertThat(toStudent.code()).isEqualTo(Cli.INVALID);
        assertThat(toStudent.err()).contains("is a student");
        String other = ServerFixtures.unique("prof");
        admin.createUser(new Wire.NewUser(other, "prof-secret-1", "instructor", null, null, null));
        User colleague = new User().loginAs(other, "prof-secret-1");
        Result moved = prof.run("course", "transfer", course, other);
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.out()).contains("handed over", other);
        assertThat(prof.run("course", "show", course).code()).isEqualTo(Cli.NOT_FOUND);
        assertThat(colleague.run("course", "list").out()).contains(course, other);

        assertThat(colleague.run("course", "delete", course).code()).isZero();
        assertThat(colleague.run("course", "show", course).code()).isEqualTo(Cli.NOT_FOUND);
    }

    @Test
    void anInstructorRunsALabFromTheCommandLine() throws Exception {
        String zone = fx.linuxZoneGoingNowhere(), flavor = fx.flavor(), image = fx.image(tmp);
        User prof = instructor();
        String course = ServerFixtures.unique("lab");
        assertThat(prof.run("course", "create", course, "--zone", zone, "--max-vms", "4").code()).isZero();
        String s1 = ServerFixtures.unique("stu"), s2 = ServerFixtures.unique("stu");
        Path roster = Files.writeString(tmp.resolve(course + ".csv"), "username\n" + s1 + "\n" + s2 + "\n");
        assertThat(prof.run("course", "roster", "import", course, roster.toString()).code()).isZero();
        Path design = Files.writeString(tmp.resolve(course + ".json"),
                io.olimpus.model.file.TopologyFile.write(ServerFixtures.ring("net1", zone, 3, flavor, image)));

        Result badTime = prof.run("lab", "publish", course, "net1", "--file", design.toString(), "--opens", "tomorrow");
        assertThat(badTime.code()).isEqualTo(Cli.USAGE);
        assertThat(badTime.err()).contains("--opens", "ISO-8601", "tomorrow");

        Result published = prof.run("lab", "publish", course, "net1", "--file", design.toString(), "--deploy-at-open", "true",
                "--idle-minutes", "30", "--students-may-edit", "false");
        assertThat(published.code()).as(published.err()).isZero();
        assertThat(published.out()).contains("Published lab net1", "olimpus lab forecast");
        String lab = prof.run("-o", "json", "lab", "list", course).json().get(0).path("id").asText();
        assertThat(prof.run("lab", "list", course).out()).contains("net1", "PUBLISHED", "by hand");

        Result fits = prof.run("lab", "forecast", lab);
        assertThat(fits.code()).as(fits.out() + fits.err()).isZero();
        assertThat(fits.out()).contains("2 students");
        assertThat(prof.run("lab", "forecast", lab, "--students", "1000").code()).isEqualTo(Cli.INVALID);

        // Assigning answers at once (--no-wait) or, by default, waits until every copy is made.
        assertThat(prof.run("lab", "assign", lab, "--no-wait").out()).contains("Assigning lab " + lab + " in the background", "--follow");
        Result assigned = prof.run("lab", "assign", lab, "--timeout", "5m");
        assertThat(assigned.code()).as(assigned.err()).isZero();
        assertThat(assigned.out()).contains(s1, s2, "DRAFT");

        // The zone's headnode answers nowhere: both copies fail. `lab open` waits by default, with the
        // counts as they change, and fails when a copy failed; --follow ends when nothing is in progress.
        Result opened = prof.run("lab", "open", lab, "--timeout", "5m");
        assertThat(opened.code()).as(opened.err()).isEqualTo(Cli.FAILED);
        assertThat(opened.out()).contains(s1, s2, "FAILED");
        assertThat(opened.err()).contains("Opening lab " + lab, "--no-wait");
        Result board = prof.run("lab", "board", lab, "--follow", "--timeout", "5m");
        assertThat(board.code()).as(board.err()).isEqualTo(Cli.FAILED);
        assertThat(board.out()).contains(s1, s2, "FAILED");

        assertThat(prof.run("lab", "reset", lab).code()).isEqualTo(Cli.USAGE);
        assertThat(prof.run("lab", "reset", lab, "--student", s1).out()).contains("Resetting " + s1);
        assertThat(prof.run("lab", "board", lab, "--follow", "--timeout", "5m").out()).contains(s1, s2);
        assertThat(prof.run("lab", "close", lab).out()).contains("Closing lab " + lab);

        // Another instructor cannot run this course's lab.
        User other = instructor();
        assertThat(other.run("lab", "open", lab).code()).isIn(Cli.NOT_FOUND, Cli.AUTH);
    }

    // ---- ssh ----

    @Test
    void sshsProxyCommandIsQuotedForTheShellAndTheLoginFollowsTheImage() {
        List<String> argv = SliceCommands.sshCommand("ssh", List.of("/opt/my %dir/it's/olimpus-cli"), "https://o.example", 7, "vm1",
                "debian", Path.of("/home/a/.config/olimpus/known_hosts"), List.of("hostname"), false);
        assertThat(argv).containsExactly("ssh",
                "-o", "ProxyCommand='/opt/my %%dir/it'\\''s/olimpus-cli' '--server' 'https://o.example' '--lang' 'en' 'slice' 'ssh-proxy' '7' 'vm1'",
                "-o", "HostKeyAlias=olimpus-7-vm1", "-o", "UserKnownHostsFile=/home/a/.config/olimpus/known_hosts",
                "-o", "StrictHostKeyChecking=accept-new", "-l", "debian", "olimpus-7-vm1", "hostname");
        // Windows' OpenSSH hands the line to the program as it is: double quotes there.
        assertThat(SliceCommands.sshCommand("ssh.exe", List.of("C:\\Program Files\\java.exe", "-cp", "a;b", "io.olimpus.cli.Main"), "http://h:8000", 7, "vm1",
                null, Path.of("known_hosts"), List.of(), true).get(2))
                .isEqualTo("ProxyCommand=\"C:\\Program Files\\java.exe\" \"-cp\" \"a;b\" \"io.olimpus.cli.Main\" \"--server\" \"http://h:8000\" \"--lang\" \"en\" \"slice\" \"ssh-proxy\" \"7\" \"vm1\"");
        assertThat(SliceCommands.defaultLogin("debian-12-genericcloud")).isEqualTo("debian");
        assertThat(SliceCommands.defaultLogin("Ubuntu-24.04")).isEqualTo("ubuntu");
        assertThat(SliceCommands.defaultLogin("cirros")).isEqualTo("cirros");
        assertThat(SliceCommands.defaultLogin("guest")).isNull();
        assertThat(SliceCommands.defaultLogin(null)).isNull();
    }

    /**
     * ssh-proxy against a stand-in server: the slice is looked up, then ssh's bytes go over the VM's
     * ssh WebSocket both ways until the server closes it; a close that says why (the VM refused)
     * or a refused upgrade is said on stderr and ends non-zero, with nothing on stdout.
     */
    @Test
    void sshProxyPipesItsStandardStreamsOverTheVmsSshSocket() throws Exception {
        try (okhttp3.mockwebserver.MockWebServer mock = new okhttp3.mockwebserver.MockWebServer()) {
            mock.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
                @Override
                public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
                    String path = String.valueOf(r.getPath());
                    var json = new okhttp3.mockwebserver.MockResponse().setHeader("Content-Type", "application/json");
                    switch (path) {
                        case "/api/v1/auth/me": return json.setBody("{\"id\":5,\"username\":\"ana\",\"role\":\"user\"}");
                        case "/api/v1/slices/7": return json.setBody("{\"id\":7,\"owner\":\"ana\",\"name\":\"lab\",\"status\":\"RUNNING\"}");
                        case "/api/v1/slices/7/vms/vm1/ssh": return new okhttp3.mockwebserver.MockResponse().withWebSocketUpgrade(new okhttp3.WebSocketListener() {
                            @Override public void onOpen(okhttp3.WebSocket ws, okhttp3.Response response) { ws.send(okio.ByteString.encodeUtf8("SSH-2.0-OpenSSH_9.2\r\n")); }

                            @Override
                            public void onMessage(okhttp3.WebSocket ws, okio.ByteString bytes) {
                                ws.send(okio.ByteString.encodeUtf8("got:" + bytes.utf8()));
                                if (bytes.utf8().contains("bye")) ws.close(1000, "the VM's SSH connection closed");
                            }

                            @Override public void onClosing(okhttp3.WebSocket ws, int code, String reason) { ws.close(1000, null); }
                        });
                        case "/api/v1/slices/7/vms/vm2/ssh": return new okhttp3.mockwebserver.MockResponse().withWebSocketUpgrade(new okhttp3.WebSocketListener() {
                            @Override public void onOpen(okhttp3.WebSocket ws, okhttp3.Response response) {
                                ws.close(4502, "VM 'vm2' refused SSH: no SSH server running (yet?); retry soon, or use its serial console");
                            }

                            @Override public void onClosing(okhttp3.WebSocket ws, int code, String reason) { ws.close(1000, null); }
                        });
                        case "/api/v1/slices/7/vms/vm3/ssh": return new okhttp3.mockwebserver.MockResponse().setResponseCode(409)
                                .setHeader("Content-Type", "application/problem+json")
                                .setBody("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"field\":\"vm\","
                                        + "\"detail\":\"zone 'cloud' does not relay SSH to its VMs (Linux zones do): give the VM internet access so it gets a floating IP\"}");
                        default: return new okhttp3.mockwebserver.MockResponse().setResponseCode(404);
                    }
                }
            });
            User u = new User();
            u.vars.put("OLIMPUS_TOKEN", "a-token");
            String base = mock.url("/").toString();

            Result piped = u.runIn("hello bye", "--server", base, "slice", "ssh-proxy", "7", "vm1");
            assertThat(piped.code()).as(piped.err()).isZero();
            assertThat(piped.out()).isEqualTo("SSH-2.0-OpenSSH_9.2\r\ngot:hello bye");
            assertThat(piped.err()).isEmpty();

            Result refused = u.run("--server", base, "slice", "ssh-proxy", "7", "vm2");
            assertThat(refused.code()).isEqualTo(Cli.FAILED);
            assertThat(refused.err()).contains("SSH to vm2 ended: VM 'vm2' refused SSH", "serial console");
            assertThat(refused.out()).isEmpty();

            Result cloud = u.run("--server", base, "slice", "ssh-proxy", "7", "vm3", "--lang", "es");
            assertThat(cloud.code()).isEqualTo(Cli.INVALID);
            assertThat(cloud.err()).contains("floating IP");
            assertThat(cloud.out()).isEmpty();
        }
    }

    /**
     * The whole chain with the system's ssh: slice ssh runs it with this program's ssh-proxy as its
     * ProxyCommand (a JVM of its own, which finds the login through the environment ssh passes on),
     * the proxy carries ssh's bytes over a stand-in server's ssh WebSocket, which joins them to a real
     * OpenSSH server on loopback, and the remote command runs there with the key given after --.
     */
    @Test
    void sliceSshLogsInThroughTheProxyWithTheSystemsSsh() throws Exception {
        Path sshdBin = Path.of("/usr/sbin/sshd");
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(sshdBin) || !Files.isExecutable(Path.of("/usr/bin/ssh"))) {
            if (ci) throw new IllegalStateException("sshd or ssh is missing in CI: ./olimpus test installs openssh-server");
            org.junit.jupiter.api.Assumptions.abort("SKIPPED: OpenSSH's sshd and ssh are not installed (apt-get install openssh-server)");
        }
        Path dir = Files.createTempDirectory(tmp, "sshd");
        Path hostKey = dir.resolve("host_ed25519"), clientKey = dir.resolve("client_ed25519");
        for (Path k : List.of(hostKey, clientKey))
            assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k.toString()).inheritIO().start().waitFor()).isZero();
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { port = free.getLocalPort(); }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n", "ListenAddress 127.0.0.1:" + port, "HostKey " + hostKey,
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PidFile " + dir.resolve("sshd.pid"), "StrictModes no", "UsePAM no",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password", ""));
        Files.createDirectories(Path.of("/run/sshd"));
        Process sshd = new ProcessBuilder(sshdBin.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        String design = "{\"format\":\"olimpus-topology/1\",\"topology\":{\"name\":\"lab\",\"nodes\":[{\"id\":\"n1\",\"name\":\"vm1\","
                + "\"kind\":\"vm\",\"flavor\":\"small\",\"image\":\"guest\"}],\"links\":[]}}";
        try (okhttp3.mockwebserver.MockWebServer mock = new okhttp3.mockwebserver.MockWebServer()) {
            for (long until = System.currentTimeMillis() + 10_000; ; Thread.sleep(100)) {
                try (java.net.Socket probe = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) { break; }
                catch (IOException e) { if (System.currentTimeMillis() > until) throw new AssertionError("sshd did not start: " + Files.readString(dir.resolve("sshd.log"))); }
            }
            mock.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
                @Override
                public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
                    var json = new okhttp3.mockwebserver.MockResponse().setHeader("Content-Type", "application/json");
                    switch (String.valueOf(r.getPath())) {
                        case "/api/v1/auth/me": return json.setBody("{\"id\":5,\"username\":\"ana\",\"role\":\"user\"}");
                        case "/api/v1/slices/7": return json.setBody("{\"id\":7,\"owner\":\"ana\",\"name\":\"lab\",\"status\":\"RUNNING\",\"design\":" + design + "}");
                        case "/api/v1/slices/7/vms/vm1/ssh": return new okhttp3.mockwebserver.MockResponse().withWebSocketUpgrade(new TcpJoin(port));
                        default: return new okhttp3.mockwebserver.MockResponse().setResponseCode(404);
                    }
                }
            });
            User u = new User();
            u.vars.put("OLIMPUS_TOKEN", "a-token");
            Path marker = dir.resolve("ran");
            Result r = u.run("--server", mock.url("/").toString(), "slice", "ssh", "7", "vm1", "-l", System.getProperty("user.name"),
                    "--", "-i", clientKey.toString(), "-o", "BatchMode=yes", "echo through-the-proxy-$((6*7)) > " + marker);
            assertThat(r.code()).as("ssh's exit code; sshd said: %s", Files.readString(dir.resolve("sshd.log"))).isZero();
            assertThat(Files.readString(marker)).isEqualTo("through-the-proxy-42\n");
            // The VM's host key was kept under the VM's own name, in the CLI's own known_hosts.
            // (hashed or not, as the system's ssh_config says: ssh-keygen -F finds it either way)
            assertThat(new ProcessBuilder("ssh-keygen", "-F", "olimpus-7-vm1", "-f", u.config.resolve("known_hosts").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("found").toFile()).start().waitFor()).isZero();
            assertThat(Files.readString(dir.resolve("found"))).contains("ssh-ed25519");
        } finally {
            sshd.destroy();
            sshd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** A stand-in for the server's relay: the WebSocket's bytes to and from a TCP port. */
    static final class TcpJoin extends okhttp3.WebSocketListener {
        private final int port;
        private java.net.Socket socket;

        TcpJoin(int port) { this.port = port; }

        @Override
        public synchronized void onOpen(okhttp3.WebSocket ws, okhttp3.Response response) {
            try {
                socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                ws.close(4502, "refused");
                return;
            }
            java.net.Socket s = socket;
            Thread pump = new Thread(() -> {
                byte[] buf = new byte[32 * 1024];
                try {
                    int n;
                    while ((n = s.getInputStream().read(buf)) > 0) ws.send(okio.ByteString.of(buf, 0, n));
                } catch (IOException ignored) { /* closed below */ }
                ws.close(1000, "the VM's SSH connection closed");
            }, "tcp-join");
            pump.setDaemon(true);
            pump.start();
        }

        @Override
        public synchronized void onMessage(okhttp3.WebSocket ws, okio.ByteString bytes) {
            try {
                socket.getOutputStream().write(bytes.toByteArray());
            } catch (IOException e) {
                ws.close(1000, null);
            }
        }

        @Override
        public void onClosing(okhttp3.WebSocket ws, int code, String reason) {
            ws.close(1000, null);
            try { socket.close(); } catch (IOException ignored) { /* closing anyway */ }
        }
    }
}
