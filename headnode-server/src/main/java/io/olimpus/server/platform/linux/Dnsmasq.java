package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Names;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.Command;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DHCP on the headnode: per network a dnsmasq on the headnode's leg with one static lease per
 * NIC (a file per MAC in the network's hosts folder), the gateway address on the leg, and the
 * firewall that lets guests reach only DHCP and their gateway (and answer what the headnode opened). Also judges whether a guest has
 * booted, from dnsmasq's log.
 */
final class Dnsmasq implements ResourceOwner {
    /**
     * Stops the dnsmasq of $pid and waits (up to 5 s) until it is gone. Polled every 20 ms: a dnsmasq
     * quits within milliseconds, and an undeploy stops one per network in turn (21 for a mesh of 7).
     */
    private static final String STOP = "if [ -s \"$pid\" ] && p=\"$(cat \"$pid\")\" && kill -0 \"$p\" 2>/dev/null; then kill \"$p\"; "
            + "for i in $(seq 1 250); do kill -0 \"$p\" 2>/dev/null || break; sleep 0.02; done; fi";

    /*
     * Whether a guest has booted is judged by DHCP: every NIC acknowledged by dnsmasq since the VM was
     * last (re)started. Leases are infinite, so the lease file cannot tell a fresh boot from an old one;
     * dnsmasq's log can: we count its DHCPACK lines ($ack) per NIC in the log ($log) when the VM starts
     * ($baseline keeps the count) and wait for one more.
     */
    private static final String COUNT_BEFORE_START = "echo \"$(grep -cF -- \"$ack\" \"$log\" 2>/dev/null || true)\" > \"$baseline\"";
    private static final String ACKED_SINCE_START = "[ \"$(grep -cF -- \"$ack\" \"$log\" 2>/dev/null || true)\" -gt \"$(cat \"$baseline\" 2>/dev/null || echo 0)\" ]";

    private final LinuxHost headnode;
    private final Fabric fabric;

    Dnsmasq(LinuxHost headnode, Fabric fabric) {
        this.headnode = headnode;
        this.fabric = fabric;
    }

    @Override
    public Map<LinuxResource, Remover> removers() {
        return Map.of(LinuxResource.DHCP, (slice, host, ref) -> stopServing(LinuxResource.segmentOf(ref.name(), "net")),
                LinuxResource.LEASE, this::deleteLease);
    }

    // ---- a network's DHCP ----------------------------------------------------------------------

    /** The headnode's leg on the network, addressed as its gateway and firewalled, and the network's dnsmasq. */
    Creation serve(NetworkPlan net) {
        int seg = net.segmentId();
        String leg = fabric.leg(seg), chain = inputChain(seg);
        Ipv4Block subnet = Ipv4Block.parse(net.cidr());
        String gwCidr = LinuxNames.requireIpv4("gateway", net.gateway()) + "/" + subnet.prefix();
        Script s = Script.create()
                .append(fabric.addLeg(seg))
                .run("ip", "link", "set", leg, "up")
                .unless(Command.of("ip", "-4", "addr", "show", "dev", leg).pipe("grep", "-q", " " + gwCidr + " "),
                        Command.of("ip", "addr", "add", gwCidr, "dev", leg))
                // Guests may ask the headnode for DHCP and ping their gateway; nothing else reaches the headnode or,
                // unless NAT is enabled for them, goes through it. The answers to what the headnode itself opened
                // (a student's SSH relayed to a VM, SshRelay) come back in.
                .tolerate("iptables", "-N", chain)
                .run("iptables", "-F", chain)
                .run("iptables", "-A", chain, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT")
                .run("iptables", "-A", chain, "-p", "udp", "--dport", "67", "-j", "ACCEPT")
                .run("iptables", "-A", chain, "-d", net.gateway(), "-p", "icmp", "-j", "ACCEPT")
                .run("iptables", "-A", chain, "-j", "DROP")
                .unless(new String[]{"iptables", "-C", "INPUT", "-i", leg, "-j", chain}, "iptables", "-I", "INPUT", "-i", leg, "-j", chain)
                .unless(new String[]{"iptables", "-C", "FORWARD", "-i", leg, "-j", "DROP"}, "iptables", "-A", "FORWARD", "-i", leg, "-j", "DROP")
                .unless(new String[]{"iptables", "-C", "FORWARD", "-o", leg, "-j", "DROP"}, "iptables", "-A", "FORWARD", "-o", leg, "-j", "DROP")
                .append(restart(net));
        return new Creation(LinuxResource.DHCP.ref(LinuxNames.dhcpId(seg), headnode, net.networkId()), s);
    }

    /** Starts the network's dnsmasq, stopping the one running first; its leases and host files carry over. */
    private Script restart(NetworkPlan net) {
        int seg = net.segmentId();
        String id = LinuxNames.dhcpId(seg);
        Ipv4Block subnet = Ipv4Block.parse(net.cidr());
        Script s = Script.create()
                .run("mkdir", "-p", dir())
                // One restart at a time per network (VMs of a slice are removed in parallel), and the old
                // dnsmasq gone before the new one binds the interface's DHCP port.
                .lock(lockFile(seg))
                .fixed(STOP, Script.var("pid", pidFile(seg)))
                .run("mkdir", "-p", hostsDir(seg));
        s.daemon("dnsmasq", "--conf-file=/dev/null", "--port=0", "--user=root", "--group=root",
                "--interface=" + fabric.leg(seg), "--except-interface=lo", "--bind-interfaces",
                "--dhcp-range=set:" + id + "," + Ipv4Block.format(subnet.base()) + ",static," + subnet.netmask() + ",infinite",
                // Only VMs that asked for the internet learn a default route.
                "--dhcp-option=tag:!inet,option:router",
                // One file per NIC, written and removed with its VM; dnsmasq reads new files by itself.
                "--dhcp-hostsdir=" + hostsDir(seg),
                "--dhcp-leasefile=" + leaseFile(seg), "--pid-file=" + pidFile(seg),
                "--log-dhcp", "--log-facility=" + log(seg));
        return s;
    }

    private Script stopServing(int seg) {
        String leg = fabric.leg(seg), chain = inputChain(seg);
        return Script.create()
                .lock(lockFile(seg))
                .fixed(STOP, Script.var("pid", pidFile(seg)))
                .run("rm", "-f", pidFile(seg), lockFile(seg), leaseFile(seg), log(seg))
                .run("rm", "-rf", hostsDir(seg), baselineDir(seg))
                // Every copy of each rule goes; deleting until it fails asks iptables once less per rule than checking first.
                .whileSucceeds(new String[]{"iptables", "-D", "INPUT", "-i", leg, "-j", chain}, ":")
                .whileSucceeds(new String[]{"iptables", "-D", "FORWARD", "-i", leg, "-j", "DROP"}, ":")
                .whileSucceeds(new String[]{"iptables", "-D", "FORWARD", "-o", leg, "-j", "DROP"}, ":")
                .tolerate("iptables", "-F", chain)
                .tolerate("iptables", "-X", chain)
                .append(fabric.removeLeg(seg));
    }

    // ---- a VM's leases ----------------------------------------------------------------------

    /** The VM's static leases, one file per NIC in its network's hosts folder. */
    List<Creation> leases(SliceContext slice, VmPlan vm) {
        List<Creation> out = new ArrayList<>();
        for (NicPlan nic : vm.nics()) {
            int seg = segmentOf(slice, nic);
            String file = macFile(nic);
            boolean inet = vm.internet() && nic.index() == 0;
            Script s = Script.create().write(hostsDir(seg) + "/" + file, nic.mac() + (inet ? ",set:inet" : "") + ","
                    + LinuxNames.requireIpv4("address", nic.ip()) + "," + Names.require("VM name", vm.name()) + ",infinite");
            out.add(new Creation(LinuxResource.LEASE.ref(seg + "-" + file, headnode, vm.vmId()), s));
        }
        return out;
    }

    /**
     * The lease's files only. dnsmasq reads new host files by itself but forgets removed ones only
     * when restarted ({@link #forgetRemovedLeases}); the driver restarts it once per network after
     * all of a teardown's leases on it are gone.
     */
    private Script deleteLease(SliceContext slice, LinuxHost host, ResourceRef ref) {
        int seg = leaseSegment(ref);
        String file = ref.name().substring(ref.name().indexOf('-') + 1);
        return Script.create().run("rm", "-f", hostsDir(seg) + "/" + file, baselineDir(seg) + "/" + file);
    }

    /** The segment of a lease resource, named {@code <segment>-<mac without colons>}. */
    static int leaseSegment(ResourceRef ref) {
        int dash = ref.name().indexOf('-');
        int seg = LinuxResource.segmentOf("seg" + ref.name().substring(0, Math.max(0, dash)), "seg");
        if (!ref.name().substring(dash + 1).matches("[0-9a-f]{12}")) throw new DriverException("lease name '" + ref.name() + "' is not segment-mac");
        return seg;
    }

    /**
     * Makes the network's dnsmasq forget leases whose files were removed: a restart, since 2.90
     * crashes on SIGHUP once a host file with a tag (set:inet) was removed. Nothing for a network
     * the slice's plan no longer has (its own delete stops its dnsmasq).
     */
    Script forgetRemovedLeases(SliceContext slice, int seg) {
        Script s = Script.create();
        slice.plan().networks().stream().filter(n -> n.segmentId() == seg).findFirst().ifPresent(n -> s.append(restart(n)));
        return s;
    }

    /** The resource that is the network's DHCP on the headnode (its owner aside). */
    boolean isDhcpOf(ResourceRef ref, int seg) {
        return ref.kind().equals(LinuxResource.DHCP.id()) && ref.name().equals(LinuxNames.dhcpId(seg)) && headnode.id().equals(ref.host());
    }

    // ---- boot detection ---------------------------------------------------------------------

    /** Records how many times each NIC of the VM was acknowledged before this start. */
    Script markBootStart(SliceContext slice, VmPlan vm) {
        Script s = Script.create();
        for (NicPlan nic : vm.nics()) {
            int seg = segmentOf(slice, nic);
            s.run("mkdir", "-p", baselineDir(seg)).fixed(COUNT_BEFORE_START, ackVars(seg, nic));
        }
        return s;
    }

    /** Succeeds once every NIC of the VM was acknowledged since its start. */
    Script bootedSinceStart(SliceContext slice, VmPlan vm) {
        Script s = Script.create();
        for (NicPlan nic : vm.nics()) s.fixed(ACKED_SINCE_START, ackVars(segmentOf(slice, nic), nic));
        return s;
    }

    private Script.Var[] ackVars(int seg, NicPlan nic) {
        String ack = " DHCPACK(" + fabric.leg(seg) + ") " + LinuxNames.requireIpv4("address", nic.ip()) + " " + LinuxNames.requireMac(nic.mac());
        return new Script.Var[]{Script.var("ack", ack), Script.var("log", log(seg)), Script.var("baseline", baselineDir(seg) + "/" + macFile(nic))};
    }

    // ---- names ------------------------------------------------------------------------------

    private static int segmentOf(SliceContext slice, NicPlan nic) {
        return slice.plan().network(nic.networkId()).orElseThrow().segmentId();
    }

    private static String macFile(NicPlan nic) { return LinuxNames.requireMac(nic.mac()).replace(":", ""); }

    private static String inputChain(int segment) { return "olx-in-" + segment; }

    private String dir() { return headnode.stateRoot() + "/dhcp"; }

    private String hostsDir(int segment) { return dir() + "/" + LinuxNames.dhcpId(segment) + ".hosts"; }

    private String baselineDir(int segment) { return dir() + "/" + LinuxNames.dhcpId(segment) + ".boot"; }

    private String leaseFile(int segment) { return dir() + "/" + LinuxNames.dhcpId(segment) + ".leases"; }

    private String log(int segment) { return dir() + "/" + LinuxNames.dhcpId(segment) + ".log"; }

    private static String lockFile(int segment) { return "/run/olimpus-dnsmasq-" + LinuxNames.dhcpId(segment) + ".lock"; }

    private static String pidFile(int segment) { return "/run/olimpus-dnsmasq-" + LinuxNames.dhcpId(segment) + ".pid"; }
}
