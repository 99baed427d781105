package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.VmPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.olimpus.server.platform.linux.Fixture.SLICE;
import static io.olimpus.server.platform.linux.Fixture.VM1;
import static io.olimpus.server.platform.linux.Fixture.VM2;
import static org.assertj.core.api.Assertions.assertThat;

/** When a Linux-zone VM counts as booted, what its wait shows meanwhile, and how long it may take (issue #21, defects 1 and 9). */
class LinuxBootTest {
    /** A VM with no NIC: no lease can say it is up, only its guest. */
    static final VmPlan LONER = new VmPlan("vm-3", "vm3", "w2", "tiny", new Resources(1, 128, 1), "guest", false, List.of());

    private static VmStatus status(VmPlan vm, String probed, RecordingHosts hosts) {
        // The worker's BootWatch round prints each VM folder's probe after its "== <folder>" line.
        String dir = "/var/lib/olimpus/vms/" + LinuxNames.vmKey(SLICE.sliceId(), vm.name());
        return Fixture.driver(DataPlane.LINUX_BRIDGE, hosts.answer(vm.workerId(), "echo alive", "== " + dir + "\n" + probed)).status(SLICE, vm);
    }

    /** Defect 9: with the QEMU process alive but its guest still in the BIOS, the VM was RUNNING. */
    @Test
    void aVmWithoutNicsRunsOnlyOnceItsGuestSaysSoOnTheConsole() {
        RecordingHosts hosts = new RecordingHosts();
        assertThat(status(LONER, "alive\nguest-booting\nSeaBIOS (version 1.16.2-debian-1.16.2-1)\n", hosts))
                .isEqualTo(new VmStatus(VmState.BOOTING, "console: SeaBIOS (version 1.16.2-debian-1.16.2-1)"));
        assertThat(status(LONER, "alive\nguest-booting\n", new RecordingHosts())).isEqualTo(new VmStatus(VmState.BOOTING, null));
        assertThat(status(LONER, "alive\nguest-up\ndebian login: root (automatic login)\n", new RecordingHosts()))
                .isEqualTo(new VmStatus(VmState.RUNNING, null));
        assertThat(hosts.on("hn")).as("no lease is asked for a VM without NICs").isEmpty();
    }

    @Test
    void aVmWithNicsRunsOnceLeasedWhateverItsConsoleSaysAndMeanwhileShowsItsConsole() {
        RecordingHosts booting = new RecordingHosts().fail("hn", "DHCPACK", "");
        assertThat(status(VM2, "alive\nguest-up\ndebian login:\n", booting))
                .as("a login prompt before the leases is not enough: RUNNING means reachable")
                .isEqualTo(new VmStatus(VmState.BOOTING, "console: debian login:"));
        assertThat(status(VM2, "alive\nguest-booting\n[  OK  ] Reached target Network.\n", new RecordingHosts()))
                .isEqualTo(new VmStatus(VmState.RUNNING, null));
    }

    /** Issue #19: a VM just launched cannot hold a lease yet, so its first status asks the headnode only once its console says it is up. */
    @Test
    void aJustCreatedVmsLeasesAreAskedOnlyOnceItsConsoleSaysItIsUp() {
        String dir = "/var/lib/olimpus/vms/" + LinuxNames.vmKey(SLICE.sliceId(), VM1.name());
        RecordingHosts hosts = Fixture.hostsWithImages().answer("w1", "echo alive", "== " + dir + "\nalive\nguest-booting\n");
        LinuxClusterDriver driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        driver.createVm(SLICE, VM1, r -> {});
        hosts.clear();
        assertThat(driver.status(SLICE, VM1)).isEqualTo(new VmStatus(VmState.BOOTING, null));
        assertThat(hosts.on("hn")).as("no lease asked right after the launch").isEmpty();

        RecordingHosts upHosts = Fixture.hostsWithImages().answer("w1", "echo alive", "== " + dir + "\nalive\nguest-up\n");
        LinuxClusterDriver up = Fixture.driver(DataPlane.LINUX_BRIDGE, upHosts);
        up.createVm(SLICE, VM1, r -> {});
        upHosts.clear();
        assertThat(up.status(SLICE, VM1)).isEqualTo(new VmStatus(VmState.RUNNING, null));
        assertThat(upHosts.on("hn")).singleElement().asString().contains("DHCPACK");
    }

