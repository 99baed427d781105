package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.platform.openstack.LinkQos.Change;
import io.olimpus.server.platform.openstack.LinkQos.Op;
import io.olimpus.server.platform.openstack.QosApi.Policy;
import io.olimpus.server.platform.openstack.QosApi.PortQos;
import io.olimpus.server.platform.openstack.QosApi.Rule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a link's rate does to Neutron's QoS policies, rules and ports, against an in-memory Neutron. */
class LinkQosTest {
    static final String P = "p-slice", PORT_A = OpenStackNames.port("vm-a"), PORT_B = OpenStackNames.port("vm-b");

    /** Neutron's QoS as far as the driver sees it; every call that changes something is logged. */
    static final class FakeNeutron implements QosApi {
        final Map<String, Policy> policies = new LinkedHashMap<>();
        final Map<String, List<Rule>> rules = new LinkedHashMap<>();
        final Map<String, String[]> ports = new LinkedHashMap<>();   // id -> {project, name, mac, policy, status, revision}
        /** How many reads of a port its agent takes to wire it again after a change; -1: never. */
        int rewireReads = 1;
        final Map<String, Integer> reads = new LinkedHashMap<>();
        final List<String> changes = new CopyOnWriteArrayList<>();
        Set<String> directions = Set.of(EGRESS, INGRESS);
        int ids;

        synchronized void addPort(String id, String project, String name, String mac) { ports.put(id, new String[]{project, name, mac, null, "ACTIVE", "1"}); }

        static PortQos qos(String id, String[] p) { return new PortQos(id, p[3], p[4], Long.parseLong(p[5])); }

        synchronized String policyOf(String portId) { return ports.get(portId)[3]; }

        public synchronized List<Policy> policies(String projectId) {
            return policies.values().stream().filter(p -> projectId == null || projectId.equals(p.projectId())).toList();
        }

        public synchronized Policy createPolicy(String projectId, String name, String description) {
            Policy p = new Policy("q-" + ++ids, name, projectId);
            policies.put(p.id(), p);
            rules.put(p.id(), new ArrayList<>());
            changes.add("create policy " + name);
            return p;
        }

        public synchronized void deletePolicy(String policyId) {
            if (ports.values().stream().anyMatch(p -> policyId.equals(p[3]))) throw new DriverException("Neutron refused: QoS policy " + policyId + " is used");
            policies.remove(policyId);
            rules.remove(policyId);
            changes.add("delete policy " + policyId);
        }

        public synchronized List<Rule> rules(String policyId) { return List.copyOf(rules.get(policyId)); }

        public synchronized void createRule(String policyId, Rule rule) {
            rules.get(policyId).add(new Rule("r-" + ++ids, rule.direction(), rule.maxKbps(), rule.maxBurstKbps()));
            changes.add("create " + rule.direction() + " " + rule.maxKbps());
        }

        public synchronized void updateRule(String policyId, Rule rule) {
            rules.get(policyId).replaceAll(r -> r.id().equals(rule.id()) ? new Rule(r.id(), r.direction(), rule.maxKbps(), rule.maxBurstKbps()) : r);
            changes.add("update " + rule.direction() + " " + rule.maxKbps());
        }

        public synchronized void deleteRule(String policyId, String ruleId) {
            rules.get(policyId).removeIf(r -> r.id().equals(ruleId));
            changes.add("delete rule " + ruleId);
        }

        public synchronized Optional<PortQos> port(String projectId, String name, String mac) {
            return ports.entrySet().stream().filter(e -> e.getValue()[0].equals(projectId) && e.getValue()[1].equals(name) && e.getValue()[2].equals(mac))
                    .map(e -> qos(e.getKey(), e.getValue())).findFirst();
        }

        public synchronized List<PortQos> ports(String projectId) {
            return ports.entrySet().stream().filter(e -> e.getValue()[0].equals(projectId)).map(e -> qos(e.getKey(), e.getValue())).toList();
        }

        /** Like Neutron: the change is a revision, then the agent shows the port BUILD and wires it again (two revisions more). */
        public synchronized long setPolicy(String portId, String policyId) {
            if (policyId != null && !policies.containsKey(policyId)) throw new DriverException("no policy " + policyId);
            String[] p = ports.get(portId);
            p[3] = policyId;
            long revision = Long.parseLong(p[5]) + 1;
            p[5] = Long.toString(revision);
            reads.put(portId, 0);
            changes.add((policyId == null ? "detach " : "attach ") + portId);
            return revision;
        }

