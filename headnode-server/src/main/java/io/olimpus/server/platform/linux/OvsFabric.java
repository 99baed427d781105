package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.List;

/**
 * Open vSwitch: VM ports tagged with the network's VLAN on br-int, VXLAN between hosts on br-tun
 * (what course clusters run). br-int, br-tun and the tunnels to peers are shared by all slices
 * and only ensured; a network's own parts are its two flows and, on the headnode, its leg (an
 * internal port).
 * <p>
 * A worker without Open vSwitch (no {@code ovs-vsctl}) still serves the zone: there the same
 * scripts build the network as {@link BridgeFabric} does, a Linux bridge and a kernel VXLAN device
 * with the network's segment id as VNI, which the OVS hosts' tunnels (same VNI, same UDP port)
 * reach like any other peer. The host decides when the script runs, so no host setting or extra
 * round trip is needed. The headnode's leg is an OVS internal port: the headnode runs OVS.
 */
final class OvsFabric implements Fabric {
    /** A constant test, run by the host: whether it has Open vSwitch's client. */
    static final String HAS_OVS = "command -v ovs-vsctl >/dev/null 2>&1";
    private final BridgeFabric withoutOvs = new BridgeFabric();

    @Override
    public Script createSegment(LinuxHost host, int segment, List<String> peerAddresses) {
        return Script.create().either(HAS_OVS, ovsSegment(host, segment, peerAddresses), withoutOvs.createSegment(host, segment, peerAddresses));
    }

    private Script ovsSegment(LinuxHost host, int segment, List<String> peerAddresses) {
        String vlan = vlan(segment);
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
                    "options:remote_ip=" + peer, "options:local_ip=" + host.dataAddress(), "options:key=flow", "options:dst_port=4789");
            s.run("ovs-ofctl", "add-flow", "br-tun", "table=0,priority=1,in_port=" + port + ",actions=resubmit(,2)");
            outputs.append(",output:").append(port);
        }
        s.run("ovs-ofctl", "add-flow", "br-tun", "table=1,priority=1,dl_vlan=" + vlan + ",actions=strip_vlan,set_tunnel:" + segment + outputs);
        s.run("ovs-ofctl", "add-flow", "br-tun", "table=2,priority=1,tun_id=" + segment + ",actions=mod_vlan_vid:" + vlan + ",output:patch-int");
        return s;
    }

    @Override
    public Script deleteSegment(int segment) {
        return Script.create().either(HAS_OVS, Script.create()
                .tolerate("ovs-ofctl", "del-flows", "--strict", "br-tun", "table=1,priority=1,dl_vlan=" + segment)
                .tolerate("ovs-ofctl", "del-flows", "--strict", "br-tun", "table=2,priority=1,tun_id=" + segment),
                withoutOvs.deleteSegment(segment));
    }

    @Override
    public String leg(int segment) { return LinuxNames.ovsLeg(segment); }

    @Override
    public Script addLeg(int segment) {
        String leg = leg(segment);
        return Script.create().run("ovs-vsctl", "--may-exist", "add-port", "br-int", leg, "tag=" + segment, "--", "set", "interface", leg, "type=internal");
    }

    /** The internal port and its address go together. */
    @Override
    public Script removeLeg(int segment) { return Script.create().run("ovs-vsctl", "--if-exists", "del-port", "br-int", leg(segment)); }

    @Override
    public Script plugTap(String tap, int segment) {
        return Script.create().either(HAS_OVS, Script.create().run("ovs-vsctl", "--may-exist", "add-port", "br-int", tap, "tag=" + segment),
                withoutOvs.plugTap(tap, segment));
    }

    @Override
    public Script unplugTap(String tap) {
        return Script.create().either(HAS_OVS, Script.create().run("ovs-vsctl", "--if-exists", "del-port", "br-int", tap), withoutOvs.unplugTap(tap));
    }

    private static String vlan(int segment) {
        if (segment > 4094) throw new DriverException("segment " + segment + " cannot be a VLAN tag: an OVS zone must use segment ids 1-4094");
        return String.valueOf(segment);
    }

    /** One VXLAN port per peer host, named by the peer's address so every host names it alike. */
    static String tunnelPort(String peerAddress) {
        long a = Ipv4Block.parseAddress(LinuxNames.requireIpv4("peer", peerAddress));
        return String.format("vxt%08x", a);
    }
}
