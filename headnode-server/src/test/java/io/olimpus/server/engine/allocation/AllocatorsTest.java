package io.olimpus.server.engine.allocation;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocatorsTest {
    @Test
    void segmentIdsAreTheLowestFree() {
        assertThat(Allocators.segmentIds(3, 100, 200, Set.of(100, 102))).containsExactly(101, 103, 104);
        assertThatThrownBy(() -> Allocators.segmentIds(3, 1, 4, Set.of(1, 2))).isInstanceOf(AllocationExhausted.class)
                .hasMessageContaining("only 2 of 3");
    }

    @Test
    void macsAreUniqueLocallyAdministeredAndAvoidUsedOnes() {
        Random r = new Random(7);
        List<String> first = Allocators.macs(2000, Set.of(), r);
        assertThat(new HashSet<>(first)).hasSize(2000);
        assertThat(first).allMatch(m -> m.matches("52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}"));
        // With the same seed the generator proposes the same MACs again; all must be skipped.
        List<String> second = Allocators.macs(10, new HashSet<>(first), new Random(7));
        assertThat(second).doesNotContainAnyElementsOf(first);
    }

    @Test
    void subnetsAreAlignedNonOverlappingAndSizedToTheNetwork() {
        Ipv4Block pool = Ipv4Block.parse("198.18.128.0/17");
        Ipv4Block a = Allocators.subnet(pool, 24, 10, List.of());
        assertThat(a).hasToString("198.18.128.0/24");
        Ipv4Block b = Allocators.subnet(pool, 24, 10, List.of(a));
        assertThat(b).hasToString("198.18.129.0/24");
        // 300 VMs need a /23: the next aligned /23 is .130.0, since .128-.129 are taken.
        Ipv4Block big = Allocators.subnet(pool, 24, 300, List.of(a, b));
        assertThat(big).hasToString("198.18.130.0/23");
        Ipv4Block c = Allocators.subnet(pool, 24, 5, List.of(a, big));
        assertThat(c).hasToString("198.18.129.0/24");
        assertThatThrownBy(() -> Allocators.subnet(Ipv4Block.parse("198.18.0.0/23"), 24, 5,
                List.of(Ipv4Block.parse("198.18.0.0/24"), Ipv4Block.parse("198.18.1.0/24"))))
                .isInstanceOf(AllocationExhausted.class).hasMessageContaining("no free /24");
    }

    @Test
    void ipv4ArithmeticAndParsing() {
        Ipv4Block b = Ipv4Block.parse("198.18.130.0/23");
        assertThat(b.host(1)).isEqualTo("198.18.130.1");
        assertThat(b.host(300)).isEqualTo("198.18.131.44");
        assertThat(b.hostCount()).isEqualTo(510);
        assertThat(b.netmask()).isEqualTo("255.255.254.0");
        assertThat(b.overlaps(Ipv4Block.parse("198.18.131.0/24"))).isTrue();
        assertThat(b.overlaps(Ipv4Block.parse("198.18.132.0/24"))).isFalse();
        for (String bad : List.of("198.18.0.1/24", "198.18.0.0", "1.2.3/24", "256.1.1.0/24", "a.b.c.d/24", "10.0.0.0/4", "1.2.3.4/x"))
            assertThatThrownBy(() -> Ipv4Block.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
}
