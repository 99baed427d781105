package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.apply.DeployEvent;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.apply.JobOutcome;
import io.olimpus.server.engine.apply.MemoryJournal;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.plan.PlanDiff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.olimpus.server.platform.linux.Fixture.SLICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deploy whose second VM cannot start, run by the engine on recording hosts: what the driver
 * made (reported, or only marked when its script died) is removed by the part that made it,
 * highest rank first, and the markers prove nothing is left.
 */
class LinuxDriverRollbackTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() { pool.shutdownNow(); }

    @ParameterizedTest
    @EnumSource(DataPlane.class)
    void aVmThatCannotStartRollsTheWholeSliceBackPartByPart(DataPlane plane) {
        RecordingHosts hosts = Fixture.hostsWithImages()
                .fail("w2", "qemu-img create", "qemu-img: cannot create overlay")
                // vm1 is up at once: QEMU alive, its console says so, and both NICs acknowledged.
                .answer("w1", "echo alive", "== /var/lib/olimpus/vms/s42--vm1\nalive\nguest-up\n");
        LinuxClusterDriver driver = Fixture.driver(plane, hosts);
        MemoryJournal journal = new MemoryJournal();
        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        JobOutcome outcome = new DeploymentRunner(pool, Duration.ofSeconds(5), Duration.ofMillis(10))
                .apply(SLICE, null, PlanDiff.between(null, SLICE.plan()), driver, journal, events::add);

        assertThat(outcome).as("%s", events).isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(DeployEvent.Finished.class).asString().contains("qemu-img: cannot create overlay"));
        assertThat(hosts.markers()).isEmpty();
        assertThat(journal.resources()).isEmpty();

        // vm2's tap and VM were marked by the script that failed, never reported: the listing found them.
        List<String> deleted = new ArrayList<>();
        for (DeployEvent e : events) if (e instanceof DeployEvent.ResourceDeleted d) deleted.add(describe(d.ref()));
        assertThat(deleted).contains("linux.tap tap00000b@w2", "linux.vm s42--vm2@w2");
        // Every kind made went, each after everything of a higher rank.
        assertThat(deleted).extracting(d -> d.substring(0, d.indexOf(' ')))
                .containsSubsequence("linux.vm", "linux.lease", "linux.tap", "linux.dhcp", "linux.segment")
                .doesNotContain("linux.nat"); // vm1 never got its internet: vm2 failed first
        List<Integer> ranks = new ArrayList<>();
        for (DeployEvent e : events) if (e instanceof DeployEvent.ResourceDeleted d) ranks.add(d.ref().teardownRank());
        assertThat(ranks).isSortedAccordingTo((a, b) -> Integer.compare(b, a));

        // Each removal is the owning part's script followed by the marker's removal, on the resource's host.
        String vm2Removal = hosts.on("w2").stream().filter(s -> s.contains("rm -rf /var/lib/olimpus/vms/s42--vm2")).findFirst().orElseThrow();
        assertThat(vm2Removal).endsWith("rm -f /var/lib/olimpus/slices/s42/linux.vm.s42--vm2\nrmdir /var/lib/olimpus/slices/s42 2>/dev/null || true\necho olimpus-deleted linux.vm s42--vm2\n");
        String dhcpRemoval = hosts.on("hn").stream().filter(s -> s.contains("linux.dhcp.net101") && s.startsWith("exec 9>")).findFirst().orElseThrow();
        assertThat(dhcpRemoval).contains(plane == DataPlane.OVS ? "ovs-vsctl --if-exists del-port br-int dh101\n" : "ip addr flush dev brq101 2>/dev/null || true\n");
    }

    @org.junit.jupiter.api.Test
    void theFailedVmsSerialLogAndQemuErrorsAreReadFromItsFolderBeforeItIsRemoved() {
        RecordingHosts hosts = Fixture.hostsWithImages()
                // vm2's QEMU starts, then dies: its folder holds what it said.
                .answer("w2", "echo alive", "== /var/lib/olimpus/vms/s42--vm2\ndead\n")
                .answer("w2", "/var/lib/olimpus/vms/s42--vm2/serial.log", "Booting from Hard Disk...\r\nGRUB error: no such device\r\n")
                .answer("w2", "/var/lib/olimpus/vms/s42--vm2/qemu.err", "qemu-system-x86_64: terminating on signal 15\n")
                .answer("w1", "echo alive", "== /var/lib/olimpus/vms/s42--vm1\nalive\nguest-up\n");
        LinuxClusterDriver driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        JobOutcome outcome = new DeploymentRunner(pool, Duration.ofSeconds(5), Duration.ofMillis(10))
                .apply(SLICE, null, PlanDiff.between(null, SLICE.plan()), driver, new MemoryJournal(), events::add);

        assertThat(outcome).as("%s", events).isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(events).contains(new DeployEvent.EvidenceCollected("vm-2", "vm2",
                new io.olimpus.server.engine.driver.VmEvidence("Booting from Hard Disk...\nGRUB error: no such device\n", "qemu-system-x86_64: terminating on signal 15\n")));
        // Read with tail from the VM's folder, quoted, tolerating a file that is not there; before the folder went.
        List<String> onW2 = hosts.on("w2");
        int read = -1, removed = -1;
        for (int i = 0; i < onW2.size(); i++) {
            if (onW2.get(i).contains("tail -c 16384 /var/lib/olimpus/vms/s42--vm2/serial.log 2>/dev/null || true") && read < 0) read = i;
            if (onW2.get(i).contains("rm -rf /var/lib/olimpus/vms/s42--vm2")) removed = i;
        }
        assertThat(read).as("%s", onW2).isGreaterThanOrEqualTo(0).isLessThan(removed);
    }

    @ParameterizedTest
    @EnumSource(DataPlane.class)
    void internetThatCannotBeEnabledIsRemovedFirstThenEverythingElse(DataPlane plane) {
        RecordingHosts hosts = Fixture.hostsWithImages()
                .fail("hn", "sysctl -qw", "sysctl: permission denied")
                .answer("w1", "echo alive", "== /var/lib/olimpus/vms/s42--vm1\nalive\nguest-up\n").answer("w2", "echo alive", "== /var/lib/olimpus/vms/s42--vm2\nalive\nguest-up\n");
        MemoryJournal journal = new MemoryJournal();
        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        JobOutcome outcome = new DeploymentRunner(pool, Duration.ofSeconds(5), Duration.ofMillis(10))
                .apply(SLICE, null, PlanDiff.between(null, SLICE.plan()), Fixture.driver(plane, hosts), journal, events::add);

        assertThat(outcome).as("%s", events).isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(hosts.markers()).isEmpty();
        List<String> deleted = new ArrayList<>();
        for (DeployEvent e : events) if (e instanceof DeployEvent.ResourceDeleted d) deleted.add(describe(d.ref()));
        assertThat(deleted).first().isEqualTo("linux.nat nat-10.1.0.2@hn");
        assertThat(deleted).contains("linux.vm s42--vm1@w1", "linux.vm s42--vm2@w2").hasSize(17); // 6 segments, 2 DHCP, 3 taps, 3 leases, 2 VMs, the NAT
        String natRemoval = hosts.on("hn").stream().filter(s -> s.startsWith("while iptables -t nat -C POSTROUTING")).findFirst().orElseThrow();
        assertThat(natRemoval).contains(plane == DataPlane.OVS ? "-i dh101 " : "-i brq101 ");
    }

    private static String describe(ResourceRef r) { return r.kind() + " " + r.name() + "@" + r.host(); }
}
