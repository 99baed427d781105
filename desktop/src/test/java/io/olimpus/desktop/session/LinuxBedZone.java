package io.olimpus.desktop.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Linux cluster test bed (packaging/testbed/linux) for desktop end-to-end tests: brought up by
 * its own up.sh (and taken down by down.sh when this run brought it up), then registered on a
 * server as an admin would, over plain REST: a flavor, the bed's guest kernel image, a Linux zone
 * with its settings (Open vSwitch) and three workers. Needs root; skips visibly without it, fails under CI=true.
 */
final class LinuxBedZone implements AutoCloseable {
    static final String ZONE = "bed";
    static final String FLAVOR = "tiny";
    static final String IMAGE = "guest";
    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode json;
    private final Path scripts;
    private final boolean startedHere;

    private LinuxBedZone(JsonNode json, Path scripts, boolean startedHere) {
        this.json = json;
        this.scripts = scripts;
        this.startedHere = startedHere;
    }

    static LinuxBedZone up() throws Exception {
        Path scripts = locateScripts();
        boolean ci = "true".equals(System.getenv("CI"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(scripts.resolve("up.sh"))) {
            String why = !root ? "the Linux test bed needs root" : "no test bed scripts at " + scripts;
            if (ci) throw new IllegalStateException(why);
            Assumptions.abort("SKIPPED: " + why);
        }
        Path stateFile = Path.of(System.getenv().getOrDefault("OLIMPUS_TESTBED_STATE", "/var/tmp/olimpus-testbed/linux"), "state.list");
        boolean wasUp = Files.exists(stateFile) && Files.readString(stateFile).contains("complete");
        run(List.of(scripts.resolve("up.sh").toString()), 600);
        return new LinuxBedZone(JSON.readTree(stateFile.getParent().resolve("testbed.json").toFile()), scripts, !wasUp);
    }

    private static Path locateScripts() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("packaging/testbed/linux"))) p = p.getParent();
        return p == null ? Path.of("packaging/testbed/linux") : p.resolve("packaging/testbed/linux");
    }

    private JsonNode host(String name) {
        for (JsonNode h : json.get("hosts")) if (h.get("name").asText().equals(name)) return h;
        throw new IllegalArgumentException("no host " + name);
    }

    /**
     * Open vSwitch's base bridges (br-phy on the data interface, br-int, br-tun) on every host, as
     * a course cluster's admin sets them up once: the zone uses the OVS data plane, the one the
     * server's REST e2e runs deploy, stop/start and undeploy on.
     */
    void ovsBase(boolean up) throws Exception {
        for (String h : List.of("headnode", "worker1", "worker2", "worker3")) {
            String recipe = (up ? "recipe_ovs_base_up " : "recipe_ovs_base_down ") + host(h).get("data_ip").asText();
            exec(List.of("bash", "-c", ". " + scripts.resolve("lib.sh") + "; . " + scripts.resolve("recipes.sh")
                    + "; " + recipe + " | " + scripts.resolve("exec.sh") + " " + h + " bash -s"), 60);
        }
        ovsUp = up;
    }

    private boolean ovsUp;

    /** What an admin does once on a fresh server so students can deploy to the bed. */
    void register(String baseUrl, String adminPassword) throws Exception {
        ovsBase(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String api = baseUrl + "/api/v1";
        String token = JSON.readTree(send(http, "POST", api + "/auth/login", null,
                JSON.writeValueAsBytes(JSON.createObjectNode().put("username", "admin").put("password", adminPassword)), "application/json", 200)).get("token").asText();
        post(http, api + "/flavors", token, JSON.createObjectNode().put("name", FLAVOR).put("vcpus", 1).put("ramMb", 128).put("diskGb", 1), 201);
        JsonNode g = json.get("guest");
        for (String role : List.of("kernel", "initrd"))
            send(http, "POST", api + "/images/" + IMAGE + "/files", token, Files.readAllBytes(Path.of(g.get(role).asText())), "application/octet-stream", 201);
        post(http, api + "/zones", token, JSON.createObjectNode().put("name", ZONE).put("platform", "linux"), 201);
        JsonNode ssh = json.get("ssh");
        JsonNode hn = host("headnode");
        ObjectNode settings = JSON.createObjectNode();
        settings.put("dataPlane", "OVS").put("strategy", "SPREAD")
                .put("addressPool", json.get("networks").get("slice_pool").asText()).put("subnetPrefix", 24)
                .put("firstSegmentId", 100).put("lastSegmentId", 4000)
                .put("uplinkInterface", hn.get("uplink_if").asText()).put("knownHostsRef", ssh.get("known_hosts").asText());
        settings.putObject("overcommit").put("cpu", 4.0).put("ram", 1.0).put("disk", 1.0);
        settings.putObject("headnode").put("name", "headnode").put("mgmtAddress", hn.get("mgmt_ip").asText()).put("sshPort", ssh.get("port").asInt())
                .put("sshUser", ssh.get("user").asText()).put("sshKeyRef", ssh.get("private_key").asText())
                .put("dataAddress", hn.get("data_ip").asText()).put("stateRoot", "/var/lib/olimpus");
        send(http, "PUT", api + "/zones/" + ZONE + "/settings", token, JSON.writeValueAsBytes(settings), "application/json", 200);
        for (String w : List.of("worker1", "worker2", "worker3")) {
            JsonNode h = host(w);
            ObjectNode worker = JSON.createObjectNode();
            worker.put("name", w).put("mgmtAddress", h.get("mgmt_ip").asText()).put("sshUser", ssh.get("user").asText())
                    .put("sshKeyRef", ssh.get("private_key").asText()).put("kvm", false).put("sshPort", ssh.get("port").asInt())
                    .put("dataAddress", h.get("data_ip").asText()).put("stateRoot", "/var/lib/olimpus")
                    .put("vcpus", 2).put("ramMb", 1024).put("diskGb", 20);
            post(http, api + "/zones/" + ZONE + "/workers", token, worker, 201);
        }
    }

    private static void post(HttpClient http, String url, String token, ObjectNode body, int expect) throws Exception {
        send(http, "POST", url, token, JSON.writeValueAsBytes(body), "application/json", expect);
    }

    private static String send(HttpClient http, String method, String url, String token, byte[] body, String type, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", type);
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    /** Names of the bed hosts' processes: what is left of a slice shows here ("-name s12--vm1"). */
    String processes() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String h : List.of("headnode", "worker1", "worker2", "worker3"))
            out.append(exec(List.of(scripts.resolve("exec.sh").toString(), h, "ps", "-eo", "args"), 60));
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            if (ovsUp && !startedHere) ovsBase(false);
        } finally {
            if (startedHere) run(List.of(scripts.resolve("down.sh").toString()), 300);
        }
    }

    private static String exec(List<String> argv, int seconds) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IllegalStateException("timed out: " + argv); }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(String.join(" ", argv) + " failed (" + p.exitValue() + "):\n" + text);
        return text;
    }

    private static void run(List<String> argv, int seconds) throws Exception { exec(argv, seconds); }
}
