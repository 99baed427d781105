package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.plan.NetworkPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.olimpus.server.platform.linux.Fixture.LAN;
import static io.olimpus.server.platform.linux.Fixture.P2P;
import static io.olimpus.server.platform.linux.Fixture.SLICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data plane's scripts: a network's segment on every host it spans, made and removed, on OVS and on Linux bridges. */
class FabricScriptTest {
    private static final String MARK_SEG101 = """
            mkdir -p /var/lib/olimpus/slices/s42
            printf '%s\\n' 'linux.segment seg101 net-a 10' > /var/lib/olimpus/slices/s42/linux.segment.seg101
            """;
    private static final String UNMARK_SEG101 = """
            rm -f /var/lib/olimpus/slices/s42/linux.segment.seg101
            rmdir /var/lib/olimpus/slices/s42 2>/dev/null || true
            echo olimpus-deleted linux.segment seg101
            """;

    /** Network 101 on worker1 (198.18.0.11), with worker2 and the headnode as peers, on Linux bridges. */
    private static final String BRIDGE_SEG101_ON_W1 = """
                ip link show brq101 >/dev/null 2>&1 || ip link add brq101 type bridge stp_state 0 forward_delay 0
                ip link show vx101 >/dev/null 2>&1 || ip link add vx101 type vxlan id 101 local 198.18.0.11 dstport 4789 nolearning noudpcsum
                ip link set vx101 master brq101
                ip link set vx101 up
                ip link set brq101 up
                bridge fdb show dev vx101 | grep -q '^00:00:00:00:00:00 dst 198.18.0.12 ' >/dev/null 2>&1 || bridge fdb append 00:00:00:00:00:00 dev vx101 dst 198.18.0.12
                bridge fdb show dev vx101 | grep -q '^00:00:00:00:00:00 dst 198.18.0.10 ' >/dev/null 2>&1 || bridge fdb append 00:00:00:00:00:00 dev vx101 dst 198.18.0.10
                """;

    @Test
    void bridgeSegmentIsABridgeAndAVxlanDeviceFloodingToEveryPeer() {
        RecordingHosts hosts = new RecordingHosts();
        List<ResourceRef> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).createNetwork(SLICE, LAN, created::add);

