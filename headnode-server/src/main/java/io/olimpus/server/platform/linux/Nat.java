package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Internet for a VM that asked for it: the headnode masquerades the VM's first address out of
 * its uplink and forwards the replies back, for that address only.
 */
final class Nat implements ResourceOwner {
    private static final String PREFIX = "nat-";
    private final LinuxHost headnode;
    private final Fabric fabric;
    private final String uplink;

    Nat(LinuxHost headnode, Fabric fabric, String uplinkInterface) {
        this.headnode = headnode;
        this.fabric = fabric;
        this.uplink = uplinkInterface;
    }

    @Override
    public Map<LinuxResource, Remover> removers() {
        return Map.of(LinuxResource.NAT, this::disable);
    }

    Creation enable(VmPlan vm, NetworkPlan via) {
        String ip = LinuxNames.requireIpv4("address", vm.nics().get(0).ip());
        Script s = Script.create().run("sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (Rule rule : rules(fabric.leg(via.segmentId()), ip)) s.unless(rule.with("-C"), rule.with("-I"));
        return new Creation(LinuxResource.NAT.ref(PREFIX + ip, headnode, vm.vmId()), s);
    }

    private Script disable(SliceContext slice, LinuxHost host, ResourceRef ref) {
        String ip = LinuxNames.requireIpv4("address", ref.name().substring(PREFIX.length()));
        Script s = Script.create();
        // The leg is found from the plan when it is known; otherwise every rule for the address is removed.
        for (String leg : legsOf(slice))
            for (Rule rule : rules(leg, ip)) s.whileSucceeds(rule.with("-C"), rule.with("-D"));
        return s;
    }

    private List<String> legsOf(SliceContext slice) {
        Set<String> legs = new LinkedHashSet<>();
        for (NetworkPlan n : slice.plan().networks()) legs.add(fabric.leg(n.segmentId()));
        return List.copyOf(legs);
    }

    /** An iptables rule: its table, chain and match, checked (-C), inserted (-I) or deleted (-D) alike. */
    private record Rule(String table, String chain, List<String> spec) {
        String[] with(String op) {
            List<String> argv = new java.util.ArrayList<>(List.of("iptables", "-t", table, op, chain));
            argv.addAll(spec);
            return argv.toArray(String[]::new);
        }
    }

    private List<Rule> rules(String leg, String ip) {
        return List.of(
                new Rule("nat", "POSTROUTING", List.of("-s", ip + "/32", "-o", uplink, "-j", "MASQUERADE")),
                new Rule("filter", "FORWARD", List.of("-i", leg, "-s", ip + "/32", "-o", uplink, "-j", "ACCEPT")),
                new Rule("filter", "FORWARD", List.of("-i", uplink, "-o", leg, "-d", ip + "/32", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT")));
    }
}
