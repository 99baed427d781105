package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.Script;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the Linux driver assumes of a host, asked in one round trip per host by the zone
 * check, and answered in the admin's words ("dnsmasq not installed: apt install dnsmasq-base")
 * before any deploy finds out. The list follows what the driver's scripts run: a binary the driver
 * calls on a host is listed here for that host's role and the zone's data plane.
 */
final class HostPrerequisites {
    /** Which package brings each binary on Debian and Ubuntu, for the admin's next step. */
    private static final Map<String, String> PACKAGE = Map.ofEntries(
            Map.entry("ip", "iproute2"), Map.entry("bridge", "iproute2"), Map.entry("tc", "iproute2"),
            Map.entry("qemu-system-x86_64", "qemu-system-x86"), Map.entry("qemu-img", "qemu-utils"),
            Map.entry("socat", "socat"), Map.entry("tcpdump", "tcpdump"), Map.entry("dnsmasq", "dnsmasq-base"),
            Map.entry("iptables", "iptables"), Map.entry("sysctl", "procps"), Map.entry("flock", "util-linux"),
            Map.entry("sha256sum", "coreutils"), Map.entry("ovs-vsctl", "openvswitch-switch"), Map.entry("ovs-ofctl", "openvswitch-switch"),
            Map.entry("mkfs.vfat", "dosfstools"), Map.entry("mcopy", "mtools"), Map.entry("base64", "coreutils"));

    /** What only some slices need: missing, the host still deploys the others, so the check stays green and says what will not work. */
    private static final Map<String, String> OPTIONAL = Map.of(
            "no-ovs", "this worker's networks use a Linux bridge and kernel VXLAN per network, joined to the Open vSwitch hosts by the same VNIs",
            "tcpdump", "packet capture on this worker's links will not work",
            "sch_netem", "links with delay, jitter or loss cannot be shaped on this worker",
            "sch_tbf", "links with a rate cannot be shaped on this worker");

    /**
     * The probe, a constant: values come in as variables. It prints "uname ..." first (the host
     * answered), then one line per thing missing, each a keyword and its subject.
     */
    private static final String PROBE = "echo \"uname $(uname -srn)\"\n"
            + "for b in $bins; do command -v \"$b\" >/dev/null 2>&1 || echo \"missing-bin $b\"; done\n"
            + "for i in $ifaces; do ip link show dev \"$i\" >/dev/null 2>&1 || echo \"no-iface $i\"; done\n"
            + "for m in $modules; do [ -d \"/sys/module/$m\" ] || grep -q \"/$m.ko\" \"/lib/modules/$(uname -r)/modules.builtin\" 2>/dev/null"
            + " || modprobe -n -q \"$m\" 2>/dev/null || echo \"no-module $m\"; done\n"
            + "for d in $devices; do [ -c \"$d\" ] || echo \"no-device $d\"; done\n"
            + "if mkdir -p \"$root\" 2>/dev/null && [ -d \"$root\" ] && : > \"$root/.olimpus-check.$$\" 2>/dev/null; then rm -f \"$root/.olimpus-check.$$\";"
            + " else echo \"not-writable $root\"; fi\n"
            + "if [ \"$ovs\" != no ] && command -v ovs-vsctl >/dev/null 2>&1 && ! ovs-vsctl --timeout=5 show >/dev/null 2>&1; then echo \"ovs-down -\"; fi\n"
            + "if [ \"$ovs\" = either ] && ! command -v ovs-vsctl >/dev/null 2>&1; then echo \"no-ovs -\"; fi";

    /** One host's answer: what it said it runs, what it lacks (each a sentence) and what only some slices will miss. */
    record Answer(String uname, List<String> missing, List<String> notes) {
        boolean ok() { return missing.isEmpty(); }

        /** The zone check's line for the host. */
        String detail() {
            StringBuilder sb = new StringBuilder("answered: ").append(uname);
            if (!missing.isEmpty()) sb.append("; missing: ").append(String.join("; ", missing));
            if (!notes.isEmpty()) sb.append("; note: ").append(String.join("; ", notes));
            return sb.toString();
        }
    }

    private final Set<String> bins = new LinkedHashSet<>(), modules = new LinkedHashSet<>(), devices = new LinkedHashSet<>();
    /** What this host's role needs only for some features: {@link #OPTIONAL}, and the role's own. */
    private final Map<String, String> optional = new java.util.HashMap<>(OPTIONAL);
    private final List<String> ifaces = new ArrayList<>();
    private final String stateRoot;
    /** yes: the host must run Open vSwitch; no: never used; either: a worker of an OVS zone, on Linux bridges when it has no OVS ({@link OvsFabric}). */
    private final String ovs;

    private HostPrerequisites(String stateRoot, String ovs) {
        this.stateRoot = LinuxNames.requirePath("state root", stateRoot);
        this.ovs = ovs;
        bins.addAll(List.of("ip", "sha256sum"));
        if (ovs.equals("yes")) bins.addAll(List.of("ovs-vsctl", "ovs-ofctl"));
        else {
            bins.add("bridge");
            modules.addAll(List.of("bridge", "vxlan"));
        }
    }

