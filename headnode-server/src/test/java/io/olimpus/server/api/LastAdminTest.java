package io.olimpus.server.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** There is always an active admin: two admins demoting, disabling or deleting each other at once never leave none. */
class LastAdminTest {
    static final String PASSWORD = "second-admin-pw";

    @ParameterizedTest
    @EnumSource(Store.class)
    void twoAdminsRemovingEachOtherAtOnceLeaveOne(Store store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestServer server = TestServer.start(store)) {
            ApiClient api = server.client;
            int round = 0;
            for (String action : List.of("demote", "disable", "delete", "demote", "disable", "delete")) {
                // Two fresh admins, and 'admin' disabled: they are the only active admins.
                String admin = api.login("admin", TestServer.ADMIN_PASSWORD);
                String a = "cand-a" + (++round), b = "cand-b" + round;
                for (String n : List.of(a, b))
                    assertThat(api.post("/users", admin, Map.of("username", n, "password", PASSWORD, "role", "admin")).status()).isEqualTo(201);
                String ta = api.login(a, PASSWORD), tb = api.login(b, PASSWORD);
                assertThat(api.patch("/users/admin", ta, Map.of("disabled", true)).status()).isEqualTo(200);
                assertThat(server.running.stores().users().countAdmins()).isEqualTo(2);

                CyclicBarrier start = new CyclicBarrier(2);
                Future<Integer> fa = pool.submit(() -> { start.await(30, TimeUnit.SECONDS); return remove(api, ta, b, action); });
                Future<Integer> fb = pool.submit(() -> { start.await(30, TimeUnit.SECONDS); return remove(api, tb, a, action); });
                int sa = fa.get(60, TimeUnit.SECONDS), sb = fb.get(60, TimeUnit.SECONDS);
                int ok = action.equals("delete") ? 204 : 200;
                // One wins; the other is refused (409 last-admin), or finds its own session already ended (401/403).
                assertThat(List.of(sa, sb)).as(action + " at once").containsOnlyOnce(ok);
                assertThat(List.of(sa, sb)).as(action + " at once").allMatch(st -> st == ok || st == 409 || st == 401 || st == 403);
                assertThat(server.running.stores().users().countAdmins()).as("active admins after " + action).isEqualTo(1);

                // The survivor brings 'admin' back for the next round.
                String survivor = sa == ok ? ta : tb;
                assertThat(api.patch("/users/admin", survivor, Map.of("disabled", false)).status()).isEqualTo(200);
                String winner = sa == ok ? a : b;
                assertThat(api.patch("/users/" + winner, api.login("admin", TestServer.ADMIN_PASSWORD), Map.of("disabled", true)).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void theLastActiveAdminCannotBeRemovedByAnyone(Store store) throws Exception {
        try (TestServer server = TestServer.start(store)) {
            ApiClient api = server.client;
            String admin = api.login("admin", TestServer.ADMIN_PASSWORD);
            assertThat(api.post("/users", admin, Map.of("username", "other", "password", PASSWORD, "role", "admin")).status()).isEqualTo(201);
            String other = api.login("other", PASSWORD);
            // 'other' disables 'admin', so 'other' is the only active admin; nobody can remove 'other', itself included.
            assertThat(api.patch("/users/admin", other, Map.of("disabled", true)).status()).isEqualTo(200);
            var r = api.patch("/users/other", other, Map.of("role", "user"));
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.json().get("field").asText()).isEqualTo("role");
            assertThat(server.running.stores().users().countAdmins()).isEqualTo(1);
        }
    }

    private static int remove(ApiClient api, String token, String username, String action) {
        return switch (action) {
            case "demote" -> api.patch("/users/" + username, token, Map.of("role", "user")).status();
            case "disable" -> api.patch("/users/" + username, token, Map.of("disabled", true)).status();
            default -> api.delete("/users/" + username, token).status();
        };
    }
}
