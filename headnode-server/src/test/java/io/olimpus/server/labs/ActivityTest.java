package io.olimpus.server.labs;

import io.olimpus.server.api.ApiClient;
import io.olimpus.server.api.Store;
import io.olimpus.server.api.TestServer;
import io.olimpus.server.db.Unique;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A user's activity is recorded by every authenticated call, so recording it must never fail the
 * call: a request in flight while its user is deleted (two admins deleting each other at once)
 * answered 500 when its activity row referred to the user just deleted.
 */
class ActivityTest {
    @ParameterizedTest
    @EnumSource(Store.class)
    void activityOfAUserDeletedMeanwhileIsDroppedNotAFailure(Store store) throws Exception {
        try (TestServer server = TestServer.start(store)) {
            ApiClient api = server.client;
            String admin = api.login("admin", TestServer.ADMIN_PASSWORD);
            assertThat(api.post("/users", admin, Map.of("username", "gone-soon", "password", "gone-soon-pw1", "role", "user")).status()).isEqualTo(201);
            long id = server.running.stores().users().byName("gone-soon").orElseThrow().id();
            Jdbi jdbi = server.running.stores().users().jdbi();
            LabStore labs = new LabStore(jdbi);

            labs.touch(id, 1_000);
            assertThat(labs.lastActivity(id)).contains(1_000L);
            assertThat(api.delete("/users/gone-soon", admin).status()).isEqualTo(204);
            assertThat(labs.lastActivity(id)).as("the user's activity goes with the user").isEmpty();

            // What a request authenticated just before the delete then records: nothing, and no error.
            new Activity(labs, Clock.fixed(Instant.ofEpochMilli(2_000), ZoneOffset.UTC)).touch(id);
            assertThat(labs.lastActivity(id)).isEmpty();

            // The database's own refusal of such a row is recognised as "the parent is gone", on both stores.
            Throwable refused = catchThrowable(() -> jdbi.useHandle(h ->
                    h.execute("insert into user_activity (user_id, last_at) values (?, ?)", id, 3_000L)));
            assertThat(refused).isNotNull();
            assertThat(Unique.isMissingParent(refused)).as(String.valueOf(refused)).isTrue();
            assertThat(Unique.isViolation(refused)).isFalse();
        }
    }
}
