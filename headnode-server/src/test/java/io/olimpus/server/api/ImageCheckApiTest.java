package io.olimpus.server.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issues #19 and #21: a disk is checked on upload as {@code qemu-img info} would read it (its
 * virtual size kept, a backing file refused), and an admin sets how long VMs of an image may
 * take to boot.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class ImageCheckApiTest extends ApiTestBase {

    @Test
    void aDisksVirtualSizeIsReadFromItsHeaderAndShown() {
        byte[] q = Fixtures.qcow2(8192);
        ByteBuffer.wrap(q).putLong(24, 5L << 30);
        String name = Fixtures.unique("deb");
        var r = api.send("POST", "/images/" + name + "/files", fx.admin, q, "application/octet-stream");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("virtualSizeBytes").asLong()).isEqualTo(5L << 30);
        assertThat(r.json().hasNonNull("bootSeconds")).as("no budget of its own: the zone's applies").isFalse();
        var raw = api.send("POST", "/images/" + Fixtures.unique("raw") + "/files", fx.admin, Fixtures.rawDisk(4096), "application/octet-stream");
        assertThat(raw.json().get("virtualSizeBytes").asLong()).as("a raw disk is as large as its file").isEqualTo(4096);
    }

    @Test
    void aVmsFlavorDiskMustHoldItsImagesVirtualSize() {
        byte[] q = Fixtures.qcow2(8192);
        ByteBuffer.wrap(q).putLong(24, (5L << 30) + 1);
        String image = Fixtures.unique("big");
        assertThat(api.send("POST", "/images/" + image + "/files", fx.admin, q, "application/octet-stream").status()).isEqualTo(201);
        String small = fx.flavor(1, 128, 5), large = fx.flavor(1, 128, 6);
        String zone = fx.zone();
        var u = fx.user("disky");
        var r = problem(api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("s"), zone, 3, small, image)), 422);
        assertThat(r.json().get("field").asText()).isEqualTo("topology");
        var p = r.json().get("problems").get(0);
        assertThat(p.get("code").asText()).isEqualTo("IMAGE_LARGER_THAN_FLAVOR");
        assertThat(p.get("message").asText()).contains("image '" + image + "' is a 6 GB disk", "flavor '" + small + "' has 5 GB",
                "choose a flavor with at least 6 GB of disk");
        assertThat(api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("s"), zone, 3, large, image)).status()).isEqualTo(201);
    }

    @Test
    void aDiskWithABackingFileOrEncryptionIsRefusedAndNothingStored() {
        byte[] backed = Fixtures.qcow2(8192);
        ByteBuffer.wrap(backed).putLong(8, 512).putInt(16, 9);
        String name = Fixtures.unique("overlay");
        var r = problem(api.send("POST", "/images/" + name + "/files", fx.admin, backed, "application/octet-stream"), 422);
        assertThat(r.json().get("field").asText()).isEqualTo("body");
        assertThat(r.json().get("detail").asText()).contains("backing file", "qemu-img convert", "nothing was stored");
        problem(api.get("/images/" + name, fx.admin), 404);

        byte[] encrypted = Fixtures.qcow2(8192);
        ByteBuffer.wrap(encrypted).putInt(32, 2);
        var e = problem(api.send("POST", "/images/" + Fixtures.unique("luks") + "/files", fx.admin, encrypted, "application/octet-stream"), 422);
        assertThat(e.json().get("detail").asText()).contains("encrypted");
    }

    @Test
    void anAdminSetsAndClearsAnImagesBootBudget() {
        String image = fx.image();
        var set = api.patch("/images/" + image, fx.admin, Map.of("bootSeconds", 420));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("bootSeconds").asInt()).isEqualTo(420);
        assertThat(api.get("/images/" + image, fx.user("viewer").token()).json().get("bootSeconds").asInt()).isEqualTo(420);

        var tooShort = problem(api.patch("/images/" + image, fx.admin, Map.of("bootSeconds", 3)), 400);
        assertThat(tooShort.json().get("field").asText()).isEqualTo("bootSeconds");
        assertThat(api.patch("/images/" + image, fx.user("student").token(), Map.of("bootSeconds", 900)).status()).isEqualTo(403);

        Map<String, Object> clear = new HashMap<>();
        clear.put("bootSeconds", null);
        assertThat(api.patch("/images/" + image, fx.admin, clear).json().hasNonNull("bootSeconds")).isFalse();
        problem(api.patch("/images/" + Fixtures.unique("none"), fx.admin, Map.of("bootSeconds", 60)), 404);
    }
}
