package io.olimpus.server.platform.linux;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinuxSshPoolsTest {
    @TempDir Path dir;

    Path key(String name) throws Exception {
        Path k = dir.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        Assumptions.assumeTrue(p.waitFor() == 0, "ssh-keygen is needed to make test keys");
        return k;
    }

    @Test
    void aZoneKeepsItsPoolUntilItsKeysOrKnownHostsChange() throws Exception {
        Path a = key("a"), b = key("b"), known = Files.writeString(dir.resolve("known_hosts"), ""), known2 = Files.writeString(dir.resolve("known2"), "");
        try (LinuxSshPools pools = new LinuxSshPools(Duration.ofSeconds(5))) {
            var first = pools.of("lab", known, List.of(a));
            assertThat(pools.of("lab", known, List.of(a))).as("same files, same pool").isSameAs(first);
            assertThat(pools.of("other", known, List.of(a))).as("one pool per zone").isNotSameAs(first);
            var withB = pools.of("lab", known, List.of(a, b));
            assertThat(withB).as("a worker with a new key").isNotSameAs(first);
            assertThat(pools.of("lab", known, List.of(a, b))).isSameAs(withB);
            assertThat(pools.of("lab", known2, List.of(a, b))).as("another known-hosts file").isNotSameAs(withB);
            pools.close();
            assertThatThrownBy(() -> pools.of("lab", known, List.of(a))).isInstanceOf(IllegalStateException.class);
        }
    }
}