        public synchronized Optional<PortQos> port(String portId) {
            String[] p = ports.get(portId);
            if (p == null) return Optional.empty();
            Integer n = reads.get(portId);
            if (n != null && rewireReads >= 0) {
                if (n == 0) { p[4] = "BUILD"; p[5] = Long.toString(Long.parseLong(p[5]) + 1); }
                if (n >= rewireReads) { p[4] = "ACTIVE"; p[5] = Long.toString(Long.parseLong(p[5]) + 1); reads.remove(portId); }
                else reads.put(portId, n + 1);
            } else if (n != null) p[4] = "DOWN";
            return Optional.of(qos(portId, p));
        }

        public Set<String> directions() { return directions; }
    }

    final FakeNeutron neutron = new FakeNeutron();
    final LinkQos qos = new LinkQos(neutron, java.time.Duration.ofSeconds(5), 1, java.time.Duration.ofSeconds(4), java.time.Duration.ofMillis(20));
    final List<Policy> made = new CopyOnWriteArrayList<>();

    LinkQosTest() {
        neutron.addPort("port-a", P, PORT_A, "fa:16:3e:00:00:01");
        neutron.addPort("port-b", P, PORT_B, "fa:16:3e:00:00:02");
        neutron.addPort("port-other", "p-other", PORT_A, "fa:16:3e:00:00:01");
    }

    void shape(String port, String mac, double rate) {
        qos.shape(P, "l1", port, mac, "vm's NIC 0", rate, made::add);
    }

    @Test
    void theRateIsNeutronsKbitAndTheBurstItsAdviceForTcp() {
        assertThat(LinkQos.maxKbps(10)).isEqualTo(10_000);
        assertThat(LinkQos.maxKbps(0.5)).isEqualTo(500);
        assertThat(LinkQos.maxKbps(0.01)).isEqualTo(10);
        assertThat(LinkQos.maxKbps(100_000)).isEqualTo(100_000_000);
        assertThat(LinkQos.burstKbit(10_000)).isEqualTo(8_000);
        assertThat(LinkQos.burstKbit(10)).as("never under a frame").isEqualTo(LinkQos.MIN_BURST_KBIT);
    }

    @Test
    void rulesAreCreatedPerDirectionChangedInPlaceAndLeftAloneWhenRight() {
        Set<String> both = Set.of(QosApi.EGRESS, QosApi.INGRESS);
        assertThat(LinkQos.changes(List.of(), both, 10)).containsExactly(
                new Change(Op.CREATE, new Rule(null, "egress", 10_000, 8_000)), new Change(Op.CREATE, new Rule(null, "ingress", 10_000, 8_000)));
        assertThat(LinkQos.changes(List.of(), Set.of(QosApi.EGRESS), 10)).as("a cloud that limits egress only")
                .containsExactly(new Change(Op.CREATE, new Rule(null, "egress", 10_000, 8_000)));
        List<Rule> at10 = List.of(new Rule("r1", "egress", 10_000, 8_000), new Rule("r2", "ingress", 10_000, 8_000));
        assertThat(LinkQos.changes(at10, both, 10)).isEmpty();
        assertThat(LinkQos.changes(at10, both, 2)).containsExactly(
                new Change(Op.UPDATE, new Rule("r1", "egress", 2_000, 1_600)), new Change(Op.UPDATE, new Rule("r2", "ingress", 2_000, 1_600)));
        assertThat(LinkQos.changes(at10, Set.of(QosApi.EGRESS), 10)).as("a direction the cloud no longer limits goes")
                .containsExactly(new Change(Op.DELETE, new Rule("r2", "ingress", 10_000, 8_000)));
        assertThat(LinkQos.changes(List.of(new Rule("r0", null, 1_000, 800)), Set.of(QosApi.EGRESS), 1)).as("an old rule without direction is egress").isEmpty();
    }

    @Test
    void aRateBecomesOnePolicyOfTheLinkOnBothPortsThenChangesInPlaceAndZeroRemovesIt() {
        shape(PORT_A, "fa:16:3e:00:00:01", 10);
        shape(PORT_B, "fa:16:3e:00:00:02", 10);
        assertThat(neutron.policies(P)).extracting(Policy::name).containsExactly("olimpus-qos:l1");
        String id = neutron.policies(P).get(0).id();
        assertThat(neutron.policyOf("port-a")).isEqualTo(id);
        assertThat(neutron.policyOf("port-b")).isEqualTo(id);
        assertThat(neutron.policyOf("port-other")).as("another project's port with the same name and MAC").isNull();
        assertThat(neutron.rules(id)).extracting(Rule::direction, Rule::maxKbps).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("egress", 10_000L), org.assertj.core.groups.Tuple.tuple("ingress", 10_000L));
        assertThat(made).extracting(Policy::id).containsOnly(id);
        assertThat(neutron.changes).containsExactly("create policy olimpus-qos:l1", "create egress 10000", "create ingress 10000", "attach port-a", "attach port-b");

