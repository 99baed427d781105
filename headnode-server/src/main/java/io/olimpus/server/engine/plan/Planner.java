package io.olimpus.server.engine.plan;

import io.olimpus.model.network.Attachment;
import io.olimpus.model.network.DerivedNetwork;
import io.olimpus.model.network.DerivedNetworks;
import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.validation.CatalogCheck;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.model.validation.TopologyValidator;
import io.olimpus.model.validation.ValidationReport;
import io.olimpus.server.engine.allocation.AllocationExhausted;
import io.olimpus.server.engine.allocation.Allocators;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.placement.Placement;
import io.olimpus.server.engine.placement.Placer;
import io.olimpus.server.engine.placement.VmDemand;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a design into a deployment plan: validate against the catalog, resolve flavors, place VMs,
 * and allocate a segment and subnet per derived network and a MAC and address per NIC. Against a
 * running slice it keeps every allocation that still applies, so only the difference changes.
 * Pure: the caller loads the inputs and the store records the result under unique constraints.
 */
public final class Planner {
    /** Host .1 of each subnet is the gateway (headnode or router) and DHCP server; VMs start at .2. */
    static final int FIRST_VM_HOST = 2;

    private Planner() {}

    public static PlanResult plan(PlanRequest req) {
        ValidationReport report = TopologyValidator.validate(req.topology(), List.of(new CatalogCheck(req.catalog())));
        if (report.hasErrors()) return new PlanResult.Refused(report.errors());
        try {
            return planValid(req);
        } catch (AllocationExhausted e) {
            return new PlanResult.Refused(List.of(Problem.of(ProblemCode.ZONE_CAPACITY,
                    "zone " + req.zone().zone() + ": " + e.getMessage(), List.of(), List.of())));
        }
    }

    /** The flavor a VM of a valid design gets: the one it names, or the smallest that covers its imported requirement. */
    public static String flavorOf(Node vm, io.olimpus.model.validation.Catalog catalog) {
        return vm.vm().flavor() != null ? vm.vm().flavor() : catalog.smallestFlavorCovering(vm.vm().requirement()).orElseThrow();
    }

    /** What each VM of a valid design asks of a worker, as placement sees it. */
    public static List<VmDemand> demands(io.olimpus.model.topology.Topology t, io.olimpus.model.validation.Catalog catalog) {
        return t.vms().stream().map(vm -> new VmDemand(vm.id(), vm.name(), catalog.flavor(flavorOf(vm, catalog)).orElseThrow())).toList();
    }

