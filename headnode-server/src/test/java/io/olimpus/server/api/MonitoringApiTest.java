package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.app.Config;
import io.olimpus.server.platform.linux.ssh.LocalSshd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.olimpus.server.engine.monitoring.WorkerSample;
import io.olimpus.server.monitoring.SampleStore;
import io.olimpus.server.monitoring.StoringSink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker monitoring end to end: a worker that is a real sshd on loopback is probed every 200 ms,
 * its samples reach GET /workers/{zone}/{worker}/samples, and once the sshd stops it is marked
 * down after three missed probes in a row, visible in the worker listing.
 */
class MonitoringApiTest {
    static final int MISSES = 3;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Store.class)
    void samplesAreKeptAndAWorkerThatStopsAnsweringIsMarkedDown(Store store) throws Exception {
        LocalSshd sshd = LocalSshd.start();
        boolean sshdStopped = false;
        try (TestServer server = TestServer.start(store, c -> c.withMonitoring(new Config.Monitoring(true, Duration.ofMillis(200), MISSES, Duration.ofHours(24))))) {
            ApiClient api = server.client;
            Fixtures fx = new Fixtures(api);
            String zone = fx.zone(), worker = Fixtures.unique("mon");
            var refs = ZoneSettingsApiTest.intoKeys(server, sshd);
            var settings = ZoneSettingsApiTest.linux(refs.get("knownHostsRef"), refs.get("sshKeyRef"), "127.0.0.1", sshd.port);
            assertThat(api.put("/zones/" + zone + "/settings", fx.admin, settings).status()).isEqualTo(200);
            var w = ZoneApiTest.worker(worker);
            w.put("mgmtAddress", "127.0.0.1");
            w.put("sshPort", sshd.port);
            w.put("sshUser", System.getProperty("user.name"));
            w.put("sshKeyRef", refs.get("sshKeyRef"));
            w.put("stateRoot", "/nonexistent-olimpus-state");
            assertThat(api.post("/zones/" + zone + "/workers", fx.admin, w).status()).isEqualTo(201);
            String samplesPath = "/workers/" + zone + "/" + worker + "/samples";

            JsonNode samples = await(() -> api.get(samplesPath, fx.admin).json(), s -> s.get("items").size() >= 3, "three samples");
            JsonNode first = samples.get("items").get(0);
            assertThat(first.get("memTotalMb").asLong()).isPositive();
            assertThat(first.get("memUsedMb").asLong()).isBetween(1L, first.get("memTotalMb").asLong());
            assertThat(first.get("diskTotalMb").asLong()).isPositive();
            assertThat(first.get("cpuPercent").asDouble()).isBetween(0.0, 100.0);
            assertThat(samples.get("up").asBoolean()).isTrue();
            long t1 = samples.get("items").get(1).get("at").asLong();
            assertThat(t1).isGreaterThanOrEqualTo(first.get("at").asLong());
            var listed = api.get("/zones/" + zone + "/workers", fx.admin).json().get("items").get(0);
            assertThat(listed.get("up").asBoolean()).isTrue();
            assertThat(listed.get("lastSeenAt").asLong()).isPositive();

            // since and limit narrow the answer; bad values are named.
            var since = api.get(samplesPath + "?since=" + t1 + "&limit=1", fx.admin).json();
            assertThat(since.get("items")).hasSize(1);
            assertThat(since.get("items").get(0).get("at").asLong()).isGreaterThanOrEqualTo(t1);
            assertThat(api.get(samplesPath + "?since=" + (System.currentTimeMillis() + 3_600_000), fx.admin).json().get("items")).isEmpty();
            assertThat(api.get(samplesPath + "?limit=0", fx.admin).json().get("field").asText()).isEqualTo("limit");
            assertThat(api.get(samplesPath + "?since=yesterday", fx.admin).json().get("field").asText()).isEqualTo("since");
            assertThat(api.get("/workers/" + zone + "/nosuchworker/samples", fx.admin).status()).isEqualTo(404);

            // Stopping sshd leaves the sessions it forked (the monitor's kept-open one among them) running;
            // a worker that goes away takes them along, so kill them too.
            var sessions = ProcessHandle.current().children()
                    .filter(p -> p.info().command().map(c -> c.contains("sshd")).orElse(false))
                    .flatMap(ProcessHandle::descendants).toList();
            assertThat(sessions).as("the monitor's session on the test sshd").isNotEmpty();
            sshd.close();
            sshdStopped = true;
            sessions.forEach(ProcessHandle::destroyForcibly);
            long stoppedAt = System.currentTimeMillis();
            JsonNode down = await(() -> api.get("/zones/" + zone + "/workers/" + worker, fx.admin).json(), x -> !x.get("up").asBoolean(), "worker marked down");
            long tookMs = System.currentTimeMillis() - stoppedAt;
            assertThat(down.get("downReason").asText()).contains(MISSES + " probes in a row failed");
            assertThat(server.running.zones().workers(zone).get(0).up()).as("the engine sees it down").isFalse();
            assertThat(api.get(samplesPath, fx.admin).json().get("up").asBoolean()).isFalse();
            System.out.printf("monitoring [%s]: worker marked down %d ms after its sshd stopped (period 200 ms, %d misses)%n", store, tookMs, MISSES);
        } finally {
            if (!sshdStopped) sshd.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Store.class)
    void samplesPastTheRetentionArePurgedAsNewOnesArrive(Store store) throws Exception {
        try (TestServer server = TestServer.start(store)) {
            Fixtures fx = new Fixtures(server.client);
            String zone = fx.zone(), worker = Fixtures.unique("ret");
            assertThat(server.client.post("/zones/" + zone + "/workers", fx.admin, ZoneApiTest.worker(worker)).status()).isEqualTo(201);
            long id = server.running.zones().worker(zone, worker).id();
            var jdbi = server.running.database().jdbi();
            SampleStore samples = new SampleStore(jdbi);
            Instant now = Instant.parse("2026-11-24T12:00:00Z");
            var sink = new StoringSink(samples, server.running.stores().zones(), Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(24));
            samples.insert(id, new WorkerSample(Long.toString(id), now.minus(Duration.ofHours(25)), 10, 1, 2, 3, 4));
            samples.insert(id, new WorkerSample(Long.toString(id), now.minus(Duration.ofHours(23)), 20, 1, 2, 3, 4));
            sink.sampled(new WorkerSample(Long.toString(id), now, 30, 1, 2, 3, 4));
            assertThat(samples.samples(id, 0, 100)).extracting(SampleStore.Sample::cpuPercent).containsExactly(20.0, 30.0);
            assertThat(server.running.zones().workerView(zone, worker).lastSeenAt()).isEqualTo(now.toEpochMilli());

            sink.availabilityChanged(Long.toString(id), false, "3 probes in a row failed; last: connection refused");
            var down = server.client.get("/zones/" + zone + "/workers/" + worker, fx.admin).json();
            assertThat(down.get("up").asBoolean()).isFalse();
            assertThat(down.get("downReason").asText()).contains("connection refused");
            sink.availabilityChanged(Long.toString(id), true, "answered");
            var up = server.client.get("/zones/" + zone + "/workers/" + worker, fx.admin).json();
            assertThat(up.get("up").asBoolean()).isTrue();
            assertThat(up.has("downReason")).isFalse();
            // Deleting the worker takes its samples along.
            assertThat(server.client.delete("/zones/" + zone + "/workers/" + worker, fx.admin).status()).isEqualTo(204);
            assertThat(samples.count(id)).isZero();
        }
    }

    static JsonNode await(Supplier<JsonNode> get, Predicate<JsonNode> until, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            last = get.get();
            if (until.test(last)) return last;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last answer: " + last);
    }

}