    /** Issue #19: one headnode round for the VMs asked at once; a VM is leased only when every line of its check held. */
    @Test
    void theHeadnodesRoundTellsWhichVmsAreLeasedEachCheckFailingAtItsFirstFalseLine() throws Exception {
        Map<String, io.olimpus.server.platform.linux.ssh.Script> batch = new java.util.LinkedHashMap<>();
        batch.put("/v/s42--vm1", io.olimpus.server.platform.linux.ssh.Script.create().run("true").run("true"));
        // Its first NIC has no lease yet, its second has: not leased (set -e holds inside the part).
        batch.put("/v/s42--vm2", io.olimpus.server.platform.linux.ssh.Script.create().run("false").run("true"));
        batch.put("/v/s42--vm3", io.olimpus.server.platform.linux.ssh.Script.create().run("true"));
        Process p = new ProcessBuilder("sh", "-c", LeaseWatch.round(batch).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(LeaseWatch.parse(out)).containsExactlyInAnyOrder("/v/s42--vm1", "/v/s42--vm3");
    }

    /** VMs asking while a round runs are answered together by the next one. */
    @Test
    void vmsAskingAtOnceShareTheHeadnodesRoundTrips() throws Exception {
        java.util.concurrent.atomic.AtomicInteger trips = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch firstRound = new java.util.concurrent.CountDownLatch(1), release = new java.util.concurrent.CountDownLatch(1);
        var shell = new io.olimpus.server.platform.linux.ssh.RemoteShell() {
            @Override public String hostName() { return "hn"; }

            @Override
            public io.olimpus.server.platform.linux.ssh.CommandResult run(io.olimpus.server.platform.linux.ssh.Script script) {
                trips.incrementAndGet();
                firstRound.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                StringBuilder out = new StringBuilder();
                for (String key : List.of("/v/a", "/v/b", "/v/c")) if (script.render().contains("echo leased " + key)) out.append("leased ").append(key).append('\n');
                return new io.olimpus.server.platform.linux.ssh.CommandResult(0, out.toString(), "");
            }

            @Override public void upload(java.io.InputStream content, String remotePath) { throw new UnsupportedOperationException(); }
        };
        LeaseWatch watch = new LeaseWatch(shell);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var a = pool.submit(() -> watch.leased("/v/a", io.olimpus.server.platform.linux.ssh.Script.create().run("true")));
            assertThat(firstRound.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // b and c ask while a's round runs: they wait for the next round, which serves both.
            var b = pool.submit(() -> watch.leased("/v/b", io.olimpus.server.platform.linux.ssh.Script.create().run("true")));
            var c = pool.submit(() -> watch.leased("/v/c", io.olimpus.server.platform.linux.ssh.Script.create().run("true")));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (watchWaiting(watch) < 3 && System.nanoTime() < until) Thread.onSpinWait();
            release.countDown();
            assertThat(a.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(b.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(c.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(trips.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int watchWaiting(LeaseWatch watch) {
        synchronized (watch) {
            return watch.waitingCount();
        }
    }

    @Test
    void consoleLinesAreShownPrintableAndClipped() {
        assertThat(Qemu.GuestConsole.clip("[\u001B[0;32m  OK  \u001B[0m] Reached target \u001B[0;1;39mNetwork\u001B[0m.\u0007"))
                .isEqualTo("[  OK  ] Reached target Network.");
        String clipped = Qemu.GuestConsole.clip("x".repeat(500));
        assertThat(clipped).hasSize(Qemu.GuestConsole.MAX_LINE).endsWith("...");
        assertThat(Qemu.GuestConsole.clip("caf\u00e9 \u202Egnp.exe")).isEqualTo("caf gnp.exe");
    }

    /** The probe as a worker runs it: a live process, the guest's console log, and what it answers. */
    @Test
    void theProbeReadsTheGuestsReadinessAndLastLineFromTheSerialLog(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("qemu.pid"), String.valueOf(ProcessHandle.current().pid()));
        Files.writeString(dir.resolve("serial.log"), "SeaBIOS (version 1.16)\r\n\r\nBooting from Hard Disk...\r\n\r\n  \r\n");
        assertThat(runProbe(dir)).isEqualTo("alive\nguest-booting\nBooting from Hard Disk...\n");
        Files.writeString(dir.resolve("serial.log"), "[  OK  ] Reached target Login Prompts.\r\n\r\nDebian GNU/Linux 12 vm3 ttyS0\r\n\r\nvm3 login: root (automatic login)\r\n\r\nroot@vm3:~# ");
        assertThat(runProbe(dir)).isEqualTo("alive\nguest-up\nroot@vm3:~# \n");
        Files.writeString(dir.resolve("serial.log"), "OLIMPUS-READY name=vm3 uptime=2.61\r\n/ # ");
        assertThat(Qemu.GuestConsole.status(runProbe(dir), false)).isEqualTo(new VmStatus(VmState.RUNNING, null));
        Files.delete(dir.resolve("serial.log"));
        assertThat(runProbe(dir)).as("no console yet").isEqualTo("alive\nguest-booting\n");
    }

    /**
     * A guest whose kernel panics (seen on a busy TCG worker: "IO-APIC + timer doesn't work!") never
     * comes up: the boot fails at once with the console's words instead of after the whole budget.
     */
    @Test
    void aGuestWhoseKernelPanickedFailsAtOnceWithItsConsole(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("qemu.pid"), String.valueOf(ProcessHandle.current().pid()));
        Files.writeString(dir.resolve("serial.log"), "[    0.060000] ..MP-BIOS bug: 8254 timer not connected to IO-APIC\r\n"
                + "[    0.064000] Kernel panic - not syncing: IO-APIC + timer doesn't work!  Boot with apic=debug\r\n"
                + "[    0.064000] ---[ end Kernel panic - not syncing: IO-APIC + timer doesn't work! ]---\r\n");
        String probed = runProbe(dir);
        assertThat(probed).startsWith("alive\nguest-panicked\n");
        VmStatus st = Qemu.GuestConsole.status(probed, true);
        assertThat(st.state()).isEqualTo(VmState.FAILED);
        assertThat(st.detail()).contains("kernel panicked", "IO-APIC + timer doesn't work", "deploy it again");
        // Through the driver too, before any lease is asked for.
        RecordingHosts hosts = new RecordingHosts();
        assertThat(status(VM2, probed, hosts).state()).isEqualTo(VmState.FAILED);
        // A console that merely mentions panics (a login banner, a user's echo) is no panic.
        Files.writeString(dir.resolve("serial.log"), "vm3 login: root (automatic login)\r\nroot@vm3:~# echo no panic here\r\n");
        assertThat(runProbe(dir)).startsWith("alive\nguest-up\n");
    }

    /**
     * A person's listing reads every VM at once: one probe per worker and one lease check on the
     * headnode, none of them waiting for news (the CI run whose listing of three booting Debian
     * VMs outlasted the client's 60 s waited 15 s per VM in boot rounds).
     */
    @Test
    void aListingReadsEveryVmNowWithOneRoundTripPerHostAndNoWait() {
        String dir1 = "/var/lib/olimpus/vms/" + LinuxNames.vmKey(SLICE.sliceId(), VM1.name());
        String dir2 = "/var/lib/olimpus/vms/" + LinuxNames.vmKey(SLICE.sliceId(), VM2.name());
        RecordingHosts hosts = new RecordingHosts()
                .answer("w1", "echo alive", "== " + dir1 + "\nalive\nguest-booting\n[  OK  ] Started ssh.service\n")
                .answer("w2", "echo alive", "== " + dir2 + "\nalive\nguest-up\nvm2 login:\n")
                .fail("hn", "52:54:00:00:00:0b", "");
        List<VmStatus> states = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).statusNow(SLICE, List.of(VM1, VM2));
        assertThat(states).containsExactly(new VmStatus(VmState.RUNNING, null), new VmStatus(VmState.BOOTING, "console: vm2 login:"));
        assertThat(hosts.on("w1")).singleElement().asString().contains("ticks=0");
        assertThat(hosts.on("w2")).singleElement().asString().contains("ticks=0");
        assertThat(hosts.on("hn")).singleElement().asString().contains("52:54:00:00:00:0a").contains("52:54:00:00:00:0b");

        // A worker that cannot be read makes only its own VMs unknown.
        RecordingHosts w2Down = new RecordingHosts()
                .answer("w1", "echo alive", "== " + dir1 + "\nalive\nguest-up\nvm1 login:\n")
                .fail("w2", "echo alive", "Connection refused");
        List<VmStatus> partly = Fixture.driver(DataPlane.LINUX_BRIDGE, w2Down).statusNow(SLICE, List.of(VM1, VM2));
        assertThat(partly.get(0)).isEqualTo(new VmStatus(VmState.RUNNING, null));
        assertThat(partly.get(1).state()).isEqualTo(VmState.FAILED);
        assertThat(partly.get(1).detail()).startsWith("status unknown: ").contains("Connection refused");

        RecordingHosts gone = new RecordingHosts().answer("w1", "echo alive", "== " + dir1 + "\nstopped\n");
        assertThat(Fixture.driver(DataPlane.LINUX_BRIDGE, gone).statusNow(SLICE, List.of(VM1))).containsExactly(new VmStatus(VmState.STOPPED, null));
        assertThat(gone.on("hn")).as("no lease is asked of a VM that is not alive").isEmpty();
    }

    /** With nothing to wait for, the worker's round answers at once (it never sleeps) even when no VM changes. */
    @Test
    void aRoundWithoutTicksAnswersAtOnce(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve("qemu.pid"), String.valueOf(ProcessHandle.current().pid()));
        Files.writeString(a.resolve("serial.log"), "Booting from Hard Disk...\r\n");
        StringBuilder trace = new StringBuilder();
        var local = new io.olimpus.server.platform.linux.ssh.RemoteShell() {
            @Override public String hostName() { return "local"; }

            @Override
            public io.olimpus.server.platform.linux.ssh.CommandResult run(io.olimpus.server.platform.linux.ssh.Script script) {
                try {
                    Process p = new ProcessBuilder("sh", "-x", "-c", script.toString()).redirectError(dir.resolve("trace").toFile()).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    int rc = p.waitFor();
                    trace.append(Files.readString(dir.resolve("trace")));
                    return new io.olimpus.server.platform.linux.ssh.CommandResult(rc, out, "");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override public void upload(java.io.InputStream content, String remotePath) { throw new UnsupportedOperationException(); }
        };
        // A boot round of the same folder would wait its 15 s for news; this one must not sleep at all.
        assertThat(BootWatch.round(Map.of(a.toString(), "booting")).toString()).contains("ticks=30");
        assertThat(BootWatch.now(local, List.of(a.toString()))).containsEntry(a.toString(), "alive\nguest-booting\nBooting from Hard Disk...\n");
        assertThat(trace).as("the shell's trace").contains("grep").doesNotContain("sleep");
    }

    /** A worker's BootWatch round as the worker runs it: every VM's probe is printed under its folder. */
    @Test
    void aWorkersRoundPrintsEveryVmsProbeUnderItsFolder(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b")), c = dir.resolve("c");
        for (Path d : List.of(a, b)) Files.writeString(d.resolve("qemu.pid"), String.valueOf(ProcessHandle.current().pid()));
        Files.writeString(a.resolve("serial.log"), "Booting from Hard Disk...\r\n");
        Files.writeString(b.resolve("serial.log"), "vm2 login: \r\n");
        Map<String, String> batch = new java.util.LinkedHashMap<>();
        batch.put(a.toString(), "booting");
        batch.put(b.toString(), "booting");
        batch.put(c.toString(), "booting");
        Process p = new ProcessBuilder("sh", "-c", BootWatch.round(batch).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(BootWatch.parse(out)).containsEntry(a.toString(), "alive\nguest-booting\nBooting from Hard Disk...\n")
                .containsEntry(b.toString(), "alive\nguest-up\nvm2 login: \n").containsEntry(c.toString(), "absent\n");
    }

    private static String runProbe(Path dir) throws IOException, InterruptedException {
        String script = Qemu.probe(dir.toString()).toString();
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }

    /** Defect 1: the budget was one constant for every VM; now the zone sets it per accelerator (w1 runs KVM, w2 TCG). */
    @Test
    void theZonesBootBudgetDependsOnTheWorkersAccelerator() {
        var byDefault = Fixture.driver(DataPlane.OVS, new RecordingHosts());
        assertThat(byDefault.bootBudget(VM1)).isEqualTo(Optional.of(Duration.ofSeconds(180)));
        assertThat(byDefault.bootBudget(VM2)).isEqualTo(Optional.of(Duration.ofSeconds(600)));
        var zone = new LinuxZone(DataPlane.OVS, Fixture.HN, Map.of("w1", Fixture.W1, "w2", Fixture.W2), "eth0", new LinuxZoneSettings.BootSeconds(90, 1200), 1L << 30);
        var set = new LinuxClusterDriver(zone, new RecordingHosts(), Fixture.IMAGES);
        assertThat(set.bootBudget(VM1)).isEqualTo(Optional.of(Duration.ofSeconds(90)));
        assertThat(set.bootBudget(VM2)).isEqualTo(Optional.of(Duration.ofSeconds(1200)));
    }
}
