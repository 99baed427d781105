package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;
import io.olimpus.server.platform.linux.ssh.SshSessions;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Linux cluster driver: per network a segment (Linux bridge + VXLAN, or OVS VLAN + VXLAN)
 * on every worker it spans and on the headnode, which serves DHCP on it with one static lease
 * per MAC and NATs the VMs that asked for the internet; per VM a QEMU process with one tap per
 * NIC. Every resource leaves a marker in {@code <state>/slices/<slice id>/} on its host, written
 * before the resource is made, which is how {@link #list} finds even what a crash left unreported.
 */
public final class LinuxClusterDriver implements SliceDriver {
    static final String SEGMENT = "linux.segment", DHCP = "linux.dhcp", LEASE = "linux.lease", TAP = "linux.tap", VM = "linux.vm", NAT = "linux.nat";
    static final int RANK_SEGMENT = 10, RANK_DHCP = 20, RANK_TAP = 30, RANK_LEASE = 35, RANK_VM = 40, RANK_NAT = 45;

    private final LinuxZone zone;
    private final SshSessions ssh;
    private final ImageSource images;
    private final Map<String, Object> imageLocks = new ConcurrentHashMap<>();
    private final Set<String> imagesVerified = ConcurrentHashMap.newKeySet();

    public LinuxClusterDriver(LinuxZone zone, SshSessions ssh, ImageSource images) {
        this.zone = zone;
        this.ssh = ssh;
        this.images = images;
    }

    // ---- markers ---------------------------------------------------------------------------

    private static String sliceDir(LinuxHost h, SliceContext s) {
        return h.stateRoot() + "/slices/" + LinuxNames.requireSliceId(s.sliceId());
    }

    private static void mark(Script script, LinuxHost h, SliceContext s, ResourceRef ref) {
        String dir = sliceDir(h, s);
        script.run("mkdir", "-p", dir)
              .write(dir + "/" + ref.kind() + "." + ref.name(), ref.kind() + " " + ref.name() + " " + ref.owner() + " " + ref.teardownRank());
    }

    private static void unmark(Script script, LinuxHost h, SliceContext s, ResourceRef ref) {
        script.run("rm", "-f", sliceDir(h, s) + "/" + ref.kind() + "." + ref.name())
              // The slice's folder goes with its last marker.
              .tolerate("rmdir", sliceDir(h, s));
    }

    private RemoteShell shell(LinuxHost h) { return ssh.shell(h.ssh()); }

    private LinuxHost host(String id) {
        if (zone.headnode().id().equals(id)) return zone.headnode();
        return zone.worker(id);
    }

    // ---- slice and networks ----------------------------------------------------------------

    @Override
    public void prepareSlice(SliceContext slice, Consumer<ResourceRef> created) {
        // Nothing is slice-wide on a Linux cluster: networks and VMs carry the slice id in their markers.
    }

    @Override
    public void createNetwork(SliceContext slice, NetworkPlan net, Consumer<ResourceRef> created) {
        List<LinuxHost> hosts = new ArrayList<>();
        for (String w : net.workerIds()) hosts.add(zone.worker(w));
        hosts.add(zone.headnode());
        for (LinuxHost h : hosts) {
            List<String> peers = hosts.stream().filter(o -> o != h).map(LinuxHost::dataAddress).toList();
            ResourceRef seg = new ResourceRef(SEGMENT, "seg" + net.segmentId(), h.id(), net.networkId(), RANK_SEGMENT);
            Script s = Script.create();
            mark(s, h, slice, seg);
            s.append(zone.dataPlane() == DataPlane.OVS ? ovsSegment(h, net.segmentId(), peers) : bridgeSegment(h, net.segmentId(), peers));
            ResourceRef dhcp = null;
            if (h == zone.headnode()) {
                dhcp = new ResourceRef(DHCP, LinuxNames.dhcpId(net.segmentId()), h.id(), net.networkId(), RANK_DHCP);
                mark(s, h, slice, dhcp);
                s.append(dhcpUp(h, slice, net));
            }
            shell(h).check(s);
            created.accept(seg);
            if (dhcp != null) created.accept(dhcp);
        }
    }

    private static Script bridgeSegment(LinuxHost h, int segment, List<String> peerAddresses) {
        String br = LinuxNames.bridge(segment), vx = LinuxNames.vxlan(segment);
        Script s = Script.create()
                .unless(new String[]{"ip", "link", "show", br}, "ip", "link", "add", br, "type", "bridge", "stp_state", "0", "forward_delay", "0")
                .unless(new String[]{"ip", "link", "show", vx}, "ip", "link", "add", vx, "type", "vxlan", "id", String.valueOf(segment),
                        "local", h.dataAddress(), "dstport", "4789", "nolearning")
                .run("ip", "link", "set", vx, "master", br)
                .run("ip", "link", "set", vx, "up")
                .run("ip", "link", "set", br, "up");
        // Head-end replication: one all-zeros entry per peer floods BUM traffic to every host of the network.
        for (String peer : peerAddresses)
            s.raw("bridge fdb show dev " + Script.quote(vx) + " | grep -q " + Script.quote("^00:00:00:00:00:00 dst " + peer + " ")
                    + " || bridge fdb append 00:00:00:00:00:00 dev " + Script.quote(vx) + " dst " + Script.quote(peer));
        return s;
    }

    /** br-int/br-tun and the tunnels to peers are ensured (shared by all slices); the network's two flows are its own. */
    private static Script ovsSegment(LinuxHost h, int segment, List<String> peerAddresses) {
        if (segment > 4094) throw new DriverException("segment " + segment + " cannot be a VLAN tag: an OVS zone must use segment ids 1-4094");
        String vlan = String.valueOf(segment);
        Script s = Script.create()
                .run("ovs-vsctl", "--may-exist", "add-br", "br-int", "--", "set", "bridge", "br-int", "datapath_type=netdev")
                .run("ovs-vsctl", "--may-exist", "add-br", "br-tun", "--", "set", "bridge", "br-tun", "datapath_type=netdev", "--", "set-fail-mode", "br-tun", "secure")
                .run("ovs-vsctl", "--may-exist", "add-port", "br-int", "patch-tun", "--", "set", "interface", "patch-tun", "type=patch", "options:peer=patch-int")
                .run("ovs-vsctl", "--may-exist", "add-port", "br-tun", "patch-int", "--", "set", "interface", "patch-int", "type=patch", "options:peer=patch-tun")
                .run("ovs-ofctl", "add-flow", "br-tun", "table=0,priority=1,in_port=patch-int,actions=resubmit(,1)")
                .run("ovs-ofctl", "add-flow", "br-tun", "table=0,priority=0,actions=drop");
        StringBuilder outputs = new StringBuilder();
        for (String peer : peerAddresses) {
            String port = tunnelPort(peer);
            s.run("ovs-vsctl", "--may-exist", "add-port", "br-tun", port, "--", "set", "interface", port, "type=vxlan",
                    "options:remote_ip=" + peer, "options:local_ip=" + h.dataAddress(), "options:key=flow", "options:dst_port=4789");
            s.run("ovs-ofctl", "add-flow", "br-tun", "table=0,priority=1,in_port=" + port + ",actions=resubmit(,2)");
            outputs.append(",output:").append(port);
        }
        s.run("ovs-ofctl", "add-flow", "br-tun", "table=1,priority=1,dl_vlan=" + vlan + ",actions=strip_vlan,set_tunnel:" + segment + outputs);
        s.run("ovs-ofctl", "add-flow", "br-tun", "table=2,priority=1,tun_id=" + segment + ",actions=mod_vlan_vid:" + vlan + ",output:patch-int");
        return s;
    }

    /** One VXLAN port per peer host, named by the peer's address so every host names it alike. */
    static String tunnelPort(String peerAddress) {
        long a = Ipv4Block.parseAddress(LinuxNames.requireIpv4("peer", peerAddress));
        return String.format("vxt%08x", a);
    }

    private String leg(int segment) {
        return zone.dataPlane() == DataPlane.OVS ? LinuxNames.ovsLeg(segment) : LinuxNames.bridge(segment);
    }

    private static String inputChain(int segment) { return "olx-in-" + segment; }

    private Script dhcpUp(LinuxHost h, SliceContext slice, NetworkPlan net) {
        int seg = net.segmentId();
        String leg = leg(seg);
        Ipv4Block subnet = Ipv4Block.parse(net.cidr());
        String gwCidr = LinuxNames.requireIpv4("gateway", net.gateway()) + "/" + subnet.prefix();
        Script s = Script.create();
        if (zone.dataPlane() == DataPlane.OVS)
            s.run("ovs-vsctl", "--may-exist", "add-port", "br-int", leg, "tag=" + seg, "--", "set", "interface", leg, "type=internal");
        s.run("ip", "link", "set", leg, "up")
         .raw("ip -4 addr show dev " + Script.quote(leg) + " | grep -q " + Script.quote(" " + gwCidr + " ") + " || ip addr add "
                 + Script.quote(gwCidr) + " dev " + Script.quote(leg))
         // Guests may ask the headnode for DHCP and ping their gateway; nothing else reaches the headnode or,
         // unless NAT is enabled for them, goes through it.
         .tolerate("iptables", "-N", inputChain(seg))
         .run("iptables", "-F", inputChain(seg))
         .run("iptables", "-A", inputChain(seg), "-p", "udp", "--dport", "67", "-j", "ACCEPT")
         .run("iptables", "-A", inputChain(seg), "-d", net.gateway(), "-p", "icmp", "-j", "ACCEPT")
         .run("iptables", "-A", inputChain(seg), "-j", "DROP")
         .unless(new String[]{"iptables", "-C", "INPUT", "-i", leg, "-j", inputChain(seg)}, "iptables", "-I", "INPUT", "-i", leg, "-j", inputChain(seg))
         .unless(new String[]{"iptables", "-C", "FORWARD", "-i", leg, "-j", "DROP"}, "iptables", "-A", "FORWARD", "-i", leg, "-j", "DROP")
         .unless(new String[]{"iptables", "-C", "FORWARD", "-o", leg, "-j", "DROP"}, "iptables", "-A", "FORWARD", "-o", leg, "-j", "DROP")
         .append(dnsmasqRestart(h, net));
        return s;
    }

    /** Starts the network's dnsmasq, stopping the one running first; its leases and host files carry over. */
    private Script dnsmasqRestart(LinuxHost h, NetworkPlan net) {
        int seg = net.segmentId();
        String leg = leg(seg), id = LinuxNames.dhcpId(seg);
        Ipv4Block subnet = Ipv4Block.parse(net.cidr());
        String dir = h.stateRoot() + "/dhcp", pidFile = dnsmasqPidFile(seg);
        Script s = Script.create()
         .run("mkdir", "-p", dir)
         // One restart at a time per network (VMs of a slice are removed in parallel), and the old
         // dnsmasq gone before the new one binds the interface's DHCP port.
         .raw("exec 9>" + Script.quote(dnsmasqLock(seg)) + " && flock 9")
         .raw(stopDnsmasq(pidFile));
        List<String> argv = new ArrayList<>(List.of("dnsmasq", "--conf-file=/dev/null", "--port=0", "--user=root", "--group=root",
                "--interface=" + leg, "--except-interface=lo", "--bind-interfaces",
                "--dhcp-range=set:" + id + "," + Ipv4Block.format(subnet.base()) + ",static," + subnet.netmask() + ",infinite",
                // Only VMs that asked for the internet learn a default route.
                "--dhcp-option=tag:!inet,option:router",
                // One file per NIC, written and removed with its VM; dnsmasq reads new files by itself.
                "--dhcp-hostsdir=" + hostsDir(h, seg),
                "--dhcp-leasefile=" + dir + "/" + id + ".leases", "--pid-file=" + pidFile,
                "--log-dhcp", "--log-facility=" + dhcpLog(h, seg)));
        s.run("mkdir", "-p", hostsDir(h, seg));
        // The daemon must not inherit the lock, or it would hold it for its whole life.
        s.raw(Script.command(argv.toArray(String[]::new)) + " 9>&-");
        return s;
    }

    private static String hostsDir(LinuxHost h, int segment) {
        return h.stateRoot() + "/dhcp/" + LinuxNames.dhcpId(segment) + ".hosts";
    }

    private static String dnsmasqLock(int segment) {
        return "/run/olimpus-dnsmasq-" + LinuxNames.dhcpId(segment) + ".lock";
    }

    /** Stops the dnsmasq of the pid file and waits (up to 5 s) until it is gone. */
    private static String stopDnsmasq(String pidFile) {
        return "if [ -s " + Script.quote(pidFile) + " ] && p=\"$(cat " + Script.quote(pidFile) + ")\" && kill -0 \"$p\" 2>/dev/null; then kill \"$p\"; "
                + "for i in $(seq 1 50); do kill -0 \"$p\" 2>/dev/null || break; sleep 0.1; done; fi";
    }

    private static String dnsmasqPidFile(int segment) {
        return "/run/olimpus-dnsmasq-" + LinuxNames.dhcpId(segment) + ".pid";
    }

    /*
     * Whether a guest has booted is judged by DHCP: every NIC acknowledged by dnsmasq since the VM was
     * last (re)started. Leases are infinite, so the lease file cannot tell a fresh boot from an old one;
     * dnsmasq's log can: we count its DHCPACK lines per NIC when the VM starts and wait for one more.
     */
    private static String dhcpLog(LinuxHost hn, int segment) {
        return hn.stateRoot() + "/dhcp/" + LinuxNames.dhcpId(segment) + ".log";
    }

    private static String bootBaselineDir(LinuxHost hn, int segment) {
        return hn.stateRoot() + "/dhcp/" + LinuxNames.dhcpId(segment) + ".boot";
    }

    private String ackLine(int segment, NicPlan nic) {
        return " DHCPACK(" + leg(segment) + ") " + LinuxNames.requireIpv4("address", nic.ip()) + " " + LinuxNames.requireMac(nic.mac());
    }

    private String countAcks(int segment, NicPlan nic) {
        return "grep -cF -- " + Script.quote(ackLine(segment, nic)) + " " + Script.quote(dhcpLog(zone.headnode(), segment)) + " 2>/dev/null || true";
    }

    /** Records, on the headnode, how many times each NIC of the VM was acknowledged before this start. */
    private Script markBootStart(SliceContext slice, VmPlan vm) {
        Script s = Script.create();
        for (NicPlan nic : vm.nics()) {
            int seg = slice.plan().network(nic.networkId()).orElseThrow().segmentId();
            String dir = bootBaselineDir(zone.headnode(), seg);
            s.run("mkdir", "-p", dir).raw("echo \"$(" + countAcks(seg, nic) + ")\" > " + Script.quote(dir + "/" + nic.mac().replace(":", "")));
        }
        return s;
    }

    /** The VM's static leases, one file per NIC in its network's hosts folder on the headnode. */
    private List<ResourceRef> writeLeases(SliceContext slice, VmPlan vm) {
        LinuxHost hn = zone.headnode();
        Script s = Script.create();
        List<ResourceRef> refs = new ArrayList<>();
        for (NicPlan nic : vm.nics()) {
            int seg = slice.plan().network(nic.networkId()).orElseThrow().segmentId();
            String file = LinuxNames.requireMac(nic.mac()).replace(":", "");
            ResourceRef ref = new ResourceRef(LEASE, seg + "-" + file, hn.id(), vm.vmId(), RANK_LEASE);
            mark(s, hn, slice, ref);
            boolean inet = vm.internet() && nic.index() == 0;
            s.write(hostsDir(hn, seg) + "/" + file, nic.mac() + (inet ? ",set:inet" : "") + "," + LinuxNames.requireIpv4("address", nic.ip())
                    + "," + io.olimpus.model.topology.Names.require("VM name", vm.name()) + ",infinite");
            refs.add(ref);
        }
        s.append(markBootStart(slice, vm));
        if (!s.isEmpty()) shell(hn).check(s);
        return refs;
    }

    // ---- VMs -------------------------------------------------------------------------------

    private static String vmDir(LinuxHost h, SliceContext s, VmPlan vm) {
        return h.stateRoot() + "/vms/" + LinuxNames.vmKey(s.sliceId(), vm.name());
    }

    @Override
    public void createVm(SliceContext slice, VmPlan vm, Consumer<ResourceRef> created) {
        LinuxHost h = zone.worker(vm.workerId());
        ImageSource.Image image = images.resolve(vm.image());
        String cache = ensureImage(h, image);
        String dir = vmDir(h, slice, vm), key = LinuxNames.vmKey(slice.sliceId(), vm.name());
        writeLeases(slice, vm).forEach(created);

        Script s = Script.create();
        List<ResourceRef> refs = new ArrayList<>();
        List<String> qemu = new ArrayList<>(List.of("qemu-system-x86_64", "-name", key,
                "-accel", h.kvm() ? "kvm" : "tcg,tb-size=16", "-m", String.valueOf(vm.resources().ramMb()),
                "-smp", String.valueOf(Math.max(1, vm.resources().vcpus())), "-nodefaults", "-no-user-config"));
        for (NicPlan nic : vm.nics()) {
            String tap = LinuxNames.tap(nic.mac());
            ResourceRef ref = new ResourceRef(TAP, tap, h.id(), vm.vmId(), RANK_TAP);
            mark(s, h, slice, ref);
            int seg = slice.plan().network(nic.networkId()).orElseThrow().segmentId();
            s.unless(new String[]{"ip", "link", "show", tap}, "ip", "tuntap", "add", "dev", tap, "mode", "tap");
            if (zone.dataPlane() == DataPlane.OVS) s.run("ovs-vsctl", "--may-exist", "add-port", "br-int", tap, "tag=" + seg);
            else s.run("ip", "link", "set", tap, "master", LinuxNames.bridge(seg));
            s.run("ip", "link", "set", tap, "up");
            refs.add(ref);
            qemu.addAll(List.of("-netdev", "tap,id=n" + nic.index() + ",ifname=" + tap + ",script=no,downscript=no",
                    "-device", "virtio-net-pci,netdev=n" + nic.index() + ",mac=" + nic.mac()));
        }
        ResourceRef vmRef = new ResourceRef(VM, key, h.id(), vm.vmId(), RANK_VM);
        mark(s, h, slice, vmRef);
        s.run("mkdir", "-p", dir);
        if (image.kind() == ImageSource.Kind.KERNEL) {
            qemu.addAll(List.of("-kernel", cache + "/kernel", "-initrd", cache + "/initrd",
                    "-append", "console=ttyS0 quiet olimpus.name=" + vm.name() + " olimpus.nics=" + vm.nics().size()));
        } else {
            s.unless(new String[]{"test", "-e", dir + "/disk.qcow2"}, "qemu-img", "create", "-q", "-f", "qcow2", "-F", image.diskFormat(),
                    "-b", cache + "/disk", dir + "/disk.qcow2", vm.resources().diskGb() + "G");
            qemu.addAll(List.of("-drive", "file=" + dir + "/disk.qcow2,if=virtio,format=qcow2"));
        }
        qemu.addAll(List.of("-chardev", "socket,id=ser0,path=" + dir + "/serial.sock,server=on,wait=off,logfile=" + dir + "/serial.log",
                "-serial", "chardev:ser0", "-monitor", "unix:" + dir + "/monitor.sock,server=on,wait=off",
                "-vga", "std", "-vnc", "unix:" + dir + "/vnc.sock", "-daemonize", "-pidfile", dir + "/qemu.pid"));
        // The launch line is kept on the worker so start after stop runs exactly the same VM.
        s.write(dir + "/launch.sh", Script.command(qemu.toArray(String[]::new)));
        s.append(startIfStopped(dir));
        shell(h).check(s);
        refs.forEach(created);
        created.accept(vmRef);
    }

    private static Script startIfStopped(String dir) {
        String pid = Script.quote(dir + "/qemu.pid");
        return Script.create()
                .run("rm", "-f", dir + "/stopped")
                .raw("if [ -s " + pid + " ] && kill -0 \"$(cat " + pid + ")\" 2>/dev/null; then :; else rm -f "
                        + Script.quote(dir + "/serial.sock") + " " + Script.quote(dir + "/monitor.sock") + " " + Script.quote(dir + "/vnc.sock")
                        + "; sh " + Script.quote(dir + "/launch.sh") + " 2> " + Script.quote(dir + "/qemu.err") + " || { cat "
                        + Script.quote(dir + "/qemu.err") + " >&2; exit 1; }; fi");
    }

    private static Script stopVm(String dir) {
        String pid = Script.quote(dir + "/qemu.pid"), mon = Script.quote(dir + "/monitor.sock");
        return Script.create().raw("if [ -s " + pid + " ]; then p=$(cat " + pid + "); if kill -0 \"$p\" 2>/dev/null; then "
                + "echo quit | socat -t 1 - UNIX-CONNECT:" + mon + " >/dev/null 2>&1 || true; "
                + "for i in $(seq 1 30); do kill -0 \"$p\" 2>/dev/null || break; sleep 0.1; done; "
                + "! kill -0 \"$p\" 2>/dev/null || kill -KILL \"$p\"; fi; rm -f " + pid + "; fi");
    }

    /** Copies each image file to the worker's cache once, verified by SHA-256; parallel VMs on a worker wait for one copy. */
    private String ensureImage(LinuxHost h, ImageSource.Image image) {
        String cache = h.stateRoot() + "/images/" + image.files().get(0).sha256();
        String key = h.id() + "/" + cache;
        if (imagesVerified.contains(key)) return cache;
        synchronized (imageLocks.computeIfAbsent(key, k -> new Object())) {
            if (imagesVerified.contains(key)) return cache;
            for (ImageSource.ImageFile f : image.files()) {
                String path = cache + "/" + f.role();
                Script check = Script.create().run("mkdir", "-p", cache)
                        .raw("[ -f " + Script.quote(path) + " ] && sha256sum " + Script.quote(path) + " | cut -c1-64 || echo missing");
                String have = shell(h).check(check).trim();
                if (have.equals(f.sha256())) continue;
                try (InputStream in = images.open(image.name(), f.role())) {
                    shell(h).upload(in, path);
                } catch (IOException e) {
                    throw new DriverException("cannot read image " + image.name() + ": " + e.getMessage(), e);
                }
                String after = shell(h).check(Script.create().raw("sha256sum " + Script.quote(path) + " | cut -c1-64")).trim();
                if (!after.equals(f.sha256())) {
                    shell(h).run(Script.create().run("rm", "-f", path));
                    throw new DriverException("image " + image.name() + " (" + f.role() + ") arrived corrupted on " + h.name());
                }
            }
            imagesVerified.add(key);
            return cache;
        }
    }

    @Override
    public void enableInternet(SliceContext slice, VmPlan vm, NetworkPlan via, Consumer<ResourceRef> created) {
        LinuxHost hn = zone.headnode();
        String ip = LinuxNames.requireIpv4("address", vm.nics().get(0).ip());
        ResourceRef ref = new ResourceRef(NAT, "nat-" + ip, hn.id(), vm.vmId(), RANK_NAT);
        Script s = Script.create();
        mark(s, hn, slice, ref);
        s.run("sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (String[] rule : natRules(leg(via.segmentId()), ip))
            s.unless(concat(new String[]{"iptables", "-t", rule[0], "-C"}, rule, 1), concat(new String[]{"iptables", "-t", rule[0], "-I"}, rule, 1));
        shell(hn).check(s);
        created.accept(ref);
    }

    private List<String[]> natRules(String leg, String ip) {
        String up = zone.uplinkInterface();
        return List.of(
                new String[]{"nat", "POSTROUTING", "-s", ip + "/32", "-o", up, "-j", "MASQUERADE"},
                new String[]{"filter", "FORWARD", "-i", leg, "-s", ip + "/32", "-o", up, "-j", "ACCEPT"},
                new String[]{"filter", "FORWARD", "-i", up, "-o", leg, "-d", ip + "/32", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"});
    }

    private static String[] concat(String[] head, String[] tail, int from) {
        String[] out = new String[head.length + tail.length - from];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, from, out, head.length, tail.length - from);
        return out;
    }

    // ---- delete, list, status, power -------------------------------------------------------

    @Override
    public void delete(SliceContext slice, ResourceRef ref) {
        LinuxHost h = host(ref.host());
        Script s = Script.create();
        switch (ref.kind()) {
            case VM -> {
                String dir = h.stateRoot() + "/vms/" + requireVmKey(ref.name());
                s.append(stopVm(dir)).run("rm", "-rf", dir);
            }
            case TAP -> {
                String tap = LinuxNames.requireInterface("tap", ref.name());
                if (zone.dataPlane() == DataPlane.OVS) s.run("ovs-vsctl", "--if-exists", "del-port", "br-int", tap);
                s.unless(new String[]{"sh", "-c", "! ip link show \"$0\"", tap}, "ip", "link", "del", tap);
            }
            case NAT -> {
                String ip = LinuxNames.requireIpv4("address", ref.name().substring("nat-".length()));
                // The leg is found from the plan when it is known; otherwise every rule for the address is removed.
                for (String leg : legsOf(slice))
                    for (String[] rule : natRules(leg, ip))
                        s.raw("while " + Script.command(concat(new String[]{"iptables", "-t", rule[0], "-C"}, rule, 1)) + " 2>/dev/null; do "
                                + Script.command(concat(new String[]{"iptables", "-t", rule[0], "-D"}, rule, 1)) + "; done");
            }
            case LEASE -> {
                int dash = ref.name().indexOf('-');
                int seg = segmentOf("seg" + ref.name().substring(0, Math.max(0, dash)), "seg");
                String file = ref.name().substring(dash + 1);
                if (!file.matches("[0-9a-f]{12}")) throw new DriverException("lease name '" + ref.name() + "' is not segment-mac");
                s.run("rm", "-f", hostsDir(h, seg) + "/" + file, bootBaselineDir(h, seg) + "/" + file);
                // dnsmasq reads new host files by itself but forgets removed ones only when told, and
                // 2.90 crashes on SIGHUP once a host file with a tag (set:inet) was removed: restart it instead.
                // A network that is going away has its dnsmasq stopped by its own delete.
                slice.plan().networks().stream().filter(n -> n.segmentId() == seg).findFirst()
                        .ifPresent(n -> s.append(dnsmasqRestart(h, n)));
            }
            case DHCP -> {
                int seg = segmentOf(ref.name(), "net");
                String id = LinuxNames.dhcpId(seg), leg = leg(seg), pidFile = dnsmasqPidFile(seg);
                s.raw("exec 9>" + Script.quote(dnsmasqLock(seg)) + " && flock 9")
                 .raw(stopDnsmasq(pidFile))
                 .run("rm", "-f", pidFile, dnsmasqLock(seg), h.stateRoot() + "/dhcp/" + id + ".leases", dhcpLog(h, seg))
                 .run("rm", "-rf", hostsDir(h, seg), bootBaselineDir(h, seg))
                 .raw("while iptables -C INPUT -i " + Script.quote(leg) + " -j " + Script.quote(inputChain(seg)) + " 2>/dev/null; do iptables -D INPUT -i "
                         + Script.quote(leg) + " -j " + Script.quote(inputChain(seg)) + "; done")
                 .raw("while iptables -C FORWARD -i " + Script.quote(leg) + " -j DROP 2>/dev/null; do iptables -D FORWARD -i " + Script.quote(leg) + " -j DROP; done")
                 .raw("while iptables -C FORWARD -o " + Script.quote(leg) + " -j DROP 2>/dev/null; do iptables -D FORWARD -o " + Script.quote(leg) + " -j DROP; done")
                 .tolerate("iptables", "-F", inputChain(seg))
                 .tolerate("iptables", "-X", inputChain(seg));
                if (zone.dataPlane() == DataPlane.OVS) s.run("ovs-vsctl", "--if-exists", "del-port", "br-int", leg);
                else s.tolerate("ip", "addr", "flush", "dev", leg);
            }
            case SEGMENT -> {
                int seg = segmentOf(ref.name(), "seg");
                if (zone.dataPlane() == DataPlane.OVS) {
                    s.tolerate("ovs-ofctl", "del-flows", "--strict", "br-tun", "table=1,priority=1,dl_vlan=" + seg)
                     .tolerate("ovs-ofctl", "del-flows", "--strict", "br-tun", "table=2,priority=1,tun_id=" + seg);
                } else {
                    s.tolerate("ip", "link", "del", LinuxNames.vxlan(seg)).tolerate("ip", "link", "del", LinuxNames.bridge(seg));
                }
            }
            default -> throw new DriverException("unknown resource kind " + ref.kind());
        }
        unmark(s, h, slice, ref);
        shell(h).check(s);
    }

    private List<String> legsOf(SliceContext slice) {
        Set<String> legs = new LinkedHashSet<>();
        for (NetworkPlan n : slice.plan().networks()) legs.add(leg(n.segmentId()));
        return List.copyOf(legs);
    }

    private static int segmentOf(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.substring(prefix.length()).matches("[0-9]{1,8}"))
            throw new DriverException("resource name '" + name + "' is not " + prefix + "<segment>");
        return Integer.parseInt(name.substring(prefix.length()));
    }

    private static String requireVmKey(String key) {
        int sep = key.indexOf("--");
        if (sep < 0) throw new DriverException("resource name '" + key + "' is not a VM key");
        return LinuxNames.vmKey(key.substring(0, sep), key.substring(sep + 2));
    }

    @Override
    public List<ResourceRef> list(SliceContext slice) {
        List<ResourceRef> out = new ArrayList<>();
        for (LinuxHost h : zone.allHosts()) {
            String dir = sliceDir(h, slice);
            String text = shell(h).check(Script.create().raw("cat " + Script.quote(dir) + "/* 2>/dev/null || true"));
            for (String line : text.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length != 4 || !f[3].matches("[0-9]{1,3}")) continue;
                out.add(new ResourceRef(f[0], f[1], h.id(), f[2], Integer.parseInt(f[3])));
            }
        }
        return out;
    }

    @Override
    public VmStatus status(SliceContext slice, VmPlan vm) {
        LinuxHost h = zone.worker(vm.workerId());
        String dir = vmDir(h, slice, vm), pid = Script.quote(dir + "/qemu.pid");
        String state = shell(h).check(Script.create().raw("if [ -s " + pid + " ] && kill -0 \"$(cat " + pid + ")\" 2>/dev/null; then echo alive; "
                + "elif [ -e " + Script.quote(dir + "/stopped") + " ]; then echo stopped; elif [ -d " + Script.quote(dir) + " ]; then echo dead; "
                + "tail -c 300 " + Script.quote(dir + "/qemu.err") + " 2>/dev/null || true; else echo absent; fi")).trim();
        if (state.startsWith("stopped")) return new VmStatus(VmState.STOPPED, null);
        if (state.startsWith("absent")) return new VmStatus(VmState.FAILED, "no QEMU state on " + h.name());
        if (state.startsWith("dead")) return new VmStatus(VmState.FAILED, "QEMU exited on " + h.name() + state.substring(4).strip().transform(t -> t.isEmpty() ? "" : ": " + t));
        if (vm.nics().isEmpty()) return new VmStatus(VmState.RUNNING, null);
        Script check = Script.create();
        for (NicPlan nic : vm.nics()) {
            int seg = slice.plan().network(nic.networkId()).orElseThrow().segmentId();
            String baseline = Script.quote(bootBaselineDir(zone.headnode(), seg) + "/" + nic.mac().replace(":", ""));
            check.raw("[ \"$(" + countAcks(seg, nic) + ")\" -gt \"$(cat " + baseline + " 2>/dev/null || echo 0)\" ]");
        }
        boolean leased = shell(zone.headnode()).run(check).ok();
        return new VmStatus(leased ? VmState.RUNNING : VmState.BOOTING, null);
    }

    @Override
    public void power(SliceContext slice, VmPlan vm, PowerAction action) {
        LinuxHost h = zone.worker(vm.workerId());
        String dir = vmDir(h, slice, vm);
        // A (re)started guest counts as booted only after DHCP acknowledges it again.
        if (action != PowerAction.STOP && !vm.nics().isEmpty()) shell(zone.headnode()).check(markBootStart(slice, vm));
        Script s = switch (action) {
            case STOP -> stopVm(dir).run("touch", dir + "/stopped");
            case START -> startIfStopped(dir);
            case REBOOT -> Script.create().raw("echo system_reset | socat -t 1 - UNIX-CONNECT:" + Script.quote(dir + "/monitor.sock") + " >/dev/null");
        };
        shell(h).check(s);
    }

    /**
     * The VM's VNC display, which QEMU serves only on a UNIX socket in the VM's folder: socat on the
     * worker joins that socket to an SSH channel, so no TCP port is ever opened for it.
     */
    @Override
    public Console console(SliceContext slice, VmPlan vm) {
        LinuxHost h = zone.worker(vm.workerId());
        String sock = vmDir(h, slice, vm) + "/vnc.sock";
        if (!shell(h).run(Script.create().run("test", "-S", sock)).ok())
            throw new DriverException("VM '" + vm.name() + "' has no console on " + h.name() + " (is it stopped?)");
        return ssh.stream(h.ssh(), Script.create().raw("exec " + Script.command("socat", "-", "UNIX-CONNECT:" + sock)));
    }
}
