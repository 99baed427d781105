package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.app.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: the running server honours the lab settings an admin changes through PUT /settings,
 * seen in what it does, not in what it answers. The server starts with a scheduler period of ten
 * minutes; on the scripted platform each creating call takes a while, so copies deployed at once
 * overlap there. With lab.concurrency 1 no two copies' calls ever overlap, with 3 they do; a lab
 * whose window opened is left alone under the ten-minute period and opened within seconds once
 * the period is set to one second.
 */
class LabSettingsApiTest {
    static ScriptedZone z;
    static ApiClient api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        z = ScriptedZone.start(Store.H2, "setz", c -> c.withLabs(new Config.Labs(8, Duration.ofMinutes(10))));
        api = z.api();
        fx = z.fx();
        // Long enough for the copies the runner works on at once to be seen at once on the platform.
        z.platform().latency = new ScriptedPlatform.Latency(0, 300, 100, 100, 0, 0, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (z != null) z.close();
    }

    static JsonNode settings(Map<String, Object> change) {
        var r = api.put("/settings", fx.admin, change);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** A course of {@code students} and a published 3-VM lab of it; its window opens at {@code opensAt} (null: opened by hand). */
    static long lab(int students, Long opensAt) {
        Fixtures.Account teacher = fx.user("steach", Map.of("role", "instructor"));
        List<String> ss = new ArrayList<>();
        for (int i = 0; i < students; i++) ss.add(fx.user("sstu").username());
        long course = api.post("/courses", teacher.token(), Map.of("name", Fixtures.unique("scourse"), "zone", z.zone())).json().get("id").asLong();
        var enrolled = api.post("/courses/" + course + "/students", teacher.token(), Map.of("usernames", ss));
        assertThat(enrolled.status()).as(enrolled.toString()).isIn(200, 201);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "l1", "template", Fixtures.ring("anything", null, 3, z.flavor(), z.image())));
        if (opensAt != null) {
            body.put("opensAt", opensAt);
            body.put("closesAt", opensAt + 3_600_000);
        }
        var made = api.post("/courses/" + course + "/labs", teacher.token(), body);
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    static JsonNode board(long lab) { return api.get("/labs/" + lab + "/board", fx.admin).json(); }

    /** Waits at most {@code seconds} for every one of the lab's {@code n} copies to be RUNNING. */
    static boolean allRunningWithin(long lab, int n, int seconds) throws InterruptedException {
        return boardWithin(lab, b -> b.get("rows").size() == n && b.get("counts").get("RUNNING").asInt() == n, seconds) != null;
    }

