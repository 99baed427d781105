package io.olimpus.server.engine.plan;

import io.olimpus.model.topology.LinkImpairment;

import java.util.List;
import java.util.Optional;

/** Everything a deploy will create, decided before anything is created (the dry run). */
public record DeploymentPlan(String sliceName, String zone, List<NetworkPlan> networks, List<VmPlan> vms, List<LinkPlan> links) {
    public DeploymentPlan {
        networks = List.copyOf(networks);
        vms = List.copyOf(vms);
        // A plan stored before links had properties has none: every link plain.
        links = links == null ? List.of() : links.stream().filter(l -> l.impairment().impairs()).toList();
    }

    public DeploymentPlan(String sliceName, String zone, List<NetworkPlan> networks, List<VmPlan> vms) {
        this(sliceName, zone, networks, vms, List.of());
    }

    /** How the link is shaped: {@link LinkImpairment#NONE} for a plain one. */
    public LinkImpairment impairment(String linkId) {
        return links.stream().filter(l -> l.linkId().equals(linkId)).map(LinkPlan::impairment).findFirst().orElse(LinkImpairment.NONE);
    }

    /** Whether some VM NIC of this plan is on the link. */
    public boolean hasPortsOn(String linkId) {
        return vms.stream().anyMatch(v -> v.nics().stream().anyMatch(n -> n.linkId().equals(linkId)));
    }

    public Optional<VmPlan> vm(String vmId) { return vms.stream().filter(v -> v.vmId().equals(vmId)).findFirst(); }

    public Optional<NetworkPlan> network(String networkId) {
        return networks.stream().filter(n -> n.networkId().equals(networkId)).findFirst();
    }
}
