package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.plan.DeploymentPlan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.olimpus.server.platform.linux.Fixture.LAN;
import static io.olimpus.server.platform.linux.Fixture.SLICE;
import static io.olimpus.server.platform.linux.Fixture.VM1;
import static io.olimpus.server.platform.linux.Fixture.VM2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DHCP's scripts on the headnode: a network's dnsmasq and firewall, a VM's leases, and boot detection, on OVS and on bridges. */
class DnsmasqScriptTest {
    private static final String DHCP_UP_AFTER_LEG = """
            iptables -N olx-in-101 2>/dev/null || true
            iptables -F olx-in-101
            iptables -A olx-in-101 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            iptables -A olx-in-101 -p udp --dport 67 -j ACCEPT
            iptables -A olx-in-101 -d 10.1.0.1 -p icmp -j ACCEPT
            iptables -A olx-in-101 -j DROP
            iptables -C INPUT -i LEG -j olx-in-101 >/dev/null 2>&1 || iptables -I INPUT -i LEG -j olx-in-101
            iptables -C FORWARD -i LEG -j DROP >/dev/null 2>&1 || iptables -A FORWARD -i LEG -j DROP
            iptables -C FORWARD -o LEG -j DROP >/dev/null 2>&1 || iptables -A FORWARD -o LEG -j DROP
            """;
    private static final String RESTART = """
            mkdir -p /var/lib/olimpus/dhcp
            exec 9>/run/olimpus-dnsmasq-net101.lock && flock 9
            pid=/run/olimpus-dnsmasq-net101.pid
            if [ -s "$pid" ] && p="$(cat "$pid")" && kill -0 "$p" 2>/dev/null; then kill "$p"; for i in $(seq 1 250); do kill -0 "$p" 2>/dev/null || break; sleep 0.02; done; fi
            mkdir -p /var/lib/olimpus/dhcp/net101.hosts
            dnsmasq --conf-file=/dev/null --port=0 --user=root --group=root --interface=LEG --except-interface=lo --bind-interfaces \
            --dhcp-range=set:net101,10.1.0.0,static,255.255.255.0,infinite '--dhcp-option=tag:!inet,option:router' \
            --dhcp-hostsdir=/var/lib/olimpus/dhcp/net101.hosts --dhcp-leasefile=/var/lib/olimpus/dhcp/net101.leases \
            --pid-file=/run/olimpus-dnsmasq-net101.pid --log-dhcp --log-facility=/var/lib/olimpus/dhcp/net101.log 9>&-
            """;
    private static final String DHCP_DOWN = """
            exec 9>/run/olimpus-dnsmasq-net101.lock && flock 9
            pid=/run/olimpus-dnsmasq-net101.pid
            if [ -s "$pid" ] && p="$(cat "$pid")" && kill -0 "$p" 2>/dev/null; then kill "$p"; for i in $(seq 1 250); do kill -0 "$p" 2>/dev/null || break; sleep 0.02; done; fi
            rm -f /run/olimpus-dnsmasq-net101.pid /run/olimpus-dnsmasq-net101.lock /var/lib/olimpus/dhcp/net101.leases /var/lib/olimpus/dhcp/net101.log
            rm -rf /var/lib/olimpus/dhcp/net101.hosts /var/lib/olimpus/dhcp/net101.boot
            while iptables -D INPUT -i LEG -j olx-in-101 2>/dev/null; do :; done
            while iptables -D FORWARD -i LEG -j DROP 2>/dev/null; do :; done
            while iptables -D FORWARD -o LEG -j DROP 2>/dev/null; do :; done
            iptables -F olx-in-101 2>/dev/null || true
            iptables -X olx-in-101 2>/dev/null || true
            """;
    private static final String UNMARK_DHCP = """
            rm -f /var/lib/olimpus/slices/s42/linux.dhcp.net101
            rmdir /var/lib/olimpus/slices/s42 2>/dev/null || true
            echo olimpus-deleted linux.dhcp net101
            """;

    private static String dhcpPart(String headnodeScript) {
        return headnodeScript.substring(headnodeScript.indexOf("printf '%s\\n' 'linux.dhcp"));
    }

