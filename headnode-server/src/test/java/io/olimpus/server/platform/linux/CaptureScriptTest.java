package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.CaptureLimits;
import io.olimpus.server.engine.driver.DriverException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A capture on a link runs tcpdump on the tap of the link's VM NIC, on that VM's worker, with the bounds quoted. */
class CaptureScriptTest {
    @Test
    void tcpdumpRunsOnTheTapOfTheLinksVmOnItsWorker() {
        RecordingHosts hosts = new RecordingHosts();
        LinuxClusterDriver driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        assertThat(driver.offersCapture()).isTrue();
        try (var c = driver.capture(Fixture.SLICE, "l3", new CaptureLimits(50, 20, 1_000_000))) {
            assertThat(c.where()).isEqualTo("w2, tap00000b (vm2 eth0)");
        }
        assertThat(hosts.on("w2")).singleElement().asString()
                .startsWith("tap=tap00000b count=50 secs=20\n")
                .contains("timeout \"$secs\" tcpdump -U -n -s 0 -w - -i \"$tap\" -c \"$count\"")
                .contains("kill \"$pid\"");
        assertThat(hosts.on("w1")).isEmpty();

        hosts.clear();
        driver.capture(Fixture.SLICE, "l2", new CaptureLimits(1, 1, 1)).close();
        assertThat(hosts.on("w1")).singleElement().asString().startsWith("tap=tap00010a count=1 secs=1\n");

        assertThatThrownBy(() -> driver.capture(Fixture.SLICE, "l9", new CaptureLimits(1, 1, 1)))
                .isInstanceOf(DriverException.class).hasMessageContaining("link 'l9' has no VM NIC");
    }
}
