package io.olimpus.server.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What applying a plan changes against what runs: the engine creates, replaces and deletes exactly these. */
public record PlanDiff(List<NetworkPlan> addedNetworks, List<NetworkPlan> removedNetworks, List<NetworkPlan> changedNetworks,
                       List<VmPlan> addedVms, List<VmPlan> removedVms, List<VmPlan> changedVms) {

    public static PlanDiff between(DeploymentPlan running, DeploymentPlan next) {
        List<NetworkPlan> before = running == null ? List.of() : running.networks();
        List<VmPlan> vmsBefore = running == null ? List.of() : running.vms();
        Map<String, NetworkPlan> oldNets = before.stream().collect(Collectors.toMap(NetworkPlan::networkId, Function.identity()));
        Map<String, NetworkPlan> newNets = next.networks().stream().collect(Collectors.toMap(NetworkPlan::networkId, Function.identity()));
        Map<String, VmPlan> oldVms = vmsBefore.stream().collect(Collectors.toMap(VmPlan::vmId, Function.identity()));
        Map<String, VmPlan> newVms = next.vms().stream().collect(Collectors.toMap(VmPlan::vmId, Function.identity()));

        List<NetworkPlan> addedN = new ArrayList<>(), removedN = new ArrayList<>(), changedN = new ArrayList<>();
        for (NetworkPlan n : next.networks()) {
            NetworkPlan o = oldNets.get(n.networkId());
            if (o == null) addedN.add(n);
            else if (!o.equals(n)) changedN.add(n);
        }
        for (NetworkPlan o : before) if (!newNets.containsKey(o.networkId())) removedN.add(o);

        List<VmPlan> addedV = new ArrayList<>(), removedV = new ArrayList<>(), changedV = new ArrayList<>();
        for (VmPlan v : next.vms()) {
            VmPlan o = oldVms.get(v.vmId());
            if (o == null) addedV.add(v);
            else if (!o.equals(v)) changedV.add(v);
        }
        for (VmPlan o : vmsBefore) if (!newVms.containsKey(o.vmId())) removedV.add(o);
        return new PlanDiff(addedN, removedN, changedN, addedV, removedV, changedV);
    }

    public boolean isEmpty() {
        return addedNetworks.isEmpty() && removedNetworks.isEmpty() && changedNetworks.isEmpty()
                && addedVms.isEmpty() && removedVms.isEmpty() && changedVms.isEmpty();
    }
}
