package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.deploy.DeploymentService;
import io.olimpus.server.engine.apply.Failures;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.json.StrictJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 (defects 2, 3, 7) and issue 13 (item 11), through the API on a scripted platform: a
 * failure's words that name server paths reach the log, never a student; a failed VM's console is
 * kept with the job and shown to its owner; a rolled-back slice holds no quota; an undeploy
 * during crash recovery is told the truth, with Retry-After.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class DeployTruthApiTest {
    static final String SERVER_PATH = "/var/lib/olimpus/data/keys/worker1_ed25519";
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;
    static ScriptedPlatform platform;
    static String zone, flavor, image;

    @Parameter
    Store store;

    @BeforeParameterizedClassInvocation
    static void startServer(Store store) throws Exception {
        ScriptedZone z = ScriptedZone.start(store, "scripted");
        server = z.server(); platform = z.platform(); api = z.api(); fx = z.fx(); zone = z.zone(); flavor = z.flavor(); image = z.image();
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        if (server != null) server.close();
        server = null;
    }

    record Stored(long id, String name) {}

    static Stored slice(Fixtures.Account owner, int vms) {
        String name = Fixtures.unique("t");
        var r = api.post("/slices", owner.token(), Fixtures.ring(name, zone, vms, flavor, image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Stored(r.json().get("slice").get("id").asLong(), name);
    }

    /** A stored slice of {@code vms} VMs whose {@code vm} fails to create with {@code failure}. */
    static Stored failing(Fixtures.Account owner, int vms, String vm, RuntimeException failure) {
        Stored s = slice(owner, vms);
        var script = platform.script(s.name());
        script.failVm = vm;
        script.failure = failure;
        return s;
    }

    /** Deploys and follows the job to its end; returns the job id. */
    static long deployAndFollow(Fixtures.Account owner, Stored s, String outcome) {
        var r = api.post("/slices/" + s.id() + "/deploy", owner.token(), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        long job = r.json().get("id").asLong();
        List<JsonNode> events = api.followJob(owner.token(), job);
        assertThat(ApiClient.outcome(events)).as(events.toString()).isEqualTo(outcome);
        return job;
    }

    @Test
    void anInternalFailureNamingAServerPathReachesTheLogNeverTheStudent() {
        var u = fx.user("leak");
        Stored s = failing(u, 3, "vm2", new UncheckedIOException(new java.io.IOException("cannot read " + SERVER_PATH + ": Permission denied")));
        try (var failures = new LogCapture(Failures.class); var service = new LogCapture(DeploymentService.class)) {
            long job = deployAndFollow(u, s, "ROLLED_BACK");
            List<JsonNode> streamed = api.followJob(u.token(), job);
            var polled = api.get("/jobs/" + job, u.token());
            var latest = api.get("/slices/" + s.id() + "/job", u.token());
            for (String said : List.of(streamed.toString(), polled.body(), latest.body()))
                assertThat(said).doesNotContain("/var/lib").doesNotContain("UncheckedIOException").doesNotContain("Permission denied");
            // What the student reads says what happened and where an admin looks.
            JsonNode failed = streamed.stream().filter(e -> e.path("type").asText().equals("VmChanged") && e.path("state").asText().equals("FAILED"))
                    .findFirst().orElseThrow();
            assertThat(failed.path("detail").asText()).contains("internal error stopped the deploy of vm2").contains("job " + job);
            assertThat(latest.json().get("message").asText()).contains("job " + job).contains("server log");
            // The admin reads the whole of it in the log, with the slice, job and VM ids.
            String log = failures.text();
            assertThat(log).contains(SERVER_PATH).contains("job " + job).contains("slice s" + s.id()).contains("vm n2");
            assertThat(service.text()).contains("job " + job + " slice " + s.id() + ": running")
                    .contains("job " + job + " slice " + s.id() + " vm n2 (vm2): failed")
                    .contains("job " + job + " slice " + s.id() + ": rolling back")
                    .contains("deploy finished ROLLED_BACK");
        }
    }

    @Test
    void aDriverExceptionsPublicMessageIsToldAndItsAdminDetailIsOnlyLogged() {
        var u = fx.user("detail");
        Stored s = failing(u, 3, "vm1", DriverException.withAdminDetail("the SSH key of worker 'w1' cannot be read; an administrator has been told",
                "the SSH key '" + SERVER_PATH + "' is not readable"));
        try (var failures = new LogCapture(Failures.class)) {
            long job = deployAndFollow(u, s, "ROLLED_BACK");
            String polled = api.get("/jobs/" + job, u.token()).body();
            assertThat(polled).contains("the SSH key of worker 'w1' cannot be read").doesNotContain(SERVER_PATH);
            assertThat(failures.text()).contains(SERVER_PATH);
        }
    }

    @Test
    void aFailedVmsConsoleIsKeptWithTheJobForItsOwnerAndAdmins() {
        var u = fx.user("evid");
        Stored s = failing(u, 3, "vm3", new DriverException("vm3 on w1 did not reach RUNNING within 180 s (last state BOOTING)"));
        var script = platform.script(s.name());
        script.console = "SeaBIOS\r\n[\u001B[0;32m  OK  \u001B[0m] Reached target Network.\r\nKernel panic - not syncing: VFS\r\n";
        script.platformLog = "qemu-system-x86_64: warning: TCG doesn't support requested feature\n";
        long job = deployAndFollow(u, s, "ROLLED_BACK");
        assertThat(platform.resources("s" + s.id())).as("the rollback removed the VM the evidence came from").isEmpty();

        var r = api.get("/jobs/" + job + "/evidence", u.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("jobId").asLong()).isEqualTo(job);
        assertThat(r.json().get("vms")).hasSize(1);
        JsonNode vm = r.json().get("vms").get(0);
        assertThat(vm.get("vmName").asText()).isEqualTo("vm3");
        assertThat(vm.get("vmId").asText()).isEqualTo("n3");
        assertThat(vm.get("console").asText()).isEqualTo("SeaBIOS\n[  OK  ] Reached target Network.\nKernel panic - not syncing: VFS\n");
        assertThat(vm.get("platformLog").asText()).contains("TCG doesn't support");

        assertThat(api.get("/jobs/" + job + "/evidence", fx.admin).status()).isEqualTo(200);
        var other = fx.user("nosy");
        assertThat(api.get("/jobs/" + job + "/evidence", other.token()).status()).isEqualTo(404);
        assertThat(api.get("/jobs/" + job + "/evidence", null).status()).isEqualTo(401);
    }

    @Test
    void slicesRolledBackHoldNoQuota() {
        var u = fx.user("quota", Map.of("maxVms", 8));
        for (int i = 0; i < 3; i++) {
            Stored s = failing(u, 3, "vm1", new DriverException("qemu on w1 refused to start vm1"));
            deployAndFollow(u, s, "ROLLED_BACK");
            assertThat(api.get("/slices/" + s.id(), u.token()).json().get("status").asText()).isEqualTo("FAILED");
        }
        // Nothing runs: a 3-VM slice fits the quota of 8, is stored, and deploys.
        Stored next = slice(u, 3);
        deployAndFollow(u, next, "SUCCEEDED");
        // What runs counts: 3 VMs held, so a 6-VM design is saved with a warning naming what is held, and not deployed.
        Stored big = slice(u, 6);
        assertThat(api.get("/slices/" + big.id(), u.token()).json().get("status").asText()).isEqualTo("DRAFT");
        var r = api.post("/slices/" + big.id() + "/deploy", u.token(), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().get("problems").toString()).contains("already hold 3 VMs");
    }

    @Test
    void theQuotaIsEnforcedAtDeployNamingTheQuotaAndTheNumbers() {
        var u = fx.user("deployq", Map.of("maxVms", 5));
        Stored first = slice(u, 3);
        deployAndFollow(u, first, "SUCCEEDED");
        // A draft over what is left is saved (with its warning) ...
        String name = Fixtures.unique("t");
        var saved = api.post("/slices", u.token(), Fixtures.ring(name, zone, 3, flavor, image));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        assertThat(saved.json().get("warnings").toString()).contains("QUOTA_EXCEEDED").contains("your quota allows 5");
        long id = saved.json().get("slice").get("id").asLong();
        // ... and refused at deploy: 4xx, the quota named with its numbers, nothing started, the slice still a draft.
        var r = api.post("/slices/" + id + "/deploy", u.token(), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        JsonNode body = r.json();
        assertThat(body.get("type").asText()).endsWith("quota-exceeded");
        assertThat(body.get("field").asText()).isEqualTo("quota");
        assertThat(body.get("limit").asText()).isEqualTo("maxVms");
        assertThat(body.get("max").asInt()).isEqualTo(5);
        assertThat(body.get("needed").asInt()).isEqualTo(6);
        JsonNode q = body.get("quotas").get(0);
        assertThat(q.get("design").asInt()).isEqualTo(3);
        assertThat(q.get("held").asInt()).isEqualTo(3);
        assertThat(body.get("detail").asText()).contains("the design has 3 VMs; your quota allows 5")
                .contains("already hold 3 VMs").contains("undeploy another slice");
        assertThat(find(body.get("problems"), "QUOTA_EXCEEDED").get("nodeIds")).hasSize(3);
        assertThat(api.get("/slices/" + id, u.token()).json().get("status").asText()).isEqualTo("DRAFT");
        assertThat(platform.resources("s" + id)).isEmpty();
        // Once the first is undeployed, the same design deploys.
        var undeploy = api.post("/slices/" + first.id() + "/undeploy", u.token(), null);
        assertThat(undeploy.status()).as(undeploy.toString()).isEqualTo(202);
        assertThat(ApiClient.outcome(api.followJob(u.token(), undeploy.json().get("id").asLong()))).isEqualTo("SUCCEEDED");
        deployAndFollow(u, new Stored(id, name), "SUCCEEDED");
    }

    static JsonNode find(JsonNode problems, String code) { return SliceApiTest.find(problems, code); }

    @Test
    void anUndeployDuringCrashRecoveryIsToldTheTruthWithRetryAfter() throws Exception {
        var u = fx.user("recov");
        Stored s = slice(u, 3);
        // A deploy the previous server was killed in: the slice DEPLOYING, its job RUNNING.
        String plan = StrictJson.MAPPER.writeValueAsString(new DeploymentPlan(s.name(), zone, List.of(), List.of()));
        var jdbi = server.running.database().jdbi();
        jdbi.useHandle(h -> h.createUpdate("update slices set status = 'DEPLOYING' where id = :s").bind("s", s.id()).execute());
        long job = jdbi.withHandle(h -> h.createUpdate("insert into deploy_jobs (slice_id, kind, state, requested_by, plan_json, started_at)"
                + " values (:s, 'DEPLOY', 'RUNNING', :u, :p, 0)").bind("s", s.id()).bind("u", u.username()).bind("p", plan)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        CountDownLatch hold = new CountDownLatch(1);
        platform.script(s.name()).holdListing = hold;
        try {
            assertThat(server.running.deployments().recover()).isGreaterThanOrEqualTo(1);
            var r = api.post("/slices/" + s.id() + "/undeploy", u.token(), null);
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.json().get("type").asText()).endsWith("/slice-recovering");
            assertThat(r.json().get("detail").asText()).contains("is being recovered after a server restart").contains("try again in 10 s")
                    .doesNotContain("nothing deployed");
            assertThat(r.header("Retry-After")).isEqualTo("10");
            // A deploy is refused the same way while the recovery runs.
            var d = api.post("/slices/" + s.id() + "/deploy", u.token(), null);
            assertThat(d.status()).as(d.toString()).isEqualTo(409);
            assertThat(d.header("Retry-After")).isEqualTo("10");
        } finally {
            hold.countDown();
        }
        List<JsonNode> events = api.followJob(u.token(), job);
        assertThat(ApiClient.outcome(events)).isEqualTo("ROLLED_BACK");
        // Once it is over, the slice says what it is: failed, with nothing deployed.
        var after = api.post("/slices/" + s.id() + "/undeploy", u.token(), null);
        assertThat(after.status()).as(after.toString()).isEqualTo(409);
        assertThat(after.json().get("detail").asText()).contains("FAILED and has nothing deployed");
    }
}
