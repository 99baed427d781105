package io.olimpus.server.platform.openstack;

import io.olimpus.server.testbed.OpenStackBed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.server.api.ApiClient;
import io.olimpus.server.api.Fixtures;
import io.olimpus.server.api.Store;
import io.olimpus.server.api.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenStack zone through the server's REST API against the real local OpenStack: the zone's
 * service account is checked against Keystone at setup (a wrong password refused there), then a
 * student's ring is deployed (progress streamed), runs, and is undeployed.
 */
@Tag("e2e")
@OpenStackBed
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class OpenStackRestE2ETest {
    static OpenStackTestBed bed;
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;
    /** Where the server mails the one-time passwords of the students a roster creates (the class's lab). */
    static io.olimpus.server.mail.TestSmtpServer smtp;

    @BeforeAll
    static void up() throws Exception {
        bed = OpenStackTestBed.up();
        // The real Keystone check, not the API tests' fake one.
        smtp = new io.olimpus.server.mail.TestSmtpServer();
        server = TestServer.start(Store.H2, c -> c.withSmtp(smtp.settings()), io.olimpus.server.app.Server.Extensions.defaults());
        // The driver tests' checks of what exists in the cloud, with a driver of their own for status and listing.
        OpenStackDriverE2ETest.bed = bed;
        OpenStackDriverE2ETest.driver = new OpenStackDriver(bed.zone(), OpenStackTestBed.catalog());
        api = server.client;
        fx = new Fixtures(api);
    }

    @AfterAll
    static void down() throws Exception {
        if (server != null) server.close();
        if (smtp != null) smtp.close();
        if (OpenStackDriverE2ETest.driver != null) OpenStackDriverE2ETest.driver.close();
        OpenStackDriverE2ETest.driver = null;
        OpenStackDriverE2ETest.bed = null;
        if (bed != null) bed.down();
    }

    /** After every test the zone's leftover report, as an admin reads it, is empty; a student may not read it. */
    @org.junit.jupiter.api.AfterEach
    void theZoneHoldsNothingNoSliceOwns() {
        if (api.get("/zones/os", fx.admin).status() != 200) return;   // the first test makes the zone
        JsonNode report = ok(api.get("/zones/os/leftovers", fx.admin), 200).json();
        assertThat(report.get("platform").asText()).isEqualTo("openstack");
        assertThat(report.get("items")).as("leftovers: %s", report).isEmpty();
        ok(api.get("/zones/os/leftovers", fx.user(io.olimpus.server.api.Fixtures.unique("osnosy")).token()), 403);
    }

    /** The settings of an Olimpus zone on the bed, with the service account of its openstack.json. */
    static ObjectNode zoneSettings(OpenStackTestBed bed) {
        JsonNode j = bed.json;
        return ApiClient.JSON.createObjectNode().put("platform", "openstack")
                .put("keystoneUrl", j.get("keystone_url").asText()).put("region", j.get("region").asText())
                .put("userDomain", j.get("domain").asText()).put("projectDomain", j.get("domain").asText())
                .put("username", j.get("username").asText()).put("password", j.get("password").asText())
                .put("project", j.get("project").asText()).put("externalNetwork", j.get("external_network").asText());
    }

    /** The zone's boot budget on the bed ({@link OpenStackTestBed#BOOT_BUDGET}). */
    static final int BOOT_SECONDS = (int) OpenStackTestBed.BOOT_BUDGET.toSeconds();

    /** How long a test waits for the class's board to settle: above the boot budget, so a slow copy fails by its own deploy, with its reason. */
    static final long BOARD_WAIT_MS = (BOOT_SECONDS + 300) * 1000L;

    static ApiClient.Res ok(ApiClient.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r;
    }

    static List<JsonNode> follow(String token, long job) { return api.followJob(token, job); }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aWrongPasswordIsRefusedAtSetupAndAStudentsRingDeploysAndUndeploysThroughTheApi() throws Exception {
        JsonNode j = bed.json;
        ok(api.post("/flavors", fx.admin, Map.of("name", "e2e-tiny", "vcpus", 1, "ramMb", 64, "diskGb", 1)), 201);
        // A raw disk: Glance inspects qcow2 headers, and a made-up qcow2 is refused (that failure rolls back cleanly too).
        ok(api.send("POST", "/images/e2e-guest/files", fx.admin, OpenStackTestBed.IMAGE_BYTES, "application/octet-stream"), 201);
        ok(api.post("/zones", fx.admin, Map.of("name", "os", "platform", "openstack", "novaAz", j.get("availability_zone").asText())), 201);
        ObjectNode settings = zoneSettings(bed).put("password", "not-" + j.get("password").asText()).put("bootSeconds", BOOT_SECONDS);
        var refused = ok(api.put("/zones/os/settings", fx.admin, settings), 422);
        assertThat(refused.json().get("field").asText()).isEqualTo("password");
        assertThat(refused.body()).doesNotContain(j.get("password").asText());
        settings.put("password", j.get("password").asText());
        ok(api.put("/zones/os/settings", fx.admin, settings), 200);

        var student = fx.user("osstudent");
        long slice = ok(api.post("/slices", student.token(), Fixtures.ring("osring", "os", 3, "e2e-tiny", "e2e-guest")), 201)
                .json().get("slice").get("id").asLong();
        long job = ok(api.post("/slices/" + slice + "/deploy", student.token(), Map.of()), 202).json().get("id").asLong();
        List<JsonNode> events = follow(student.token(), job);
        assertThat(ApiClient.outcome(events)).as("%s", events).isEqualTo("SUCCEEDED");
        JsonNode vms = ok(api.get("/slices/" + slice + "/vms", student.token()), 200).json();
        assertThat(vms).hasSize(3);
        for (JsonNode v : vms) assertThat(v.get("state").asText()).as("%s", v).isEqualTo("RUNNING");
        // A cloud's console opens in the browser: the server passes on Nova's noVNC address.
        JsonNode vm1 = vms.get(0);
        assertThat(vm1.get("consoleKind").asText()).isEqualTo("browser");
        assertThat(vm1.get("console").asText()).endsWith("/vms/" + vm1.get("name").asText() + "/console-url");
        var console = ok(api.get(vm1.get("console").asText().substring("/api/v1".length()), student.token()), 200);
        assertThat(console.json().get("url").asText()).startsWith("http://127.0.0.1:6080/vnc_auto.html?").containsPattern("token(=|%3D)[0-9a-f-]{36}");

        long undeploy = ok(api.post("/slices/" + slice + "/undeploy", student.token(), Map.of()), 202).json().get("id").asLong();
        List<JsonNode> gone = follow(student.token(), undeploy);
        assertThat(ApiClient.outcome(gone)).as("%s", gone).isEqualTo("SUCCEEDED");
        assertThat(ok(api.get("/slices/" + slice, student.token()), 200).json().get("status").asText()).isEqualTo("DRAFT");

        // A project no slice owns (made behind the server's back, with a network): reported, then cleaned by an admin.
        var os = bed.admin();
        var stray = os.identity().projects().create(org.openstack4j.api.Builders.project().name("olimpus-e2e-stray")
                .domainId(os.identity().projects().get(os.getToken().getProject().getId()).getDomainId()).enabled(true).build());
        os.networking().network().create(org.openstack4j.api.Builders.network().name("olimpus-net:stray").tenantId(stray.getId()).build());
        JsonNode found = ok(api.get("/zones/os/leftovers", fx.admin), 200).json();
        assertThat(found.get("items").findValuesAsText("name")).contains("olimpus-e2e-stray", "olimpus-net:stray");
        JsonNode cleaned = ok(api.delete("/zones/os/leftovers", fx.admin), 200).json();
        assertThat(cleaned.get("failures")).as("%s", cleaned).isEmpty();
        assertThat(cleaned.get("removed").findValuesAsText("name")).contains("olimpus-e2e-stray", "olimpus-net:stray");
        assertThat(cleaned.get("items")).isEmpty();
        assertThat(os.identity().projects().get(stray.getId())).isNull();
    }

    /** The project the job created, from its events. */
    static String projectOf(List<JsonNode> events) {
        for (JsonNode e : events)
            if (e.get("type").asText().equals("ResourceCreated") && e.get("ref").get("kind").asText().equals(OpenStackDriver.PROJECT))
                return e.get("ref").get("name").asText();
        return null;
    }

    /** What the server deployed, as the driver tests' checks see it. */
    static OpenStackDriverE2ETest.Deployed deployed(String token, long slice, String name, List<JsonNode> events) throws Exception {
        JsonNode plan = ok(api.get("/slices/" + slice + "/plan", token), 200).json().get("plan");
        var p = io.olimpus.server.http.Json.MAPPER.treeToValue(plan, io.olimpus.server.engine.plan.DeploymentPlan.class);
        return new OpenStackDriverE2ETest.Deployed(new io.olimpus.server.engine.driver.SliceContext("s" + slice, name, p),
                new io.olimpus.server.engine.apply.MemoryJournal(), List.of(), io.olimpus.server.engine.apply.JobOutcome.SUCCEEDED, projectOf(events));
    }

    /**
     * A driver that has seen nothing: the checks' driver caches project ids, and after the server
     * deleted a project a stale cache would still list it.
     */
    static void freshCheckingDriver() {
        OpenStackDriverE2ETest.driver.close();
        OpenStackDriverE2ETest.driver = new OpenStackDriver(bed.zone(), OpenStackTestBed.catalog());
    }

    /** No project, server, port, network, subnet or router of the slice anywhere in the cloud. */
    static void assertNothingLeftOf(long slice, String projectId) {
        freshCheckingDriver();
        var nothing = new io.olimpus.server.engine.plan.DeploymentPlan("s" + slice, "os", List.of(), List.of());
        OpenStackDriverE2ETest.assertNothingLeft(new OpenStackDriverE2ETest.Deployed(new io.olimpus.server.engine.driver.SliceContext("s" + slice, "s" + slice, nothing),
                new io.olimpus.server.engine.apply.MemoryJournal(), List.of(), io.olimpus.server.engine.apply.JobOutcome.ROLLED_BACK, projectId));
    }

    static void undeployThroughTheApi(String token, long slice) throws Exception {
        long job = ok(api.post("/slices/" + slice + "/undeploy", token, Map.of()), 202).json().get("id").asLong();
        List<JsonNode> ev = follow(token, job);
        assertThat(ApiClient.outcome(ev)).as("%s", ev).isEqualTo("SUCCEEDED");
    }

    static long awaitEvent(String token, long job, String kind) throws Exception {
        long deadline = System.currentTimeMillis() + BOARD_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode e : ok(api.get("/jobs/" + job, token), 200).json().get("events"))
                if (e.get("event").get("type").asText().equals("ResourceCreated") && e.get("event").get("ref").get("kind").asText().equals(kind))
                    return e.get("seq").asLong();
            Thread.sleep(50);
        }
        throw new AssertionError("no " + kind + " created by job " + job);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aFiveVmRingAndATreeRunAsPlannedAndUndeployLeavesNothing() throws Exception {
        // Both slices run at once (5 + 7 VMs): the quota is checked at deploy over what the student runs.
        var student = fx.user("osring", Map.of("maxVms", 16, "maxVcpus", 16, "maxRamMb", 8192));
        long ring = ok(api.post("/slices", student.token(), Fixtures.ring("ring5", "os", 5, "e2e-tiny", "e2e-guest")), 201).json().get("slice").get("id").asLong();
        var guest = io.olimpus.model.topology.VmSpec.of("e2e-tiny", "e2e-guest");
        var treeDoc = (com.fasterxml.jackson.databind.node.ObjectNode) io.olimpus.model.file.TopologyFile.toJson(io.olimpus.model.file.TopologyDocument.of(
                io.olimpus.model.shape.ShapeGenerator.generate("tree", io.olimpus.model.shape.Shape.tree(2, 2).withVm(guest)).withZone("os")));
        long tree = ok(api.post("/slices", student.token(), treeDoc), 201).json().get("slice").get("id").asLong();
        long ringJob = ok(api.post("/slices/" + ring + "/deploy", student.token(), Map.of()), 202).json().get("id").asLong();
        long treeJob = ok(api.post("/slices/" + tree + "/deploy", student.token(), Map.of()), 202).json().get("id").asLong();
        List<JsonNode> ringEvents = follow(student.token(), ringJob), treeEvents = follow(student.token(), treeJob);
        assertThat(ApiClient.outcome(ringEvents)).as("%s", ringEvents).isEqualTo("SUCCEEDED");
        assertThat(ApiClient.outcome(treeEvents)).as("%s", treeEvents).isEqualTo("SUCCEEDED");
        var r = deployed(student.token(), ring, "ring5", ringEvents);
        var t = deployed(student.token(), tree, "tree", treeEvents);
        OpenStackDriverE2ETest.assertDeployedAsPlanned(r);
        OpenStackDriverE2ETest.assertDeployedAsPlanned(t);
        undeployThroughTheApi(student.token(), ring);
        undeployThroughTheApi(student.token(), tree);
        freshCheckingDriver();
        OpenStackDriverE2ETest.assertNothingLeft(r);
        OpenStackDriverE2ETest.assertNothingLeft(t);
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void neutronStoppedMidDeployFailsClearlyAndNothingRemainsOnceItIsBack() throws Exception {
        var student = fx.user("osfault");
        long slice = ok(api.post("/slices", student.token(), Fixtures.ring("fault", "os", 3, "e2e-tiny", "e2e-guest")), 201).json().get("slice").get("id").asLong();
        long job = ok(api.post("/slices/" + slice + "/deploy", student.token(), Map.of()), 202).json().get("id").asLong();
        List<JsonNode> events;
        boolean stopped = false;
        try {
            awaitEvent(student.token(), job, OpenStackDriver.NETWORK);
            bed.svc("stop", "neutron-server");
            stopped = true;
            events = follow(student.token(), job);
        } finally {
            if (stopped) bed.svc("start", "neutron-server");
        }
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("outcome").asText()).as("%s", events).isIn("ROLLED_BACK", "INCOMPLETE");
        assertThat(last.get("message").asText()).contains("Neutron");
        assertThat(ok(api.get("/slices/" + slice, student.token()), 200).json().get("status").asText()).isEqualTo("FAILED");
        // Neutron is back: what the rollback could not remove goes with undeploy.
        if (last.get("outcome").asText().equals("INCOMPLETE")) undeployThroughTheApi(student.token(), slice);
        assertNothingLeftOf(slice, projectOf(events));
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void aNovaQuotaTooSmallFailsClearlyAndRollsBackFully() throws Exception {
        var student = fx.user("osquota");
        long slice = ok(api.post("/slices", student.token(), Fixtures.ring("quota", "os", 5, "e2e-tiny", "e2e-guest")), 201).json().get("slice").get("id").asLong();
        long job = ok(api.post("/slices/" + slice + "/deploy", student.token(), Map.of()), 202).json().get("id").asLong();
        awaitEvent(student.token(), job, OpenStackDriver.PROJECT);
        String pid = null;
        for (JsonNode e : ok(api.get("/jobs/" + job, student.token()), 200).json().get("events"))
            if (e.get("event").get("type").asText().equals("ResourceCreated") && e.get("event").get("ref").get("kind").asText().equals(OpenStackDriver.PROJECT))
                pid = e.get("event").get("ref").get("name").asText();
        // Room for two servers only, set before any server is asked for (networks come first).
        bed.admin().compute().quotaSets().updateForTenant(pid, org.openstack4j.api.Builders.quotaSet().instances(2).build());
        List<JsonNode> events = follow(student.token(), job);
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("outcome").asText()).as("%s", events).isEqualTo("ROLLED_BACK");
        assertThat(last.get("message").asText()).containsIgnoringCase("quota exceeded");
        assertNothingLeftOf(slice, pid);
    }

    // ---- issue 15: a lab for a class, on the cloud ----------------------------------------------

    static JsonNode labBoard(String token, long lab) { return ok(api.get("/labs/" + lab + "/board", token), 200).json(); }

    /** Waits (bounded by {@link #BOARD_WAIT_MS}) until the board shows every one of the {@code n} copies in {@code state}, or one FAILED. */
    static JsonNode awaitBoard(String token, long lab, String state, int n) throws InterruptedException {
        long end = System.currentTimeMillis() + BOARD_WAIT_MS;
        JsonNode b = labBoard(token, lab);
        while (System.currentTimeMillis() < end && !(b.get("rows").size() == n && b.get("counts").get(state).asInt() == n)
                && b.get("counts").get("FAILED").asInt() == 0) {
            Thread.sleep(500);
            b = labBoard(token, lab);
        }
        assertThat(b.get("counts").get(state).asInt()).as("board: %s", b).isEqualTo(n);
        return b;
    }

    /** The project a job created, from its stored events; null when it made none. */
    static String projectOfJob(String token, long job) { return projectOfJob(api, token, job); }

    /** The OpenStack project a deploy job made (or found) for its slice, from the job's events. */
    static String projectOfJob(ApiClient api, String token, long job) {
        for (JsonNode e : ok(api.get("/jobs/" + job, token), 200).json().get("events"))
            if (e.get("event").get("type").asText().equals("ResourceCreated") && e.get("event").get("ref").get("kind").asText().equals(OpenStackDriver.PROJECT))
                return e.get("event").get("ref").get("name").asText();
        return null;
    }

    /**
     * A class of six on the cloud: an instructor imports a roster of six by CSV with emails (their
     * one-time passwords arrive at the test SMTP server; one logs in with it), publishes a 3-VM ring lab
     * with an idle timeout, reads the forecast and opens it; the six copies deploy together, each
     * into its own project, as planned; one student's copy is reset while the others keep running
     * the same deploy; 31 minutes without activity (the scheduler's clock driven by the test) stop
     * every copy's servers; closing undeploys all six (the copies stay as drafts) and nothing of
     * any is left in the cloud.
     */
    @Test
    @org.junit.jupiter.api.Order(5)
    void anInstructorRunsALabForAClassOfSixOnTheCloud() throws Exception {
        var teacher = fx.user("osteach", Map.of("role", "instructor"));
        long course = ok(api.post("/courses", teacher.token(), Map.of("name", Fixtures.unique("oslab"), "zone", "os")), 201).json().get("id").asLong();
        // The roster comes in as CSV with emails; the new students' one-time passwords arrive by mail.
        List<String> students = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) students.add(Fixtures.unique("osstu"));
        Map<String, String> mailed = io.olimpus.server.api.RosterMails.importAndReadMails(api, teacher.token(), course, students, smtp);
        // One student logs in with the mailed password (and must choose their own first).
        var login = ok(api.post("/auth/login", null, Map.of("username", students.get(0), "password", mailed.get(students.get(0)))), 200).json();
        assertThat(login.get("mustChangePassword").asBoolean()).isTrue();

        long lab = ok(api.post("/courses/" + course + "/labs", teacher.token(), Map.of("name", "tri",
                "template", Fixtures.ring("tri", "os", 3, "e2e-tiny", "e2e-guest"), "idleMinutes", 30)), 201).json().get("id").asLong();
        JsonNode forecast = ok(api.get("/labs/" + lab + "/forecast", teacher.token()), 200).json();
        assertThat(forecast.get("totalVms").asInt()).isEqualTo(18);
        assertThat(forecast.get("message").asText()).as("%s", forecast).startsWith("6 students x 3 VMs = 18 VMs");

        boolean closed = false;
        try {
            ok(api.post("/labs/" + lab + "/open", teacher.token(), null), 202);
            JsonNode board = awaitBoard(teacher.token(), lab, "RUNNING", 6);
            Map<Long, String> projects = new java.util.HashMap<>();
            Map<Long, Long> jobs = new java.util.HashMap<>();
            for (JsonNode row : board.get("rows")) {
                long slice = row.get("sliceId").asLong();
                JsonNode vms = ok(api.get("/slices/" + slice + "/vms", teacher.token()), 200).json();
                assertThat(vms).as("the copy of %s", row.get("student")).hasSize(3);
                for (JsonNode v : vms) assertThat(v.get("state").asText()).as("%s", v).isEqualTo("RUNNING");
                String project = projectOfJob(teacher.token(), row.get("jobId").asLong());
                assertThat(project).as("the project of %s's copy", row.get("student")).isNotNull();
                projects.put(slice, project);
                jobs.put(slice, row.get("jobId").asLong());
            }
            assertThat(new java.util.HashSet<>(projects.values())).as("one project per copy").hasSize(6);

            // Reset the first student's copy: a new deploy of it, the others keep theirs.
            JsonNode first = board.get("rows").get(0);
            long firstSlice = first.get("sliceId").asLong();
            ok(api.post("/labs/" + lab + "/reset", teacher.token(), Map.of("student", first.get("student").asText())), 202);
            long end = System.currentTimeMillis() + BOARD_WAIT_MS;
            JsonNode row1 = null;
            while (System.currentTimeMillis() < end) {
                board = labBoard(teacher.token(), lab);
                for (JsonNode r : board.get("rows")) if (r.get("sliceId").asLong() == firstSlice) row1 = r;
                if (row1 != null && (row1.get("state").asText().equals("FAILED")
                        || row1.get("state").asText().equals("RUNNING") && row1.get("jobId").asLong() != jobs.get(firstSlice))) break;
                Thread.sleep(500);
            }
            assertThat(row1).isNotNull();
            assertThat(row1.get("state").asText()).as("board: %s", board).isEqualTo("RUNNING");
            assertThat(row1.get("jobId").asLong()).as("a new deploy of the reset copy").isNotEqualTo(jobs.get(firstSlice));
            for (JsonNode r : board.get("rows")) {
                assertThat(r.get("state").asText()).as("%s", r).isEqualTo("RUNNING");
                if (r.get("sliceId").asLong() != firstSlice) assertThat(r.get("jobId").asLong()).as("%s", r).isEqualTo(jobs.get(r.get("sliceId").asLong()));
            }
            // The reset copy's new deploy made a new project: that is the one to find empty after the close.
            String before = projects.get(firstSlice), again = projectOfJob(teacher.token(), row1.get("jobId").asLong());
            if (again != null) projects.put(firstSlice, again);

            // 31 minutes without activity: every copy's servers stop.
            for (var f : server.running.labs().tick(System.currentTimeMillis() + 31 * 60_000L)) f.get(BOARD_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            board = awaitBoard(teacher.token(), lab, "STOPPED", 6);
            for (JsonNode r : board.get("rows"))
                for (JsonNode v : ok(api.get("/slices/" + r.get("sliceId").asLong() + "/vms", fx.admin), 200).json())
                    assertThat(v.get("state").asText()).as("%s", v).isEqualTo("STOPPED");

            ok(api.post("/labs/" + lab + "/close", teacher.token(), null), 202);
            board = awaitBoard(teacher.token(), lab, "DRAFT", 6);
            closed = true;
            for (var e : projects.entrySet()) {
                assertThat(ok(api.get("/slices/" + e.getKey(), teacher.token()), 200).json().get("status").asText()).isEqualTo("DRAFT");
                assertNothingLeftOf(e.getKey(), e.getValue());
            }
            assertNothingLeftOf(firstSlice, before);
        } finally {
            // A failure above must not leave the copies in the cloud for the next class's leftover checks.
            if (!closed && api.post("/labs/" + lab + "/close", fx.admin, null).status() == 202) {
                long end = System.currentTimeMillis() + BOARD_WAIT_MS;
                while (System.currentTimeMillis() < end) {
                    JsonNode c = labBoard(fx.admin, lab).get("counts");
                    if (c.get("UNDEPLOYING").asInt() == 0 && c.get("QUEUED").asInt() == 0 && c.get("DEPLOYING").asInt() == 0) break;
                    Thread.sleep(500);
                }
            }
        }
    }

    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEEWcOZ/6WV1W+JIfQHk1Bh8f1g7rFlNgq8d9ZDIoO8H osstudent@laptop";

    /**
     * Issue 19, user_data on OpenStack zones: a student with an SSH key in their profile deploys a
     * slice that carries its own cloud-config; Nova hands each server, as its user_data (read back
     * by the cloud admin at microversion 2.3), the server's hostname, the key and the slice's own
     * cloud-config, with the password the deploy told once. That password is nowhere else: not in
     * the job or its events, not in what the server logged during the deploy, not in Nova's console
     * output or instance actions of the servers, not in the cloud services' logs.
     */
    @Test
    @org.junit.jupiter.api.Order(6)
    void eachServerGetsItsHostnameTheOwnersKeyAndTheSlicesCloudConfigAsNovaUserData() throws Exception {
        var student = fx.user("oskeyed");
        ok(api.patch("/auth/me", student.token(), Map.of("sshPublicKey", KEY)), 200);
        long slice = ok(api.post("/slices", student.token(), Fixtures.ring("osudata", "os", 3, "e2e-tiny", "e2e-guest")), 201)
                .json().get("slice").get("id").asLong();
        String mine = "#cloud-config\npackages: [tcpdump]\nruncmd:\n  - [touch, /tmp/olimpus-e2e-was-here]\n";
        ok(api.put("/slices/" + slice + "/cloud-config", student.token(), Map.of("cloudConfig", mine)), 200);

        String password;
        long job;
        String logged;
        try (var log = new io.olimpus.server.api.LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            var deploy = ok(api.post("/slices/" + slice + "/deploy", student.token(), Map.of()), 202);
            password = deploy.json().get("vmPassword").asText();
            job = deploy.json().get("id").asLong();
            List<JsonNode> events = follow(student.token(), job);
            assertThat(ApiClient.outcome(events)).as("%s", events).isEqualTo("SUCCEEDED");
            assertThat(events.toString()).doesNotContain(password);
            logged = log.text();
        }
        assertThat(password).hasSize(16);
        assertThat(ok(api.get("/jobs/" + job, student.token()), 200).body()).doesNotContain(password);
        assertThat(logged).as("what the server logged during the deploy").isNotEmpty().doesNotContain(password);

        String project = projectOfJob(student.token(), job);
        assertThat(project).isNotNull();
        NovaAdmin nova = new NovaAdmin(bed);
        JsonNode servers = nova.serversOf(project);
        List<String> vmNames = new java.util.ArrayList<>();
        for (JsonNode v : ok(api.get("/slices/" + slice + "/vms", student.token()), 200).json()) vmNames.add(v.get("name").asText());
        assertThat(servers).hasSize(3);
        assertThat(vmNames).hasSize(3);
        for (JsonNode sv : servers) {
            JsonNode b64 = sv.get("OS-EXT-SRV-ATTR:user_data");
            assertThat(b64).as("user_data of %s", sv.get("name")).isNotNull();
            assertThat(b64.isTextual()).as("user_data of %s: %s", sv.get("name"), b64).isTrue();
            String userData = new String(java.util.Base64.getDecoder().decode(b64.asText()), java.nio.charset.StandardCharsets.UTF_8);
            String hostname = sv.get("OS-EXT-SRV-ATTR:hostname").asText();
            String vm = vmNames.stream().filter(n -> userData.contains("hostname: \"" + n + "\"\n")).findFirst().orElse(null);
            assertThat(vm).as("the hostname in the user_data of %s (Nova's hostname %s):%n%s", sv.get("name"), hostname, userData).isNotNull();
            assertThat(sv.get("name").asText()).as("the server named after its VM").contains(vm);
            vmNames.remove(vm);
            assertThat(userData).as("user_data of %s", vm).startsWith("Content-Type: multipart/mixed")
                    .contains("ssh_authorized_keys:\n  - \"" + KEY + "\"")
                    .contains(mine)
                    .contains("password: \"" + password + "\"");
            assertThat(nova.logsAndEvents(sv.get("id").asText())).as("Nova's console output and instance actions of %s", vm).doesNotContain(password);
        }
        assertThat(vmNames).as("every VM's server found").isEmpty();
        // Nor in any log of the cloud's own services (nova-api took the user_data, nova-compute spawned the servers).
        try (var logs = java.nio.file.Files.list(OpenStackTestBed.stateDir().resolve("log"))) {
            for (java.nio.file.Path f : logs.filter(java.nio.file.Files::isRegularFile).toList())
                assertThat(java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as("the bed's %s", f.getFileName()).doesNotContain(password);
        }

        undeployThroughTheApi(student.token(), slice);
        assertNothingLeftOf(slice, project);
    }
}
