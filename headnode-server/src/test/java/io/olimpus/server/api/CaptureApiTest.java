package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.testbed.Pcap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture on a link through the API, on a scripted platform whose "tcpdump" writes what the
 * test says: the pcap streams to the slice's owner (and admins) whole record by record, within
 * the packets, bytes and seconds bounds; the capture on the platform is closed when the client
 * goes away; bad input and platforms without capture are refused with the field named.
 * (The real tcpdump over SSH is {@code LinuxCaptureE2ETest}.)
 */
class CaptureApiTest {
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;
    static ScriptedPlatform platform;
    static String zone, flavor, image;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ScriptedZone z = ScriptedZone.start(Store.H2, "scripted");
        server = z.server(); platform = z.platform(); api = z.api(); fx = z.fx(); zone = z.zone(); flavor = z.flavor(); image = z.image();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    record Running(long id, String name, ScriptedPlatform.Script script) {}

    static Running running(Fixtures.Account owner) {
        String name = Fixtures.unique("cap");
        var r = api.post("/slices", owner.token(), Fixtures.ring(name, zone, 3, flavor, image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long id = r.json().get("slice").get("id").asLong();
        var d = api.post("/slices/" + id + "/deploy", owner.token(), null);
        assertThat(d.status()).as(d.toString()).isEqualTo(202);
        assertThat(ApiClient.outcome(api.followJob(owner.token(), d.json().get("id").asLong()))).isEqualTo("SUCCEEDED");
        return new Running(id, name, platform.script(name));
    }

    static List<byte[]> pings(int n) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) frames.add(Pcap.icmpFrame(i % 2 == 0 ? "10.60.0.2" : "10.60.0.3", i % 2 == 0 ? "10.60.0.3" : "10.60.0.2", i % 2 == 0 ? 8 : 0, i / 2));
        return frames;
    }

    static HttpResponse<byte[]> capture(String token, long slice, String link, String query) throws Exception {
        var req = HttpRequest.newBuilder(URI.create(api.base() + "/slices/" + slice + "/links/" + link + "/capture" + query))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theOwnerGetsThePacketsAsPcapWithinTheBounds() throws Exception {
        var ana = fx.user("capana");
        Running s = running(ana);
        byte[] file = Pcap.write(pings(6));
        s.script().capture = () -> new ByteArrayInputStream(file);

        var whole = capture(ana.token(), s.id(), "l1", "");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("application/vnd.tcpdump.pcap");
        assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow()).contains("slice" + s.id() + "-l1.pcap");
        assertThat(whole.body()).isEqualTo(file);
        assertThat(s.script().capturedLink).isEqualTo("l1");
        assertThat(s.script().captureLimits).isEqualTo(new io.olimpus.server.engine.driver.CaptureLimits(1000, 60, 10_000_000));
        var icmp = Pcap.read(whole.body()).records().stream().map(r -> r.icmp().orElseThrow()).toList();
        assertThat(icmp).extracting(Pcap.Icmp::type).containsExactly(8, 0, 8, 0, 8, 0);

        // Packets: only the first two, and the platform was told the bound too.
        var two = capture(ana.token(), s.id(), "l1", "?packets=2&seconds=5");
        assertThat(two.statusCode()).isEqualTo(200);
        assertThat(Pcap.read(two.body()).records()).hasSize(2);
        assertThat(s.script().captureLimits).isEqualTo(new io.olimpus.server.engine.driver.CaptureLimits(2, 5, 10_000_000));

        // Bytes: whole records only, never one cut in half (300-byte frames: three fit in 1024 bytes, with the header).
        List<byte[]> large = new ArrayList<>();
        for (int i = 0; i < 6; i++) large.add(new byte[300]);
        byte[] largeFile = Pcap.write(large);
        s.script().capture = () -> new ByteArrayInputStream(largeFile);
        var bounded = capture(ana.token(), s.id(), "l1", "?bytes=1024");
        assertThat(bounded.statusCode()).isEqualTo(200);
        assertThat(bounded.body()).hasSize(24 + 3 * (16 + 300));
        assertThat(Pcap.read(bounded.body()).records()).hasSize(3);
        s.script().capture = () -> new ByteArrayInputStream(file);

        // An admin may capture any slice; another student may not know it exists.
        assertThat(capture(fx.admin, s.id(), "l2", "").statusCode()).isEqualTo(200);
        var other = capture(fx.user("capoth").token(), s.id(), "l1", "");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(api.get("/audit?action=link.capture", fx.admin).body()).contains(s.name() + "/l1").contains("w1, tap0");
    }

