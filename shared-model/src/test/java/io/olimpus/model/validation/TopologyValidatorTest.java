package io.olimpus.model.validation;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.TopologyLimits;
import io.olimpus.model.topology.VmSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyValidatorTest {
    static final VmSpec OK = VmSpec.of("small", "cirros");
    static Node vm(String id, String name) { return Node.vm(id, name, OK); }

    static Topology topo(List<Node> nodes, List<Link> links) { return new Topology("lab1", null, nodes, links); }

    static Problem only(ValidationReport r, ProblemCode code) {
        List<Problem> found = r.problems().stream().filter(p -> p.code() == code).toList();
        assertThat(found).as("problems of code %s in %s", code, r.problems()).hasSize(1);
        return found.get(0);
    }

    /** One design per structural code, each producing that code: the map must cover them all. */
    static Map<ProblemCode, Topology> examples() {
        Map<ProblemCode, Topology> m = new EnumMap<>(ProblemCode.class);
        Node a = vm("a", "vm1"), b = vm("b", "vm2"), c = vm("c", "vm3");
        m.put(ProblemCode.EMPTY_TOPOLOGY, topo(List.of(), List.of()));
        m.put(ProblemCode.INVALID_TOPOLOGY_NAME, new Topology("Lab 1", null, List.of(a, b), List.of(new Link("l1", "a", "b"))));
        m.put(ProblemCode.INVALID_NAME, topo(List.of(a, vm("x", "bad;rm -rf")), List.of(new Link("l1", "a", "x"))));
        m.put(ProblemCode.DUPLICATE_NAME, topo(List.of(a, vm("x", "vm1")), List.of(new Link("l1", "a", "x"))));
        m.put(ProblemCode.DUPLICATE_NODE_ID, topo(List.of(a, b, vm("a", "vm9")), List.of(new Link("l1", "a", "b"))));
        m.put(ProblemCode.DUPLICATE_LINK_ID, topo(List.of(a, b, c), List.of(new Link("l1", "a", "b"), new Link("l1", "b", "c"))));
        m.put(ProblemCode.SELF_LINK, topo(List.of(a, b), List.of(new Link("l1", "a", "b"), new Link("l2", "a", "a"))));
        m.put(ProblemCode.DUPLICATE_LINK, topo(List.of(a, b), List.of(new Link("l1", "a", "b"), new Link("l2", "b", "a"))));
        m.put(ProblemCode.DANGLING_LINK, topo(List.of(a, b), List.of(new Link("l1", "a", "b"), new Link("l2", "a", "ghost"))));
        m.put(ProblemCode.TOO_MANY_INTERFACES, ShapeGenerator.generate("lab1", Shape.mesh(TopologyLimits.MAX_INTERFACES_PER_VM + 2).withVm(OK)));
        List<Node> many = new ArrayList<>();
        for (int i = 0; i <= TopologyLimits.MAX_NODES; i++) many.add(Node.switchNode("s" + i, "s" + i));
        m.put(ProblemCode.TOO_MANY_NODES, topo(many, List.of()));
        m.put(ProblemCode.MISSING_FLAVOR, topo(List.of(a, Node.vm("x", "vm9", VmSpec.of(null, "cirros"))), List.of(new Link("l1", "a", "x"))));
        m.put(ProblemCode.MISSING_IMAGE, topo(List.of(a, Node.vm("x", "vm9", VmSpec.of("small", null))), List.of(new Link("l1", "a", "x"))));
        m.put(ProblemCode.ISOLATED_VM, topo(List.of(a, b, c), List.of(new Link("l1", "a", "b"))));
        m.put(ProblemCode.DISCONNECTED, topo(List.of(a, b, c, vm("d", "vm4"), vm("e", "vm5")),
                List.of(new Link("l1", "a", "b"), new Link("l2", "b", "c"), new Link("l3", "d", "e"))));
        m.put(ProblemCode.INVALID_LINK_PROPERTY, topo(List.of(a, b), List.of(new Link("l1", "a", "b", new LinkImpairment(-1.0, null, null, null)))));
        m.put(ProblemCode.EMPTY_SWITCH, topo(List.of(a, b, Node.switchNode("s", "sw1")), List.of(new Link("l1", "a", "b"))));
        return m;
    }

    static final EnumSet<ProblemCode> CATALOG_CODES = EnumSet.of(ProblemCode.UNKNOWN_FLAVOR, ProblemCode.UNKNOWN_IMAGE,
            ProblemCode.UNKNOWN_ZONE, ProblemCode.NO_MATCHING_FLAVOR, ProblemCode.QUOTA_EXCEEDED, ProblemCode.ZONE_CAPACITY,
            ProblemCode.IMAGE_LARGER_THAN_FLAVOR, ProblemCode.CATALOG_ALIAS, ProblemCode.NO_INTERNET_IN_ZONE);

    @Test
    void everyStructuralCodeHasAnExampleThatProducesIt() {
        Map<ProblemCode, Topology> ex = examples();
        for (ProblemCode code : ProblemCode.values()) {
            if (CATALOG_CODES.contains(code)) continue;
            assertThat(ex).as("an example for %s", code).containsKey(code);
            ValidationReport r = TopologyValidator.validate(ex.get(code));
            assertThat(r.has(code)).as("%s reported for its example; got %s", code, r.problems()).isTrue();
            assertThat(r.problems()).filteredOn(p -> p.code() == code).allMatch(p -> p.severity() == code.severity());
            if (code.severity() == Severity.ERROR) assertThat(r.hasErrors()).isTrue();
        }
    }

    @Test
    void aCleanDesignHasNoProblems() {
        Topology t = ShapeGenerator.generate("lab1", Shape.ring(5).withVm(OK));
        assertThat(TopologyValidator.validate(t).problems()).isEmpty();
    }

    @Test
    void problemsPointAtTheNodesAndLinksConcerned() {
        Problem dup = only(TopologyValidator.validate(examples().get(ProblemCode.DUPLICATE_LINK)), ProblemCode.DUPLICATE_LINK);
        assertThat(dup.linkIds()).containsExactly("l1", "l2");
        assertThat(dup.nodeIds()).containsExactlyInAnyOrder("a", "b");

        Problem name = only(TopologyValidator.validate(examples().get(ProblemCode.DUPLICATE_NAME)), ProblemCode.DUPLICATE_NAME);
        assertThat(name.nodeIds()).containsExactly("a", "x");

        Problem dangling = only(TopologyValidator.validate(examples().get(ProblemCode.DANGLING_LINK)), ProblemCode.DANGLING_LINK);
        assertThat(dangling.linkIds()).containsExactly("l2");
        assertThat(dangling.message()).contains("ghost");

        Problem invalid = only(TopologyValidator.validate(examples().get(ProblemCode.INVALID_NAME)), ProblemCode.INVALID_NAME);
        assertThat(invalid.nodeIds()).containsExactly("x");

        Problem apart = only(TopologyValidator.validate(examples().get(ProblemCode.DISCONNECTED)), ProblemCode.DISCONNECTED);
        assertThat(apart.nodeIds()).containsExactlyInAnyOrder("d", "e");
        assertThat(apart.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Topology t = topo(List.of(vm("a", "vm1"), vm("b", "vm1"), vm("c", "Bad Name"), Node.vm("d", "vm4", VmSpec.EMPTY)),
                List.of(new Link("l1", "a", "a"), new Link("l2", "a", "zz"), new Link("l3", "a", "b"), new Link("l4", "b", "a"),
                        new Link("l5", "c", "d")));
        ValidationReport r = TopologyValidator.validate(t);
        assertThat(r.problems()).extracting(Problem::code).contains(ProblemCode.DUPLICATE_NAME, ProblemCode.INVALID_NAME,
                ProblemCode.SELF_LINK, ProblemCode.DANGLING_LINK, ProblemCode.DUPLICATE_LINK, ProblemCode.MISSING_FLAVOR,
                ProblemCode.MISSING_IMAGE, ProblemCode.DISCONNECTED);
    }

    @Test
    void warningsAloneDoNotBlock() {
        ValidationReport r = TopologyValidator.validate(examples().get(ProblemCode.ISOLATED_VM));
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.warnings()).extracting(Problem::code).containsExactly(ProblemCode.ISOLATED_VM);
    }

    @Test
    void catalogChecksRunThroughTheInterface() {
        Catalog catalog = new Catalog() {
            public Optional<Resources> flavor(String name) { return name.equals("small") ? Optional.of(new Resources(1, 512, 1)) : Optional.empty(); }
            public boolean hasImage(String name) { return name.equals("cirros"); }
            public boolean hasZone(String name) { return name.equals("golden"); }
            public Optional<String> smallestFlavorCovering(Resources need) {
                return new Resources(1, 512, 1).covers(need) ? Optional.of("small") : Optional.empty();
            }
        };
        Topology t = new Topology("lab1", "silver", List.of(
                Node.vm("a", "vm1", VmSpec.of("large", "ubuntu").withZone("golden")),
                Node.vm("b", "vm2", new VmSpec(null, "cirros", "nowhere", false, new Resources(4, 4096, 10))),
                Node.vm("c", "vm3", new VmSpec(null, "cirros", null, false, new Resources(1, 256, 1)))),
                List.of(new Link("l1", "a", "b"), new Link("l2", "b", "c")));
        ValidationReport r = TopologyValidator.validate(t, List.of(new CatalogCheck(catalog)));
        assertThat(r.problems()).extracting(Problem::code).containsExactlyInAnyOrder(ProblemCode.UNKNOWN_ZONE, ProblemCode.UNKNOWN_FLAVOR,
                ProblemCode.UNKNOWN_IMAGE, ProblemCode.NO_MATCHING_FLAVOR, ProblemCode.UNKNOWN_ZONE);
        assertThat(r.problems().stream().filter(p -> p.code() == ProblemCode.UNKNOWN_FLAVOR).findFirst().orElseThrow().nodeIds()).containsExactly("a");
    }

    @Test
    void everyOutOfRangeLinkPropertyIsReportedOnTheLinkNamingTheField() {
        Node a = vm("a", "vm1"), b = vm("b", "vm2");
        Topology t = topo(List.of(a, b), List.of(new Link("l3", "a", "b", new LinkImpairment(20000.0, 30000.0, 101.0, 0.001))));
        assertThat(TopologyValidator.validate(t).errors()).extracting(Problem::message).containsExactly(
                "link l3: delay 20000 ms is over the limit of 10000 ms",
                "link l3: jitter 30000 ms is larger than the delay (20000 ms); jitter varies the delay, so set a delay at least as large",
                "link l3: loss 101 % is over 100 %",
                "link l3: rate 0.001 Mbit/s is under the minimum of 0.01 Mbit/s");
        assertThat(TopologyValidator.validate(t).errors()).allSatisfy(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.INVALID_LINK_PROPERTY);
            assertThat(p.linkIds()).containsExactly("l3");
        });
        Topology switches = topo(List.of(a, Node.switchNode("s1", "sw1"), Node.switchNode("s2", "sw2")), List.of(new Link("l1", "a", "s1"),
                new Link("l2", "s1", "s2", new LinkImpairment(5.0, null, null, null))));
        assertThat(TopologyValidator.validate(switches).errors()).extracting(Problem::message)
                .containsExactly("link l2 joins two switches, which make one network with no port to shape; set its delay, loss or rate on the links of the VMs instead");
        Topology fine = topo(List.of(a, b), List.of(new Link("l3", "a", "b", new LinkImpairment(100.0, 10.0, 20.0, 100000.0))));
        assertThat(TopologyValidator.validate(fine).errors()).isEmpty();
    }

    @Test
    void anImpairmentSaysWhatChangedAndZeroIsNone() {
        LinkImpairment before = new LinkImpairment(null, null, 2.0, null), after = new LinkImpairment(50.0, null, 2.0, 0.0);
        assertThat(after.changesFrom(before)).containsExactly("delay 0 -> 50 ms");
        assertThat(after.sameEffect(new LinkImpairment(50.0, 0.0, 2.0, null))).isTrue();
        assertThat(new LinkImpairment(0.0, 0.0, 0.0, 0.0).impairs()).isFalse();
        assertThat(after.summary()).isEqualTo("delay 50 ms, loss 2 %");
    }
}
