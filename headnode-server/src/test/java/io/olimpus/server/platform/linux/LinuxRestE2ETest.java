package io.olimpus.server.platform.linux;

import io.olimpus.server.testbed.LinuxBed;
import io.olimpus.server.testbed.Command;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.server.api.ApiClient;
import io.olimpus.server.api.Fixtures;
import io.olimpus.server.api.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path a student takes, through the server's REST API against the Linux test bed: an
 * admin sets up the catalog and the zone, students store slices, deploy them (following progress
 * as server-sent events), use, edit, stop and start VMs, and undeploy; plus the server killed in
 * the middle of a deploy.
 */
@Tag("e2e")
@LinuxBed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxRestE2ETest {
    static final String ZONE = "bed";
    static LinuxTestBed bed;
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;
    /** Where the server mails the one-time passwords of the students a roster creates (the class's lab). */
    static io.olimpus.server.mail.TestSmtpServer smtp;

    @BeforeAll
    static void up() throws Exception {
        bed = LinuxTestBed.up();
        // Open vSwitch here; the driver's own e2e covers Linux bridges.
        LinuxClusterDriverE2ETest.bed = bed;
        LinuxClusterDriverE2ETest.ovsBase(true);
        smtp = new io.olimpus.server.mail.TestSmtpServer();
        server = TestServer.start(io.olimpus.server.api.Store.H2, c -> c.withSmtp(smtp.settings()));
        api = server.client;
        fx = new Fixtures(api);
        setUpCloud(api, fx.admin, server.dataDir);
    }

    /** Slices a failed test may have left deployed: removed before the bed goes down, so the next run starts clean. */
    static final List<long[]> deployed = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void down() throws Exception {
        if (server != null) {
            for (long[] s : deployed) {
                var r = api.post("/slices/" + s[0] + "/undeploy", fx.admin, Map.of());
                if (r.status() == 202) follow(api, fx.admin, r.json().get("id").asLong());
            }
            server.close();
        }
        if (smtp != null) smtp.close();
        if (bed != null) {
            LinuxClusterDriverE2ETest.ovsBase(false);
            LinuxClusterDriverE2ETest.bed = null;
            bed.down();
        }
    }

    /** After every test the zone's leftover report, as an admin reads it, is empty; a student may not read it. */
    @org.junit.jupiter.api.AfterEach
    void theZoneHoldsNothingNoSliceOwns() {
        if (server == null || api.get("/zones/" + ZONE, fx.admin).status() != 200) return;
        JsonNode report = ok(api.get("/zones/" + ZONE + "/leftovers", fx.admin), 200).json();
        assertThat(report.get("platform").asText()).isEqualTo("linux");
        assertThat(report.get("items")).as("leftovers: %s", report).isEmpty();
        ok(api.get("/zones/" + ZONE + "/leftovers", fx.user(Fixtures.unique("lnosy")).token()), 403);
    }

    /**
     * A slice the server never recorded (deployed by the driver itself, as a crash between the
     * platform and the database would leave it) and a VM folder with no marker are reported with
     * their hosts; DELETE removes them, and nothing of them is left on any host.
     */
    @Test
    @Order(10)
    void whatNoSliceOwnsIsReportedAndCleanedUp() throws Exception {
        var pair = io.olimpus.model.shape.ShapeGenerator.generate("stray", io.olimpus.model.shape.Shape.linear(2).withVm(LinuxClusterDriverE2ETest.GUEST));
        var plan = LinuxClusterDriverE2ETest.plan("stray-e2e", pair, new io.olimpus.server.engine.plan.ClusterAllocations(java.util.Set.of(), java.util.Set.of(), List.of()));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (var ssh = new io.olimpus.server.platform.linux.ssh.SshSessions(bed.knownHosts(), bed.privateKey(), java.time.Duration.ofSeconds(15))) {
            var driver = new LinuxClusterDriver(bed.zone(DataPlane.OVS), ssh, bed.guestImage());
            var ctx = new io.olimpus.server.engine.driver.SliceContext("stray-e2e", "stray", plan);
            var outcome = new io.olimpus.server.engine.apply.DeploymentRunner(pool, java.time.Duration.ofSeconds(180), java.time.Duration.ofMillis(500))
                    .apply(ctx, null, io.olimpus.server.engine.plan.PlanDiff.between(null, plan), driver, new io.olimpus.server.engine.apply.MemoryJournal(), e -> {});
            assertThat(outcome).isEqualTo(io.olimpus.server.engine.apply.JobOutcome.SUCCEEDED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(bed.onHost("worker1", "mkdir", "-p", bed.stateRoot("worker1") + "/vms/gone7--vm1").code()).isZero();

        JsonNode found = ok(api.get("/zones/" + ZONE + "/leftovers", fx.admin), 200).json();
        assertThat(found.get("items").findValuesAsText("name")).contains("stray-e2e--vm1", "stray-e2e--vm2", "gone7--vm1");
        assertThat(found.get("items").findValuesAsText("kind")).contains("linux.vm", "linux.tap", "linux.lease", "linux.dhcp", "linux.segment");
        assertThat(found.get("items").findValuesAsText("container")).contains("headnode", "worker1");
        assertThat(found.get("items").findValuesAsText("reason")).contains("slice gone7 has no record on this server; a VM folder with no marker");

        JsonNode cleaned = ok(api.delete("/zones/" + ZONE + "/leftovers", fx.admin), 200).json();
        assertThat(cleaned.get("failures")).as("%s", cleaned).isEmpty();
        assertThat(cleaned.get("removed").findValuesAsText("name")).contains("stray-e2e--vm1", "stray-e2e--vm2", "gone7--vm1");
        assertThat(cleaned.get("items")).as("%s", cleaned).isEmpty();
        for (String host : List.of("headnode", "worker1", "worker2", "worker3")) {
            assertThat(bed.onHost(host, "ps", "-eo", "args").output()).as("%s processes", host).doesNotContain("-name stray-e2e--");
            assertThat(bed.onHost(host, "sh", "-c", "ls " + bed.stateRoot(host) + "/vms " + bed.stateRoot(host) + "/slices 2>/dev/null || true").output())
                    .as("%s state folders", host).doesNotContain("stray-e2e").doesNotContain("gone7");
        }
        String links = bed.onHost("headnode", "ip", "-o", "link", "show").output();
        for (var n : plan.networks()) assertThat(links).as("the headnode's leg of the stray network").doesNotContain(" " + LinuxNames.ovsLeg(n.segmentId()) + ":");
        // The admin's clean-up is audited like every admin action; a student may not run it.
        ok(api.delete("/zones/" + ZONE + "/leftovers", fx.user(Fixtures.unique("lclean")).token()), 403);
    }

    /**
     * What an admin does once: flavor, the bed's guest image, the bed's key and known-hosts file
     * copied into the server's keys folder ({@code <data>/keys}), the zone with its settings and workers.
     */
    static void setUpCloud(ApiClient api, String admin, Path dataDir) throws IOException {
        Path keys = Files.createDirectories(dataDir.resolve("keys").resolve(ZONE));
        Files.copy(bed.privateKey(), keys.resolve("id_ed25519"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(bed.knownHosts(), keys.resolve("known_hosts"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ok(api.post("/flavors", admin, Map.of("name", "tiny", "vcpus", 1, "ramMb", 128, "diskGb", 1)), 201);
        ok(api.post("/flavors", admin, Map.of("name", "huge", "vcpus", 2, "ramMb", 900, "diskGb", 1)), 201);
        JsonNode g = bed.json.get("guest");
        for (String role : List.of("kernel", "initrd"))
            ok(api.send("POST", "/images/guest/files", admin, Files.readAllBytes(Path.of(g.get(role).asText())), "application/octet-stream"), 201);
        ok(api.post("/zones", admin, Map.of("name", ZONE, "platform", "linux")), 201);
        JsonNode ssh = bed.json.get("ssh");
        JsonNode hn = bed.host("headnode");
        ObjectNode settings = ApiClient.JSON.createObjectNode();
        settings.put("dataPlane", "OVS").put("strategy", "SPREAD")
                .put("addressPool", bed.json.get("networks").get("slice_pool").asText()).put("subnetPrefix", 24)
                .put("firstSegmentId", 100).put("lastSegmentId", 4000)
                .put("uplinkInterface", hn.get("uplink_if").asText()).put("knownHostsRef", ZONE + "/known_hosts");
        settings.putObject("overcommit").put("cpu", 4.0).put("ram", 1.0).put("disk", 1.0);
        settings.putObject("headnode").put("name", "headnode").put("mgmtAddress", hn.get("mgmt_ip").asText()).put("sshPort", ssh.get("port").asInt())
                .put("sshUser", ssh.get("user").asText()).put("sshKeyRef", ZONE + "/id_ed25519")
                .put("dataAddress", hn.get("data_ip").asText()).put("stateRoot", bed.stateRoot("headnode"));
        ok(api.put("/zones/" + ZONE + "/settings", admin, settings), 200);
        for (String w : List.of("worker1", "worker2", "worker3")) {
            JsonNode h = bed.host(w);
            ObjectNode worker = ApiClient.JSON.createObjectNode();
            worker.put("name", w).put("mgmtAddress", h.get("mgmt_ip").asText()).put("sshUser", ssh.get("user").asText())
                    .put("sshKeyRef", ZONE + "/id_ed25519").put("kvm", false).put("sshPort", ssh.get("port").asInt())
                    .put("dataAddress", h.get("data_ip").asText()).put("stateRoot", bed.stateRoot(w));
            worker.put("vcpus", 2).put("ramMb", 1024).put("diskGb", 20);
            ok(api.post("/zones/" + ZONE + "/workers", admin, worker), 201);
        }
    }

    static ApiClient.Res ok(ApiClient.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r;
    }

    static ObjectNode design(String name, int ringSize) {
        return Fixtures.ring(name, ZONE, ringSize, "tiny", "guest");
    }

    static long store(String token, ObjectNode doc) {
        return ok(api.post("/slices", token, doc), 201).json().get("slice").get("id").asLong();
    }

    static long deploy(ApiClient api, String token, long slice) {
        var r = ok(api.post("/slices/" + slice + "/deploy", token, Map.of()), 202);
        if (api == LinuxRestE2ETest.api) deployed.add(new long[]{slice});
        assertThat(r.header("Location")).isEqualTo("/api/v1/jobs/" + r.json().get("id").asLong());
        return r.json().get("id").asLong();
    }

    static List<JsonNode> follow(ApiClient api, String token, long job) { return api.followJob(token, job); }

    static JsonNode job(String token, long job) { return ok(api.get("/jobs/" + job, token), 200).json().get("job"); }

    static String status(String token, long slice) { return ok(api.get("/slices/" + slice, token), 200).json().get("status").asText(); }

    static JsonNode vms(String token, long slice) { return ok(api.get("/slices/" + slice + "/vms", token), 200).json(); }

    static JsonNode vm(JsonNode vms, String name) {
        for (JsonNode v : vms) if (v.get("name").asText().equals(name)) return v;
        throw new AssertionError("no VM " + name + " in " + vms);
    }

    static Command.Result inGuest(JsonNode vm, long slice, String command) throws Exception {
        return bed.guest(vm.get("worker").asText(), "s" + slice + "--" + vm.get("name").asText(), command);
    }

    static String ipOn(JsonNode vm, String network) {
        for (JsonNode n : vm.get("nics")) if (n.get("network").asText().equals(network)) return n.get("ip").asText();
        throw new AssertionError(vm.get("name") + " has no NIC on " + network);
    }

    static void assertPings(JsonNode from, long slice, String ip) throws Exception {
        var r = inGuest(from, slice, "ping -c 2 -W 3 " + ip);
        assertThat(r.code()).as("%s pings %s: %s", from.get("name"), ip, r.output()).isZero();
    }

    /** Nothing of the slice on any host: no QEMU, no VM folder, no slice marker. */
    static void assertNothingLeftOf(long slice) throws Exception {
        for (String host : List.of("headnode", "worker1", "worker2", "worker3")) {
            String procs = bed.onHost(host, "ps", "-eo", "args").output();
            assertThat(procs).as("%s processes", host).doesNotContain("-name s" + slice + "--");
            var dirs = bed.onHost(host, "sh", "-c", "ls " + bed.stateRoot(host) + "/vms " + bed.stateRoot(host) + "/slices 2>/dev/null || true").output();
            assertThat(dirs).as("%s state folders", host).doesNotContainPattern("(^|\\s)s" + slice + "(--|\\s|$)");
        }
    }

    @Test
    @Order(1)
    void studentsDeployUseEditAndUndeployTheirSlicesThroughTheApi() throws Exception {
        var ana = fx.user("ana");
        var ben = fx.user("ben");
        ObjectNode ringDoc = design("ring", 4);
        ((ObjectNode) ringDoc.get("topology").get("nodes").get(0)).put("internet", true);
        long ring = store(ana.token(), ringDoc);
        long pair = store(ben.token(), Fixtures.ring("pair", ZONE, 3, "tiny", "guest"));

        // Dry run: the plan is readable before anything is applied, and spreads over the workers.
        JsonNode preview = ok(api.get("/slices/" + ring + "/plan", ana.token()), 200).json();
        assertThat(preview.get("plan").get("vms")).hasSize(4);
        assertThat(preview.get("diff").get("addedVms")).hasSize(4);
        assertThat(ok(api.get("/slices/" + ring + "/plan", ben.token()), 404).status()).isEqualTo(404);

        long ringJob = deploy(api, ana.token(), ring);
        long pairJob = deploy(api, ben.token(), pair);
        assertThat(api.post("/slices/" + ring + "/deploy", ana.token(), Map.of()).status()).as("one job at a time").isEqualTo(409);
        var ringEvents = CompletableFuture.supplyAsync(() -> { try { return follow(api, ana.token(), ringJob); } catch (Exception e) { throw new IllegalStateException(e); } });
        List<JsonNode> pairEvents = follow(api, ben.token(), pairJob);
        List<JsonNode> events = ringEvents.get(5, TimeUnit.MINUTES);
        assertThat(events).as("progress is streamed").anyMatch(e -> e.get("type").asText().equals("Progress"))
                .anyMatch(e -> e.get("type").asText().equals("VmChanged") && e.get("state").asText().equals("RUNNING"));
        assertThat(ApiClient.outcome(events)).as("%s", events).isEqualTo("SUCCEEDED");
        assertThat(ApiClient.outcome(pairEvents)).as("%s", pairEvents).isEqualTo("SUCCEEDED");
        assertThat(job(ana.token(), ringJob).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(status(ana.token(), ring)).isEqualTo("RUNNING");
        assertThat(api.get("/jobs/" + ringJob, ben.token()).status()).as("another student's job").isEqualTo(404);

        // Every VM runs (checked on the platform) and reaches its ring neighbours; the other slice cannot.
        JsonNode ringVms = vms(ana.token(), ring);
        for (JsonNode v : ringVms) assertThat(v.get("state").asText()).as("%s", v).isEqualTo("RUNNING");
        assertThat(ringVms).extracting(v -> v.get("worker").asText()).contains("worker1", "worker2", "worker3");
        JsonNode vm1 = vm(ringVms, "vm1"), vm2 = vm(ringVms, "vm2");
        String link12 = vm1.get("nics").get(0).get("network").asText();
        for (JsonNode n : vm1.get("nics")) if (ipOnOrNull(vm2, n.get("network").asText()) != null) link12 = n.get("network").asText();
        assertPings(vm1, ring, ipOn(vm2, link12));
        JsonNode benVm = vm(vms(ben.token(), pair), "vm1");
        var cross = inGuest(benVm, pair, "ping -c 2 -W 2 " + ipOn(vm2, link12));
        assertThat(cross.code()).as("slices are isolated: %s", cross.output()).isNotZero();
        String outside = bed.json.get("outside").get("ip").asText();
        assertPings(vm1, ring, outside);
        // Only the VM that asked for the internet gets out, and no VM reaches the management network.
        inGuest(vm2, ring, "ip route add default via " + vm2.get("nics").get(0).get("ip").asText().replaceAll("\\.\\d+$", ".1"));
        assertThat(inGuest(vm2, ring, "ping -c 2 -W 2 " + outside).code()).as("vm2 did not ask for the internet").isNotZero();
        for (String mgmt : bed.managementAddresses())
            assertThat(inGuest(vm1, ring, "ping -c 2 -W 2 " + mgmt).code()).as("vm1 must not reach %s", mgmt).isNotZero();

        // Edit while running: one more VM linked to vm1; the dry run shows exactly that.
        ObjectNode edited = ringDoc.deepCopy();
        ((ArrayNode) edited.get("topology").get("nodes")).addObject().put("id", "n5").put("name", "vm5").put("kind", "vm").put("flavor", "tiny").put("image", "guest");
        ((ArrayNode) edited.get("topology").get("links")).addObject().put("id", "l5").put("a", "n5").put("b", "n1");
        ok(api.put("/slices/" + ring, ana.token(), edited, api.get("/slices/" + ring, ana.token()).header("ETag")), 200);
        JsonNode diff = ok(api.get("/slices/" + ring + "/plan", ana.token()), 200).json().get("diff");
        assertThat(diff.get("addedVms")).extracting(v -> v.get("name").asText()).containsExactly("vm5");
        assertThat(diff.get("removedVms")).isEmpty();
        List<JsonNode> editEvents = follow(api, ana.token(), deploy(api, ana.token(), ring));
        assertThat(ApiClient.outcome(editEvents)).as("%s\nheadnode DHCP:\n%s", editEvents, dhcpLogs())
                .isEqualTo("SUCCEEDED");
        ringVms = vms(ana.token(), ring);
        JsonNode vm5 = vm(ringVms, "vm5");
        assertPings(vm5, ring, ipOn(vm(ringVms, "vm1"), vm5.get("nics").get(0).get("network").asText()));
        assertThat(vm(ringVms, "vm2").get("worker").asText()).as("running VMs stay where they are").isEqualTo(vm2.get("worker").asText());

        // Stop and start one VM; its state is checked on the worker.
        assertThat(api.post("/slices/" + ring + "/vms/vm2/power", ana.token(), Map.of("action", "stop")).status()).isEqualTo(204);
        assertThat(vm(vms(ana.token(), ring), "vm2").get("state").asText()).isEqualTo("STOPPED");
        assertThat(api.post("/slices/" + ring + "/vms/vm2/power", ben.token(), Map.of("action", "start")).status()).as("not ben's").isEqualTo(404);
        assertThat(api.post("/slices/" + ring + "/vms/vm2/power", ana.token(), Map.of("action", "explode")).status()).isEqualTo(400);
        assertThat(api.post("/slices/" + ring + "/vms/vm2/power", ana.token(), Map.of("action", "start")).status()).isEqualTo(204);
        long deadline = System.currentTimeMillis() + 90_000;
        while (!vm(vms(ana.token(), ring), "vm2").get("state").asText().equals("RUNNING") && System.currentTimeMillis() < deadline) Thread.sleep(1000);
        assertThat(vm(vms(ana.token(), ring), "vm2").get("state").asText()).isEqualTo("RUNNING");

        // The console: a WebSocket on the server, forwarded over SSH to the VM's QEMU VNC socket; the
        // first bytes are QEMU's own RFB greeting. Another student gets nothing.
        assertThat(consoleGreeting(ana.token(), ring, "vm1")).startsWith("RFB 003.008");
        assertThat(api.get("/slices/" + ring + "/vms/vm1/console", ben.token()).status()).isEqualTo(404);
        // The serial console: a text terminal on the guest's first serial port, forwarded the same way.
        assertThat(vm(vms(ana.token(), ring), "vm1").get("serial").asText()).endsWith("/slices/" + ring + "/vms/vm1/serial");
        assertThat(serialAnswer(ana.token(), ring, "vm1", "echo serial-$((6*7))", "serial-42")).contains("serial-42");
        assertThat(api.get("/slices/" + ring + "/vms/vm1/serial", ben.token()).status()).isEqualTo(404);
        // SSH through the headnode (issue 19): the busybox guest has no sshd, so an echo server on its port 22
        // (busybox nc -e cat) stands in; the bytes go both ways through socat on the headnode and the network's
        // firewall, which lets the answers to the headnode's connection in. Once it is gone, the VM refuses and
        // the socket closes saying so. Only the owner may: another student gets 404, as for the consoles.
        JsonNode sshVm = vm(vms(ana.token(), ring), "vm1");
        var started = inGuest(sshVm, ring, "nc -l -p 22 -e cat </dev/null >/dev/null 2>&1 &");
        assertThat(started.code()).as(started.output()).isZero();
        SshExchange echo = null;
        for (long until = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < until; Thread.sleep(1000)) {
            echo = sshExchange(ana.token(), ring, "vm1", "SSH-2.0-olimpus-e2e\r\n");
            if (echo.received().equals("SSH-2.0-olimpus-e2e\r\n")) break;
        }
        assertThat(echo.received()).as("%s", echo).isEqualTo("SSH-2.0-olimpus-e2e\r\n");
        SshExchange refused = null;
        for (long until = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < until; Thread.sleep(1000)) {
            refused = sshExchange(ana.token(), ring, "vm1", "SSH-2.0-olimpus-e2e\r\n");
            if (refused.code() != 1000) break;  // until nc has gone
        }
        assertThat(refused.code()).as("%s", refused).isEqualTo(4502);
        assertThat(refused.reason()).as("%s", refused).startsWith("VM 'vm1' refused SSH");
        assertThat(api.get("/slices/" + ring + "/vms/vm1/ssh", ben.token()).status()).isEqualTo(404);
        assertThat(api.get("/slices/" + ring + "/vms/vm9/ssh", ana.token()).status()).isEqualTo(404);
        // A Linux zone has no console page of its own: the browser route says where the console is.
        var noPage = api.get("/slices/" + ring + "/vms/vm1/console-url", ana.token());
        assertThat(noPage.status()).as(noPage.body()).isEqualTo(409);
        assertThat(noPage.json().get("field").asText()).isEqualTo("vm");
        assertThat(noPage.json().get("detail").asText()).contains("forwarded through the server");

        // Undeploy leaves nothing; the slice is a draft again and its ids are free.
        for (long[] s : new long[][]{{ring, 0}, {pair, 1}}) {
            String token = s[1] == 0 ? ana.token() : ben.token();
            var r = ok(api.post("/slices/" + s[0] + "/undeploy", token, Map.of()), 202);
            List<JsonNode> ev = follow(api, token, r.json().get("id").asLong());
            assertThat(ApiClient.outcome(ev)).as("%s", ev).isEqualTo("SUCCEEDED");
            assertThat(status(token, s[0])).isEqualTo("DRAFT");
            assertNothingLeftOf(s[0]);
            assertThat(new io.olimpus.server.deploy.DeploymentStore(server.running.database().jdbi()).allocationCount(s[0]))
                    .as("segment ids, subnets and MACs released").isZero();
        }
    }

    /** The headnode's DHCP logs, for a failure message: a VM that does not come up usually shows there why. */
    static String dhcpLogs() throws Exception {
        return bed.onHost("headnode", "sh", "-c", "for f in " + bed.stateRoot("headnode") + "/dhcp/*.log; do echo \"== $f\"; grep -v 'sent size\\|LOUD\\|requested options\\|tags:\\|vendor class' \"$f\" | tail -25; done; ls -l " + bed.stateRoot("headnode") + "/dhcp/*.boot " + bed.stateRoot("headnode") + "/dhcp/*.hosts; cat " + bed.stateRoot("headnode") + "/dhcp/*.boot/*").output();
    }

    /** Opens the VM's console and returns the first bytes the VM's display sends. */
    static String consoleGreeting(String token, long slice, String vm) throws Exception {
        var first = new CompletableFuture<String>();
        var ws = openSocket(token, "/slices/" + slice + "/vms/" + vm + "/console", first, bytes -> first.complete(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)));
        try {
            return first.get(30, TimeUnit.SECONDS);
        } finally {
            ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /**
     * Types {@code command} on the VM's serial console and returns what the console printed until
     * {@code expected} appeared in it (the typed command's own echo does not hold it).
     */
    static String serialAnswer(String token, long slice, String vm, String command, String expected) throws Exception {
        var seen = new StringBuffer();
        var found = new CompletableFuture<String>();
        var ws = openSocket(token, "/slices/" + slice + "/vms/" + vm + "/serial", found, bytes -> {
            seen.append(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
            if (seen.toString().replace(command, "").contains(expected)) found.complete(seen.toString());
        });
        try {
            ws.sendBinary(java.nio.ByteBuffer.wrap(("\r" + command + "\r").getBytes(java.nio.charset.StandardCharsets.US_ASCII)), true)
                    .get(30, TimeUnit.SECONDS);
            return found.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the serial console never printed '" + expected + "'; it printed: " + seen, e);
        } finally {
            ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    record SshExchange(String received, int code, String reason) {}

    /**
     * Opens the VM's SSH WebSocket, sends {@code text}, and collects what comes back until the server
     * closes the socket (or 20 s pass: then the client closes it, code -1).
     */
    static SshExchange sshExchange(String token, long slice, String vm, String text) throws Exception {
        var seen = new StringBuffer();
        var closed = new CompletableFuture<SshExchange>();
        var ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(api.base().replace("http://", "ws://") + "/slices/" + slice + "/vms/" + vm + "/ssh"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket w, java.nio.ByteBuffer data, boolean last) {
                                seen.append(java.nio.charset.StandardCharsets.US_ASCII.decode(data));
                                // The echo came back whole: the client ends the session, as ssh would.
                                if (seen.toString().equals(text)) w.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
                                w.request(1);
                                return null;
                            }

                            @Override
                            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                                closed.complete(new SshExchange(seen.toString(), code, reason));
                                return null;
                            }

                            @Override
                            public void onError(java.net.http.WebSocket w, Throwable error) { closed.completeExceptionally(error); }
                        }).get(30, TimeUnit.SECONDS);
        ws.sendBinary(java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), true).get(30, TimeUnit.SECONDS);
        try {
            return closed.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            ws.abort();
            return new SshExchange(seen.toString(), -1, "no close within 20 s");
        }
    }

    /** A WebSocket of the API as {@code token}'s user, each binary message to {@code onBytes}; an error fails {@code failing}. */
    static java.net.http.WebSocket openSocket(String token, String path, CompletableFuture<?> failing,
                                              java.util.function.Consumer<byte[]> onBytes) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(api.base().replace("http://", "ws://") + path), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket w, java.nio.ByteBuffer data, boolean last) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        onBytes.accept(b);
                        w.request(1);
                        return null;
                    }

                    @Override
                    public void onError(java.net.http.WebSocket w, Throwable error) { failing.completeExceptionally(error); }
                }).get(30, TimeUnit.SECONDS);
    }

    static String ipOnOrNull(JsonNode vm, String network) {
        for (JsonNode n : vm.get("nics")) if (n.get("network").asText().equals(network)) return n.get("ip").asText();
        return null;
    }

    static ObjectNode document(io.olimpus.model.topology.Topology t) {
        return (ObjectNode) io.olimpus.model.file.TopologyFile.toJson(io.olimpus.model.file.TopologyDocument.of(t.withZone(ZONE)));
    }

    @Test
    @Order(2)
    void aTreeAndABusDeployTogetherAndTheirVmsReachEachOther() throws Exception {
        var eva = fx.user("eva");
        var guest = io.olimpus.model.topology.VmSpec.of("tiny", "guest");
        long tree = store(eva.token(), document(io.olimpus.model.shape.ShapeGenerator.generate("tree", io.olimpus.model.shape.Shape.tree(1, 2).withVm(guest))));
        long bus = store(eva.token(), document(io.olimpus.model.shape.ShapeGenerator.generate("bus", io.olimpus.model.shape.Shape.bus(3).withVm(guest))));
        long treeJob = deploy(api, eva.token(), tree), busJob = deploy(api, eva.token(), bus);
        for (long job : new long[]{treeJob, busJob}) {
            List<JsonNode> ev = follow(api, eva.token(), job);
            assertThat(ApiClient.outcome(ev)).as("%s", ev).isEqualTo("SUCCEEDED");
        }
        JsonNode treeVms = vms(eva.token(), tree), busVms = vms(eva.token(), bus);
        JsonNode root = vm(treeVms, "vm1");
        for (JsonNode child : treeVms)
            if (!child.get("name").asText().equals("vm1")) assertPings(root, tree, ipOn(child, child.get("nics").get(0).get("network").asText()));
        String busNet = vm(busVms, "vm1").get("nics").get(0).get("network").asText();
        assertThat(busVms).as("one network for the whole bus").allSatisfy(v -> assertThat(v.get("nics")).hasSize(1)
                .allSatisfy(n -> assertThat(n.get("network").asText()).isEqualTo(busNet)));
        assertPings(vm(busVms, "vm1"), bus, ipOn(vm(busVms, "vm2"), busNet));
        assertPings(vm(busVms, "vm1"), bus, ipOn(vm(busVms, "vm3"), busNet));
        for (long s : new long[]{tree, bus}) {
            var r = ok(api.post("/slices/" + s + "/undeploy", eva.token(), Map.of()), 202);
            List<JsonNode> ev = follow(api, eva.token(), r.json().get("id").asLong());
            assertThat(ApiClient.outcome(ev)).as("%s", ev).isEqualTo("SUCCEEDED");
            assertNothingLeftOf(s);
        }
    }

    @Test
    @Order(2)
    void aSliceThatDoesNotFitIsRefusedWithTheReasonAndNothingIsCreated() {
        var cam = fx.user("cam", Map.of("maxVms", 20, "maxVcpus", 40, "maxRamMb", 40960));
        ObjectNode big = Fixtures.ring("big", ZONE, 4, "huge", "guest");
        long slice = store(cam.token(), big);
        var r = api.post("/slices/" + slice + "/deploy", cam.token(), Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().get("detail").asText()).contains("needs").contains("lacks");
        assertThat(status(cam.token(), slice)).isEqualTo("DRAFT");
        assertThat(api.get("/slices/" + slice + "/job", cam.token()).status()).as("no job was started").isEqualTo(404);
    }

    @Test
    @Order(3)
    void aServerKilledDuringADeployRollsItBackWhenItStartsAgain() throws Exception {
        Path data = Files.createTempDirectory("olimpus-kill-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        Process first = startServerProcess(data, port);
        try {
            ApiClient api2 = new ApiClient("http://127.0.0.1:" + port);
            String admin = api2.login("admin", TestServer.ADMIN_PASSWORD);
            setUpCloud(api2, admin, data);
            long slice = ok(api2.post("/slices", admin, design("doomed", 3)), 201).json().get("slice").get("id").asLong();
            long job = deploy(api2, admin, slice);
            // Kill it the moment the first VM exists on a worker.
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                JsonNode events = ok(api2.get("/jobs/" + job, admin), 200).json().get("events");
                boolean vmCreated = false;
                for (JsonNode e : events)
                    if (e.get("event").get("type").asText().equals("ResourceCreated") && e.get("event").get("ref").get("kind").asText().equals("linux.vm")) vmCreated = true;
                if (vmCreated) break;
                Thread.sleep(100);
            }
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(bed.onHost("worker1", "ps", "-eo", "args").output() + bed.onHost("worker2", "ps", "-eo", "args").output()
                    + bed.onHost("worker3", "ps", "-eo", "args").output()).as("the kill left a VM running").contains("-name s" + slice + "--");

            Process second = startServerProcess(data, port);
            try {
                String admin2 = api2.login("admin", TestServer.ADMIN_PASSWORD);
                deadline = System.currentTimeMillis() + 180_000;
                while (!ok(api2.get("/jobs/" + job, admin2), 200).json().get("job").get("state").asText().equals("ROLLED_BACK")
                        && System.currentTimeMillis() < deadline) Thread.sleep(500);
                JsonNode after = ok(api2.get("/jobs/" + job, admin2), 200).json();
                assertThat(after.get("job").get("state").asText()).as("%s", after).isEqualTo("ROLLED_BACK");
                assertThat(ok(api2.get("/slices/" + slice, admin2), 200).json().get("status").asText()).isEqualTo("FAILED");
                assertNothingLeftOf(slice);
                // The failed slice can be deployed again; its ids were released.
                assertThat(ok(api2.get("/slices/" + slice + "/plan", admin2), 200).json().get("plan").get("vms")).hasSize(3);
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            if (first.isAlive()) first.destroyForcibly();
        }
    }

    @Test
    @Order(4)
    void aWorkerLostDuringADeployThroughTheApiLeavesNothingOnceUndeployed() throws Exception {
        var dee = fx.user("dee");
        long slice = store(dee.token(), design("lost", 3));
        String victim = ok(api.get("/slices/" + slice + "/plan", dee.token()), 200).json().get("plan").get("vms").get(2).get("workerId").asText();
        long job = deploy(api, dee.token(), slice);
        boolean killed = false;
        try {
            // The worker's sshd dies right after the first thing was built on it.
            long deadline = System.currentTimeMillis() + 120_000;
            while (!killed && System.currentTimeMillis() < deadline) {
                for (JsonNode e : ok(api.get("/jobs/" + job, dee.token()), 200).json().get("events"))
                    if (e.get("event").get("type").asText().equals("ResourceCreated") && victim.equals(e.get("event").get("ref").path("host").asText())) {
                        LinuxClusterDriverE2ETest.killSshd(victim);
                        killed = true;
                        break;
                    }
                Thread.sleep(50);
            }
            assertThat(killed).as("the fault was injected").isTrue();
            List<JsonNode> events = follow(api, dee.token(), job);
            JsonNode last = events.get(events.size() - 1);
            assertThat(last.get("outcome").asText()).as("%s", events).isIn("ROLLED_BACK", "INCOMPLETE");
            assertThat(last.get("message").asText()).as("the user is told which worker failed").contains(victim);
            assertThat(status(dee.token(), slice)).isEqualTo("FAILED");
        } finally {
            if (killed) LinuxClusterDriverE2ETest.startSshd(victim);
        }
        // Whatever the worker held while it was gone is removed once it answers again.
        if (ok(api.get("/slices/" + slice + "/job", dee.token()), 200).json().get("state").asText().equals("INCOMPLETE")) {
            var r = ok(api.post("/slices/" + slice + "/undeploy", dee.token(), Map.of()), 202);
            List<JsonNode> ev = follow(api, dee.token(), r.json().get("id").asLong());
            assertThat(ApiClient.outcome(ev)).as("%s", ev).isEqualTo("SUCCEEDED");
        }
        assertNothingLeftOf(slice);
        assertThat(api.delete("/slices/" + slice, dee.token()).status()).as("nothing holds the slice any more").isEqualTo(204);
    }

    /** The server as its own process (the test's classpath), so it can be killed for real. */
    static Process startServerProcess(Path data, int port) throws Exception {
        Path log = data.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.olimpus.server.app.Main",
                "--data", data.toString(), "--port", String.valueOf(port), "--host", "127.0.0.1", "--bcrypt-cost", "4")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OLIMPUS_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        Process p = pb.start();
        ApiClient probe = new ApiClient("http://127.0.0.1:" + port);
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (probe.get("/health", null).status() == 200) return p;
            } catch (RuntimeException notYet) { /* still starting */ }
            if (!p.isAlive()) break;
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IllegalStateException("server did not start: " + Files.readString(log));
    }

    /**
     * Deleting an image from the catalog evicts every worker's copy of it (#21: caches grew
     * forever), while the copy of an image still in the catalog stays. The copies are placed by
     * hand, as a deploy would have left them, so no VM is needed.
     */
    @Test
    @Order(20)
    void anImageDeletedFromTheCatalogLeavesNoCopyOnAnyWorker() throws Exception {
        // An image of one file, never completed: the bed's initrd (so the server recognizes it) with bytes
        // appended, so that its copy is not the guest's.
        byte[] initrd = Files.readAllBytes(Path.of(bed.json.get("guest").get("initrd").asText()));
        byte[] other = java.util.Arrays.copyOf(initrd, initrd.length + 512);
        ok(api.send("POST", "/images/spare/files", fx.admin, other, "application/octet-stream"), 201);
        String spare = api.get("/images/spare", fx.admin).json().get("files").get(0).get("sha256").asText();
        String guest = api.get("/images/guest", fx.admin).json().get("files").get(0).get("sha256").asText();
        assertThat(spare).isNotEqualTo(guest);
        List<String> workers = List.of("worker1", "worker2", "worker3");
        for (String w : workers) {
            var r = bed.onHost(w, "sh", "-c", "mkdir -p " + bed.stateRoot(w) + "/images/" + spare + " " + bed.stateRoot(w) + "/images/" + guest
                    + " && head -c 4096 /dev/zero > " + bed.stateRoot(w) + "/images/" + spare + "/initrd");
            assertThat(r.code()).as("copy placed on %s: %s", w, r.output()).isZero();
        }
        assertThat(api.delete("/images/spare", fx.admin).status()).isEqualTo(204);

        long deadline = System.currentTimeMillis() + 120_000;
        List<String> holding = workers;
        while (!holding.isEmpty() && System.currentTimeMillis() < deadline) {
            List<String> still = new java.util.ArrayList<>();
            for (String w : workers) if (bed.onHost(w, "test", "-e", bed.stateRoot(w) + "/images/" + spare).code() == 0) still.add(w);
            holding = still;
            if (!holding.isEmpty()) Thread.sleep(500);
        }
        assertThat(holding).as("workers still holding the deleted image's copy").isEmpty();
        for (String w : workers)
            assertThat(bed.onHost(w, "test", "-d", bed.stateRoot(w) + "/images/" + guest).code()).as("the guest's copy stays on %s", w).isZero();
    }

    // ---- issue 15: a lab for a class ------------------------------------------------------------

    static JsonNode labBoard(String token, long lab) { return ok(api.get("/labs/" + lab + "/board", token), 200).json(); }

    /** Waits, with a generous bound (18 software-emulated guests on a shared machine), until the board satisfies the condition. */
    static JsonNode awaitBoard(String token, long lab, java.util.function.Predicate<JsonNode> done) throws InterruptedException {
        long end = System.currentTimeMillis() + 900_000;
        JsonNode b = labBoard(token, lab);
        while (!done.test(b) && System.currentTimeMillis() < end) {
            Thread.sleep(1000);
            b = labBoard(token, lab);
        }
        assertThat(done.test(b)).as("board: %s", b).isTrue();
        return b;
    }

    static java.util.function.Predicate<JsonNode> every(String state, int n) {
        return b -> b.get("rows").size() == n && b.get("counts").get(state).asInt() == n;
    }

    /**
     * Why a copy may fail through no fault of the server: the bed's guests are software-emulated
     * on a shared machine, and under load a TCG guest's kernel can panic at boot or a boot overrun
     * its budget. An instructor retries such copies from the board; any other reason is a defect.
     */
    static final java.util.regex.Pattern PLATFORM_FAILURE = java.util.regex.Pattern.compile(
            "kernel panicked|did not reach RUNNING within its boot budget|QEMU exited");

    /** The rows of the board whose copy (all of them, or the one of {@code slice}) failed, each with its reason. */
    static List<String> failedReasons(JsonNode board, Long slice) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode r : board.get("rows"))
            if (r.get("state").asText().equals("FAILED") && (slice == null || r.get("sliceId").asLong() == slice))
                out.add(r.get("student").asText() + ": " + r.path("reason").asText(""));
        return out;
    }

    /**
     * Waits until the board satisfies {@code done} or the copies it concerns settled with failures.
     * Copies that failed for a platform reason are retried once, as an instructor would ("retry the
     * failed copies" on the board); whatever else failed, or fails again, fails the test.
     */
    static JsonNode awaitRunning(String token, long lab, Long slice, java.util.function.Predicate<JsonNode> done) throws Exception {
        java.util.function.Predicate<JsonNode> failedOnly = b -> {
            for (JsonNode r : b.get("rows")) {
                if (slice != null && r.get("sliceId").asLong() != slice) continue;
                String st = r.get("state").asText();
                if (st.equals("QUEUED") || st.equals("DEPLOYING")) return false;
            }
            return !failedReasons(b, slice).isEmpty();
        };
        JsonNode b = awaitBoard(token, lab, done.or(failedOnly));
        if (done.test(b)) return b;
        List<String> failed = failedReasons(b, slice);
        assertThat(failed).as("copies that failed for another reason than the emulated guests' (board: %s)", b)
                .allMatch(r -> PLATFORM_FAILURE.matcher(r).find());
        System.err.println("[class e2e] retrying " + failed.size() + " copies that failed for a platform reason: " + failed);
        ok(api.post("/labs/" + lab + "/retry", token, null), 202);
        b = awaitBoard(token, lab, done.or(failedOnly));
        assertThat(done.test(b)).as("after one retry of the failed copies, board: %s", b).isTrue();
        return b;
    }

    /** vm1 of a student's ring pings vm2 over the link they share. */
    static void neighboursPing(long slice) throws Exception {
        JsonNode vms = vms(fx.admin, slice);
        JsonNode a = vm(vms, "vm1"), b = vm(vms, "vm2");
        for (JsonNode nic : a.get("nics"))
            for (JsonNode other : b.get("nics"))
                if (other.get("network").asText().equals(nic.get("network").asText())) {
                    assertPings(a, slice, other.get("ip").asText());
                    return;
                }
        throw new AssertionError("vm1 and vm2 share no network: " + vms);
    }

    /**
     * An instructor imports a roster of 6 new students (their one-time passwords arrive by mail at
     * the test's SMTP server, and one of them logs in with it and finds their copy), publishes a 3-VM
     * lab, reads the forecast and opens it: the 6
     * copies deploy concurrently through the class runner and their guests ping their neighbours;
     * one student's copy is reset while the others keep running; an idle timeout (time driven by
     * the scheduler's tick) stops every copy's VMs; closing undeploys everything, nothing is left
     * on any host and the copies stay as drafts.
     */
    @Test
    @Order(30)
    void anInstructorRunsALabForAClassOfSix() throws Exception {
        var teacher = fx.user("lteach", Map.of("role", "instructor"));
        List<String> students = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) students.add(Fixtures.unique("lstu"));
        long course = ok(api.post("/courses", teacher.token(), Map.of("name", Fixtures.unique("netlab"), "zone", ZONE)), 201).json().get("id").asLong();
        // The roster comes in as CSV; the new students' one-time passwords go out by mail.
        Map<String, String> mailed = io.olimpus.server.api.RosterMails.importAndReadMails(api, teacher.token(), course, students, smtp);
        // The first student logs in with the mailed password and must choose their own first.
        String ana = students.get(0);
        var login = ok(api.post("/auth/login", null, Map.of("username", ana, "password", mailed.get(ana))), 200).json();
        assertThat(login.get("mustChangePassword").asBoolean()).isTrue();
        ok(api.post("/auth/password", login.get("token").asText(), Map.of("currentPassword", mailed.get(ana), "newPassword", "ana-own-pass-1")), 204);
        String anaToken = api.login(ana, "ana-own-pass-1");

        long lab = ok(api.post("/courses/" + course + "/labs", teacher.token(), Map.of("name", "ring", "template", design("anything", 3),
                "idleMinutes", 30)), 201).json().get("id").asLong();
        JsonNode forecast = ok(api.get("/labs/" + lab + "/forecast", teacher.token()), 200).json();
        assertThat(forecast.get("totalVms").asInt()).isEqualTo(18);
        assertThat(forecast.get("fits").asBoolean()).as("%s", forecast).isTrue();
        assertThat(forecast.get("message").asText()).startsWith("6 students x 3 VMs = 18 VMs, 18 vCPU");

        ok(api.post("/labs/" + lab + "/open", teacher.token(), null), 202);
        // The answer comes at once; each copy is made in the background (then deployed): wait until all six exist.
        JsonNode board = awaitBoard(teacher.token(), lab, b -> b.get("rows").size() == 6
                && java.util.stream.StreamSupport.stream(b.get("rows").spliterator(), false).allMatch(r -> r.path("sliceId").isNumber()));
        for (JsonNode row : board.get("rows")) deployed.add(new long[]{row.get("sliceId").asLong()});
        board = awaitRunning(teacher.token(), lab, null, every("RUNNING", 6));
        assertThat(board.get("counts").get("RUNNING").asInt()).as("board: %s", board).isEqualTo(6);
        for (JsonNode row : board.get("rows")) neighboursPing(row.get("sliceId").asLong());
        // The student who logged in with the mailed password finds their running copy.
        JsonNode mine = ok(api.get("/labs", anaToken), 200).json();
        long anaSlice = -1;
        for (JsonNode row : board.get("rows")) if (row.get("student").asText().equals(ana)) anaSlice = row.get("sliceId").asLong();
        List<String> seen = new java.util.ArrayList<>();
        for (JsonNode l : mine.isArray() ? mine : mine.get("items")) seen.add(l.get("id").asLong() + "/" + l.get("sliceId").asLong());
        assertThat(seen).as("%s", mine).containsExactly(lab + "/" + anaSlice);

        // Issue #15: the instructor watches ana's VM's serial console read-only. They see what the
        // guest writes (its log, while ana keeps the serial port); what they type never reaches it:
        // ana's own command, typed after theirs, shows in the watcher's stream, theirs never does.
        var watched = new StringBuffer();
        var anaShown = new CompletableFuture<String>();
        var watch = openSocket(teacher.token(), "/slices/" + anaSlice + "/vms/vm1/serial-watch", anaShown, bytes -> {
            watched.append(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
            if (watched.toString().replace("echo owner-$((6*7))", "").contains("owner-42")) anaShown.complete(watched.toString());
        });
        try {
            watch.sendBinary(java.nio.ByteBuffer.wrap("\recho watcher-$((6*7))\r".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), true).get(30, TimeUnit.SECONDS);
            assertThat(serialAnswer(anaToken, anaSlice, "vm1", "echo owner-$((6*7))", "owner-42")).doesNotContain("watcher-42");
            String sawAll = anaShown.get(60, TimeUnit.SECONDS);
            assertThat(sawAll).as("the watcher reads the guest's output").contains("owner-42").doesNotContain("watcher-42");
        } finally {
            watch.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
        }
        var stranger = fx.user("lothr", Map.of("role", "instructor"));
        var refused = api.get("/slices/" + anaSlice + "/vms/vm1/serial-watch", stranger.token());
        assertThat(refused.status()).as("an instructor of no course of ana's: %s", refused).isEqualTo(403);
        assertThat(refused.json().get("detail").asText()).contains("none of your courses");

        // Reset the first student's copy; the others keep running the same deploy.
        JsonNode first = board.get("rows").get(0);
        Map<Long, Long> jobs = new java.util.HashMap<>();
        for (JsonNode row : board.get("rows")) jobs.put(row.get("sliceId").asLong(), row.get("jobId").asLong());
        ok(api.post("/labs/" + lab + "/reset", teacher.token(), Map.of("student", first.get("student").asText())), 202);
        long firstSlice = first.get("sliceId").asLong();
        board = awaitRunning(teacher.token(), lab, firstSlice, b -> {
            for (JsonNode r : b.get("rows"))
                if (r.get("sliceId").asLong() == firstSlice) return r.get("state").asText().equals("RUNNING") && r.get("jobId").asLong() != jobs.get(firstSlice);
            return false;
        });
        for (JsonNode row : board.get("rows")) {
            assertThat(row.get("state").asText()).as("%s", row).isEqualTo("RUNNING");
            if (row.get("sliceId").asLong() != firstSlice) assertThat(row.get("jobId").asLong()).as("%s", row).isEqualTo(jobs.get(row.get("sliceId").asLong()));
        }
        neighboursPing(firstSlice);

        // 31 minutes without activity (the scheduler's clock driven by the test): every copy's VMs stop.
        for (var f : server.running.labs().tick(System.currentTimeMillis() + 31 * 60_000L)) f.get(600, TimeUnit.SECONDS);
        board = awaitBoard(teacher.token(), lab, every("STOPPED", 6));
        for (JsonNode row : board.get("rows"))
            for (JsonNode v : vms(fx.admin, row.get("sliceId").asLong())) assertThat(v.get("state").asText()).as("%s", v).isEqualTo("STOPPED");

        // Closing undeploys everything and keeps the copies as drafts.
        ok(api.post("/labs/" + lab + "/close", teacher.token(), null), 202);
        board = awaitBoard(teacher.token(), lab, b -> every("DRAFT", 6).test(b) || b.get("counts").get("FAILED").asInt() > 0);
        assertThat(board.get("counts").get("DRAFT").asInt()).as("board: %s", board).isEqualTo(6);
        for (JsonNode row : board.get("rows")) {
            long slice = row.get("sliceId").asLong();
            assertThat(status(fx.admin, slice)).isEqualTo("DRAFT");
            assertNothingLeftOf(slice);
        }
    }
}

