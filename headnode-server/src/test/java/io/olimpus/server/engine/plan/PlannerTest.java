package io.olimpus.server.engine.plan;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.Catalog;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.engine.placement.WorkerCapacity;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

public class PlannerTest {
    static final Map<String, Resources> FLAVORS = Map.of("tiny", new Resources(1, 128, 1), "small", new Resources(1, 512, 5),
            "large", new Resources(4, 8192, 40));
    static final Catalog CATALOG = new Catalog() {
        public Optional<Resources> flavor(String name) { return Optional.ofNullable(FLAVORS.get(name)); }
        public boolean hasImage(String name) { return name.equals("cirros"); }
        public boolean hasZone(String name) { return name.equals("lab"); }
        public Optional<String> smallestFlavorCovering(Resources need) {
            return FLAVORS.entrySet().stream().filter(e -> e.getValue().covers(need))
                    .min((a, b) -> Integer.compare(a.getValue().ramMb(), b.getValue().ramMb())).map(Map.Entry::getKey);
        }
    };
    static final ZonePolicy ZONE = new ZonePolicy("lab", PlacementStrategy.SPREAD, Overcommit.NONE, 100, 4000,
            Ipv4Block.parse("198.18.128.0/17"), 24);
    static final List<WorkerCapacity> WORKERS = List.of(
            new WorkerCapacity("w1", "worker1", new Resources(4, 4096, 100), Resources.ZERO, true),
            new WorkerCapacity("w2", "worker2", new Resources(4, 4096, 100), Resources.ZERO, true),
            new WorkerCapacity("w3", "worker3", new Resources(4, 4096, 100), Resources.ZERO, true));

    public static PlanRequest request(Topology t, ClusterAllocations taken, DeploymentPlan running) {
        return new PlanRequest(t.name(), t, CATALOG, ZONE, WORKERS, taken, running, new Random(1));
    }

    static DeploymentPlan planned(PlanResult r) {
        assertThat(r).isInstanceOf(PlanResult.Planned.class);
        return ((PlanResult.Planned) r).plan();
    }

    @Test
    void ringAcrossThreeWorkersGetsUniqueSegmentsSubnetsMacsAndAddresses() {
        Topology ring = ShapeGenerator.generate("ring4", Shape.ring(4).withVm(VmSpec.of("small", "cirros")));
        DeploymentPlan plan = planned(Planner.plan(request(ring, ClusterAllocations.NONE, null)));

        assertThat(plan.networks()).hasSize(4);
        assertThat(plan.networks()).extracting(NetworkPlan::segmentId).doesNotHaveDuplicates().allMatch(s -> s >= 100 && s <= 4000);
        assertThat(plan.networks()).extracting(NetworkPlan::cidr).doesNotHaveDuplicates();
        assertThat(plan.vms()).extracting(VmPlan::workerId).contains("w1", "w2", "w3");
        Set<String> macs = new HashSet<>();
        for (VmPlan vm : plan.vms()) {
            assertThat(vm.nics()).hasSize(2);
            assertThat(vm.flavor()).isEqualTo("small");
            for (NicPlan nic : vm.nics()) {
                assertThat(macs.add(nic.mac())).isTrue();
                NetworkPlan net = plan.network(nic.networkId()).orElseThrow();
                Ipv4Block subnet = Ipv4Block.parse(net.cidr());
                assertThat(subnet.contains(new Ipv4Block(Ipv4Block.parseAddress(nic.ip()) & ~3L, 30))).isTrue();
                assertThat(nic.ip()).isNotEqualTo(net.gateway());
                assertThat(net.workerIds()).contains(vm.workerId());
            }
            assertThat(vm.nics()).extracting(NicPlan::index).containsExactly(0, 1);
        }
        // Each network's two ends got different addresses.
        for (NetworkPlan net : plan.networks()) {
            var ips = plan.vms().stream().flatMap(v -> v.nics().stream()).filter(n -> n.networkId().equals(net.networkId())).map(NicPlan::ip).toList();
            assertThat(ips).hasSize(2).doesNotHaveDuplicates();
        }
        assertThat(((PlanResult.Planned) Planner.plan(request(ring, ClusterAllocations.NONE, null))).diff().addedVms()).hasSize(4);
    }

