package io.olimpus.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds what tests need through the API itself: users, flavors, images, zones, topologies. */
public final class Fixtures {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final ApiClient api;
    public final String admin;

    public Fixtures(ApiClient api) {
        this.api = api;
        this.admin = api.login("admin", TestServer.ADMIN_PASSWORD);
    }

    public static String unique(String prefix) { return prefix + SEQ.incrementAndGet(); }

    /** A user and their token. */
    public record Account(String username, String password, String token) {}

    public Account user(String prefix) { return user(prefix, Map.of()); }

    public Account user(String prefix, Map<String, Object> extra) {
        String name = unique(prefix);
        var body = new java.util.HashMap<String, Object>(extra);
        body.put("username", name);
        body.put("password", "password-" + name);
        var r = api.post("/users", admin, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Account(name, "password-" + name, api.login(name, "password-" + name));
    }

    public String flavor(int vcpus, int ramMb, int diskGb) {
        String name = unique("fl");
        var r = api.post("/flavors", admin, Map.of("name", name, "vcpus", vcpus, "ramMb", ramMb, "diskGb", diskGb));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return name;
    }

    /** A tiny qcow2-looking disk: a valid header, then filler (at least 512 bytes). */
    public static byte[] qcow2(int size) {
        byte[] b = new byte[Math.max(size, 512)];
        // A qcow2 v3 header as qemu-img writes one (no backing file, not encrypted, 1 GiB virtual), then filler:
        // the server reads the header and refuses a disk that refers to another file.
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b);
        h.putInt(0, 0x514649fb).putInt(4, 3).putInt(20, 16).putLong(24, 1L << 30).putInt(96, 4).putInt(100, 104);
        for (int i = 512; i < size; i++) b[i] = (byte) (i * 31);
        return b;
    }

    /** A minimal raw disk the server accepts as one: an empty MBR (boot signature 55 AA), then filler. */
    public static byte[] rawDisk(int size) {
        byte[] b = new byte[Math.max(size, 512)];
        for (int i = 512; i < b.length; i++) b[i] = (byte) (i * 31);
        b[510] = 0x55; b[511] = (byte) 0xaa;
        return b;
    }

    public String image() {
        String name = unique("img");
        var r = api.send("POST", "/images/" + name + "/files", admin, qcow2(4096), "application/octet-stream");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return name;
    }

    public String zone() {
        String name = unique("zone");
        var r = api.post("/zones", admin, Map.of("name", name, "platform", "linux"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return name;
    }

    /** A topology document: a ring of n VMs (n1..n, links l1..n), all of one flavor and image. */
    public static ObjectNode ring(String name, String zone, int n, String flavor, String image) {
        ObjectNode doc = ApiClient.JSON.createObjectNode();
        doc.put("format", "olimpus-topology/1");
        ObjectNode t = doc.putObject("topology");
        t.put("name", name);
        if (zone != null) t.put("zone", zone);
        ArrayNode nodes = t.putArray("nodes");
        ArrayNode links = t.putArray("links");
        for (int i = 1; i <= n; i++) {
            nodes.addObject().put("id", "n" + i).put("name", "vm" + i).put("kind", "vm").put("flavor", flavor).put("image", image);
            links.addObject().put("id", "l" + i).put("a", "n" + i).put("b", "n" + (i % n + 1));
        }
        doc.putObject("presentation").putObject("nodes").putObject("n1").put("x", 10.0).put("y", 20.0);
        return doc;
    }

    /** Stores a slice for the token's owner; returns its id. */
    public long slice(String token, String zone, String flavor, String image) {
        var r = api.post("/slices", token, ring(unique("s"), zone, 3, flavor, image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("slice").get("id").asLong();
    }
}
