package io.olimpus.server.engine.allocation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4BlockTest {
    @Test
    void onlyCanonicalDottedQuadsAreAddresses() {
        for (String ok : List.of("0.0.0.0", "10.0.0.1", "192.168.100.200", "255.255.255.255"))
            assertThat(Ipv4Block.isAddress(ok)).as(ok).isTrue();
        for (String bad : List.of("", "10.0.0", "10.0.0.1.2", "10.0.0.256", "010.0.0.1", "10.00.0.1", "10..0.1", "10.0.0.1 ", " 10.0.0.1",
                "10.0.0.-1", "1e1.0.0.1", "١٠.0.0.1", "host.example.org", "::1"))
            assertThat(Ipv4Block.isAddress(bad)).as(bad).isFalse();
        assertThat(Ipv4Block.isAddress(null)).isFalse();
    }

    @Test
    void addressesParseAndFormatBothWays() {
        assertThat(Ipv4Block.parseAddress("192.168.1.2")).isEqualTo(0xC0A80102L);
        assertThat(Ipv4Block.format(0xC0A80102L)).isEqualTo("192.168.1.2");
        assertThatThrownBy(() -> Ipv4Block.parseAddress("192.168.01.2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNetworkHoldingAnAddressHasItsHostBitsCleared() {
        assertThat(Ipv4Block.containing(Ipv4Block.parseAddress("10.64.3.7"), 16)).hasToString("10.64.0.0/16");
        assertThat(Ipv4Block.containing(Ipv4Block.parseAddress("10.64.0.0"), 16).base()).isEqualTo(Ipv4Block.parseAddress("10.64.0.0"));
        assertThat(Ipv4Block.containing(Ipv4Block.parseAddress("255.255.255.255"), 30)).hasToString("255.255.255.252/30");
    }
}
