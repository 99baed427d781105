package io.olimpus.server.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's events as server-sent events: each message has the event's seq as id, its type as name
 * and the stored event as data; Last-Event-ID resumes after it; a finished job's stream ends; and
 * the poll (GET /jobs/{id}) says the same events.
 */
class JobEventStreamTest {
    static TestServer server;
    static String token;
    static long job;

    static final String[] EVENTS = {
            "{\"type\":\"Progress\",\"done\":1,\"total\":2,\"step\":\"network net1\"}",
            "{\"type\":\"VmChanged\",\"vmId\":\"n1\",\"vmName\":\"vm1\",\"state\":\"FAILED\",\"detail\":\"no host\"}",
            "{\"type\":\"Finished\",\"outcome\":\"ROLLED_BACK\",\"message\":\"rolled back\"}"};

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Store.H2);
        Fixtures fx = new Fixtures(server.client);
        token = fx.admin;
        long slice = fx.slice(token, null, fx.flavor(1, 256, 1), fx.image());
        var jdbi = server.running.database().jdbi();
        job = jdbi.withHandle(h -> h.createUpdate("insert into deploy_jobs (slice_id, kind, state, requested_by, started_at, finished_at)"
                + " values (:s, 'DEPLOY', 'ROLLED_BACK', 'admin', 0, 0)").bind("s", slice).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        for (int i = 0; i < EVENTS.length; i++) {
            int seq = i + 1;
            String json = EVENTS[i];
            jdbi.useHandle(h -> h.createUpdate("insert into job_events (job_id, seq, at, event_json) values (:j, :n, :at, :e)")
                    .bind("j", job).bind("n", seq).bind("at", 1000L + seq).bind("e", json).execute());
        }
    }

    @AfterAll
    static void stop() throws Exception { server.close(); }

    record Message(String id, String event, String data) {}

    static List<Message> stream(String lastEventId) throws Exception {
        var req = HttpRequest.newBuilder(URI.create(server.client.base() + "/jobs/" + job + "/events"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        if (lastEventId != null) req.header("Last-Event-ID", lastEventId);
        HttpResponse<String> r = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-cache");
        List<Message> out = new ArrayList<>();
        for (String block : r.body().split("\n\n")) {
            String id = null, event = null, data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("id: ")) id = line.substring(4);
                else if (line.startsWith("event: ")) event = line.substring(7);
                else if (line.startsWith("data: ")) data = line.substring(6);
            }
            if (data != null) out.add(new Message(id, event, data));
        }
        return out;
    }

    @Test
    void everyEventIsAMessageNamedByItsTypeWithItsSeqAsId() throws Exception {
        assertThat(stream(null)).containsExactly(new Message("1", "Progress", EVENTS[0]), new Message("2", "VmChanged", EVENTS[1]),
                new Message("3", "Finished", EVENTS[2]));
    }

    @Test
    void lastEventIdResumesAfterIt() throws Exception {
        assertThat(stream("2")).containsExactly(new Message("3", "Finished", EVENTS[2]));
        assertThat(stream("3")).isEmpty();
    }

    @Test
    void thePollSaysTheSameEvents() {
        var r = server.client.get("/jobs/" + job + "?after=1", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("job").get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(r.json().get("events")).hasSize(2);
        assertThat(r.json().get("events").get(0).get("seq").asInt()).isEqualTo(2);
        assertThat(r.json().get("events").get(0).get("event").toString()).isEqualTo(EVENTS[1]);
        assertThat(r.json().get("events").get(1).get("event").toString()).isEqualTo(EVENTS[2]);
    }
}
