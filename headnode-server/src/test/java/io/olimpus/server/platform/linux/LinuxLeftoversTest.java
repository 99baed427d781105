package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.Leftovers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.olimpus.server.platform.linux.Fixture.LAN;
import static io.olimpus.server.platform.linux.Fixture.P2P;
import static io.olimpus.server.platform.linux.Fixture.SLICE;
import static io.olimpus.server.platform.linux.Fixture.VM1;
import static io.olimpus.server.platform.linux.Fixture.VM2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slice deployed on recording hosts and then forgotten by the server: its markers are its
 * leftovers, host by host; the clean-up removes them through the driver, highest rank first,
 * unless the slice is owned again by the time its turn comes. Unmarked VM folders and QEMU
 * processes of Olimpus's naming are found too; names that are not Olimpus's are ignored.
 */
class LinuxLeftoversTest {
    private final RecordingHosts hosts = Fixture.hostsWithImages();
    private final LinuxClusterDriver driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);

    private void deploy() {
        driver.createNetwork(SLICE, LAN, r -> {});
        driver.createNetwork(SLICE, P2P, r -> {});
        driver.createVm(SLICE, VM1, r -> {});
        driver.createVm(SLICE, VM2, r -> {});
        driver.enableInternet(SLICE, VM1, LAN, r -> {});
        hosts.clear();
    }

    @Test
    void aSliceWithoutRecordIsReportedPerHostAndAnOwnedOneIsNot() {
        deploy();
        assertThat(driver.leftovers("z", Set.of("s42")).items()).isEmpty();

        Leftovers.Report r = driver.leftovers("z", Set.of("other"));
        assertThat(r.zone()).isEqualTo("z");
        assertThat(r.platform()).isEqualTo("linux");
        assertThat(r.items()).extracting(i -> i.kind() + " " + i.name() + "@" + i.container())
                .contains("linux.vm s42--vm1@w1", "linux.vm s42--vm2@w2", "linux.tap tap00000b@w2", "linux.nat nat-10.1.0.2@hn",
                        "linux.dhcp net101@hn", "linux.segment seg101@w1", "linux.lease 101-52540000000a@hn")
                .hasSize(hosts.markers().size());
        assertThat(r.items()).allSatisfy(i -> assertThat(i.reason()).isEqualTo("slice s42 has no record on this server"));
        // Reading changes nothing.
        assertThat(hosts.sent()).allSatisfy(s -> assertThat(s.script()).doesNotContain("rm "));
    }

    @Test
    void theCleanUpDeletesEveryMarkedResourceHighestRankFirstAndReportsItGone() {
        deploy();
        int marked = hosts.markers().size();
        Leftovers.Report r = driver.cleanLeftovers("z", Set::of);

        assertThat(hosts.markers()).isEmpty();
        assertThat(r.items()).isEmpty();
        assertThat(r.failures()).isEmpty();
        assertThat(r.removed()).hasSize(marked);
        assertThat(r.removed()).extracting(Leftovers.Item::kind)
                .containsSubsequence("linux.nat", "linux.vm", "linux.lease", "linux.tap", "linux.dhcp", "linux.segment");
        List<String> order = new ArrayList<>();
        for (Leftovers.Item i : r.removed()) order.add(i.kind());
        assertThat(order.lastIndexOf("linux.vm")).isLessThan(order.indexOf("linux.lease"));
        // Without a plan, the NAT rules go by the VM's address, whatever network they were on.
        String nat = hosts.on("hn").stream().filter(s -> s.contains("linux.nat.nat-10.1.0.2")).findFirst().orElseThrow();
        assertThat(nat).contains("iptables -t nat -D POSTROUTING -s 10.1.0.2/32 -o eth0 -j MASQUERADE").contains("a=10.1.0.2/32\niptables -S FORWARD");
    }

    @Test
    void aSliceOwnedAgainBeforeItsTurnIsLeftAlone() {
        deploy();
        int marked = hosts.markers().size();
        AtomicInteger asked = new AtomicInteger();
        // Unowned at the survey, owned (deploying again) when its clean-up is about to start.
        Leftovers.Report r = driver.cleanLeftovers("z", () -> asked.getAndIncrement() == 0 ? Set.of() : Set.of("s42"));

        assertThat(hosts.markers()).hasSize(marked);
        assertThat(r.removed()).isEmpty();
        assertThat(r.items()).isEmpty(); // owned now, so nothing is a leftover
        assertThat(hosts.sent()).allSatisfy(s -> assertThat(s.script()).doesNotContain("rm -"));
    }

    @Test
    void unmarkedFoldersAndProcessesOfOlimpusNamesAreFoundAndRemovedByPidOthersIgnored() {
        hosts.answer("w2", "for f in", String.join("\n",
                "vmdir s7--vm9", "vmdir lost+found", "vmdir keep--vm1",
                "qemu s7--vm9 100", "qemu s8--vm3 4242", "qemu ;reboot 77", "qemu s8--vm4 12x", "") );
        Leftovers.Report r = driver.leftovers("z", Set.of("keep"));
        assertThat(r.items()).extracting(i -> i.kind() + " " + i.id() + " " + i.name() + "@" + i.container())
                // s7--vm9's process goes with its folder, so it is not reported twice.
                .containsExactly("linux.vm s7--vm9 s7--vm9@w2", "linux.process 4242 s8--vm3@w2");
        assertThat(r.items().get(0).reason()).isEqualTo("slice s7 has no record on this server; a VM folder with no marker");
        assertThat(r.items().get(1).reason()).isEqualTo("slice s8 has no record on this server; a QEMU process with no VM folder");

        hosts.clear();
        Leftovers.Report c = driver.cleanLeftovers("z", () -> Set.of("keep"));
        assertThat(c.removed()).hasSize(2);
        assertThat(c.failures()).isEmpty();
        assertThat(hosts.on("w2")).anySatisfy(s -> assertThat(s).contains("vm=/var/lib/olimpus/vms/s7--vm9\n").contains("rm -rf /var/lib/olimpus/vms/s7--vm9\n"));
        assertThat(hosts.on("w2")).anySatisfy(s -> assertThat(s).startsWith("pid=4242 key=s8--vm3\nif tr "));
        assertThat(hosts.sent()).allSatisfy(s -> assertThat(s.script()).doesNotContain("keep--vm1").doesNotContain("reboot"));
    }

    @Test
    void aStrayMarkerOfANameAnOwnedSliceUsesLosesOnlyItsMarker() {
        deploy();
        // s9 was forgotten by the server and its segment id given out again, to s42.
        var stray = new io.olimpus.server.engine.driver.SliceContext("s9", "old", new io.olimpus.server.engine.plan.DeploymentPlan("old", "z", List.of(LAN), List.of()));
        driver.createNetwork(stray, LAN, x -> {});
        hosts.clear();
        Leftovers.Report r = driver.leftovers("z", Set.of("s42"));
        assertThat(r.items()).hasSize(4).allSatisfy(i -> assertThat(i.reason()).contains("slice s9 has no record").contains("removes only the marker"));

        Leftovers.Report c = driver.cleanLeftovers("z", () -> Set.of("s42"));
        assertThat(c.removed()).hasSize(4);
        assertThat(c.items()).isEmpty();
        assertThat(hosts.markers()).noneMatch(m -> m.contains("/slices/s9/")).anyMatch(m -> m.contains("/slices/s42/linux.segment.seg101"));
        assertThat(hosts.sent()).allSatisfy(s -> assertThat(s.script()).doesNotContain("ip link del").doesNotContain("dnsmasq"));
    }
}
