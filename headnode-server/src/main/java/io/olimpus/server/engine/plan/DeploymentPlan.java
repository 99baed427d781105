package io.olimpus.server.engine.plan;

import java.util.List;
import java.util.Optional;

/** Everything a deploy will create, decided before anything is created (the dry run). */
public record DeploymentPlan(String sliceName, String zone, List<NetworkPlan> networks, List<VmPlan> vms) {
    public DeploymentPlan {
        networks = List.copyOf(networks);
        vms = List.copyOf(vms);
    }

    public Optional<VmPlan> vm(String vmId) { return vms.stream().filter(v -> v.vmId().equals(vmId)).findFirst(); }

    public Optional<NetworkPlan> network(String networkId) {
        return networks.stream().filter(n -> n.networkId().equals(networkId)).findFirst();
    }
}
