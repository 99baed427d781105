package io.olimpus.server.platform.linux;

import io.olimpus.server.testbed.LinuxBed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.server.api.Fixtures;
import io.olimpus.server.api.TestServer;
import io.olimpus.server.testbed.Pcap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.olimpus.server.platform.linux.LinuxRestE2ETest.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17's capture on the Linux bed: a 2-VM slice, a capture on its link through the API
 * (tcpdump on the VM's tap, streamed over the worker's SSH session), the guests ping each other,
 * and the pcap holds those ICMP echoes and replies, parsed; closing the download ends tcpdump on
 * the worker.
 */
@Tag("e2e")
@LinuxBed
class LinuxCaptureE2ETest {
    @BeforeAll
    static void up() throws Exception {
        LinuxRestE2ETest.bed = LinuxTestBed.up();
        LinuxClusterDriverE2ETest.bed = LinuxRestE2ETest.bed;
        LinuxClusterDriverE2ETest.ovsBase(true);
        LinuxRestE2ETest.server = TestServer.start(io.olimpus.server.api.Store.H2);
        LinuxRestE2ETest.api = LinuxRestE2ETest.server.client;
        LinuxRestE2ETest.fx = new Fixtures(LinuxRestE2ETest.api);
        setUpCloud(LinuxRestE2ETest.api, LinuxRestE2ETest.fx.admin, LinuxRestE2ETest.server.dataDir);
    }

    @AfterAll
    static void down() throws Exception {
        LinuxRestE2ETest.down();
    }

    @Test
    void aCaptureOnALinkHoldsTheGuestsPings() throws Exception {
        var ana = fx.user("capana");
        ObjectNode doc = design("pair", 2);
        ((ArrayNode) doc.get("topology").get("links")).remove(1);  // a line: vm1 -l1- vm2
        long slice = store(ana.token(), doc);
        assertThat(ApiClient_outcome(follow(api, ana.token(), deploy(api, ana.token(), slice)))).isEqualTo("SUCCEEDED");
        JsonNode vms = vms(ana.token(), slice), vm1 = vm(vms, "vm1"), vm2 = vm(vms, "vm2");
        String net = vm1.get("nics").get(0).get("network").asText();
        String ip1 = ipOn(vm1, net), ip2 = ipOn(vm2, net);

        long t0 = System.nanoTime();
        var req = HttpRequest.newBuilder(URI.create(api.base() + "/slices/" + slice + "/links/l1/capture?packets=500&seconds=120"))
                .header("Authorization", "Bearer " + ana.token()).build();
        HttpResponse<InputStream> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/vnd.tcpdump.pcap");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream body = res.body();
        byte[] header = body.readNBytes(24);
        long firstByteMs = (System.nanoTime() - t0) / 1_000_000;
        synchronized (got) { got.writeBytes(header); }
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = body.read(buf)) > 0; ) synchronized (got) { got.write(buf, 0, n); }
            } catch (Exception ignored) { /* the test closes the stream */ }
        });
        reader.start();

        var ping = inGuest(vm1, slice, "ping -c 5 -W 3 " + ip2);
        assertThat(ping.code()).as(ping.output()).isZero();

        // The echoes and replies arrive as they happen; wait for all ten (no fixed sleep), then stop.
        long deadline = System.currentTimeMillis() + 30_000;
        List<Pcap.Icmp> icmp = List.of();
        while (System.currentTimeMillis() < deadline) {
            byte[] now;
            synchronized (got) { now = got.toByteArray(); }
            icmp = Pcap.readComplete(now).records().stream().flatMap(r -> r.icmp().stream()).toList();
            if (icmp.stream().filter(i -> i.type() == 0).count() >= 5) break;
            Thread.sleep(100);
        }
        long capturedMs = (System.nanoTime() - t0) / 1_000_000;
        body.close();
        reader.join(10_000);
        byte[] file;
        synchronized (got) { file = got.toByteArray(); }
        Pcap pcap = Pcap.readComplete(file);
        assertThat(pcap.linkType()).isEqualTo(Pcap.ETHERNET);
        assertThat(icmp).as("ICMP in the capture").filteredOn(i -> i.type() == 8 && i.source().equals(ip1) && i.destination().equals(ip2)).hasSizeGreaterThanOrEqualTo(5);
        assertThat(icmp).filteredOn(i -> i.type() == 0 && i.source().equals(ip2) && i.destination().equals(ip1)).hasSizeGreaterThanOrEqualTo(5);
        System.out.printf("capture e2e: first byte after %d ms, %d packets (%d ICMP) in %d bytes after %d ms%n",
                firstByteMs, pcap.records().size(), icmp.size(), file.length, capturedMs);

        // Closing the download ended tcpdump on the worker (the server closed the channel's input).
        String worker = vm1.get("worker").asText();
        long gone = System.currentTimeMillis() + 20_000;
        while (bed.onHost(worker, "ps", "-eo", "args").output().contains("tcpdump") && System.currentTimeMillis() < gone) Thread.sleep(200);
        assertThat(bed.onHost(worker, "ps", "-eo", "args").output()).as("tcpdump on %s after the client left", worker).doesNotContain("tcpdump");

        // Someone else's slice is not there for them; an unknown link is named.
        var other = api.get("/slices/" + slice + "/links/l1/capture", fx.user("capoth").token());
        assertThat(other.status()).isEqualTo(404);
        var unknown = api.get("/slices/" + slice + "/links/l7/capture", ana.token());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("field").asText()).isEqualTo("link");

        var r = ok(api.post("/slices/" + slice + "/undeploy", ana.token(), Map.of()), 202);
        assertThat(ApiClient_outcome(follow(api, ana.token(), r.json().get("id").asLong()))).isEqualTo("SUCCEEDED");
        assertNothingLeftOf(slice);
    }

    private static String ApiClient_outcome(List<JsonNode> events) { return io.olimpus.server.api.ApiClient.outcome(events); }
}