        assertThat(hosts.on("w1")).containsExactly(MARK_SEG101 + BRIDGE_SEG101_ON_W1);
        // The headnode's segment comes first in its script, then its DHCP (DnsmasqScriptTest).
        assertThat(hosts.on("hn")).singleElement().asString()
                .startsWith(MARK_SEG101 + "ip link show brq101 >/dev/null 2>&1 || ip link add brq101 type bridge stp_state 0 forward_delay 0\n")
                .contains("ip link add vx101 type vxlan id 101 local 198.18.0.10 ")
                .contains("dst 198.18.0.11\n", "dst 198.18.0.12\n");
        // The hosts at once, one script each; each host's resources reported right after it said yes, in its script's order.
        assertThat(hosts.sent()).extracting(RecordingHosts.Sent::host).containsExactlyInAnyOrder("w1", "w2", "hn");
        assertThat(created).extracting(r -> r.kind() + " " + r.name() + "@" + r.host() + " " + r.teardownRank())
                .containsExactlyInAnyOrder("linux.segment seg101@w1 10", "linux.segment seg101@w2 10", "linux.segment seg101@hn 10", "linux.dhcp net101@hn 20")
                .containsSubsequence("linux.segment seg101@hn 10", "linux.dhcp net101@hn 20");
    }

    @Test
    void aPhasesNetworksGoInOneScriptPerHostWhateverTheirNumber() {
        RecordingHosts hosts = new RecordingHosts();
        var driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        List<ResourceRef> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThat(driver.networkGroups(List.of(LAN, P2P))).containsExactly(List.of(LAN, P2P));
        driver.createNetworks(SLICE, List.of(LAN, P2P), created::add);

        for (String host : List.of("w1", "w2", "hn"))
            assertThat(hosts.on(host)).singleElement().asString().contains("ip link add brq101 type bridge", "ip link add brq102 type bridge");
        // The headnode's script serves both networks: each one's segment, then its leg's address and its dnsmasq.
        assertThat(hosts.on("hn").get(0)).containsSubsequence("linux.segment.seg101", "linux.dhcp.net101", "ip addr add 10.1.0.1/24 dev brq101",
                "--interface=brq101", "linux.segment.seg102", "linux.dhcp.net102", "ip addr add 10.1.1.1/24 dev brq102", "--interface=brq102");
        assertThat(created).extracting(r -> r.kind() + " " + r.name() + "@" + r.host()).containsExactlyInAnyOrder(
                "linux.segment seg101@w1", "linux.segment seg102@w1", "linux.segment seg101@w2", "linux.segment seg102@w2",
                "linux.segment seg101@hn", "linux.dhcp net101@hn", "linux.segment seg102@hn", "linux.dhcp net102@hn");
    }

    @Test
    void aHostWhoseScriptFailsReportsNothingButItsMarkersListWhatItMadeAndTheOtherHostsReport() {
        RecordingHosts hosts = new RecordingHosts().fail("hn", "ip link add brq102", "RTNETLINK answers: No space left on device");
        var driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        List<ResourceRef> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> driver.createNetworks(SLICE, List.of(LAN, P2P), created::add))
                .hasMessageContaining("No space left on device");
        assertThat(created).extracting(ResourceRef::host).containsOnly("w1", "w2").hasSize(4);
        // What the headnode's script marked before it failed is listed, so a rollback removes it.
        assertThat(driver.list(SLICE)).extracting(r -> r.kind() + " " + r.name() + "@" + r.host())
                .contains("linux.segment seg101@hn", "linux.dhcp net101@hn", "linux.segment seg102@hn");
    }

    @Test
    void ovsSegmentEnsuresTheSharedBridgesAndTunnelsAndAddsTheNetworksTwoFlows() {
        RecordingHosts hosts = new RecordingHosts();
        Fixture.driver(DataPlane.OVS, hosts).createNetwork(SLICE, LAN, r -> {});

        assertThat(hosts.on("w1")).containsExactly(MARK_SEG101 + Fixture.ovsOrBridges("""
                ovs-vsctl --may-exist add-br br-int -- set bridge br-int datapath_type=netdev
                ovs-vsctl --may-exist add-br br-tun -- set bridge br-tun datapath_type=netdev -- set-fail-mode br-tun secure
                ovs-vsctl --may-exist add-port br-int patch-tun -- set interface patch-tun type=patch options:peer=patch-int
                ovs-vsctl --may-exist add-port br-tun patch-int -- set interface patch-int type=patch options:peer=patch-tun
                ovs-ofctl add-flow br-tun 'table=0,priority=1,in_port=patch-int,actions=resubmit(,1)'
                ovs-ofctl add-flow br-tun table=0,priority=0,actions=drop
                ovs-vsctl --may-exist add-port br-tun vxtc612000c -- set interface vxtc612000c type=vxlan options:remote_ip=198.18.0.12 options:local_ip=198.18.0.11 options:key=flow options:dst_port=4789
                ovs-ofctl add-flow br-tun 'table=0,priority=1,in_port=vxtc612000c,actions=resubmit(,2)'
                ovs-vsctl --may-exist add-port br-tun vxtc612000a -- set interface vxtc612000a type=vxlan options:remote_ip=198.18.0.10 options:local_ip=198.18.0.11 options:key=flow options:dst_port=4789
                ovs-ofctl add-flow br-tun 'table=0,priority=1,in_port=vxtc612000a,actions=resubmit(,2)'
                ovs-ofctl add-flow br-tun table=1,priority=1,dl_vlan=101,actions=strip_vlan,set_tunnel:101,output:vxtc612000c,output:vxtc612000a
                ovs-ofctl add-flow br-tun table=2,priority=1,tun_id=101,actions=mod_vlan_vid:101,output:patch-int
                """, BRIDGE_SEG101_ON_W1));
        assertThat(hosts.on("hn")).singleElement().asString()
                .contains("options:remote_ip=198.18.0.11 options:local_ip=198.18.0.10 ")
                .contains("table=1,priority=1,dl_vlan=101,actions=strip_vlan,set_tunnel:101,output:vxtc612000b,output:vxtc612000c\n");
    }

    @Test
    void tunnelPortsAreNamedByThePeersAddressSoEveryHostNamesThemAlike() {
        assertThat(OvsFabric.tunnelPort("198.18.0.12")).isEqualTo("vxtc612000c");
        assertThatThrownBy(() -> OvsFabric.tunnelPort("198.18.0.12; reboot")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOvsSegmentThatCannotBeAVlanTagIsRefusedBeforeAnyHostIsTouched() {
        RecordingHosts hosts = new RecordingHosts();
        NetworkPlan wide = new NetworkPlan("net-w", "wide", 5000, "10.9.0.0/24", "10.9.0.1", List.of("w1"));
        assertThatThrownBy(() -> Fixture.driver(DataPlane.OVS, hosts).createNetwork(SLICE, wide, r -> {}))
                .isInstanceOf(DriverException.class).hasMessageContaining("1-4094");
        assertThat(hosts.sent()).isEmpty();
    }

    @Test
    void bridgeSegmentDeleteRemovesTheVxlanDeviceThenTheBridgeThenItsMarker() {
        RecordingHosts hosts = new RecordingHosts();
        Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).delete(SLICE, new ResourceRef("linux.segment", "seg101", "w1", "net-a", 10));
        assertThat(hosts.on("w1")).containsExactly("""
                ip link del vx101 2>/dev/null || true
                ip link del brq101 2>/dev/null || true
                """ + UNMARK_SEG101);
    }

    @Test
    void ovsSegmentDeleteRemovesOnlyTheNetworksFlows() {
        RecordingHosts hosts = new RecordingHosts();
        Fixture.driver(DataPlane.OVS, hosts).delete(SLICE, new ResourceRef("linux.segment", "seg101", "hn", "net-a", 10));
        assertThat(hosts.on("hn")).containsExactly(Fixture.ovsOrBridges("""
                ovs-ofctl del-flows --strict br-tun table=1,priority=1,dl_vlan=101 2>/dev/null || true
                ovs-ofctl del-flows --strict br-tun table=2,priority=1,tun_id=101 2>/dev/null || true
                """, """
                ip link del vx101 2>/dev/null || true
                ip link del brq101 2>/dev/null || true
                """) + UNMARK_SEG101);
    }

    @Test
    void aSegmentNameThatIsNotSegAndANumberIsRefusedUnrun() {
        RecordingHosts hosts = new RecordingHosts();
        var driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        for (String name : List.of("seg1;reboot", "seg$(id)", "brq101", "seg"))
            assertThatThrownBy(() -> driver.delete(SLICE, new ResourceRef("linux.segment", name, "w1", "net-a", 10)))
                    .isInstanceOf(DriverException.class).hasMessageContaining("is not seg<segment>");
        assertThatThrownBy(() -> driver.delete(SLICE, new ResourceRef("linux.router", "r1", "w1", "net-a", 10)))
                .isInstanceOf(DriverException.class).hasMessage("unknown resource kind linux.router");
        assertThat(hosts.sent()).isEmpty();
    }
}
