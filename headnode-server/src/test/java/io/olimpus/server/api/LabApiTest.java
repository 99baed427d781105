package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.deploy.DeploymentService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, labs, through the API on a scripted platform: an instructor publishes a 3-VM lab to a
 * course of 6, forecasts it, the scheduler opens it at its window (6 copies deploy through the
 * class runner), a student sees it and may not edit their copy, one copy is reset while the others
 * keep running, an idle timeout stops the copies' VMs, and the window's end undeploys everything,
 * leaving the copies as drafts and nothing on the platform. Time is driven by calling the
 * scheduler's tick with the time wanted.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class LabApiTest {
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;
    static ScriptedPlatform platform;
    static String zone, flavor, image;

    @Parameter
    Store store;

    @BeforeParameterizedClassInvocation
    static void startServer(Store store) throws Exception {
        ScriptedZone z = ScriptedZone.start(store, "classz");
        server = z.server(); platform = z.platform(); api = z.api(); fx = z.fx(); zone = z.zone(); flavor = z.flavor(); image = z.image();
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        if (server != null) server.close();
        server = null;
    }

    record Course(long id, Fixtures.Account instructor, List<Fixtures.Account> students) {}

    static Course course(int students) {
        Fixtures.Account teacher = fx.user("teach", Map.of("role", "instructor"));
        List<Fixtures.Account> ss = new ArrayList<>();
        for (int i = 0; i < students; i++) ss.add(fx.user("stu"));
        var made = api.post("/courses", teacher.token(), Map.of("name", Fixtures.unique("course"), "zone", zone));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        var enrolled = api.post("/courses/" + id + "/students", teacher.token(), Map.of("usernames", ss.stream().map(Fixtures.Account::username).toList()));
        assertThat(enrolled.status()).as(enrolled.toString()).isIn(200, 201);
        return new Course(id, teacher, ss);
    }

    static JsonNode board(Course c, long lab) {
        var r = api.get("/labs/" + lab + "/board", c.instructor().token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Waits (bounded, generously) until the board's rows satisfy the condition. */
    static JsonNode awaitBoard(Course c, long lab, Predicate<JsonNode> done) throws InterruptedException {
        long end = System.currentTimeMillis() + 600_000;
        JsonNode b = board(c, lab);
        while (!done.test(b) && System.currentTimeMillis() < end) {
            Thread.sleep(100);
            b = board(c, lab);
        }
        assertThat(done.test(b)).as(b.toString()).isTrue();
        return b;
    }

    static Predicate<JsonNode> all(String state, int n) {
        return b -> b.get("rows").size() == n && b.get("counts").get(state).asInt() == n;
    }

    /** Nothing on the board is being made, queued, deployed or undeployed. */
    static boolean settled(JsonNode b) {
        for (String busy : List.of("CREATING", "QUEUED", "DEPLOYING", "UNDEPLOYING")) if (b.get("counts").get(busy).asInt() > 0) return false;
        return true;
    }

    static void settle(List<CompletableFuture<Void>> started) throws Exception {
        for (var f : started) f.get(600, TimeUnit.SECONDS);
    }

    @Test
    void aClassOfSixOpensResetsIdlesAndClosesOnItsWindow() throws Exception {
        Course c = course(6);
        long now = System.currentTimeMillis();
        long opens = now + 3_600_000, closes = opens + 7_200_000;
        var template = Fixtures.ring("anything", null, 3, flavor, image);
        var r = api.post("/courses/" + c.id() + "/labs", c.instructor().token(), Map.of("name", "net1", "template", template,
                "opensAt", opens, "closesAt", closes, "idleMinutes", 30));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long lab = r.json().get("id").asLong();
        assertThat(r.json().get("state").asText()).isEqualTo("PUBLISHED");
        assertThat(r.json().get("studentsMayEdit").asBoolean()).isFalse();

        // The forecast: 6 x 3 VMs on the scripted zone's one big worker.
        var f = api.get("/labs/" + lab + "/forecast", c.instructor().token());
        assertThat(f.status()).as(f.toString()).isEqualTo(200);
        assertThat(f.json().get("totalVms").asInt()).isEqualTo(18);
        assertThat(f.json().get("fits").asBoolean()).isTrue();
        assertThat(f.json().get("message").asText()).startsWith("6 students x 3 VMs = 18 VMs, 18 vCPU").endsWith(": yes");
        var tooMany = api.get("/labs/" + lab + "/forecast?students=1000", c.instructor().token());
        assertThat(tooMany.json().get("fits").asBoolean()).as(tooMany.toString()).isFalse();
        assertThat(tooMany.json().get("message").asText()).contains("short by");

        // Nothing happens before the window; at its start the scheduler opens the lab and deploys every copy.
        settle(server.running.labs().tick(opens - 1));
        assertThat(api.get("/labs/" + lab, c.instructor().token()).json().get("state").asText()).isEqualTo("PUBLISHED");
        settle(server.running.labs().tick(opens));
        JsonNode b = awaitBoard(c, lab, all("RUNNING", 6));
        assertThat(b.get("rows").findValuesAsText("student")).containsExactlyInAnyOrderElementsOf(c.students().stream().map(Fixtures.Account::username).toList());

        // A student sees the lab with its window and their running copy; they may not change the copy.
        Fixtures.Account first = c.students().get(0);
        var mine = api.get("/labs", first.token());
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.json()).hasSize(1);
        JsonNode myLab = mine.json().get(0);
        assertThat(myLab.get("state").asText()).isEqualTo("OPEN");
        assertThat(myLab.get("closesAt").asLong()).isEqualTo(closes);
        assertThat(myLab.get("sliceStatus").asText()).isEqualTo("RUNNING");
        long mySlice = myLab.get("sliceId").asLong();
        var edit = api.put("/slices/" + mySlice, first.token(), Fixtures.ring("net1-l" + lab, zone, 1, flavor, image), "*");
        assertThat(edit.status()).as(edit.toString()).isEqualTo(403);
        assertThat(edit.json().get("detail").asText()).contains("lab 'net1'").contains("ask your instructor");

        // Reset one student's copy: it is undeployed and deployed again (a new job); the others are not touched.
        Map<String, Long> jobs = new java.util.HashMap<>();
        for (JsonNode row : b.get("rows")) jobs.put(row.get("student").asText(), row.get("jobId").asLong());
        var reset = api.post("/labs/" + lab + "/reset", c.instructor().token(), Map.of("student", first.username()));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(202);
        b = awaitBoard(c, lab, x -> all("RUNNING", 6).test(x) && row(x, first.username()).get("jobId").asLong() != jobs.get(first.username()));
        for (JsonNode row : b.get("rows"))
            if (!row.get("student").asText().equals(first.username()))
                assertThat(row.get("jobId").asLong()).as(row.toString()).isEqualTo(jobs.get(row.get("student").asText()));
        var unknown = api.post("/labs/" + lab + "/reset", c.instructor().token(), Map.of("student", "nobody-here"));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().get("field").asText()).isEqualTo("student");

        // 31 idle minutes later every copy's VMs are stopped; the board says why and what to do.
        settle(server.running.labs().tick(System.currentTimeMillis() + 31 * 60_000L));
        b = awaitBoard(c, lab, all("STOPPED", 6));
        assertThat(row(b, first.username()).get("reason").asText()).contains("no activity for 30 minutes");
        assertThat(platform.stopped).hasSize(18);

        // The window's end: everything is undeployed, the copies stay as drafts, nothing is left on the platform.
        settle(server.running.labs().tick(closes));
        awaitBoard(c, lab, all("DRAFT", 6));
        assertThat(api.get("/labs/" + lab, c.instructor().token()).json().get("state").asText()).isEqualTo("CLOSED");
        for (JsonNode row : board(c, lab).get("rows")) {
            long slice = row.get("sliceId").asLong();
            assertThat(platform.resources(DeploymentService.platformId(slice))).isEmpty();
            assertThat(api.get("/slices/" + slice, fx.admin).json().get("status").asText()).isEqualTo("DRAFT");
        }
    }

    static JsonNode row(JsonNode board, String student) {
        for (JsonNode r : board.get("rows")) if (r.get("student").asText().equals(student)) return r;
        throw new AssertionError("no row for " + student + " in " + board);
    }

    @Test
    void onlyTheCoursesInstructorOrAnAdminManageItsLabsAndBadInputNamesTheField() throws Exception {
        Course c = course(1);
        Fixtures.Account other = fx.user("teach", Map.of("role", "instructor"));
        var template = Fixtures.ring("x", null, 3, flavor, image);
        String path = "/courses/" + c.id() + "/labs";
        assertThat(api.post(path, c.students().get(0).token(), Map.of("name", "l1", "template", template)).status()).isEqualTo(403);
        assertThat(api.post(path, other.token(), Map.of("name", "l1", "template", template)).status()).isEqualTo(404);

        var badName = api.post(path, c.instructor().token(), Map.of("name", "Lab One", "template", template));
        assertThat(badName.status()).as(badName.toString()).isEqualTo(400);
        assertThat(badName.json().get("field").asText()).isEqualTo("name");
        var badWindow = api.post(path, c.instructor().token(), Map.of("name", "l1", "template", template, "opensAt", 2000, "closesAt", 1000));
        assertThat(badWindow.json().get("field").asText()).as(badWindow.toString()).isEqualTo("closesAt");
        var badIdle = api.post(path, c.instructor().token(), Map.of("name", "l1", "template", template, "idleMinutes", 0));
        assertThat(badIdle.json().get("field").asText()).as(badIdle.toString()).isEqualTo("idleMinutes");
        var noTemplate = api.post(path, c.instructor().token(), Map.of("name", "l1"));
        assertThat(noTemplate.json().get("field").asText()).as(noTemplate.toString()).isEqualTo("template");
        var unknown = api.post(path, c.instructor().token(), Map.of("name", "l1", "template", template, "colour", "red"));
        assertThat(unknown.json().get("field").asText()).as(unknown.toString()).isEqualTo("colour");

        var made = api.post(path, c.instructor().token(), Map.of("name", "l1", "template", template, "deployAtOpen", false));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long lab = made.json().get("id").asLong();
        assertThat(api.post(path, c.instructor().token(), Map.of("name", "l1", "template", template)).status()).isEqualTo(409);
        assertThat(api.get("/labs/" + lab + "/board", other.token()).status()).isEqualTo(404);
        assertThat(api.get("/labs/" + lab + "/board", c.students().get(0).token()).status()).isEqualTo(403);
        assertThat(api.get("/labs/" + lab + "/board", fx.admin).status()).isEqualTo(200);

        // Assigning makes the copy in the background (answered at once with the board); opening
        // without deploy-at-open deploys nothing (students deploy their own).
        var assigned = api.post("/labs/" + lab + "/assign", c.instructor().token(), null);
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(202);
        assertThat(assigned.json().get("rows").get(0).get("student").asText()).isEqualTo(c.students().get(0).username());
        JsonNode made1 = awaitBoard(c, lab, all("DRAFT", 1));
        long copy = row(made1, c.students().get(0).username()).get("sliceId").asLong();
        assertThat(api.get("/slices/" + copy, fx.admin).json().get("name").asText()).isEqualTo("l1-l" + lab);
        assertThat(api.post("/labs/" + lab + "/open", c.instructor().token(), null).status()).isEqualTo(202);
        assertThat(board(c, lab).get("counts").get("DRAFT").asInt()).isEqualTo(1);
        assertThat(api.post("/labs/" + lab + "/open", c.instructor().token(), null).status()).isEqualTo(409);
    }

    /**
     * Opening answers at once with every student on the board while the copies are made in the
     * background, each deployed as soon as it exists; a copy that cannot be made (its student
     * already has a slice of that name) fails alone with its reason, leaves nothing half-made,
     * and the ordinary retry makes and deploys it once the cause is gone.
     */
    @Test
    void openingAnswersAtOnceAndACopyThatCannotBeMadeFailsAloneAndIsRetried() throws Exception {
        Course c = course(4);
        var template = Fixtures.ring("x", null, 3, flavor, image);
        var made = api.post("/courses/" + c.id() + "/labs", c.instructor().token(), Map.of("name", "async", "template", template));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long lab = made.json().get("id").asLong();
        Fixtures.Account blocked = c.students().get(2);
        // The blocked student already owns a slice named like their copy: theirs cannot be made.
        var squat = api.post("/slices", blocked.token(), Fixtures.ring("async-l" + lab, zone, 3, flavor, image));
        assertThat(squat.status()).as(squat.toString()).isEqualTo(201);
        long squatId = squat.json().get("slice").get("id").asLong();

        var opened = api.post("/labs/" + lab + "/open", c.instructor().token(), null);
        assertThat(opened.status()).as(opened.toString()).isEqualTo(202);
        assertThat(opened.json().get("rows").findValuesAsText("student"))
                .as("every student is on the board in the answer, before their copy exists").containsExactlyInAnyOrderElementsOf(
                        c.students().stream().map(Fixtures.Account::username).toList());
        assertThat(opened.json().get("counts").has("CREATING")).isTrue();

        JsonNode b = awaitBoard(c, lab, LabApiTest::settled);
        assertThat(b.get("counts").get("RUNNING").asInt()).as("%s", b).isEqualTo(3);
        assertThat(b.get("counts").get("FAILED").asInt()).as("%s", b).isEqualTo(1);
        JsonNode failed = row(b, blocked.username());
        assertThat(failed.path("sliceId").isNumber()).as("no slice: %s", failed).isFalse();
        assertThat(failed.get("reason").asText()).as("%s", failed).contains("async-l" + lab).contains("retry the failed copies");
        var mine = api.get("/slices?owner=" + blocked.username(), fx.admin).json();
        assertThat(mine.isArray() ? mine : mine.get("items")).as("nothing half-made: only the student's own slice").hasSize(1);

        // The cause goes; the ordinary retry makes the copy and deploys it.
        assertThat(api.delete("/slices/" + squatId, blocked.token()).status()).isEqualTo(204);
        assertThat(api.post("/labs/" + lab + "/retry", c.instructor().token(), null).status()).isEqualTo(202);
        b = awaitBoard(c, lab, LabApiTest::settled);
        assertThat(b.get("counts").get("RUNNING").asInt()).as("%s", b).isEqualTo(4);
        assertThat(row(b, blocked.username()).get("sliceId").isNumber()).isTrue();
        assertThat(api.post("/labs/" + lab + "/close", c.instructor().token(), null).status()).isEqualTo(202);
        awaitBoard(c, lab, all("DRAFT", 4));
    }
}
