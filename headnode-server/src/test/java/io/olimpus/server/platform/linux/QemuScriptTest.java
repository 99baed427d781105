package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.olimpus.server.platform.linux.Fixture.SLICE;
import static io.olimpus.server.platform.linux.Fixture.VM1;
import static io.olimpus.server.platform.linux.Fixture.VM2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** QEMU's scripts on the workers: a VM's taps and process, made and removed on OVS and on bridges, its power, state and console. */
class QemuScriptTest {
    private static final String DIR = "/var/lib/olimpus/vms/s42--vm2";
    private static final String START = """
            rm -f DIR/stopped
            vm=DIR
            if [ -s "$vm/qemu.pid" ] && kill -0 "$(cat "$vm/qemu.pid")" 2>/dev/null; then :; else rm -f "$vm/serial.sock" "$vm/monitor.sock" "$vm/vnc.sock"; \
            sh "$vm/launch.sh" 2> "$vm/qemu.err" || { cat "$vm/qemu.err" >&2; exit 1; }; fi
            """;
    private static final String STOP = """
            vm=DIR
            if [ -s "$vm/qemu.pid" ]; then p=$(cat "$vm/qemu.pid"); if kill -0 "$p" 2>/dev/null; then \
            echo quit | socat -t 1 - UNIX-CONNECT:"$vm/monitor.sock" >/dev/null 2>&1 || true; \
            for i in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; \
            ! kill -0 "$p" 2>/dev/null || kill -KILL "$p"; fi; rm -f "$vm/qemu.pid"; fi
            """;
    private static final String VM2_SCRIPT = """
            mkdir -p /var/lib/olimpus/slices/s42
            printf '%s\\n' 'linux.tap tap00000b vm-2 30' > /var/lib/olimpus/slices/s42/linux.tap.tap00000b
            ip link show tap00000b >/dev/null 2>&1 || ip tuntap add dev tap00000b mode tap
            PLUG
            ip link set tap00000b up
            mkdir -p /var/lib/olimpus/slices/s42
            printf '%s\\n' 'linux.vm s42--vm2 vm-2 40' > /var/lib/olimpus/slices/s42/linux.vm.s42--vm2
            mkdir -p DIR
            test -e DIR/disk.qcow2 >/dev/null 2>&1 || qemu-img create -q -f qcow2 -F qcow2 -b /var/lib/olimpus/images/CCC/disk DIR/disk.qcow2 3G
            SEED
            printf '%s\\n' 'qemu-system-x86_64 -name s42--vm2 -accel tcg,tb-size=16 -m 256 -smp 2 -nodefaults -no-user-config \
            -netdev tap,id=n0,ifname=tap00000b,script=no,downscript=no,vnet_hdr=off -device virtio-net-pci,netdev=n0,mac=52:54:00:00:00:0b \
            -drive file=DIR/disk.qcow2,if=virtio,format=qcow2 -drive file=DIR/seed.img,if=virtio,format=raw,readonly=on \
            -chardev socket,id=ser0,path=DIR/serial.sock,server=on,wait=off,logfile=DIR/serial.log -serial chardev:ser0 \
            -monitor unix:DIR/monitor.sock,server=on,wait=off -vga std -vnc unix:DIR/vnc.sock -daemonize -pidfile DIR/qemu.pid' > DIR/launch.sh
            """;

    /** The seed of vm2 (no key, no password: the fixture's slice has none), its files as the worker decodes them. */
    private static final String SEED = """
            vm=DIR ud=UD md=MD
            ( umask 077; t="$vm/seed.tmp"; rm -f "$t" "$vm/user-data" "$vm/meta-data"
            printf '%s' "$ud" | base64 -d > "$vm/user-data"
            printf '%s' "$md" | base64 -d > "$vm/meta-data"
            mkfs.vfat -n CIDATA -C "$t" 1024 >/dev/null
            mcopy -o -i "$t" "$vm/user-data" "$vm/meta-data" ::
            rm -f "$vm/user-data" "$vm/meta-data"; mv -f "$t" "$vm/seed.img" )
            """;

