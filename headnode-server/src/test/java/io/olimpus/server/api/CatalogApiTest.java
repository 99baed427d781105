package io.olimpus.server.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class CatalogApiTest extends ApiTestBase {

    @Test
    void flavorsAreCreatedByAdminsAndReadByEveryone() {
        String name = Fixtures.unique("small");
        var r = api.post("/flavors", fx.admin, Map.of("name", name, "vcpus", 1, "ramMb", 512, "diskGb", 5));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).endsWith("/flavors/" + name);
        var user = fx.user("reader");
        assertThat(api.get("/flavors", user.token()).body()).contains(name);
        assertThat(api.get("/flavors/" + name, user.token()).json().get("ramMb").asInt()).isEqualTo(512);
        problem(api.post("/flavors", fx.admin, Map.of("name", name, "vcpus", 1, "ramMb", 512, "diskGb", 5)), 409);
        var zero = problem(api.post("/flavors", fx.admin, Map.of("name", Fixtures.unique("z"), "vcpus", 0, "ramMb", 512, "diskGb", 5)), 400);
        assertThat(zero.json().get("field").asText()).isEqualTo("vcpus");
        var missing = problem(api.post("/flavors", fx.admin, Map.of("name", Fixtures.unique("z"), "vcpus", 1, "diskGb", 5)), 400);
        assertThat(missing.json().get("field").asText()).isEqualTo("ramMb");
        assertThat(api.delete("/flavors/" + name, fx.admin).status()).isEqualTo(204);
        problem(api.get("/flavors/" + name, fx.admin), 404);
    }

    @Test
    void uploadComputesSha256AndDetectsQcow2AndRaw() throws Exception {
        byte[] q = Fixtures.qcow2(200_000);
        String name = Fixtures.unique("cirros");
        var r = api.send("POST", "/images/" + name + "/files", fx.admin, q, "application/octet-stream");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("kind").asText()).isEqualTo("disk");
        assertThat(r.json().get("diskFormat").asText()).isEqualTo("qcow2");
        assertThat(r.json().get("ready").asBoolean()).isTrue();
        assertThat(r.json().get("files").get(0).get("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(q)));
        assertThat(r.json().get("sizeBytes").asLong()).isEqualTo(200_000);
        assertThat(r.body()).doesNotContain(server.dataDir.toString());

        String raw = Fixtures.unique("rawdisk");
        var rr = api.send("POST", "/images/" + raw + "/files", fx.admin, Fixtures.rawDisk(1024), "application/octet-stream");
        assertThat(rr.status()).as(rr.toString()).isEqualTo(201);
        assertThat(rr.json().get("diskFormat").asText()).isEqualTo("raw");
        problem(api.send("POST", "/images/" + raw + "/files", fx.admin, new byte[10], "application/octet-stream"), 409);
        assertThat(api.get("/images", fx.user("viewer").token()).body()).contains(name, raw);
    }

    @Test
    void aKernelImageIsReadyOnlyWithBothKernelAndInitrd() {
        String name = Fixtures.unique("tiny");
        byte[] kernel = new byte[8192];
        kernel[0x202] = 'H'; kernel[0x203] = 'd'; kernel[0x204] = 'r'; kernel[0x205] = 'S';
        byte[] initrd = new byte[2048];
        initrd[0] = 0x1f; initrd[1] = (byte) 0x8b;
        var k = api.send("POST", "/images/" + name + "/files", fx.admin, kernel, "application/octet-stream");
        assertThat(k.status()).as(k.toString()).isEqualTo(201);
        assertThat(k.json().get("kind").asText()).isEqualTo("kernel");
        assertThat(k.json().get("ready").asBoolean()).isFalse();
        problem(api.send("POST", "/images/" + name + "/files", fx.admin, kernel, "application/octet-stream"), 409);
        var i = api.send("POST", "/images/" + name + "/files", fx.admin, initrd, "application/octet-stream");
        assertThat(i.json().get("ready").asBoolean()).isTrue();
        assertThat(i.json().get("files")).hasSize(2);
        // The driver's view of the store.
        var src = server.running.stores().imageSource().resolve(name);
        assertThat(src.file("kernel").size()).isEqualTo(8192);
        assertThat(src.file("initrd").size()).isEqualTo(2048);
    }

    @Test
    void anImageInUseCannotBeDeleted() {
        String image = fx.image();
        var user = fx.user("imguser");
        long slice = fx.slice(user.token(), null, fx.flavor(1, 256, 1), image);
        var r = problem(api.delete("/images/" + image, fx.admin), 409);
        assertThat(r.json().get("detail").asText()).contains("1 slice");
        assertThat(api.delete("/slices/" + slice, user.token()).status()).isEqualTo(204);
        assertThat(api.delete("/images/" + image, fx.admin).status()).isEqualTo(204);
        problem(api.get("/images/" + image, fx.admin), 404);
    }

    @Test
    void aFlavorInUseCannotBeDeleted() {
        String flavor = fx.flavor(1, 256, 1);
        fx.slice(fx.user("flvuser").token(), null, flavor, fx.image());
        problem(api.delete("/flavors/" + flavor, fx.admin), 409);
    }

    @Test
    void anUploadCutOffHalfWayLeavesNothing() throws Exception {
        String name = Fixtures.unique("cut");
        long filesBefore = storedFiles();
        try (Socket s = new Socket("127.0.0.1", server.running.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/images/" + name + "/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + fx.admin
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(Fixtures.qcow2(500_000));
            out.flush();
            // While the client still sends, the bytes are already on disk in a temporary file: streamed, not buffered.
            long until = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < until && countIncoming() == 0) Thread.sleep(20);
            assertThat(countIncoming()).isEqualTo(1);
        }
        // The server notices the cut, refuses the upload and removes the partial file.
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && (countIncoming() > 0)) Thread.sleep(50);
        Thread.sleep(200);
        assertThat(countIncoming()).isZero();
        assertThat(storedFiles()).isEqualTo(filesBefore);
        problem(api.get("/images/" + name, fx.admin), 404);
    }

    @Test
    void anUploadOverTheLimitIs413AndLeavesNothing() throws Exception {
        try (TestServer small = TestServer.start(store, c -> c.withLimits(10_000, c.maxJsonBytes()))) {
            String token = small.client.login("admin", TestServer.ADMIN_PASSWORD);
            var r = problem(small.client.send("POST", "/images/big/files", token, Fixtures.qcow2(20_000), "application/octet-stream"), 413);
            assertThat(r.json().get("limitBytes").asLong()).isEqualTo(10_000);
            assertThat(small.client.send("POST", "/images/fits/files", token, Fixtures.qcow2(10_000), "application/octet-stream").status()).isEqualTo(201);
            problem(small.client.get("/images/big", token), 404);
            try (var s = Files.list(small.dataDir.resolve("images"))) {
                assertThat(s.filter(p -> p.getFileName().toString().startsWith("big")).count()).isZero();
            }
            try (var s = Files.list(small.dataDir.resolve("images").resolve(".incoming"))) {
                assertThat(s.count()).isZero();
            }
        }
    }

    @Test
    void randomBytesAreNotAcceptedAsARawDisk() throws Exception {
        byte[] noise = new byte[300_000];
        new java.util.Random(13).nextBytes(noise);
        noise[510] = 0;  // not by chance an MBR boot signature
        long filesBefore = storedFiles();
        String name = Fixtures.unique("noise");
        var r = problem(api.send("POST", "/images/" + name + "/files", fx.admin, noise, "application/octet-stream"), 422);
        assertThat(r.json().get("field").asText()).isEqualTo("body");
        assertThat(r.json().get("detail").asText()).contains("'" + name + "'").contains("qcow2").contains("raw disk").contains("MBR")
                .contains("kernel").contains("nothing was stored");
        problem(api.get("/images/" + name, fx.admin), 404);
        assertThat(storedFiles()).isEqualTo(filesBefore);
        assertThat(countIncoming()).isZero();
        // Zeros are no disk either; the same bytes with a partition table are.
        problem(api.send("POST", "/images/" + name + "/files", fx.admin, new byte[4096], "application/octet-stream"), 422);
        noise[510] = 0x55; noise[511] = (byte) 0xaa;
        assertThat(api.send("POST", "/images/" + name + "/files", fx.admin, noise, "application/octet-stream").status()).isEqualTo(201);
    }

    @Test
    void anEmptyUploadOrAJsonBodyIsRefused() {
        problem(api.send("POST", "/images/" + Fixtures.unique("e") + "/files", fx.admin, new byte[0], "application/octet-stream"), 400);
        problem(api.send("POST", "/images/" + Fixtures.unique("e") + "/files", fx.admin, "{}".getBytes(), "application/json"), 415);
    }

    private long countIncoming() throws Exception {
        try (var s = Files.list(server.dataDir.resolve("images").resolve(".incoming"))) {
            return s.count();
        }
    }

    private long storedFiles() throws Exception {
        try (var s = Files.list(server.dataDir.resolve("images"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

}
