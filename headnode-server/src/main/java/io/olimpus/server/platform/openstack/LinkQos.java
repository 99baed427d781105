package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.platform.openstack.QosApi.Policy;
import io.olimpus.server.platform.openstack.QosApi.PortQos;
import io.olimpus.server.platform.openstack.QosApi.Rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A link's rate on OpenStack: one Neutron QoS policy per rate-limited link, named after the link
 * ({@link OpenStackNames#qosPolicy}) in the slice's project, with a {@code bandwidth_limit} rule
 * per direction the cloud can limit, on the ports of the link's VMs. Setting the rate again
 * changes the rules in place (the ports keep their policy, the VMs keep running); no rate takes
 * the policy off the port, and the last port to lose it deletes it.
 *
 * <p>The engine shapes a link's two ports in parallel; they share one policy, so each link's
 * work is done one port at a time (a lock per project and link).
 */
final class LinkQos {
    /** Below about one full frame (1514 bytes) a token bucket cannot pass a packet at all. */
    static final long MIN_BURST_KBIT = 16;

    enum Op { CREATE, UPDATE, DELETE }

    /** One change to a policy's rules. */
    record Change(Op op, Rule rule) {}

    private final QosApi api;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LinkQos.class);
    private final Duration rewireTimeout, settle, quiet;
    private final long pollMs;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * {@code rewireTimeout}: how long a port may take to be ACTIVE again once its policy changed;
     * {@code settle}: how long a port that stays ACTIVE is watched for the agent's
     * rewiring before it counts as untouched; {@code quiet}: how long a rewired port must stay
     * ACTIVE before it counts as wired.
     */
    LinkQos(QosApi api, Duration rewireTimeout, long pollMs, Duration settle, Duration quiet) {
        this.api = api;
        this.rewireTimeout = rewireTimeout;
        this.pollMs = pollMs;
        this.settle = settle;
        this.quiet = quiet;
    }

    /** Neutron's max_kbps for a rate in Mbit/s (Neutron's kilo is 1000); at least 1. */
    static long maxKbps(double rateMbit) { return Math.max(1, Math.round(rateMbit * 1000)); }

    /**
     * The burst, in kbit: 80 % of one second at the rate, Neutron's own advice for TCP (and what
     * its agents use when none is given), so a TCP flow reaches the rate rather than stalling
     * under it; never under {@link #MIN_BURST_KBIT}.
     */
    static long burstKbit(long maxKbps) { return Math.max(MIN_BURST_KBIT, Math.round(maxKbps * 0.8)); }

    /**
     * What turns the rules a policy {@code has} into one rule per limited direction at the rate:
     * a missing direction is created, one with other values updated in place, one the cloud can
     * no longer limit (or a duplicate) deleted; nothing when they are right already.
     */
    static List<Change> changes(List<Rule> has, Set<String> directions, double rateMbit) {
        long kbps = maxKbps(rateMbit), burst = burstKbit(kbps);
        List<Change> out = new ArrayList<>();
        Set<String> kept = new java.util.HashSet<>();
        for (String dir : List.of(QosApi.EGRESS, QosApi.INGRESS)) {
            if (!directions.contains(dir)) continue;
            Rule same = has.stream().filter(r -> dir.equals(direction(r))).findFirst().orElse(null);
            if (same == null) out.add(new Change(Op.CREATE, new Rule(null, dir, kbps, burst)));
            else {
                kept.add(same.id());
                if (same.maxKbps() != kbps || same.maxBurstKbps() != burst) out.add(new Change(Op.UPDATE, new Rule(same.id(), dir, kbps, burst)));
            }
        }
        for (Rule r : has) if (!kept.contains(r.id())) out.add(new Change(Op.DELETE, r));
        return out;
    }

    /** An old Neutron's rule has no direction: it limits egress. */
    private static String direction(Rule r) { return r.direction() == null ? QosApi.EGRESS : r.direction(); }

    /**
     * Limits the port (named {@code portName}, MAC {@code mac}) of project {@code projectId} to
     * {@code rateMbit} as link {@code linkId}'s policy; 0 takes the link's policy off it and
     * deletes the policy once no port has it. {@code made} is told the policy the port carries.
     */
    void shape(String projectId, String linkId, String portName, String mac, String what, double rateMbit, Consumer<Policy> made) {
        PortQos port = api.port(projectId, portName, mac)
                .orElseThrow(() -> new DriverException(what + " has no Neutron port to limit; deploy the slice again to recreate it"));
        long revision = change(projectId, linkId, port, rateMbit, made);
        if (revision != NOT_CHANGED) awaitRewired(port.id(), revision, what);
    }

    private static final long NOT_CHANGED = Long.MIN_VALUE;

    /** The policy and rules as the rate says, and the port's policy; returns the port's revision when its policy changed. */
    private long change(String projectId, String linkId, PortQos port, double rateMbit, Consumer<Policy> made) {
        String name = OpenStackNames.qosPolicy(linkId);
        synchronized (locks.computeIfAbsent(projectId + "/" + linkId, k -> new Object())) {
            Policy found = api.policies(projectId).stream().filter(p -> name.equals(p.name())).findFirst().orElse(null);
            if (rateMbit <= 0) {
                if (found == null) return NOT_CHANGED;
                long revision = found.id().equals(port.qosPolicyId()) ? api.setPolicy(port.id(), null) : NOT_CHANGED;
                if (api.ports(projectId).stream().noneMatch(p -> found.id().equals(p.qosPolicyId()) && !p.id().equals(port.id())))
                    api.deletePolicy(found.id());
                return revision;
            }
            Policy policy = found != null ? found : api.createPolicy(projectId, name, "Olimpus: the rate of link " + linkId);
            made.accept(policy);
            for (Change c : changes(api.rules(policy.id()), api.directions(), rateMbit))
                switch (c.op()) {
                    case CREATE -> api.createRule(policy.id(), c.rule());
                    case UPDATE -> api.updateRule(policy.id(), c.rule());
                    case DELETE -> api.deleteRule(policy.id(), c.rule().id());
                }
            return policy.id().equals(port.qosPolicyId()) ? NOT_CHANGED : api.setPolicy(port.id(), policy.id());
        }
    }

    /**
     * A port whose policy changed is rewired by the cloud's network agent: Neutron shows it BUILD
     * for a moment, then ACTIVE again. The VM is reachable, and RUNNING for the engine, only after
     * that, so the shaping waits for it: for the port to leave ACTIVE and come back, and then stay
     * ACTIVE for {@code quiet} (an agent may take it through more than one round); a port that
     * never shows the agent's work stays ACTIVE and counts after {@code settle}. A revision past
     * the change's is no proof of the agent's work (taken as one, a deploy on the bed finished
     * while a port went BUILD after it); two past it are a round seen late, and count as one. A port not ACTIVE again within {@code rewireTimeout} fails, named.
     */
    private void awaitRewired(String portId, long revision, String what) {
        long start = System.nanoTime(), deadline = start + rewireTimeout.toNanos(), activeSince = -1;
        boolean left = false;
        List<String> seen = new ArrayList<>();
        String last = null;
        while (true) {
            PortQos p = api.port(portId).orElseThrow(() -> new DriverException(what + ": Neutron lost its port " + portId));
            long now = System.nanoTime();
            String state = p.status() + "@" + p.revision();
            if (!state.equals(last)) seen.add(state + " +" + (now - start) / 1_000_000 + " ms");
            last = state;
            boolean active = "ACTIVE".equals(p.status());
            // Two revisions past the change while ACTIVE: a round (BUILD, ACTIVE) happened between two looks.
            left |= !active || (revision >= 0 && p.revision() >= revision + 2);
            activeSince = active ? (activeSince < 0 ? now : activeSince) : -1;
            if (active && ((left && now - activeSince >= quiet.toNanos()) || now - start >= settle.toNanos())) {
                LOG.info("port {} after its QoS policy changed (revision {}): {}", portId, revision, String.join(", ", seen));
                return;
            }
            if (now > deadline)
                throw new DriverException(what + ": its port " + portId + " is " + p.status() + " " + rewireTimeout.toSeconds()
                        + " s after its QoS policy changed: the cloud's network agent did not wire it again; ask the cloud's admin to check the Neutron agents, then deploy again");
            ServerWatch.sleep(pollMs);
        }
    }

    /** The project's policies: what a listing of the slice reports. */
    List<Policy> policies(String projectId) { return api.policies(projectId); }

    /**
     * Deletes the policy, taken off the ports of {@code projectId} that still carry it first
     * (Neutron refuses to delete a policy in use); a null project (gone already) skips that.
     */
    void delete(String projectId, String policyId) {
        if (projectId != null)
            for (PortQos p : api.ports(projectId)) if (policyId.equals(p.qosPolicyId())) api.setPolicy(p.id(), null);
        api.deletePolicy(policyId);
    }
}