    @Test
    void onBridgesTheBridgeIsTheLegThatGetsTheGatewayAddressAndDnsmasq() {
        RecordingHosts hosts = new RecordingHosts();
        Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).createNetwork(SLICE, LAN, r -> {});
        assertThat(dhcpPart(hosts.on("hn").get(0))).isEqualTo("""
                printf '%s\\n' 'linux.dhcp net101 net-a 20' > /var/lib/olimpus/slices/s42/linux.dhcp.net101
                ip link set brq101 up
                ip -4 addr show dev brq101 | grep -q ' 10.1.0.1/24 ' >/dev/null 2>&1 || ip addr add 10.1.0.1/24 dev brq101
                """ + (DHCP_UP_AFTER_LEG + RESTART).replace("LEG", "brq101"));
    }

    @Test
    void onOvsTheLegIsAnInternalPortTaggedWithTheNetworksVlan() {
        RecordingHosts hosts = new RecordingHosts();
        Fixture.driver(DataPlane.OVS, hosts).createNetwork(SLICE, LAN, r -> {});
        assertThat(dhcpPart(hosts.on("hn").get(0))).isEqualTo("""
                printf '%s\\n' 'linux.dhcp net101 net-a 20' > /var/lib/olimpus/slices/s42/linux.dhcp.net101
                ovs-vsctl --may-exist add-port br-int dh101 tag=101 -- set interface dh101 type=internal
                ip link set dh101 up
                ip -4 addr show dev dh101 | grep -q ' 10.1.0.1/24 ' >/dev/null 2>&1 || ip addr add 10.1.0.1/24 dev dh101
                """ + (DHCP_UP_AFTER_LEG + RESTART).replace("LEG", "dh101"));
        assertThat(hosts.on("w1").get(0)).doesNotContain("dnsmasq", "dh101");
    }

    @Test
    void dhcpDeleteStopsDnsmasqUnderItsLockAndUndoesTheFirewallThenTheLeg() {
        ResourceRef dhcp = new ResourceRef("linux.dhcp", "net101", "hn", "net-a", 20);
        RecordingHosts bridge = new RecordingHosts(), ovs = new RecordingHosts();
        Fixture.driver(DataPlane.LINUX_BRIDGE, bridge).delete(SLICE, dhcp);
        Fixture.driver(DataPlane.OVS, ovs).delete(SLICE, dhcp);
        assertThat(bridge.on("hn")).containsExactly(DHCP_DOWN.replace("LEG", "brq101") + "ip addr flush dev brq101 2>/dev/null || true\n" + UNMARK_DHCP);
        assertThat(ovs.on("hn")).containsExactly(DHCP_DOWN.replace("LEG", "dh101") + "ovs-vsctl --if-exists del-port br-int dh101\n" + UNMARK_DHCP);
    }

    @Test
    void aVmsLeasesAreOneQuotedHostFilePerNicAndItsBootBaselineIsTakenBeforeItStarts() {
        RecordingHosts hosts = Fixture.hostsWithImages();
        List<ResourceRef> created = new java.util.ArrayList<>();
        Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).createVm(SLICE, VM1, created::add);
        assertThat(hosts.on("hn")).containsExactly("""
                mkdir -p /var/lib/olimpus/slices/s42
                printf '%s\\n' 'linux.lease 101-52540000000a vm-1 35' > /var/lib/olimpus/slices/s42/linux.lease.101-52540000000a
                printf '%s\\n' 52:54:00:00:00:0a,set:inet,10.1.0.2,vm1,infinite > /var/lib/olimpus/dhcp/net101.hosts/52540000000a
                mkdir -p /var/lib/olimpus/slices/s42
                printf '%s\\n' 'linux.lease 102-52540000010a vm-1 35' > /var/lib/olimpus/slices/s42/linux.lease.102-52540000010a
                printf '%s\\n' 52:54:00:00:01:0a,10.1.1.2,vm1,infinite > /var/lib/olimpus/dhcp/net102.hosts/52540000010a
                mkdir -p /var/lib/olimpus/dhcp/net101.boot
                ack=' DHCPACK(brq101) 10.1.0.2 52:54:00:00:00:0a' log=/var/lib/olimpus/dhcp/net101.log baseline=/var/lib/olimpus/dhcp/net101.boot/52540000000a
                echo "$(grep -cF -- "$ack" "$log" 2>/dev/null || true)" > "$baseline"
                mkdir -p /var/lib/olimpus/dhcp/net102.boot
                ack=' DHCPACK(brq102) 10.1.1.2 52:54:00:00:01:0a' log=/var/lib/olimpus/dhcp/net102.log baseline=/var/lib/olimpus/dhcp/net102.boot/52540000010a
                echo "$(grep -cF -- "$ack" "$log" 2>/dev/null || true)" > "$baseline"
                """);
        // Leases are reported before the worker is asked for anything more.
        assertThat(created.subList(0, 2)).extracting(ResourceRef::name).containsExactly("101-52540000000a", "102-52540000010a");
    }

    @Test
    void onOvsTheAcknowledgementsCountedAreTheLegsOwn() {
        RecordingHosts hosts = Fixture.hostsWithImages();
        Fixture.driver(DataPlane.OVS, hosts).createVm(SLICE, VM2, r -> {});
        assertThat(hosts.on("hn").get(0)).contains("ack=' DHCPACK(dh101) 10.1.0.3 52:54:00:00:00:0b' ");
    }

    @Test
    void aLeaseDeleteRemovesItsFilesAndRestartsDnsmasqUnlessItsNetworkIsGoing() {
        ResourceRef lease = new ResourceRef("linux.lease", "101-52540000000b", "hn", "vm-2", 35);
        String files = "rm -f /var/lib/olimpus/dhcp/net101.hosts/52540000000b /var/lib/olimpus/dhcp/net101.boot/52540000000b\n";
        String unmark = """
                rm -f /var/lib/olimpus/slices/s42/linux.lease.101-52540000000b
                rmdir /var/lib/olimpus/slices/s42 2>/dev/null || true
                echo olimpus-deleted linux.lease 101-52540000000b
                """;
        RecordingHosts bridge = new RecordingHosts(), ovs = new RecordingHosts();
        Fixture.driver(DataPlane.LINUX_BRIDGE, bridge).delete(SLICE, lease);
        Fixture.driver(DataPlane.OVS, ovs).delete(SLICE, lease);
        assertThat(bridge.on("hn")).containsExactly(files + RESTART.replace("LEG", "brq101") + unmark);
        assertThat(ovs.on("hn")).containsExactly(files + RESTART.replace("LEG", "dh101") + unmark);

        RecordingHosts going = new RecordingHosts();
        SliceContext without = new SliceContext("s42", "demo", new DeploymentPlan("demo", "z", List.of(), List.of()));
        Fixture.driver(DataPlane.LINUX_BRIDGE, going).delete(without, lease);
        assertThat(going.on("hn")).containsExactly(files + unmark);
    }

    @Test
    void leaseAndDhcpNamesThatAreNotTheDriversOwnAreRefusedUnrun() {
        RecordingHosts hosts = new RecordingHosts();
        var driver = Fixture.driver(DataPlane.LINUX_BRIDGE, hosts);
        for (String name : List.of("101-52540000000b;reboot", "101-../../etc", "x-52540000000b", "101"))
            assertThatThrownBy(() -> driver.delete(SLICE, new ResourceRef("linux.lease", name, "hn", "vm-2", 35))).isInstanceOf(DriverException.class);
        assertThatThrownBy(() -> driver.delete(SLICE, new ResourceRef("linux.dhcp", "net101 -o", "hn", "net-a", 20))).isInstanceOf(DriverException.class);
        assertThat(hosts.sent()).isEmpty();
    }

    @Test
    void aRunningQemuIsRunningOnlyOnceEveryNicWasAcknowledgedSinceItStarted() {
        RecordingHosts booting = new RecordingHosts().answer("w1", "echo alive", "== /var/lib/olimpus/vms/s42--vm1\nalive\n").fail("hn", "DHCPACK", "");
        assertThat(Fixture.driver(DataPlane.LINUX_BRIDGE, booting).status(SLICE, VM1).state()).isEqualTo(VmState.BOOTING);
        // The check runs in a subshell of the headnode's round (LeaseWatch), which prints the VM's folder when it succeeds.
        assertThat(booting.on("hn")).containsExactly("""
                (
                ack=' DHCPACK(brq101) 10.1.0.2 52:54:00:00:00:0a' log=/var/lib/olimpus/dhcp/net101.log baseline=/var/lib/olimpus/dhcp/net101.boot/52540000000a
                [ "$(grep -cF -- "$ack" "$log" 2>/dev/null || true)" -gt "$(cat "$baseline" 2>/dev/null || echo 0)" ]
                ack=' DHCPACK(brq102) 10.1.1.2 52:54:00:00:01:0a' log=/var/lib/olimpus/dhcp/net102.log baseline=/var/lib/olimpus/dhcp/net102.boot/52540000010a
                [ "$(grep -cF -- "$ack" "$log" 2>/dev/null || true)" -gt "$(cat "$baseline" 2>/dev/null || echo 0)" ]
                ) & if wait "$!"; then echo leased /var/lib/olimpus/vms/s42--vm1; fi
                """);
        RecordingHosts up = new RecordingHosts().answer("w1", "echo alive", "== /var/lib/olimpus/vms/s42--vm1\nalive\n");
        assertThat(Fixture.driver(DataPlane.OVS, up).status(SLICE, VM1).state()).isEqualTo(VmState.RUNNING);
        assertThat(up.on("hn").get(0)).contains("DHCPACK(dh101)", "DHCPACK(dh102)");
    }

    @Test
    void aStartOrRebootTakesANewBaselineFirstAndAStopDoesNot() {
        for (PowerAction action : PowerAction.values()) {
            RecordingHosts hosts = new RecordingHosts();
            Fixture.driver(DataPlane.LINUX_BRIDGE, hosts).power(SLICE, VM1, action);
            assertThat(hosts.sent()).extracting(RecordingHosts.Sent::host)
                    .as("%s", action).containsExactlyElementsOf(action == PowerAction.STOP ? List.of("w1") : List.of("hn", "w1"));
            if (action != PowerAction.STOP) assertThat(hosts.on("hn").get(0)).contains("> \"$baseline\"").doesNotContain("linux.lease");
        }
    }
}