    @Test
    void badInputAndUnavailableCapturesAreRefusedNamingTheField() throws Exception {
        var ben = fx.user("capben");
        Running s = running(ben);
        s.script().capture = () -> new ByteArrayInputStream(Pcap.write(pings(1)));
        assertField(capture(ben.token(), s.id(), "l1", "?packets=0"), 400, "packets");
        assertField(capture(ben.token(), s.id(), "l1", "?seconds=9999"), 400, "seconds");
        assertField(capture(ben.token(), s.id(), "l1", "?bytes=ten"), 400, "bytes");
        assertField(capture(ben.token(), s.id(), "l%20;1", ""), 400, "link");
        JsonNode unknown = assertField(capture(ben.token(), s.id(), "l99", ""), 404, "link");
        assertThat(unknown.get("detail").asText()).contains("no link 'l99'");

        // A draft slice: nothing runs to capture on.
        long draft = fx.slice(ben.token(), zone, flavor, image);
        assertField(capture(ben.token(), draft, "l1", ""), 409, "status");

        // A tcpdump that ends before its file header: refused with what it said, nothing streamed.
        s.script().capture = null;
        JsonNode failed = assertField(capture(ben.token(), s.id(), "l1", ""), 409, "link");
        assertThat(failed.get("detail").asText()).contains("did not start").contains("No such device");

        // A platform without capture (OpenStack): the zone is named, and why.
        platform.captures = false;
        try {
            JsonNode refused = assertField(capture(ben.token(), s.id(), "l1", ""), 409, "zone");
            assertThat(refused.get("detail").asText()).contains("capture is available on Linux zones only");
        } finally {
            platform.captures = true;
        }
    }

    @Test
    void theCaptureStopsWhenTheClientGoesAwayOrTheSecondsRunOut() throws Exception {
        var cy = fx.user("capcy");
        Running s = running(cy);
        // A busy link: packets without end, until the capture is closed.
        byte[] big = Pcap.record(0, new byte[60_000]);
        CountDownLatch closed = s.script().captureClosed;
        s.script().capture = () -> new SequenceInputStream(new ByteArrayInputStream(Pcap.header()), new InputStream() {
            int at;

            @Override public int read() {
                if (closed.getCount() == 0) return -1;
                return big[at++ % big.length] & 0xff;
            }
        });
        var req = HttpRequest.newBuilder(URI.create(api.base() + "/slices/" + s.id() + "/links/l1/capture?packets=100000&bytes=100000000"))
                .header("Authorization", "Bearer " + cy.token()).build();
        HttpResponse<InputStream> res = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body().readNBytes(24)).isEqualTo(Pcap.header());
        res.body().close();
        assertThat(closed.await(20, TimeUnit.SECONDS)).as("the capture is closed once the client left").isTrue();

        // A quiet link: nothing after the header; the deadline closes it (the platform's own timeout would, first).
        Running quiet = running(cy);
        CountDownLatch quietClosed = quiet.script().captureClosed;
        quiet.script().capture = () -> new SequenceInputStream(new ByteArrayInputStream(Pcap.header()), new InputStream() {
            @Override public int read() {
                try {
                    quietClosed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        });
        long t0 = System.nanoTime();
        var done = capture(cy.token(), quiet.id(), "l1", "?seconds=1");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).isEqualTo(Pcap.header());
        assertThat(quietClosed.getCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }

    private static JsonNode assertField(HttpResponse<byte[]> r, int status, String field) throws Exception {
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = ApiClient.JSON.readTree(body);
        assertThat(p.path("field").asText()).as(body).isEqualTo(field);
        return p;
    }
}
