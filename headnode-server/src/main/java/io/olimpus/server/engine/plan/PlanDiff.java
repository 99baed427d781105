package io.olimpus.server.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What applying a plan changes against what runs: the engine creates, replaces and deletes exactly
 * these. A link whose impairment alone changes is reshaped in place ({@code changedLinks}); its
 * VMs stay as they are.
 */
public record PlanDiff(List<NetworkPlan> addedNetworks, List<NetworkPlan> removedNetworks, List<NetworkPlan> changedNetworks,
                       List<VmPlan> addedVms, List<VmPlan> removedVms, List<VmPlan> changedVms, List<LinkChange> changedLinks) {
    public PlanDiff {
        changedLinks = changedLinks == null ? List.of() : List.copyOf(changedLinks);
    }

    public PlanDiff(List<NetworkPlan> addedNetworks, List<NetworkPlan> removedNetworks, List<NetworkPlan> changedNetworks,
                    List<VmPlan> addedVms, List<VmPlan> removedVms, List<VmPlan> changedVms) {
        this(addedNetworks, removedNetworks, changedNetworks, addedVms, removedVms, changedVms, List.of());
    }

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

        // Links whose shaping differs, among those that have ports in the next plan (a removed link's ports go with their VMs).
        java.util.Set<String> linkIds = new java.util.TreeSet<>();
        if (running != null) running.links().forEach(l -> linkIds.add(l.linkId()));
        next.links().forEach(l -> linkIds.add(l.linkId()));
        List<LinkChange> changedL = new ArrayList<>();
        for (String id : linkIds) {
            var was = running == null ? io.olimpus.model.topology.LinkImpairment.NONE : running.impairment(id);
            var now = next.impairment(id);
            if (!was.sameEffect(now) && next.hasPortsOn(id)) changedL.add(new LinkChange(id, was, now));
        }
        return new PlanDiff(addedN, removedN, changedN, addedV, removedV, changedV, changedL);
    }

    public boolean isEmpty() {
        return addedNetworks.isEmpty() && removedNetworks.isEmpty() && changedNetworks.isEmpty()
                && addedVms.isEmpty() && removedVms.isEmpty() && changedVms.isEmpty() && changedLinks.isEmpty();
    }
}
