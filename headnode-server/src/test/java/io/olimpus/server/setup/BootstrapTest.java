package io.olimpus.server.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.server.api.ApiClient;
import io.olimpus.server.api.Fixtures;
import io.olimpus.server.api.Store;
import io.olimpus.server.api.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The non-interactive part of {@code ./olimpus run} against a real server: waiting for health,
 * checking the admin's password, and registering a test bed (described by a testbed.json like
 * the one up.sh writes, with stand-in guest and key files) as a zone, twice.
 */
class BootstrapTest {
    static TestServer server;
    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Store.H2);
        api = server.client;
        admin = new Fixtures(api).admin;
    }

    @AfterAll
    static void stop() throws Exception { server.close(); }

    static Map<String, String> env(String password) { return Map.of("OLIMPUS_PASSWORD", password); }

    String url() { return server.running.baseUrl(); }

    @Test
    void waitsForHealthAndTellsARightPasswordFromAWrongOne() throws Exception {
        assertThat(Bootstrap.run(List.of("wait", "--url", url(), "--timeout", "10"), Map.of())).isZero();
        assertThat(Bootstrap.run(List.of("login", "--url", url(), "--user", "admin"), env(TestServer.ADMIN_PASSWORD))).isZero();
        assertThat(Bootstrap.run(List.of("login", "--url", url(), "--user", "admin"), env("not-the-password"))).isEqualTo(3);
        // Nobody listens on port 1: waiting gives up after its time-out.
        assertThat(Bootstrap.run(List.of("wait", "--url", "http://127.0.0.1:1", "--timeout", "1"), Map.of())).isEqualTo(1);
        // A server process that is gone ends the wait at once, not after the time-out.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long t0 = System.nanoTime();
        assertThat(Bootstrap.run(List.of("wait", "--url", "http://127.0.0.1:1", "--timeout", "60", "--pid", Long.toString(gone.pid())), Map.of())).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(30);
        assertThatThrownBy(() -> Bootstrap.run(List.of("login", "--url", "file:///etc/passwd"), env("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bootstrap.run(List.of("testbed", "--url", url(), "--zone", "Bad; rm -rf /"), env(TestServer.ADMIN_PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registersTheTestBedAsAZoneAndAgainWithoutChangingAnything(@TempDir Path dir) throws Exception {
        Path bed = fakeBed(dir);
        List<String> args = List.of("testbed", "--url", url(), "--user", "admin", "--testbed", bed.toString(), "--data", server.dataDir.toString(),
                "--zone", "labbed", "--no-check");
        assertThat(Bootstrap.run(args, env(TestServer.ADMIN_PASSWORD))).isZero();

        JsonNode zone = api.get("/zones/labbed", admin).json();
        assertThat(zone.get("platform").asText()).isEqualToIgnoringCase("linux");
        JsonNode settings = api.get("/zones/labbed/settings", admin).json();
        assertThat(settings.toString()).contains("LINUX_BRIDGE").contains("198.18.128.0/17").contains("198.18.0.10")
                .contains("\"labbed/id_ed25519\"").contains("\"labbed/known_hosts\"").doesNotContain(dir.toString());
        // The server reads keys from its keys folder only: the bed's key was copied there, private.
        Path copied = server.dataDir.resolve("keys/labbed/id_ed25519");
        assertThat(Files.readString(copied)).isEqualTo("stand-in key file\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(copied))).isEqualTo("rw-------");
        JsonNode workers = api.get("/zones/labbed/workers", admin).json().get("items");
        assertThat(workers).extracting(w -> w.get("name").asText()).containsExactlyInAnyOrder("worker1", "worker2");
        assertThat(workers).extracting(w -> w.get("mgmtAddress").asText()).containsExactlyInAnyOrder("198.18.0.11", "198.18.0.12");
        JsonNode image = api.get("/images/guest", admin).json();
        assertThat(image.toString()).contains("kernel").contains("initrd");
        assertThat(api.get("/flavors", admin).json().toString()).contains("\"tiny\"");

        // Again (the bed brought up once more): everything is found, nothing is duplicated.
        List<String> created = new TestbedZone(new SetupClientFor(url()).logged(), SetupClient.JSON.readTree(bed.toFile()), "labbed", server.dataDir.resolve("keys"), s -> {}).register();
        assertThat(created).isEmpty();
        assertThat(api.get("/zones/labbed/workers", admin).json().get("items")).hasSize(2);

        // A student can now store a design for the zone with the catalog the bed brought.
        var student = new Fixtures(api).user("stud");
        var r = api.post("/slices", student.token(), Fixtures.ring("first", "labbed", 3, "tiny", "guest"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @Test
    void theDesktopTestsRegisterTheBedOnOpenVSwitchThroughTheSameCode(@TempDir Path dir) throws Exception {
        Path bed = fakeBed(dir);
        List<String> created = Bootstrap.registerTestbed(url(), "admin", TestServer.ADMIN_PASSWORD, bed, server.dataDir, "ovsbed", "OVS");
        assertThat(created).contains("zone ovsbed");
        assertThat(api.get("/zones/ovsbed/settings", admin).json().get("dataPlane").asText()).isEqualTo("OVS");
        assertThatThrownBy(() -> Bootstrap.registerTestbed(url(), "admin", TestServer.ADMIN_PASSWORD, bed, server.dataDir, "other", "VPP"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LINUX_BRIDGE");
        assertThatThrownBy(() -> Bootstrap.registerTestbed(url(), "admin", "not-the-password", bed, server.dataDir, "other", "OVS"))
                .hasMessageContaining("refused user 'admin'");
    }

    @Test
    void aBedWithoutItsGuestIsReportedNotHalfRegistered(@TempDir Path dir) throws Exception {
        Path bed = fakeBed(dir);
        Files.delete(dir.resolve("vmlinux"));
        assertThatThrownBy(() -> Bootstrap.run(List.of("testbed", "--url", url(), "--testbed", bed.toString(), "--data", server.dataDir.toString(), "--zone", "nokernel", "--no-check"),
                env(TestServer.ADMIN_PASSWORD))).isInstanceOf(java.io.IOException.class).hasMessageContaining("guest kernel is missing");
        assertThat(api.get("/zones/nokernel", admin).status()).isEqualTo(404);
    }

    /** A testbed.json as up.sh writes it, with a stand-in ELF kernel, gzip initrd and key files. */
    static Path fakeBed(Path dir) throws Exception {
        byte[] elf = new byte[64];
        elf[0] = 0x7f; elf[1] = 'E'; elf[2] = 'L'; elf[3] = 'F'; elf[4] = 2; elf[5] = 1; elf[16] = 2; elf[18] = 0x3e;
        Files.write(dir.resolve("vmlinux"), elf);
        Files.write(dir.resolve("initrd.gz"), new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
        Files.writeString(dir.resolve("id_ed25519"), "stand-in key file\n");
        Files.writeString(dir.resolve("known_hosts"), "stand-in known hosts\n");
        ObjectNode j = SetupClient.JSON.createObjectNode();
        j.putObject("ssh").put("user", "root").put("port", 22).put("private_key", dir.resolve("id_ed25519").toString())
                .put("known_hosts", dir.resolve("known_hosts").toString());
        j.putObject("guest").put("kernel", dir.resolve("vmlinux").toString()).put("initrd", dir.resolve("initrd.gz").toString());
        j.putObject("networks").put("slice_pool", "198.18.128.0/17");
        ArrayNode hosts = j.putArray("hosts");
        hosts.addObject().put("name", "headnode").put("role", "headnode").put("mgmt_ip", "198.18.0.10").put("data_ip", "198.18.1.10").put("uplink_if", "uplink");
        hosts.addObject().put("name", "worker1").put("role", "worker").put("mgmt_ip", "198.18.0.11").put("data_ip", "198.18.1.11");
        hosts.addObject().put("name", "worker2").put("role", "worker").put("mgmt_ip", "198.18.0.12").put("data_ip", "198.18.1.12");
        Path file = dir.resolve("testbed.json");
        SetupClient.JSON.writeValue(file.toFile(), j);
        return file;
    }

    /** A SetupClient logged in as the test server's admin. */
    record SetupClientFor(String url) {
        SetupClient logged() throws Exception {
            SetupClient c = new SetupClient(url);
            assertThat(c.login("admin", TestServer.ADMIN_PASSWORD)).isTrue();
            return c;
        }
    }
}
