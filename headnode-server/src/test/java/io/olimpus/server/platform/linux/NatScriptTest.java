package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.plan.DeploymentPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.olimpus.server.platform.linux.Fixture.LAN;
import static io.olimpus.server.platform.linux.Fixture.SLICE;
import static io.olimpus.server.platform.linux.Fixture.VM1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NAT's scripts on the headnode: the VM's first address masqueraded out of the uplink, on OVS and on bridges, and undone. */
class NatScriptTest {
    private static final String RULES = """
            iptables -t nat -C POSTROUTING -s 10.1.0.2/32 -o eth0 -j MASQUERADE >/dev/null 2>&1 || iptables -t nat -I POSTROUTING -s 10.1.0.2/32 -o eth0 -j MASQUERADE
            iptables -t filter -C FORWARD -i LEG -s 10.1.0.2/32 -o eth0 -j ACCEPT >/dev/null 2>&1 || iptables -t filter -I FORWARD -i LEG -s 10.1.0.2/32 -o eth0 -j ACCEPT
            iptables -t filter -C FORWARD -i eth0 -o LEG -d 10.1.0.2/32 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT >/dev/null 2>&1 || \
            iptables -t filter -I FORWARD -i eth0 -o LEG -d 10.1.0.2/32 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            """;
    private static final String REMOVAL = """
            while iptables -t nat -C POSTROUTING -s 10.1.0.2/32 -o eth0 -j MASQUERADE 2>/dev/null; do iptables -t nat -D POSTROUTING -s 10.1.0.2/32 -o eth0 -j MASQUERADE; done
            while iptables -t filter -C FORWARD -i LEG -s 10.1.0.2/32 -o eth0 -j ACCEPT 2>/dev/null; do iptables -t filter -D FORWARD -i LEG -s 10.1.0.2/32 -o eth0 -j ACCEPT; done
            while iptables -t filter -C FORWARD -i eth0 -o LEG -d 10.1.0.2/32 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT 2>/dev/null; do \
            iptables -t filter -D FORWARD -i eth0 -o LEG -d 10.1.0.2/32 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT; done
            """;
    private static final String UNMARK = """
            rm -f /var/lib/olimpus/slices/s42/linux.nat.nat-10.1.0.2
            rmdir /var/lib/olimpus/slices/s42 2>/dev/null || true
            echo olimpus-deleted linux.nat nat-10.1.0.2
            """;

    @Test
    void internetIsForwardingOnAndThreeRulesForTheVmsAddressThroughItsNetworksLeg() {
        for (DataPlane plane : DataPlane.values()) {
            RecordingHosts hosts = new RecordingHosts();
            List<ResourceRef> created = new ArrayList<>();
            Fixture.driver(plane, hosts).enableInternet(SLICE, VM1, LAN, created::add);
            assertThat(hosts.on("hn")).as("%s", plane).containsExactly("""
                    mkdir -p /var/lib/olimpus/slices/s42
                    printf '%s\\n' 'linux.nat nat-10.1.0.2 vm-1 45' > /var/lib/olimpus/slices/s42/linux.nat.nat-10.1.0.2
                    sysctl -qw net.ipv4.ip_forward=1
                    """ + RULES.replace("LEG", plane == DataPlane.OVS ? "dh101" : "brq101"));
            assertThat(created).containsExactly(new ResourceRef("linux.nat", "nat-10.1.0.2", "hn", "vm-1", 45));
        }
    }

    @Test
    void removalDeletesEveryCopyOfTheRulesOnEveryLegOfTheSlice() {
        ResourceRef nat = new ResourceRef("linux.nat", "nat-10.1.0.2", "hn", "vm-1", 45);
        RecordingHosts ovs = new RecordingHosts(), bridge = new RecordingHosts();
        Fixture.driver(DataPlane.OVS, ovs).delete(SLICE, nat);
        Fixture.driver(DataPlane.LINUX_BRIDGE, bridge).delete(SLICE, nat);
        assertThat(ovs.on("hn")).containsExactly(REMOVAL.replace("LEG", "dh101") + REMOVAL.replace("LEG", "dh102") + UNMARK);
        assertThat(bridge.on("hn")).containsExactly(REMOVAL.replace("LEG", "brq101") + REMOVAL.replace("LEG", "brq102") + UNMARK);

        // A slice whose plan is gone (a leftover) has no legs to look in: its address's rules go, on whatever leg;
        // the address is still the slice's (allocated to it, or, for a leftover, marked by no owned slice).
        RecordingHosts none = new RecordingHosts();
        Fixture.driver(DataPlane.OVS, none).delete(new SliceContext("s42", "demo", new DeploymentPlan("demo", "z", List.of(), List.of())), nat);
        assertThat(none.on("hn")).containsExactly("""
                while iptables -t nat -C POSTROUTING -s 10.1.0.2/32 -o eth0 -j MASQUERADE 2>/dev/null; do iptables -t nat -D POSTROUTING -s 10.1.0.2/32 -o eth0 -j MASQUERADE; done
                a=10.1.0.2/32
                iptables -S FORWARD | grep -F -e " -s $a " -e " -d $a " | sed 's/^-A /-D /' | while read -r rule; do set -f; set -- $rule; iptables "$@"; set +f; done
                """ + UNMARK);
    }

    @Test
    void aNatNameWhoseAddressIsNotAnAddressIsRefusedUnrun() {
        RecordingHosts hosts = new RecordingHosts();
        var driver = Fixture.driver(DataPlane.OVS, hosts);
        for (String name : List.of("nat-10.1.0.2;reboot", "nat-10.1.0.2/0", "nat-", "nat-$(id)"))
            assertThatThrownBy(() -> driver.delete(SLICE, new ResourceRef("linux.nat", name, "hn", "vm-1", 45))).isInstanceOf(IllegalArgumentException.class);
        assertThat(hosts.sent()).isEmpty();
    }
}
