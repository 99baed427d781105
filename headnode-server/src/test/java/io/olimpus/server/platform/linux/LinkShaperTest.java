package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.LinkImpairment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkShaperTest {
    @Test
    void delayJitterAndLossAreNetemAndARateUnderItIsATbfChild() {
        String s = LinkShaper.shape("tapa1b2c3", new LinkImpairment(100.0, 10.5, 20.0, 0.2)).render();
        assertThat(s).isEqualTo("set -eu\n"
                + "tc qdisc del dev tapa1b2c3 root 2>/dev/null || true\n"
                + "tc qdisc add dev tapa1b2c3 root handle 1: netem delay 100ms 10.5ms loss 20%\n"
                + "tc qdisc add dev tapa1b2c3 parent 1:1 handle 10: tbf rate 200kbit burst 1600 latency 500ms\n");
    }

    @Test
    void aRateAloneIsTbfAtTheRootSoItNeedsNoNetem() {
        String s = LinkShaper.shape("tapa1b2c3", new LinkImpairment(0.0, null, null, 1000.0)).render();
        assertThat(s).doesNotContain("netem").contains("tc qdisc add dev tapa1b2c3 root handle 1: tbf rate 1000000kbit burst 1250000 latency 500ms\n");
    }

    @Test
    void noImpairmentRemovesTheShapingAndNothingElse() {
        assertThat(LinkShaper.shape("tapa1b2c3", new LinkImpairment(0.0, 0.0, 0.0, 0.0)).render())
                .isEqualTo("set -eu\ntc qdisc del dev tapa1b2c3 root 2>/dev/null || true\n");
    }

    @Test
    void outOfRangeValuesAndForeignTapNamesNeverReachTheShell() {
        assertThatThrownBy(() -> LinkShaper.shape("tapa1b2c3", new LinkImpairment(-5.0, null, null, null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkShaper.shape("tap;reboot", new LinkImpairment(5.0, null, null, null))).isInstanceOf(IllegalArgumentException.class);
        assertThat(LinkShaper.decimal(1e-9)).isEqualTo("0");
        assertThat(LinkShaper.kernelLacksQdisc("Error: Specified qdisc kind is unknown.")).isTrue();
    }
}