    /** The headnode: DHCP (dnsmasq under a lock), the firewall and NAT, the SSH relay to VMs, and its uplink when the zone has one. */
    static HostPrerequisites headnode(DataPlane plane, String stateRoot, String uplink) {
        // The headnode's leg on an OVS network is an OVS internal port: an OVS zone's headnode runs OVS.
        HostPrerequisites p = new HostPrerequisites(stateRoot, plane == DataPlane.OVS ? "yes" : "no");
        p.bins.addAll(List.of("dnsmasq", "iptables", "sysctl", "flock", "socat"));
        // socat relays students' SSH to their VMs (SshRelay); slices deploy without it.
        p.optional.put("socat", "students cannot SSH to their VMs through the headnode");
        if (uplink != null) p.ifaces.add(LinuxNames.requireInterface("uplink interface", uplink));
        return p;
    }

    /**
     * A worker: QEMU and its disks, the cloud-init seeds of disk images (a FAT image filled by
     * mtools), taps, the monitor socket, link shaping and capture; KVM when the admin said it has it.
     */
    static HostPrerequisites worker(DataPlane plane, String stateRoot, boolean kvm) {
        HostPrerequisites p = new HostPrerequisites(stateRoot, plane == DataPlane.OVS ? "either" : "no");
        p.bins.addAll(List.of("qemu-system-x86_64", "qemu-img", "socat", "tc", "tcpdump", "mkfs.vfat", "mcopy", "base64"));
        // Taps need the tun device, checked as /dev/net/tun: kernels built with tun inside show no module for it.
        p.modules.addAll(List.of("sch_netem", "sch_tbf"));
        p.devices.add("/dev/net/tun");
        if (kvm) p.devices.add("/dev/kvm");
        return p;
    }

    Script script() {
        return Script.create().fixed(PROBE, Script.var("bins", String.join(" ", bins)), Script.var("ifaces", String.join(" ", ifaces)),
                Script.var("modules", String.join(" ", modules)), Script.var("devices", String.join(" ", devices)),
                Script.var("root", stateRoot), Script.var("ovs", ovs));
    }

    /** Reads the probe's output; a line it does not know is shown as it came, never dropped. */
    Answer parse(String out) {
        String uname = "";
        List<String> missing = new ArrayList<>(), notes = new ArrayList<>();
        for (String line : out.split("\n")) {
            line = line.strip();
            if (line.isEmpty()) continue;
            int sp = line.indexOf(' ');
            String key = sp < 0 ? line : line.substring(0, sp), what = sp < 0 ? "" : line.substring(sp + 1).strip();
            if (key.equals("uname")) {
                uname = what;
                continue;
            }
            String optional = this.optional.getOrDefault(what, this.optional.get(key));
            if (optional != null) {
                notes.add(sentence(key, what) + " (" + optional + ")");
                continue;
            }
            missing.add(sentence(key, what));
        }
        return new Answer(uname, List.copyOf(missing), List.copyOf(notes));
    }

    /**
     * Why a host reached as a user other than root answered nothing: its sudo refused (no sudo, or
     * one that asks for a password). Null when the failure is something else.
     */
    static String sudoRefused(io.olimpus.server.platform.linux.ssh.SshEndpoint endpoint, String stderr) {
        if (!endpoint.sudo() || stderr == null || !stderr.contains("sudo")) return null;
        return "connects as '" + endpoint.user() + "', which is not root, and sudo -n refused (" + stderr.strip().lines().findFirst().orElse("")
                + "): the driver runs ip, iptables, QEMU and dnsmasq through sudo; give '" + endpoint.user()
                + "' passwordless sudo (a sudoers line '" + endpoint.user() + " ALL=(ALL) NOPASSWD: ALL') or connect as root";
    }

    private String sentence(String key, String what) {
        return switch (key) {
            case "missing-bin" -> what + " not installed: apt install " + PACKAGE.getOrDefault(what, what);
            case "no-iface" -> "no interface '" + what + "' (the zone's uplinkInterface, through which slices reach the internet):"
                    + " name an interface the headnode has (ip link), or clear uplinkInterface for slices without internet";
            case "no-module" -> "kernel module " + what + " not found (not loaded, not listed as built in, not loadable): install the kernel's modules (linux-modules-extra on Ubuntu) or modprobe " + what;
            case "no-device" -> what.equals("/dev/kvm")
                    ? "no /dev/kvm although the worker is marked kvm: enable virtualisation (and load kvm_intel or kvm_amd), or mark the worker kvm=false"
                    : "no " + what + ": modprobe tun";
            case "not-writable" -> "state root " + what + " is not writable by the SSH user: create it (mkdir -p " + what + ") with write access, or set another stateRoot";
            case "no-ovs" -> "no Open vSwitch (ovs-vsctl)";
            case "ovs-down" -> "Open vSwitch does not answer (ovs-vsctl show): start it (systemctl start openvswitch-switch)";
            default -> key + " " + what;
        };
    }
}