    @Test
    void allocationsHeldByOtherSlicesAreAvoided() {
        Topology line = ShapeGenerator.generate("line", Shape.linear(2).withVm(VmSpec.of("small", "cirros")));
        var taken = new ClusterAllocations(Set.of(100, 101), Set.of(), List.of(Ipv4Block.parse("198.18.128.0/24")));
        DeploymentPlan plan = planned(Planner.plan(request(line, taken, null)));
        assertThat(plan.networks()).singleElement().satisfies(n -> {
            assertThat(n.segmentId()).isEqualTo(102);
            assertThat(n.cidr()).isEqualTo("198.18.129.0/24");
            assertThat(n.gateway()).isEqualTo("198.18.129.1");
        });
    }

    @Test
    void replanningARunningSliceChangesNothing() {
        Topology ring = ShapeGenerator.generate("ring5", Shape.ring(5).withVm(VmSpec.of("small", "cirros")));
        DeploymentPlan first = planned(Planner.plan(request(ring, ClusterAllocations.NONE, null)));
        var again = (PlanResult.Planned) Planner.plan(request(ring, ClusterAllocations.NONE, first));
        assertThat(again.plan()).isEqualTo(first);
        assertThat(again.diff().isEmpty()).isTrue();
    }

    @Test
    void addingAVmAndALinkToARunningSliceKeepsEverythingElse() {
        Topology ring = ShapeGenerator.generate("ring4", Shape.ring(4).withVm(VmSpec.of("small", "cirros")));
        DeploymentPlan first = planned(Planner.plan(request(ring, ClusterAllocations.NONE, null)));
        String vm1 = ring.nodeNamed("vm1").orElseThrow().id();
        String vm3 = ring.nodeNamed("vm3").orElseThrow().id();
        Topology edited = ring.withNode(Node.vm(ring.freshNodeId(), "vm5", VmSpec.of("tiny", "cirros")));
        String vm5 = edited.nodeNamed("vm5").orElseThrow().id();
        edited = edited.connect(vm5, vm1).connect(vm1, vm3);

        var result = (PlanResult.Planned) Planner.plan(request(edited, ClusterAllocations.NONE, first));
        PlanDiff diff = result.diff();
        assertThat(diff.addedVms()).extracting(VmPlan::name).containsExactly("vm5");
        assertThat(diff.addedNetworks()).hasSize(2);
        assertThat(diff.removedVms()).isEmpty();
        assertThat(diff.removedNetworks()).isEmpty();
        assertThat(diff.changedNetworks()).isEmpty();
        // vm1 and vm3 gained a NIC; their old NICs kept MAC and address.
        assertThat(diff.changedVms()).extracting(VmPlan::name).containsExactlyInAnyOrder("vm1", "vm3");
        VmPlan before = first.vm(vm1).orElseThrow(), after = result.plan().vm(vm1).orElseThrow();
        assertThat(after.nics().subList(0, 2)).isEqualTo(before.nics());
        assertThat(after.workerId()).isEqualTo(before.workerId());
        for (NetworkPlan n : first.networks()) assertThat(result.plan().network(n.networkId())).contains(n);
    }

    @Test
    void aChangedLinkImpairmentIsReshapedInPlaceWithNoVmReplaced() {
        Topology line = ShapeGenerator.generate("line", Shape.linear(3).withVm(VmSpec.of("small", "cirros")));
        String l1 = line.links().get(0).id();
        DeploymentPlan first = planned(Planner.plan(request(line, ClusterAllocations.NONE, null)));
        assertThat(first.links()).isEmpty();

        var delayed = (PlanResult.Planned) Planner.plan(request(line.withLinkImpairment(l1, new LinkImpairment(50.0, null, null, null)),
                ClusterAllocations.NONE, first));
        assertThat(delayed.diff().changedVms()).isEmpty();
        assertThat(delayed.diff().changedNetworks()).isEmpty();
        assertThat(delayed.diff().changedLinks()).extracting(LinkChange::describe).containsExactly("link " + l1 + ": delay 0 -> 50 ms");
        assertThat(delayed.plan().vms()).isEqualTo(first.vms());
        assertThat(delayed.diff().isEmpty()).isFalse();

        // Zero is none: back to 0 is a change back to plain, and 0 on a plain link is no change at all.
        var back = (PlanResult.Planned) Planner.plan(request(line.withLinkImpairment(l1, new LinkImpairment(0.0, null, null, 0.0)),
                ClusterAllocations.NONE, delayed.plan()));
        assertThat(back.diff().changedLinks()).extracting(LinkChange::describe).containsExactly("link " + l1 + ": delay 50 -> 0 ms");
        assertThat(back.plan()).isEqualTo(first);
        var same = (PlanResult.Planned) Planner.plan(request(line.withLinkImpairment(l1, new LinkImpairment(0.0, 0.0, 0.0, 0.0)),
                ClusterAllocations.NONE, first));
        assertThat(same.diff().isEmpty()).isTrue();
    }

