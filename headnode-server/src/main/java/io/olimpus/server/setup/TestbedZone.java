package io.olimpus.server.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Registers the Linux test bed (packaging/testbed/linux, described by its testbed.json) as a
 * zone, the way an admin would through the REST API: the bed's guest as an image, a flavor that
 * fits the bed's workers, the zone with its settings (headnode, SSH key, known hosts, Linux
 * bridges) and its three workers. The server reads keys only from its keys folder ({@code <data>/keys}),
 * so the bed's private key and known-hosts file are copied into {@code <keys>/<zone>/} first and
 * named relative to it. Every step is skipped when it is already there, so running it again (the
 * bed brought up again, the server restarted) changes nothing but the copied files.
 */
final class TestbedZone {
    /** What a first deploy on the bed uses: names that the designer offers from the server's catalog. */
    static final String IMAGE = "guest", FLAVOR = "tiny";

    /** The data planes a zone on the bed can use; Open vSwitch needs the bed's OVS base bridges set up on every host first. */
    static final List<String> DATA_PLANES = List.of("LINUX_BRIDGE", "OVS");

    private final SetupClient api;
    private final JsonNode bed;
    private final String zone;
    private final String dataPlane;
    private final Path keys;
    private final Consumer<String> say;

    TestbedZone(SetupClient api, JsonNode testbedJson, String zone, Path keys, Consumer<String> say) {
        this(api, testbedJson, zone, "LINUX_BRIDGE", keys, say);
    }

    /** @param keys the server's keys folder ({@code <data>/keys}) on this machine */
    TestbedZone(SetupClient api, JsonNode testbedJson, String zone, String dataPlane, Path keys, Consumer<String> say) {
        if (!DATA_PLANES.contains(dataPlane)) throw new IllegalArgumentException("data plane must be one of " + DATA_PLANES);
        this.api = api;
        this.bed = testbedJson;
        this.zone = zone;
        this.dataPlane = dataPlane;
        this.keys = keys;
        this.say = say;
    }

    /** The names the bed's private key and known-hosts file have in the keys folder. */
    String keyRef() { return zone + "/id_ed25519"; }

    String knownHostsRef() { return zone + "/known_hosts"; }

