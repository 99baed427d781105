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
                + "tc qdisc replace dev tapa1b2c3 root handle 1: netem delay 100ms 10.5ms loss 20%\n"
                + "tc qdisc replace dev tapa1b2c3 parent 1:1 handle 10: tbf rate 200kbit burst 1600 latency 500ms\n");
    }

    @Test
    void aRateAloneIsTbfAtTheRootSoItNeedsNoNetem() {
        String s = LinkShaper.shape("tapa1b2c3", new LinkImpairment(0.0, null, null, 1000.0)).render();
        assertThat(s).doesNotContain("netem").contains("tc qdisc replace dev tapa1b2c3 root handle 2: tbf rate 1000000kbit burst 1250000 latency 500ms\n");
    }

    /**
     * Changing a shaped link never deletes first: a failed replace (checked by hand on a kernel
     * without sch_netem: "qdisc kind is unknown", the tbf stayed) keeps the previous shaping.
     * Each layout has its own root handle, because the kernel refuses a replace of a qdisc by one
     * of another kind under the same handle ("Invalid qdisc name: must match existing qdisc").
     */
    @Test
    void aChangeReplacesTheRootInOneStepAndEachLayoutHasItsOwnHandle() {
        var layouts = java.util.List.of(new LinkImpairment(50.0, null, null, null), new LinkImpairment(null, null, null, 5.0),
                new LinkImpairment(50.0, null, null, 5.0));
        java.util.Set<String> roots = new java.util.HashSet<>();
        for (LinkImpairment imp : layouts) {
            String s = LinkShaper.shape("tapa1b2c3", imp).render();
            assertThat(s).doesNotContain(" del ", " add ", "|| true");
            var root = java.util.regex.Pattern.compile("tc qdisc replace dev tapa1b2c3 root handle (\\d+:) ").matcher(s);
            assertThat(root.find()).as(s).isTrue();
            roots.add(root.group(1));
        }
        assertThat(roots).hasSize(3);
        assertThat(LinkShaper.shape("tapa1b2c3", new LinkImpairment(50.0, null, null, null)).render())
                .isEqualTo("set -eu\ntc qdisc replace dev tapa1b2c3 root handle 3: netem delay 50ms\n");
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