    @Test
    void aPlanStoredBeforeLinksHadPropertiesReadsAsPlainLinks() throws Exception {
        Topology line = ShapeGenerator.generate("line", Shape.linear(2).withVm(VmSpec.of("small", "cirros")));
        DeploymentPlan plan = planned(Planner.plan(request(line.withLinkImpairment(line.links().get(0).id(), new LinkImpairment(null, null, 5.0, 0.2)),
                ClusterAllocations.NONE, null)));
        var json = io.olimpus.server.json.StrictJson.MAPPER;
        String written = json.writeValueAsString(plan);
        assertThat(json.readValue(written, DeploymentPlan.class)).isEqualTo(plan);
        var old = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(written);
        old.remove("links");
        assertThat(json.treeToValue(old, DeploymentPlan.class).links()).isEmpty();
    }

    @Test
    void removingAVmRemovesItsNetworks() {
        Topology line = ShapeGenerator.generate("line", Shape.linear(3).withVm(VmSpec.of("small", "cirros")));
        DeploymentPlan first = planned(Planner.plan(request(line, ClusterAllocations.NONE, null)));
        Topology shorter = line.withoutNode(line.nodeNamed("vm3").orElseThrow().id());
        PlanDiff diff = ((PlanResult.Planned) Planner.plan(request(shorter, ClusterAllocations.NONE, first))).diff();
        assertThat(diff.removedVms()).extracting(VmPlan::name).containsExactly("vm3");
        assertThat(diff.removedNetworks()).hasSize(1);
        assertThat(diff.changedVms()).extracting(VmPlan::name).containsExactly("vm2");
    }

    @Test
    void aSliceThatDoesNotFitIsRefusedNamingTheVm() {
        Topology t = ShapeGenerator.generate("big", Shape.linear(2).withVm(VmSpec.of("large", "cirros")));
        var refused = (PlanResult.Refused) Planner.plan(request(t, ClusterAllocations.NONE, null));
        assertThat(refused.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.ZONE_CAPACITY);
            assertThat(p.nodeIds()).hasSize(1);
            assertThat(p.message()).contains("needs 4 vCPU, 8192 MB RAM").contains("lacks 4096 MB of RAM");
        });
    }

    @Test
    void invalidDesignsAndUnknownCatalogEntriesAreRefusedWithEveryProblem() {
        Topology t = ShapeGenerator.generate("bad", Shape.linear(2).withVm(VmSpec.of("huge", "windows")));
        var refused = (PlanResult.Refused) Planner.plan(request(t, ClusterAllocations.NONE, null));
        assertThat(refused.problems()).extracting(Problem::code).containsOnly(ProblemCode.UNKNOWN_FLAVOR, ProblemCode.UNKNOWN_IMAGE).hasSize(4);
    }

    @Test
    void importedRequirementsGetTheSmallestCoveringFlavor() {
        Topology t = ShapeGenerator.generate("imp", Shape.linear(2).withVm(new VmSpec(null, "cirros", null, false, new Resources(1, 100, 1))));
        DeploymentPlan plan = planned(Planner.plan(request(t, ClusterAllocations.NONE, null)));
        assertThat(plan.vms()).extracting(VmPlan::flavor).containsOnly("tiny");
    }

    @Test
    void exhaustedSegmentsAreAZoneCapacityProblem() {
        Topology t = ShapeGenerator.generate("line", Shape.linear(2).withVm(VmSpec.of("small", "cirros")));
        Set<Integer> all = new HashSet<>();
        for (int i = 100; i <= 4000; i++) all.add(i);
        var refused = (PlanResult.Refused) Planner.plan(request(t, new ClusterAllocations(all, Set.of(), List.of()), null));
        assertThat(refused.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo(ProblemCode.ZONE_CAPACITY));
    }
}