        neutron.changes.clear();
        shape(PORT_A, "fa:16:3e:00:00:01", 2);
        shape(PORT_B, "fa:16:3e:00:00:02", 2);
        assertThat(neutron.changes).as("the rules change in place, the ports keep their policy").containsExactly("update egress 2000", "update ingress 2000");
        assertThat(neutron.policies(P)).extracting(Policy::id).containsExactly(id);

        neutron.changes.clear();
        shape(PORT_A, "fa:16:3e:00:00:01", 0);
        assertThat(neutron.changes).as("the other port still has it").containsExactly("detach port-a");
        shape(PORT_B, "fa:16:3e:00:00:02", 0);
        assertThat(neutron.changes).containsExactly("detach port-a", "detach port-b", "delete policy " + id);
        assertThat(neutron.policies(P)).isEmpty();
        shape(PORT_B, "fa:16:3e:00:00:02", 0);
        assertThat(neutron.changes).as("no rate on a plain link: nothing to do").hasSize(3);
    }

    @Test
    void aLinksTwoPortsShapedAtOnceShareOnePolicy() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Future<?> a = pool.submit(() -> shape(PORT_A, "fa:16:3e:00:00:01", 5));
                Future<?> b = pool.submit(() -> shape(PORT_B, "fa:16:3e:00:00:02", 5));
                a.get();
                b.get();
                assertThat(neutron.policies(P)).hasSize(1);
                assertThat(neutron.rules(neutron.policies(P).get(0).id())).hasSize(2);
                a = pool.submit(() -> shape(PORT_A, "fa:16:3e:00:00:01", 0));
                b = pool.submit(() -> shape(PORT_B, "fa:16:3e:00:00:02", 0));
                a.get();
                b.get();
                assertThat(neutron.policies(P)).as("round %d", round).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingPortIsNamedAndDeletingAPolicyInUseTakesItOffItsPortsFirst() {
        assertThatThrownBy(() -> qos.shape(P, "l1", PORT_A, "fa:16:3e:00:00:99", "vm1's NIC 0 (MAC fa:16:3e:00:00:99) on network n1", 1, made::add))
                .isInstanceOf(DriverException.class).hasMessage("vm1's NIC 0 (MAC fa:16:3e:00:00:99) on network n1 has no Neutron port to limit; deploy the slice again to recreate it");
        shape(PORT_A, "fa:16:3e:00:00:01", 1);
        String id = made.get(0).id();
        qos.delete(P, id);
        assertThat(neutron.policies(P)).isEmpty();
        assertThat(neutron.policyOf("port-a")).isNull();
        qos.delete(null, "q-gone");
    }

    @Test
    void aPortWhosePolicyChangedCountsOnlyOnceItsAgentWiredItAgainAndOneThatStaysDownIsNamed() {
        neutron.rewireReads = 3;
        shape(PORT_A, "fa:16:3e:00:00:01", 1);
        assertThat(neutron.port("port-a").orElseThrow().status()).as("ACTIVE again before the shaping returned").isEqualTo("ACTIVE");
        assertThat(neutron.reads).isEmpty();

        // A round done before the first look shows as two revisions more: no wait for the settle time.
        // A settle time of 10 minutes, so "no wait" stands apart from it on however busy a machine.
        neutron.rewireReads = 0;
        var patient = new LinkQos(neutron, java.time.Duration.ofMinutes(15), 1, java.time.Duration.ofMinutes(10), java.time.Duration.ofMillis(20));
        long t0 = System.nanoTime();
        patient.shape(P, "l1", PORT_B, "fa:16:3e:00:00:02", "vm's NIC 0", 1, made::add);
        assertThat((System.nanoTime() - t0) / 1_000_000_000).as("s, the settle time being 600").isLessThan(300);

        neutron.rewireReads = -1;
        var stuck = new LinkQos(neutron, java.time.Duration.ofMillis(400), 1, java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(20));
        assertThatThrownBy(() -> stuck.shape(P, "l1", PORT_B, "fa:16:3e:00:00:02", "vm2's NIC 0", 0, made::add))
                .hasMessageStartingWith("vm2's NIC 0: its port port-b is DOWN 0 s after its QoS policy changed: the cloud's network agent did not wire it again");
    }
}