    private static String b64(String s) { return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)); }

    private static String vm2(String plug) {
        String seed = SEED.replace("UD", b64("#cloud-config\nhostname: \"vm2\"\nmanage_etc_hosts: true\n"))
                .replace("MD", b64("instance-id: \"s42--vm2\"\nlocal-hostname: \"vm2\"\n"));
        return (VM2_SCRIPT.replace("PLUG", plug).replace("SEED\n", seed) + START).replace("DIR", DIR).replace("CCC", Fixture.DISK_SHA);
    }

    @Test
    void aDiskImagesSeedCarriesItsOwnersAccessAsBase64SoNoUserTextIsShellSyntax() {
        RecordingHosts hosts = Fixture.hostsWithImages();
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOv1XzYbN7fTq9t9ZyN9YbZ7mG3bq3kqfGQm0lZl3w5p it's me; $(reboot)";
        String mine = "#cloud-config\nruncmd:\n  - echo '$(rm -rf /)' `id`\n";
        var slice = new io.olimpus.server.engine.driver.SliceContext(SLICE.sliceId(), SLICE.sliceName(), SLICE.plan(),
                new io.olimpus.server.engine.guest.GuestAccess(key, "Pw3xYz", mine));
        Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).createVm(slice, VM2, r -> {});
        String script = hosts.on("w2").get(hosts.on("w2").size() - 1);
        String userData = io.olimpus.server.engine.guest.CloudConfig.userData("vm2", slice.guest());
        assertThat(script).contains("vm=" + DIR + " ud=" + b64(userData) + " md=")
                .doesNotContain("reboot").doesNotContain("rm -rf /").doesNotContain("Pw3xYz")
                .contains(" -drive file=" + DIR + "/seed.img,if=virtio,format=raw,readonly=on ");
        assertThat(userData).contains("ssh_authorized_keys:\n  - \"" + key + "\"", "password: \"Pw3xYz\"", "runcmd:");
    }

    @Test
    void onBridgesATapJoinsItsNetworksBridgeAndTheVmStartsFromItsKeptLaunchLine() {
        RecordingHosts hosts = Fixture.hostsWithImages();
        List<ResourceRef> created = new ArrayList<>();
        Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).createVm(SLICE, VM2, created::add);
        assertThat(hosts.on("w2")).last().isEqualTo(vm2("ip link set tap00000b master brq101"));
        assertThat(created).extracting(r -> r.kind() + " " + r.name() + "@" + r.host())
                .containsExactly("linux.lease 101-52540000000b@hn", "linux.tap tap00000b@w2", "linux.vm s42--vm2@w2");
    }

    @Test
    void onOvsATapIsABrIntPortTaggedWithItsNetworksVlan() {
        RecordingHosts hosts = Fixture.hostsWithImages();
        Fixture.driver(DataPlane.OVS, hosts).createVm(SLICE, VM2, r -> {});
        assertThat(hosts.on("w2")).last().isEqualTo(vm2(Fixture.ovsOrBridges("ovs-vsctl --may-exist add-port br-int tap00000b tag=101\n",
                "ip link set tap00000b master brq101\n").stripTrailing()));
    }

    @Test
    void aKernelImageBootsDirectlyWithTheVmsNameQuotedOnItsCommandLine() {
        RecordingHosts hosts = Fixture.hostsWithImages();
        Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).createVm(SLICE, VM1, r -> {});
        String script = hosts.on("w1").get(hosts.on("w1").size() - 1);
        // The launch line is written as one quoted value; inside it, the kernel's command line is one quoted argument.
        assertThat(script).contains(" -accel kvm ",
                " -kernel /var/lib/olimpus/images/" + Fixture.KERNEL_SHA + "/kernel -initrd /var/lib/olimpus/images/" + Fixture.KERNEL_SHA + "/initrd",
                " -append '\\''console=ttyS0 quiet no_timer_check olimpus.name=vm1 olimpus.nics=2'\\'' ",
                "ip link set tap00000a master brq101\n", "ip link set tap00010a master brq102\n")
                .doesNotContain("qemu-img").doesNotContain("seed.img");  // a kernel image's guest is the bed's own: no cloud-init
    }

    @Test
    void tapDeleteTakesTheTapOffTheDataPlaneThenDeletesItIfItIsThere() {
        ResourceRef tap = new ResourceRef("linux.tap", "tap00000b", "w2", "vm-2", 30);
        String unmark = """
                rm -f /var/lib/olimpus/slices/s42/linux.tap.tap00000b
                rmdir /var/lib/olimpus/slices/s42 2>/dev/null || true
                echo olimpus-deleted linux.tap tap00000b
                """;
        String del = "sh -c '! ip link show \"$0\"' tap00000b >/dev/null 2>&1 || ip link del tap00000b\n";
        RecordingHosts bridge = new RecordingHosts(), ovs = new RecordingHosts();
        Fixture.driver(DataPlane.LINUX_BRIDGE, bridge).delete(SLICE, tap);
        Fixture.driver(DataPlane.OVS, ovs).delete(SLICE, tap);
        assertThat(bridge.on("w2")).containsExactly(del + unmark);
        assertThat(ovs.on("w2")).containsExactly(Fixture.ovsOrBridges("ovs-vsctl --if-exists del-port br-int tap00000b\n", "") + del + unmark);
    }

    @Test
    void vmDeleteStopsQemuThenRemovesItsFolderOnBothDataPlanes() {
        ResourceRef vm = new ResourceRef("linux.vm", "s42--vm2", "w2", "vm-2", 40);
        String expected = STOP.replace("DIR", DIR) + "rm -rf " + DIR + "\n" + """
                rm -f /var/lib/olimpus/slices/s42/linux.vm.s42--vm2
                rmdir /var/lib/olimpus/slices/s42 2>/dev/null || true
                echo olimpus-deleted linux.vm s42--vm2
                """;
        for (DataPlane plane : DataPlane.values()) {
            RecordingHosts hosts = new RecordingHosts();
            Fixture.driver(plane, hosts).delete(SLICE, vm);
            assertThat(hosts.on("w2")).as("%s", plane).containsExactly(expected);
        }
    }

    @Test
    void namesFromRefsThatCouldBeShellOrPathsAreRefusedUnrun() {
        RecordingHosts hosts = new RecordingHosts();
        var driver = Fixture.driver(DataPlane.OVS, hosts);
        for (String tap : List.of("tap0;reboot", "tap$(id)", "TAP0", "tap0 -j"))
            assertThatThrownBy(() -> driver.delete(SLICE, new ResourceRef("linux.tap", tap, "w2", "vm-2", 30))).isInstanceOf(IllegalArgumentException.class);
        for (String key : List.of("s42--../etc", "s42", "s42--vm1;rm", "../x--vm1"))
            assertThatThrownBy(() -> driver.delete(SLICE, new ResourceRef("linux.vm", key, "w2", "vm-2", 40))).isInstanceOf(RuntimeException.class);
        assertThat(hosts.sent()).isEmpty();
    }

    @Test
    void powerActionsStopStartAndResetTheVmsQemu() {
        String dir = "/var/lib/olimpus/vms/s42--vm1";
        RecordingHosts hosts = new RecordingHosts();
        var driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        driver.power(SLICE, VM1, PowerAction.STOP);
        assertThat(hosts.on("w1")).containsExactly(STOP.replace("DIR", dir) + "touch " + dir + "/stopped\n");
        hosts.clear();
        driver.power(SLICE, VM1, PowerAction.START);
        assertThat(hosts.on("w1")).containsExactly(START.replace("DIR", dir));
        hosts.clear();
        driver.power(SLICE, VM1, PowerAction.REBOOT);
        assertThat(hosts.on("w1")).containsExactly("echo system_reset | socat -t 1 - UNIX-CONNECT:" + dir + "/monitor.sock\n");
    }

    @Test
    void theWorkersWordForTheVmIsItsState() {
        assertThat(status("stopped\n")).isEqualTo(new VmStatus(VmState.STOPPED, null));
        assertThat(status("absent\n")).isEqualTo(new VmStatus(VmState.FAILED, "no QEMU state on w2"));
        assertThat(status("dead\n")).isEqualTo(new VmStatus(VmState.FAILED, "QEMU exited on w2"));
        assertThat(status("dead\nqemu: could not open disk\n")).isEqualTo(new VmStatus(VmState.FAILED, "QEMU exited on w2: qemu: could not open disk"));
        RecordingHosts hosts = new RecordingHosts();
        Fixture.driver(DataPlane.OVS, hosts).status(SLICE, VM2);
        // One round of the worker's BootWatch, for this VM alone, waiting for news of it.
        assertThat(hosts.on("w2").get(0)).startsWith("expect=booting dirs=" + DIR + " ticks=" + BootWatch.WAIT_SECONDS * 2 + "\n").contains("""
                if [ -s "$vm/qemu.pid" ] && kill -0 "$(cat "$vm/qemu.pid")" 2>/dev/null; then echo alive; \
                if grep -aqE 'Kernel panic - not syncing' "$vm/serial.log" 2>/dev/null; then echo guest-panicked; \
                elif grep -aqE 'OLIMPUS-READY|[[:alnum:]] login:' "$vm/serial.log" 2>/dev/null; then echo guest-up; else echo guest-booting; fi; \
                tail -c 4096 "$vm/serial.log" 2>/dev/null | tr -d '\\r' | grep -av '^[[:space:]]*$' | tail -n 1 || true; \
                elif [ -e "$vm/stopped" ]; then echo stopped; elif [ -d "$vm" ]; then echo dead; \
                tail -c 300 "$vm/qemu.err" 2>/dev/null || true; else echo absent; fi
                """.strip());
    }

    private static VmStatus status(String probed) {
        RecordingHosts hosts = new RecordingHosts().answer("w2", "echo alive", "== " + DIR + "\n" + probed);
        VmStatus s = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).status(SLICE, VM2);
        assertThat(hosts.on("hn")).as("DHCP is asked only about a running QEMU").isEmpty();
        return s;
    }

    @Test
    void theConsoleIsSocatOnTheVncSocketOnceItIsThere() {
        RecordingHosts absent = new RecordingHosts().fail("w2", "test -S", "");
        assertThatThrownBy(() -> Fixture.driver(DataPlane.LINUX_BRIDGE, absent).console(SLICE, VM2))
                .isInstanceOf(DriverException.class).hasMessage("VM 'vm2' has no console on w2 (is it stopped?)");
        RecordingHosts hosts = new RecordingHosts();
        try (Console c = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).console(SLICE, VM2)) {
            assertThat(c).isNotNull();
        }
        assertThat(hosts.on("w2")).containsExactly("test -S " + DIR + "/vnc.sock\n", "exec socat - UNIX-CONNECT:" + DIR + "/vnc.sock\n");
    }
}
