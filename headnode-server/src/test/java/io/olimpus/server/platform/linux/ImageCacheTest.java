package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.DriverException;
import org.junit.jupiter.api.Test;

import static io.olimpus.server.platform.linux.Fixture.DISK_SHA;
import static io.olimpus.server.platform.linux.Fixture.INITRD_SHA;
import static io.olimpus.server.platform.linux.Fixture.KERNEL_SHA;
import static io.olimpus.server.platform.linux.Fixture.W1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image cache's scripts: a worker's copy is checked by checksum, uploaded when missing, removed when it arrives corrupted. */
class ImageCacheTest {
    private static final String CACHE = "/var/lib/olimpus/images/" + KERNEL_SHA;

    private static String check(String role) {
        return "mkdir -p " + CACHE + "\ntouch " + CACHE + "\nsha256sum " + CACHE + "/" + role + " | cut -c1-64\n";
    }

    private static ImageCache cache(RecordingHosts hosts) {
        return new ImageCache(Fixture.IMAGES, hosts::shell, 20L << 30);
    }

    @Test
    void filesAlreadyThereWithTheirChecksumAreNotCopiedAndAreCheckedOncePerWorker() {
        RecordingHosts hosts = Fixture.hostsWithImages();
        ImageCache cache = cache(hosts);
        assertThat(cache.ensure(W1, Fixture.IMAGES.resolve("guest"))).isEqualTo(CACHE);
        assertThat(hosts.on("w1")).hasSize(3).startsWith(check("kernel"), check("initrd"));
        assertThat(hosts.on("w1").get(2)).as("then the worker's cache is pruned, keeping this image")
                .contains("images=/var/lib/olimpus/images", "keep=" + KERNEL_SHA, "maxkb=20971520", "live='" + KERNEL_SHA + " " + DISK_SHA + "'");
        hosts.clear();
        assertThat(cache.ensure(W1, Fixture.IMAGES.resolve("guest"))).isEqualTo(CACHE);
        assertThat(hosts.sent()).isEmpty();
    }

    @Test
    void aMissingFileIsUploadedThenVerified() {
        RecordingHosts hosts = new RecordingHosts()
                .answer("w1", CACHE + "\nsha256sum", "")   // the first look: nothing there yet
                .answer("w1", "/kernel | cut", KERNEL_SHA + "\n").answer("w1", "/initrd | cut", INITRD_SHA + "\n");
        cache(hosts).ensure(W1, Fixture.IMAGES.resolve("guest"));
        assertThat(hosts.on("w1")).startsWith(
                check("kernel"), "upload " + CACHE + "/kernel", "sha256sum " + CACHE + "/kernel | cut -c1-64\n",
                check("initrd"), "upload " + CACHE + "/initrd", "sha256sum " + CACHE + "/initrd | cut -c1-64\n").hasSize(7);
    }

    @Test
    void aCorruptedCopyIsRemovedAndTheVmRefusedAndTheNextVmTriesAgain() {
        RecordingHosts hosts = new RecordingHosts().answer("w1", "sha256sum", "f".repeat(64) + "\n");
        ImageCache cache = cache(hosts);
        assertThatThrownBy(() -> cache.ensure(W1, Fixture.IMAGES.resolve("guest")))
                .isInstanceOf(DriverException.class).hasMessage("image guest (kernel) arrived corrupted on w1");
        assertThat(hosts.on("w1")).containsExactly(check("kernel"), "upload " + CACHE + "/kernel",
                "sha256sum " + CACHE + "/kernel | cut -c1-64\n", "rm -f " + CACHE + "/kernel\n");
        hosts.clear();
        assertThatThrownBy(() -> cache.ensure(W1, Fixture.IMAGES.resolve("guest"))).isInstanceOf(DriverException.class);
        assertThat(hosts.on("w1")).first().isEqualTo(check("kernel"));
    }
}