    /** Copies the bed's private key and known-hosts file into the keys folder (0600, over older copies). */
    void copyKeys() throws IOException {
        JsonNode ssh = bed.path("ssh");
        Files.createDirectories(keys.resolve(zone));
        for (var f : Map.of(keyRef(), Path.of(text(ssh, "private_key")), knownHostsRef(), Path.of(text(ssh, "known_hosts"))).entrySet()) {
            if (!Files.isRegularFile(f.getValue())) throw new IOException("the test bed's " + f.getValue().getFileName() + " is missing: " + f.getValue());
            Path to = keys.resolve(f.getKey());
            Files.copy(f.getValue(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (to.getFileSystem().supportedFileAttributeViews().contains("posix"))
                Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Returns what was created (empty when everything was there already). */
    List<String> register() throws IOException, InterruptedException {
        List<String> created = new ArrayList<>();
        JsonNode guest = bed.path("guest");
        for (String role : List.of("kernel", "initrd")) {     // checked first, so a broken bed registers nothing
            Path file = Path.of(text(guest, role));
            if (!Files.isRegularFile(file)) throw new IOException("the test bed's guest " + role + " is missing: " + file);
        }
        copyKeys();
        // The bed's guest boots in 128 MB; the workers are announced with 2 vCPUs and 1 GB each.
        if (expect(api.post("/flavors", Map.of("name", FLAVOR, "vcpus", 1, "ramMb", 128, "diskGb", 1)), "flavor " + FLAVOR, 201, 409) == 201)
            created.add("flavor " + FLAVOR);
        for (String role : List.of("kernel", "initrd")) {
            Path file = Path.of(text(guest, role));
            if (expect(api.upload("/images/" + IMAGE + "/files", file), "image " + IMAGE + " (" + role + ")", 201, 409) == 201)
                created.add("image " + IMAGE + " " + role);
        }
        if (expect(api.post("/zones", Map.of("name", zone, "platform", "linux")), "zone " + zone, 201, 409) == 201)
            created.add("zone " + zone);
        expect(api.put("/zones/" + zone + "/settings", settings()), "settings of zone " + zone, 200);
        for (JsonNode h : bed.path("hosts")) {
            if (!"worker".equals(h.path("role").asText())) continue;
            String name = text(h, "name");
            if (expect(api.post("/zones/" + zone + "/workers", worker(h)), "worker " + name, 201, 409) == 201)
                created.add("worker " + name);
        }
        return created;
    }

    /** The zone's settings: Linux bridges by default (no per-host Open vSwitch set-up needed), spread over the workers. */
    ObjectNode settings() {
        JsonNode ssh = bed.path("ssh"), hn = host("headnode");
        ObjectNode s = SetupClient.JSON.createObjectNode();
        s.put("dataPlane", dataPlane).put("strategy", "SPREAD")
                .put("addressPool", text(bed.path("networks"), "slice_pool")).put("subnetPrefix", 24)
                .put("firstSegmentId", 100).put("lastSegmentId", 4000)
                .put("uplinkInterface", text(hn, "uplink_if")).put("knownHostsRef", knownHostsRef());
        s.putObject("overcommit").put("cpu", 4.0).put("ram", 1.0).put("disk", 1.0);
        s.putObject("headnode").put("name", text(hn, "name")).put("mgmtAddress", text(hn, "mgmt_ip")).put("sshPort", ssh.path("port").asInt(22))
                .put("sshUser", text(ssh, "user")).put("sshKeyRef", keyRef())
                .put("dataAddress", text(hn, "data_ip")).put("stateRoot", stateRoot(hn));
        return s;
    }

    ObjectNode worker(JsonNode h) {
        JsonNode ssh = bed.path("ssh");
        ObjectNode w = SetupClient.JSON.createObjectNode();
        w.put("name", text(h, "name")).put("mgmtAddress", text(h, "mgmt_ip")).put("sshUser", text(ssh, "user"))
                .put("sshKeyRef", keyRef()).put("kvm", false).put("sshPort", ssh.path("port").asInt(22))
                .put("dataAddress", text(h, "data_ip")).put("stateRoot", stateRoot(h))
                .put("vcpus", 2).put("ramMb", 1024).put("diskGb", 20);
        return w;
    }

    /** POST /zones/{zone}/check: SSH to the headnode and every worker; prints one line per host. */
    boolean check() throws IOException, InterruptedException {
        SetupClient.Res r = api.post("/zones/" + zone + "/check", Map.of());
        expect(r, "check of zone " + zone, 200);
        for (JsonNode h : r.json().path("hosts"))
            say.accept(String.format("  %-9s %-8s %s%s", h.path("host").asText(), h.path("role").asText(), h.path("ok").asBoolean() ? "ok" : "FAILED",
                    h.path("ok").asBoolean() ? "" : " (" + h.path("detail").asText() + ")"));
        return r.json().path("ok").asBoolean();
    }

    private JsonNode host(String name) {
        for (JsonNode h : bed.path("hosts")) if (name.equals(h.path("name").asText())) return h;
        throw new IllegalArgumentException("testbed.json has no host '" + name + "'");
    }

    /** The host's state root as the bed describes it; beds written before it did kept /var/lib/olimpus. */
    private static String stateRoot(JsonNode h) {
        return h.has("state_root") ? text(h, "state_root") : "/var/lib/olimpus";
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) throw new IllegalArgumentException("testbed.json lacks '" + field + "'");
        return v.asText();
    }

    private static int expect(SetupClient.Res r, String what, int... ok) throws IOException {
        if (!r.is(ok)) throw new IOException(what + ": HTTP " + r.status() + " " + r.problem());
        return r.status();
    }
}