    private static PlanResult planValid(PlanRequest req) {
        DeploymentPlan running = req.running();
        List<Node> vms = req.topology().vms();

        // Flavors: named, or the smallest that covers an imported requirement (CatalogCheck vouched both exist).
        Map<String, String> flavorOf = new HashMap<>();
        Map<String, Resources> resourcesOf = new HashMap<>();
        for (Node vm : vms) {
            String flavor = flavorOf(vm, req.catalog());
            flavorOf.put(vm.id(), flavor);
            resourcesOf.put(vm.id(), req.catalog().flavor(flavor).orElseThrow());
        }

        // Placement: a running VM whose size is unchanged stays where it is; the rest are placed.
        Map<String, String> workerOf = new HashMap<>();
        List<VmDemand> toPlace = new ArrayList<>();
        for (Node vm : vms) {
            VmPlan was = running == null ? null : running.vm(vm.id()).orElse(null);
            if (was != null && was.resources().equals(resourcesOf.get(vm.id()))) workerOf.put(vm.id(), was.workerId());
            else toPlace.add(new VmDemand(vm.id(), vm.name(), resourcesOf.get(vm.id())));
        }
        if (!toPlace.isEmpty()) {
            Placement p = Placer.place(toPlace, req.workers(), req.zone().overcommit(), req.zone().strategy());
            if (p instanceof Placement.DoesNotFit miss)
                return new PlanResult.Refused(List.of(Problem.onNodes(ProblemCode.ZONE_CAPACITY, miss.message(), miss.vmId())));
            workerOf.putAll(((Placement.Placed) p).workerByVm());
        }

        DerivedNetworks derived = NetworkDeriver.derive(req.topology());
        Set<Integer> segmentsTaken = new HashSet<>(req.taken().segmentIds());
        List<Ipv4Block> subnetsTaken = new ArrayList<>(req.taken().subnets());
        Set<String> macsTaken = new HashSet<>(req.taken().macs());
        if (running != null) {
            for (NetworkPlan n : running.networks()) {
                segmentsTaken.add(n.segmentId());
                subnetsTaken.add(Ipv4Block.parse(n.cidr()));
            }
            for (VmPlan v : running.vms()) for (NicPlan nic : v.nics()) macsTaken.add(nic.mac());
        }

        Map<String, NetworkPlan> networkPlans = new HashMap<>();
        List<NetworkPlan> networks = new ArrayList<>();
        for (DerivedNetwork net : derived.all()) {
            NetworkPlan was = running == null ? null : running.network(net.id()).orElse(null);
            int hosts = net.attachments().size();
            int segment;
            Ipv4Block subnet;
            if (was != null && Ipv4Block.parse(was.cidr()).hostCount() - 1 >= hosts) {
                segment = was.segmentId();
                subnet = Ipv4Block.parse(was.cidr());
            } else {
                segment = Allocators.segmentIds(1, req.zone().firstSegmentId(), req.zone().lastSegmentId(), segmentsTaken).get(0);
                subnet = Allocators.subnet(req.zone().addressPool(), req.zone().subnetPrefix(), hosts, subnetsTaken);
                segmentsTaken.add(segment);
                subnetsTaken.add(subnet);
            }
            Set<String> spanned = new LinkedHashSet<>();
            for (Attachment a : net.attachments()) spanned.add(workerOf.get(a.vmId()));
            NetworkPlan plan = new NetworkPlan(net.id(), net.name(), segment, subnet.toString(), subnet.host(1), List.copyOf(spanned));
            networkPlans.put(net.id(), plan);
            networks.add(plan);
        }

        // Addresses: a NIC that existed on the same link and subnet keeps its MAC and IP.
        Map<String, NicPlan> oldNicByLink = new HashMap<>();
        if (running != null) for (VmPlan v : running.vms()) for (NicPlan nic : v.nics()) oldNicByLink.put(v.vmId() + "/" + nic.linkId(), nic);
        Map<String, Set<String>> ipsTaken = new HashMap<>();
        Map<String, NicPlan> kept = new HashMap<>();
        for (Node vm : vms)
            for (Attachment a : derived.nicsOf(vm.id())) {
                NicPlan old = oldNicByLink.get(vm.id() + "/" + a.linkId());
                NetworkPlan net = derived.ofLink(a.linkId()).map(n -> networkPlans.get(n.id())).orElseThrow();
                if (old != null && old.networkId().equals(net.networkId()) && Ipv4Block.parse(net.cidr()).equals(subnetOf(running, old))) {
                    kept.put(vm.id() + "/" + a.linkId(), old);
                    ipsTaken.computeIfAbsent(net.networkId(), k -> new HashSet<>()).add(old.ip());
                }
            }

        List<VmPlan> vmPlans = new ArrayList<>(vms.size());
        for (Node vm : vms) {
            List<Attachment> nics = derived.nicsOf(vm.id());
            List<NicPlan> nicPlans = new ArrayList<>(nics.size());
            for (int i = 0; i < nics.size(); i++) {
                Attachment a = nics.get(i);
                NicPlan old = kept.get(vm.id() + "/" + a.linkId());
                NetworkPlan net = networkPlans.get(derived.ofLink(a.linkId()).orElseThrow().id());
                String mac, ip;
                if (old != null) {
                    mac = old.mac();
                    ip = old.ip();
                } else {
                    mac = Allocators.macs(1, macsTaken, req.random()).get(0);
                    macsTaken.add(mac);
                    ip = freeHost(Ipv4Block.parse(net.cidr()), ipsTaken.computeIfAbsent(net.networkId(), k -> new HashSet<>()));
                }
                nicPlans.add(new NicPlan(i, a.linkId(), net.networkId(), mac, ip));
            }
            vmPlans.add(new VmPlan(vm.id(), vm.name(), workerOf.get(vm.id()), flavorOf.get(vm.id()), resourcesOf.get(vm.id()),
                    vm.vm().image(), vm.vm().internet(), nicPlans));
        }
        List<LinkPlan> links = req.topology().links().stream().filter(l -> l.impairment().impairs())
                .map(l -> new LinkPlan(l.id(), l.impairment())).toList();
        DeploymentPlan plan = new DeploymentPlan(req.sliceName(), req.zone().zone(), networks, vmPlans, links);
        return new PlanResult.Planned(plan, PlanDiff.between(running, plan));
    }

    private static Ipv4Block subnetOf(DeploymentPlan running, NicPlan nic) {
        return Ipv4Block.parse(running.network(nic.networkId()).orElseThrow().cidr());
    }

    private static String freeHost(Ipv4Block subnet, Set<String> taken) {
        for (long h = FIRST_VM_HOST; h <= subnet.hostCount(); h++) {
            String ip = subnet.host(h);
            if (taken.add(ip)) return ip;
        }
        throw new AllocationExhausted("subnet " + subnet + " has no free address");
    }
}
