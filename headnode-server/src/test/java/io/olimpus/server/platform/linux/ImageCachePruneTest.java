package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.CommandResult;
import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image cache's prune script, run by a real shell on a worker-like folder: copies of deleted
 * images go, least recently used copies go while the cache is over its bound, and a copy that a
 * VM's launch line names (its base image) or the one just ensured never goes.
 */
class ImageCachePruneTest {
    @TempDir Path state;

    static final String IN_USE = "1".repeat(64), DELETED = "2".repeat(64), DELETED_IN_USE = "3".repeat(64),
            OLD = "4".repeat(64), NEWEST = "5".repeat(64);

    /** Runs scripts with sh on this machine, as the worker would. */
    static final class LocalShell implements RemoteShell {
        @Override public String hostName() { return "local"; }

        @Override
        public CommandResult run(Script script) {
            try {
                Process p = new ProcessBuilder("sh", "-c", script.render()).start();
                p.getOutputStream().close();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                return new CommandResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override public void upload(InputStream content, String remotePath) { throw new UnsupportedOperationException(); }
    }

    private ImageCache cache(long maxBytes) {
        ImageSource catalog = new ImageSource() {
            @Override public Image resolve(String name) { throw new UnsupportedOperationException(); }

            @Override public InputStream open(String name, String role) { throw new UnsupportedOperationException(); }

            @Override public Set<String> cacheKeys() { return Set.of(IN_USE, OLD, NEWEST); }
        };
        return new ImageCache(catalog, h -> new LocalShell(), maxBytes);
    }

    private LinuxHost worker() {
        return new LinuxHost("w1", new SshEndpoint("w1", "198.18.0.11", 22, "olimpus"), "198.18.1.11", false, state.toString());
    }

    /** Copies of 64 KiB each, oldest use first in this order; a foreign folder; two VMs whose launch lines name their base images. */
    private void fill() throws IOException {
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        for (String key : List.of(DELETED, DELETED_IN_USE, OLD, IN_USE, NEWEST, "lost+found")) {
            Path d = Files.createDirectories(state.resolve("images").resolve(key));
            Files.write(d.resolve("disk"), new byte[64 * 1024]);
            Files.setLastModifiedTime(d, FileTime.fromMillis(t += 60_000));
        }
        for (String[] vm : new String[][]{{"s1--vm1", IN_USE}, {"s2--vm1", DELETED_IN_USE}}) {
            Path d = Files.createDirectories(state.resolve("vms").resolve(vm[0]));
            Files.writeString(d.resolve("launch.sh"), "qemu-system-x86_64 -drive file=" + state + "/images/" + vm[1] + "/disk,if=virtio\n");
        }
    }

    private Set<String> left() throws IOException {
        try (Stream<Path> s = Files.list(state.resolve("images"))) {
            return Set.copyOf(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void copiesOfDeletedImagesGoUnlessAVmStillBootsFromThem() throws IOException {
        fill();
        cache(1L << 30).prune(new LocalShell(), worker(), null);
        assertThat(left()).containsExactlyInAnyOrder(IN_USE, DELETED_IN_USE, OLD, NEWEST, "lost+found");
    }

    @Test
    void overItsBoundTheCacheEvictsLeastRecentlyUsedCopiesButNeverOneInUseOrTheOneJustEnsured() throws IOException {
        fill();
        cache(200 * 1024).prune(new LocalShell(), worker(), NEWEST);
        // OLD was the least recently used live copy nobody boots from; after it, the cache fits.
        assertThat(left()).containsExactlyInAnyOrder(IN_USE, DELETED_IN_USE, NEWEST, "lost+found");

        cache(1024).prune(new LocalShell(), worker(), null);
        // Still over a tiny bound: NEWEST goes too, but base images of VMs stay whatever the bound.
        assertThat(left()).containsExactlyInAnyOrder(IN_USE, DELETED_IN_USE, "lost+found");
    }

    @Test
    void aWorkerWithoutACacheIsLeftAlone() {
        cache(1024).prune(new LocalShell(), worker(), null);
        assertThat(state.resolve("images")).doesNotExist();
    }
}
