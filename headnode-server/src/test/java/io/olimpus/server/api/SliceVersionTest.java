package io.olimpus.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 12: no lost updates. A slice's answers carry its version as an ETag; a
 * replacement says with If-Match which version it is based on, and only one change based on a
 * version is ever stored: the others are told someone else changed the slice (412).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class SliceVersionTest extends ApiTestBase {

    @Test
    void everyAnswerOfASliceCarriesItsVersionAsAnETag() {
        var u = fx.user("etag");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        var created = api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("e"), null, 3, flavor, image));
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        long id = created.json().get("slice").get("id").asLong();
        var read = api.get("/slices/" + id, u.token());
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        var put = api.put("/slices/" + id, u.token(), Fixtures.ring(Fixtures.unique("e"), null, 4, flavor, image), read.header("ETag"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.header("ETag")).isEqualTo("\"2\"");
        assertThat(put.json().get("slice").get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/slices/" + id, u.token()).header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void aChangeBasedOnAnOldVersionOrOnNoneIsRefused() {
        var u = fx.user("stale");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        long id = fx.slice(u.token(), null, flavor, image);
        ObjectNode mine = Fixtures.ring(Fixtures.unique("mine"), null, 3, flavor, image);
        assertThat(api.put("/slices/" + id, u.token(), Fixtures.ring(Fixtures.unique("theirs"), null, 4, flavor, image), "\"1\"").status()).isEqualTo(200);

        var stale = problem(api.put("/slices/" + id, u.token(), mine, "\"1\""), 412);
        assertThat(stale.json().get("type").asText()).endsWith("/slice-changed");
        assertThat(stale.json().get("detail").asText()).contains("changed by someone else").contains("Reload");
        assertThat(stale.json().get("field").asText()).isEqualTo("If-Match");
        assertThat(stale.json().get("currentVersion").asInt()).isEqualTo(2);

        var none = problem(api.put("/slices/" + id, u.token(), mine), 428);
        assertThat(none.json().get("field").asText()).isEqualTo("If-Match");
        assertThat(none.json().get("detail").asText()).contains("ETag");
        assertThat(problem(api.put("/slices/" + id, u.token(), mine, "W/\"2\""), 400).json().get("field").asText()).isEqualTo("If-Match");
        assertThat(api.get("/slices/" + id, u.token()).json().get("version").asInt()).isEqualTo(2);

        // "*" is a deliberate "replace whatever is stored".
        var any = api.put("/slices/" + id, u.token(), mine, "*");
        assertThat(any.status()).as(any.toString()).isEqualTo(200);
        assertThat(any.json().get("slice").get("version").asInt()).isEqualTo(3);
        // Another user's slice stays a 404 whatever the If-Match.
        problem(api.put("/slices/" + id, fx.user("other").token(), mine, "\"3\""), 404);
    }

    @Test
    void ofThirtyTwoConcurrentChangesOfOneVersionExactlyOneIsStored() throws Exception {
        var u = fx.user("race");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        var created = api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("race"), null, 3, flavor, image));
        long id = created.json().get("slice").get("id").asLong();
        String etag = "\"" + created.json().get("slice").get("version").asInt() + "\"";  // "1", the version every change is based on
        int n = 32;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<String> names = new ArrayList<>();
        List<ApiClient.Res> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Res>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = Fixtures.unique("w");
                names.add(name);
                ObjectNode doc = Fixtures.ring(name, null, 3 + i % 4, flavor, image);
                futures.add(pool.submit(() -> {
                    go.await();
                    return api.put("/slices/" + id, u.token(), doc, etag);
                }));
            }
            go.countDown();
            for (Future<ApiClient.Res> f : futures) answers.add(f.get(2, TimeUnit.MINUTES));
        } finally {
            pool.shutdownNow();
        }
        List<Integer> statuses = answers.stream().map(ApiClient.Res::status).toList();
        assertThat(statuses).as(answers.stream().filter(a -> a.status() != 200 && a.status() != 412).map(Object::toString).toList().toString())
                .filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412).hasSize(n - 1);
        int winner = statuses.indexOf(200);
        var stored = api.get("/slices/" + id, u.token());
        assertThat(stored.json().get("name").asText()).isEqualTo(names.get(winner));
        assertThat(stored.json().get("version").asInt()).isEqualTo(2);
        assertThat(stored.json().get("design").get("topology").get("nodes")).hasSize(3 + winner % 4);
        assertThat(server.running.stores().slices().vms(id)).hasSize(3 + winner % 4);
    }
}
