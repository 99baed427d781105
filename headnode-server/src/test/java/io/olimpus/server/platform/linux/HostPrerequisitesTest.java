package io.olimpus.server.platform.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HostPrerequisitesTest {
    @TempDir Path dir;

    @Test
    void eachRoleAsksForWhatTheDriverRunsThereAndOnlyThat() {
        String head = HostPrerequisites.headnode(DataPlane.LINUX_BRIDGE, "/var/lib/olimpus", "uplink").script().render();
        assertThat(head).contains("bins='ip sha256sum bridge dnsmasq iptables sysctl flock socat'").contains("ifaces=uplink").contains("modules='bridge vxlan'")
                .doesNotContain("qemu").contains("ovs=no");
        String worker = HostPrerequisites.worker(DataPlane.OVS, "/srv/olimpus", true).script().render();
        assertThat(worker).doesNotContain("ovs-vsctl ovs-ofctl").contains("bins='ip sha256sum bridge qemu").contains("qemu-system-x86_64 qemu-img socat tc tcpdump mkfs.vfat mcopy base64").contains("/dev/net/tun /dev/kvm")
                .contains("root=/srv/olimpus").contains("ovs=either").doesNotContain("dnsmasq");
        assertThat(HostPrerequisites.headnode(DataPlane.OVS, "/var/lib/olimpus", "uplink").script().render()).contains("ip sha256sum ovs-vsctl ovs-ofctl dnsmasq").contains("ovs=yes");
        // No uplink: nothing to look for on the headnode.
        assertThat(HostPrerequisites.headnode(DataPlane.OVS, "/var/lib/olimpus", null).script().render()).contains("ifaces=''");
    }

    @Test
    void answersReadAsTheAdminsNextStepsAndOptionalOnesAreNotes() {
        var p = HostPrerequisites.worker(DataPlane.LINUX_BRIDGE, "/var/lib/olimpus", true);
        var a = p.parse("uname Linux worker2 6.1.0\nmissing-bin qemu-img\nmissing-bin tcpdump\nno-module sch_netem\nno-device /dev/kvm\n"
                + "not-writable /var/lib/olimpus\nsomething new\n");
        assertThat(a.ok()).isFalse();
        assertThat(a.missing()).containsExactly("qemu-img not installed: apt install qemu-utils",
                "no /dev/kvm although the worker is marked kvm: enable virtualisation (and load kvm_intel or kvm_amd), or mark the worker kvm=false",
                "state root /var/lib/olimpus is not writable by the SSH user: create it (mkdir -p /var/lib/olimpus) with write access, or set another stateRoot",
                "something new");
        assertThat(a.notes()).containsExactly("tcpdump not installed: apt install tcpdump (packet capture on this worker's links will not work)",
                "kernel module sch_netem not found (not loaded, not listed as built in, not loadable): install the kernel's modules (linux-modules-extra on Ubuntu) or modprobe sch_netem"
                        + " (links with delay, jitter or loss cannot be shaped on this worker)");
        assertThat(a.detail()).startsWith("answered: Linux worker2 6.1.0; missing: qemu-img not installed");
        var fine = p.parse("uname Linux worker1 6.1.0\nmissing-bin tcpdump\n");
        assertThat(fine.ok()).isTrue();
        assertThat(fine.detail()).isEqualTo("answered: Linux worker1 6.1.0; note: tcpdump not installed: apt install tcpdump (packet capture on this worker's links will not work)");
    }

    /** A worker of an OVS zone without OVS deploys on Linux bridges (OvsFabric): the check says so and stays green. */
    @Test
    void aWorkerOfAnOvsZoneWithoutOpenVSwitchIsANoteNotAProblem() {
        var a = HostPrerequisites.worker(DataPlane.OVS, "/srv/olimpus", false).parse("uname Linux worker3 6.1.0\nno-ovs -\n");
        assertThat(a.ok()).isTrue();
        assertThat(a.notes()).containsExactly("no Open vSwitch (ovs-vsctl) (this worker's networks use a Linux bridge and kernel VXLAN per network,"
                + " joined to the Open vSwitch hosts by the same VNIs)");
    }

    /** A user other than root whose sudo asks for a password: the check names the user and the sudoers line. */
    @Test
    void aUserWithoutPasswordlessSudoIsToldWhatToGrant() {
        var user = new io.olimpus.server.platform.linux.ssh.SshEndpoint("worker2", "198.18.0.12", 22, "olimpus");
        assertThat(HostPrerequisites.sudoRefused(user, "sudo: a password is required\n")).isEqualTo("connects as 'olimpus', which is not root, and sudo -n refused"
                + " (sudo: a password is required): the driver runs ip, iptables, QEMU and dnsmasq through sudo; give 'olimpus' passwordless sudo"
                + " (a sudoers line 'olimpus ALL=(ALL) NOPASSWD: ALL') or connect as root");
        assertThat(HostPrerequisites.sudoRefused(new io.olimpus.server.platform.linux.ssh.SshEndpoint("worker2", "198.18.0.12", 22, "root"), "sudo: x")).isNull();
        assertThat(HostPrerequisites.sudoRefused(user, "mkdir: cannot create directory")).isNull();
    }

    @Test
    void aHeadnodeWithoutSocatDeploysButCannotRelaySsh() {
        var head = HostPrerequisites.headnode(DataPlane.OVS, "/var/lib/olimpus", null);
        var a = head.parse("uname Linux headnode 6.1.0\nmissing-bin socat\n");
        assertThat(a.ok()).isTrue();
        assertThat(a.notes()).containsExactly("socat not installed: apt install socat (students cannot SSH to their VMs through the headnode)");
        // On a worker socat joins the consoles: there it is required.
        assertThat(HostPrerequisites.worker(DataPlane.OVS, "/var/lib/olimpus", false).parse("uname Linux w1 6.1.0\nmissing-bin socat\n").ok()).isFalse();
    }

    /** The probe itself, run by this machine's sh with a PATH that has every binary the headnode needs but dnsmasq. */
    @Test
    void theProbeFindsABinaryMissingFromThePathAndAnInterfaceThatIsNotThere() throws Exception {
        var p = HostPrerequisites.headnode(DataPlane.LINUX_BRIDGE, dir.resolve("state").toString(), "nosuch0");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String b : List.of("ip", "sha256sum", "bridge", "iptables", "sysctl", "flock", "uname", "id", "mkdir", "rm", "grep", "modprobe", "sh"))
            for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"))
                if (Files.isExecutable(Path.of(d, b)) && !Files.exists(bin.resolve(b))) Files.createSymbolicLink(bin.resolve(b), Path.of(d, b));
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", p.script().render()).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process run = pb.start();
        String out = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(out).isZero();
        var a = p.parse(out);
        assertThat(a.uname()).as(out).startsWith("Linux");
        assertThat(a.missing()).as(out).contains("dnsmasq not installed: apt install dnsmasq-base");
        if (Files.exists(bin.resolve("ip"))) assertThat(a.missing()).anySatisfy(m -> assertThat(m).startsWith("no interface 'nosuch0'"));
        assertThat(a.missing()).noneMatch(m -> m.startsWith("state root"));
    }
}
