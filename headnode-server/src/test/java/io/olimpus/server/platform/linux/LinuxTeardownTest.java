package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.apply.DeployEvent;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.apply.JobOutcome;
import io.olimpus.server.engine.apply.MemoryJournal;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.plan.PlanDiff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.olimpus.server.platform.linux.Fixture.SLICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An undeploy on recording hosts: one script per host per rank, and dnsmasq restarted only where a network stays. */
class LinuxTeardownTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() { pool.shutdownNow(); }

    private static long count(List<String> scripts, String text) {
        return scripts.stream().filter(s -> s.contains(text)).count();
    }

    @Test
    void anUndeployRunsOneScriptPerHostPerRankAndNeverRestartsDnsmasq() {
        RecordingHosts hosts = Fixture.hostsWithImages().answer("w1", "echo alive", "== /var/lib/olimpus/vms/s42--vm1\nalive\nguest-up\n").answer("w2", "echo alive", "== /var/lib/olimpus/vms/s42--vm2\nalive\nguest-up\n");
        LinuxClusterDriver driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        MemoryJournal journal = new MemoryJournal();
        var runner = new DeploymentRunner(pool, Duration.ofSeconds(5), Duration.ofMillis(10));
        assertThat(runner.apply(SLICE, null, PlanDiff.between(null, SLICE.plan()), driver, journal, e -> {})).isEqualTo(JobOutcome.SUCCEEDED);
        int made = journal.resources().size();
        hosts.clear();

        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        assertThat(runner.undeploy(SLICE, driver, journal, events::add)).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(hosts.markers()).isEmpty();
        assertThat(events.stream().filter(e -> e instanceof DeployEvent.ResourceDeleted)).hasSize(made);
        // The headnode: a listing, NAT, leases, DHCP, segments, a listing; each worker: a listing, VMs, taps, segments, a listing.
        List<String> hn = hosts.on("hn"), w1 = hosts.on("w1");
        assertThat(count(hn, "rm -f /var/lib/olimpus/slices/")).isEqualTo(4);
        assertThat(count(w1, "rm -f /var/lib/olimpus/slices/")).isEqualTo(3);
        // Every lease goes with its network's DHCP: no dnsmasq is started while the slice goes.
        assertThat(String.join("", hn)).doesNotContain("dnsmasq --conf-file");
        // The worker's VM went in a subshell of its own (VMs of a host are stopped at once).
        assertThat(w1.stream().filter(s -> s.contains("rm -rf /var/lib/olimpus/vms/s42--vm1")).findFirst().orElseThrow())
                .contains("echo olimpus-deleted linux.vm s42--vm1");
    }

    @Test
    void leasesRemovedWhileTheirNetworkStaysRestartItsDnsmasqOncePerNetwork() {
        RecordingHosts hosts = new RecordingHosts();
        LinuxClusterDriver driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        List<ResourceRef> leases = List.of(new ResourceRef("linux.lease", "101-52540000000a", "hn", "vm-1", 35),
                new ResourceRef("linux.lease", "101-52540000000b", "hn", "vm-2", 35),
                new ResourceRef("linux.lease", "102-52540000010a", "hn", "vm-1", 35));
        List<ResourceRef> gone = new CopyOnWriteArrayList<>();
        assertThat(driver.deleteGroups(leases)).hasSize(1);
        driver.deleteTogether(SLICE, leases, Set.copyOf(leases), gone::add);
        String script = hosts.only();
        assertThat(script.split("dnsmasq --conf-file", -1)).hasSize(3);
        assertThat(script).contains("--interface=brq101").contains("--interface=brq102");
        // Markers go only after the restarts succeeded.
        assertThat(script.indexOf("rm -f /var/lib/olimpus/slices/")).isGreaterThan(script.lastIndexOf("dnsmasq --conf-file"));
        assertThat(gone).containsExactlyElementsOf(leases);
    }

    @Test
    void aScriptThatFailsHalfWayReportsOnlyWhatWentAndFails() {
        ResourceRef a = new ResourceRef("linux.tap", "tap00000a", "w1", "vm-1", 30), b = new ResourceRef("linux.tap", "tap00010a", "w1", "vm-1", 30);
        // Recording hosts print nothing: this host's script fails after saying the first tap went.
        LinuxClusterDriver failing = new LinuxClusterDriver(Fixture.zone(DataPlane.LINUX_BRIDGE), new LinuxClusterDriver.Hosts() {
            public io.olimpus.server.platform.linux.ssh.RemoteShell shell(LinuxHost h) {
                return new io.olimpus.server.platform.linux.ssh.RemoteShell() {
                    public String hostName() { return h.name(); }
                    public io.olimpus.server.platform.linux.ssh.CommandResult run(io.olimpus.server.platform.linux.ssh.Script s) {
                        return new io.olimpus.server.platform.linux.ssh.CommandResult(1, "olimpus-deleted linux.tap tap00000a\n", "RTNETLINK answers: Operation not permitted");
                    }
                    public void upload(java.io.InputStream in, String path) {}
                };
            }
            public io.olimpus.server.platform.linux.ssh.RemoteStream stream(LinuxHost h, io.olimpus.server.platform.linux.ssh.Script s) { throw new UnsupportedOperationException(); }
        }, Fixture.IMAGES);
        List<ResourceRef> gone = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> failing.deleteTogether(SLICE, List.of(a, b), Set.of(a, b), gone::add))
                .hasMessageContaining("on w1").hasMessageContaining("Operation not permitted");
        assertThat(gone).as("the second stays journaled for the next attempt").containsExactly(a);
    }
}