    /** The lab's board once it satisfies {@code done}, or null after {@code seconds}. */
    static JsonNode boardWithin(long lab, java.util.function.Predicate<JsonNode> done, int seconds) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            JsonNode b = board(lab);
            if (done.test(b)) return b;
            Thread.sleep(100);
        }
        return null;
    }

    /** The lab's board once it satisfies {@code done} (bounded generously), else the board as it is. */
    static JsonNode awaitBoard(long lab, java.util.function.Predicate<JsonNode> done) throws InterruptedException {
        JsonNode b = boardWithin(lab, done, 600);
        return b != null ? b : board(lab);
    }

    @Test
    void concurrencyOneDeploysOneCopyAtATimeAndThreeDeploysSeveral() throws Exception {
        assertThat(settings(Map.of("lab.concurrency", 1)).get("lab.concurrency").asInt()).isEqualTo(1);
        long lab = lab(4, null);
        z.platform().mostSlicesAtOnce = 0;
        assertThat(api.post("/labs/" + lab + "/open", fx.admin, null).status()).isEqualTo(202);
        assertThat(allRunningWithin(lab, 4, 600)).as("board: %s", board(lab)).isTrue();
        assertThat(z.platform().mostSlicesAtOnce).as("copies deployed at once with lab.concurrency 1").isEqualTo(1);

        // The same server, changed live: the next class deploys several copies at once.
        settings(Map.of("lab.concurrency", 3));
        long lab2 = lab(4, null);
        z.platform().mostSlicesAtOnce = 0;
        assertThat(api.post("/labs/" + lab2 + "/open", fx.admin, null).status()).isEqualTo(202);
        assertThat(allRunningWithin(lab2, 4, 600)).as("board: %s", board(lab2)).isTrue();
        assertThat(z.platform().mostSlicesAtOnce).as("copies deployed at once with lab.concurrency 3").isBetween(2, 3);
        settings(Map.of("lab.concurrency", 8));
    }

    /**
     * An instructor closes a lab while the class still deploys: one copy mid-deploy, the others
     * queued behind lab.concurrency 1. The copy being deployed is undeployed once its deploy
     * ended and the queued ones are never deployed: every copy ends a draft with nothing on the
     * platform (a close used to fail on the busy copy and let the queued ones deploy afterwards).
     */
    @Test
    void closingWhileTheClassDeploysLeavesEveryCopyADraftAndNothingOnThePlatform() throws Exception {
        settings(Map.of("lab.concurrency", 1));
        long lab = lab(3, null);
        var held = new java.util.concurrent.CountDownLatch(1);
        z.platform().script("l1-l" + lab).holdCreate = held;
        try {
            assertThat(api.post("/labs/" + lab + "/open", fx.admin, null).status()).isEqualTo(202);
            JsonNode b = awaitBoard(lab, x -> x.get("counts").get("DEPLOYING").asInt() == 1 && x.get("counts").get("QUEUED").asInt() == 2);
            assertThat(b.get("counts").get("QUEUED").asInt()).as("one copy deploying, two queued: %s", b).isEqualTo(2);
            var closed = api.post("/labs/" + lab + "/close", fx.admin, null);
            assertThat(closed.status()).as(closed.toString()).isEqualTo(202);
        } finally {
            held.countDown();
            settings(Map.of("lab.concurrency", 8));
        }
        JsonNode b = awaitBoard(lab, x -> x.get("counts").get("DRAFT").asInt() == 3);
        assertThat(b.get("counts").get("DRAFT").asInt()).as("board: %s", b).isEqualTo(3);
        for (JsonNode r : b.get("rows")) {
            long slice = r.get("sliceId").asLong();
            assertThat(api.get("/slices/" + slice, fx.admin).json().get("status").asText()).as("%s", r).isEqualTo("DRAFT");
            assertThat(z.platform().resources("s" + slice)).as("left on the platform by %s", r).isEmpty();
        }
        List<JsonNode> neverDeployed = new ArrayList<>();
        b.get("rows").forEach(r -> { if (!r.hasNonNull("jobId")) neverDeployed.add(r); });
        assertThat(neverDeployed).as("the queued copies got no job: %s", b).hasSize(2);
    }

    @Test
    void aShorterSchedulerPeriodActsOnAWindowThatOpenedSoonerThanTheOldOne() throws Exception {
        assertThat(api.get("/settings", fx.admin).json().get("lab.scheduler-period").asText()).isEqualTo("PT10M");
        long opens = System.currentTimeMillis() + 1000;
        long lab = lab(2, opens);
        // The window is open, but the ten-minute scheduler has not come round: the lab waits.
        while (System.currentTimeMillis() < opens + 3000) Thread.sleep(200);
        assertThat(api.get("/labs/" + lab, fx.admin).json().get("state").asText()).isEqualTo("PUBLISHED");
        assertThat(board(lab).get("counts").get("RUNNING").asInt()).isZero();

        assertThat(settings(Map.of("lab.scheduler-period", "PT1S")).get("lab.scheduler-period").asText()).isEqualTo("PT1S");
        // Within a minute, not ten: the new period acts from now.
        assertThat(allRunningWithin(lab, 2, 60)).as("board: %s", board(lab)).isTrue();
        assertThat(api.get("/labs/" + lab, fx.admin).json().get("state").asText()).isEqualTo("OPEN");
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingAndChangeNothing() {
        JsonNode before = api.get("/settings", fx.admin).json();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("lab.concurrency", 0), Map.of("lab.concurrency", 65),
                Map.of("lab.concurrency", "8"), Map.of("lab.scheduler-period", "PT0.5S"), Map.of("lab.scheduler-period", "often"),
                Map.of("lab.concurrency", 2, "lab.scheduler-period", "PT11M"), Map.of("lab.colour", 1))) {
            var r = api.put("/settings", fx.admin, bad);
            assertThat(r.status()).as("%s -> %s", bad, r).isEqualTo(400);
            String field = bad.containsKey("lab.colour") ? "lab.colour" : bad.containsKey("lab.scheduler-period") ? "lab.scheduler-period" : "lab.concurrency";
            assertThat(r.json().get("field").asText()).as("%s", r).isEqualTo(field);
        }
        assertThat(api.get("/settings", fx.admin).json()).isEqualTo(before);
        var student = fx.user("snosy");
        assertThat(api.put("/settings", student.token(), Map.of("lab.concurrency", 1)).status()).isEqualTo(403);
    }
}
