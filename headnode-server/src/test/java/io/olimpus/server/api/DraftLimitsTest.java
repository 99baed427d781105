package io.olimpus.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 8: a student cannot exhaust the server's CPU and disk with drafts. Each limit
 * (slices stored, nodes per design counting switches, links per design, bytes of a design) is
 * refused with a 4xx that names the limit, the value and what to do, before the design is read.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class DraftLimitsTest extends ApiTestBase {

    /** A design of {@code vms} VMs in a ring plus {@code switches} switches, each switch linked to n1. */
    static ObjectNode design(String name, int vms, int switches, String flavor, String image) {
        ObjectNode doc = Fixtures.ring(name, null, vms, flavor, image);
        ArrayNode nodes = (ArrayNode) doc.get("topology").get("nodes");
        ArrayNode links = (ArrayNode) doc.get("topology").get("links");
        for (int i = 1; i <= switches; i++) {
            nodes.addObject().put("id", "s" + i).put("name", "sw" + i).put("kind", "switch");
            links.addObject().put("id", "ls" + i).put("a", "s" + i).put("b", "n1");
        }
        return doc;
    }

    @Test
    void newUsersGetTheDefaultDraftLimitsAndAnAdminChangesThem() {
        var u = fx.user("limits");
        var q = api.get("/users/" + u.username(), fx.admin).json().get("quota");
        assertThat(q.get("maxSlices").asInt()).isEqualTo(20);
        assertThat(q.get("maxNodes").asInt()).isEqualTo(200);
        assertThat(q.get("maxLinks").asInt()).isEqualTo(400);
        var r = api.patch("/users/" + u.username(), fx.admin, Map.of("maxSlices", 3, "maxNodes", 50, "maxLinks", 60));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        q = api.get("/users/" + u.username(), u.token()).json().get("quota");
        assertThat(List.of(q.get("maxSlices").asInt(), q.get("maxNodes").asInt(), q.get("maxLinks").asInt())).containsExactly(3, 50, 60);
        assertThat(problem(api.patch("/users/" + u.username(), fx.admin, Map.of("maxNodes", -1)), 400).json().get("field").asText()).isEqualTo("maxNodes");
        problem(api.patch("/users/" + u.username(), u.token(), Map.of("maxSlices", 1000)), 403);
        var created = api.post("/users", fx.admin, Map.of("username", Fixtures.unique("given"), "maxSlices", 2));
        assertThat(created.json().get("quota").get("maxSlices").asInt()).as(created.toString()).isEqualTo(2);
        String roster = "username,maxSlices,maxNodes,maxLinks\n" + Fixtures.unique("csv") + ",4,40,44\n";
        var imported = api.send("POST", "/users/import", fx.admin, roster.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(imported.json().get("created").get(0).get("quota").get("maxLinks").asInt()).as(imported.toString()).isEqualTo(44);
    }

    @Test
    void aUserStoresNoMoreSlicesThanTheirLimitDraftsIncluded() {
        var u = fx.user("many", Map.of("maxSlices", 2));
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        for (int i = 0; i < 2; i++)
            assertThat(api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("d"), null, 3, flavor, image)).status()).isEqualTo(201);
        var r = problem(api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("d"), null, 3, flavor, image)), 409);
        assertThat(r.json().get("type").asText()).endsWith("/slice-limit");
        assertThat(r.json().get("detail").asText()).contains("maxSlices").contains("2").contains("delete a slice or ask your instructor to raise the limit");
        assertThat(r.json().get("limit").asText()).isEqualTo("maxSlices");
        assertThat(r.json().get("max").asInt()).isEqualTo(2);
        // An admin storing for the user is held to the user's limit too, and told whose it is.
        var forUser = problem(api.post("/slices?owner=" + u.username(), fx.admin, Fixtures.ring(Fixtures.unique("d"), null, 3, flavor, image)), 409);
        assertThat(forUser.json().get("detail").asText()).contains("user '" + u.username() + "'");
        // Deleting one makes room; the count is checked before the design is read (a broken one gets the limit, not a parse error).
        long first = api.get("/slices", u.token()).json().get("items").get(0).get("id").asLong();
        assertThat(problem(api.post("/slices", u.token(), "{\"format\": 7}"), 409).json().get("limit").asText()).isEqualTo("maxSlices");
        assertThat(api.delete("/slices/" + first, u.token()).status()).isEqualTo(204);
        assertThat(api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("d"), null, 3, flavor, image)).status()).isEqualTo(201);
        assertThat(api.get("/slices", u.token()).json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void concurrentCreatesDoNotPassTheSliceLimitTogether() throws Exception {
        var u = fx.user("burst", Map.of("maxSlices", 3));
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ObjectNode doc = Fixtures.ring(Fixtures.unique("b"), null, 3, flavor, image);
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.post("/slices", u.token(), doc).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) statuses.add(f.get(2, TimeUnit.MINUTES));
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(n - 3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/slices", u.token()).json().get("total").asInt()).isEqualTo(3);
    }

    @Test
    void switchesCountAsNodesAndAHugeDesignIsRefusedBeforeItIsRead() {
        var u = fx.user("big", Map.of("maxNodes", 6));
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        assertThat(api.post("/slices", u.token(), design(Fixtures.unique("ok"), 3, 3, flavor, image)).status()).isEqualTo(201);
        var r = problem(api.post("/slices", u.token(), design(Fixtures.unique("big"), 3, 4, flavor, image)), 422);
        assertThat(r.json().get("type").asText()).endsWith("/design-too-large");
        assertThat(r.json().get("field").asText()).isEqualTo("topology.nodes");
        assertThat(r.json().get("detail").asText()).contains("7 nodes (VMs and switches)").contains("maxNodes").contains("6")
                .contains("ask your instructor to raise the limit");
        assertThat(r.json().get("actual").asInt()).isEqualTo(7);

        // 5,000 switches (~450 KB), the last one malformed: the limit answers, so the design was never read into a topology.
        ObjectNode huge = design(Fixtures.unique("huge"), 3, 5_000, flavor, image);
        ((ObjectNode) huge.get("topology").get("nodes").get(5_002)).put("kind", "router");
        var h = problem(api.post("/slices", u.token(), huge), 422);
        assertThat(h.json().get("field").asText()).isEqualTo("topology.nodes");
        assertThat(h.json().get("actual").asInt()).isEqualTo(5_003);

        // A replacement is held to the same limit.
        long id = api.get("/slices", u.token()).json().get("items").get(0).get("id").asLong();
        var put = problem(api.put("/slices/" + id, u.token(), design(Fixtures.unique("big"), 3, 4, flavor, image), "\"1\""), 422);
        assertThat(put.json().get("field").asText()).isEqualTo("topology.nodes");
        assertThat(api.get("/slices", u.token()).json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aDesignHasNoMoreLinksThanTheLimit() {
        var u = fx.user("links", Map.of("maxLinks", 4));
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        assertThat(api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("l"), null, 4, flavor, image)).status()).isEqualTo(201);
        var r = problem(api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("l"), null, 5, flavor, image)), 422);
        assertThat(r.json().get("field").asText()).isEqualTo("topology.links");
        assertThat(r.json().get("detail").asText()).contains("5 links").contains("maxLinks").contains("4");
    }

    @Test
    void aDesignBodyOverOneMebibyteIsRefusedUnread() throws Exception {
        var u = fx.user("fat");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        // A valid 3-VM design padded with 1.5 MB of whitespace: under the general JSON limit (4 MiB), over the design's.
        String doc = ApiClient.JSON.writeValueAsString(Fixtures.ring(Fixtures.unique("fat"), null, 3, flavor, image));
        String padded = doc.substring(0, doc.length() - 1) + " ".repeat(1_500_000) + "}";
        var r = problem(api.send("POST", "/slices", u.token(), padded.getBytes(StandardCharsets.UTF_8), "application/json"), 413);
        assertThat(r.json().get("limitBytes").asLong()).isEqualTo(1 << 20);
        assertThat(r.json().get("detail").asText()).contains("make it smaller");
        assertThat(api.get("/slices", u.token()).json().get("total").asInt()).isZero();
    }
}
