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

    /** Deletes every FORWARD rule from or to address $a, as iptables lists them (no quotes in Olimpus's rules). */
    private static final String FORWARD_BY_ADDRESS = "iptables -S FORWARD | grep -F -e \" -s $a \" -e \" -d $a \" | sed 's/^-A /-D /' "
            + "| while read -r rule; do set -f; set -- $rule; iptables \"$@\"; set +f; done";

    Creation enable(VmPlan vm, NetworkPlan via) {
        // Planning refuses such VMs first (LinuxClusterDriver#designProblems); this guards a plan made before the uplink was cleared.
        if (uplink == null) throw new io.olimpus.server.engine.driver.DriverException("VM '" + vm.name()
                + "' asks for internet, but its zone has no uplink interface: clear the VM's internet option, or ask an administrator to set the zone's uplinkInterface");
        String ip = LinuxNames.requireIpv4("address", vm.nics().get(0).ip());
        Script s = Script.create().run("sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (Rule rule : rules(fabric.leg(via.segmentId()), ip)) s.unless(rule.with("-C"), rule.with("-I"));
        return new Creation(LinuxResource.NAT.ref(PREFIX + ip, headnode, vm.vmId()), s);
    }

    private Script disable(SliceContext slice, LinuxHost host, ResourceRef ref) {
        String ip = LinuxNames.requireIpv4("address", ref.name().substring(PREFIX.length()));
        Script s = Script.create();
        List<String> legs = legsOf(slice);
        for (String leg : legs)
            for (Rule rule : rules(leg, ip)) s.whileSucceeds(rule.with("-C"), rule.with("-D"));
        if (legs.isEmpty()) {
            // No plan (a leftover clean-up): every rule for the address goes, whatever its leg; the
            // VM's /32 is Olimpus's alone, from the zone's pool.
            Rule masquerade = rules("-", ip).get(0);
            s.whileSucceeds(masquerade.with("-C"), masquerade.with("-D"))
             .fixed(FORWARD_BY_ADDRESS, Script.var("a", ip + "/32"));
        }
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
