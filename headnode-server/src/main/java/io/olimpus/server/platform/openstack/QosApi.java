package io.olimpus.server.platform.openstack;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The few Neutron QoS calls a link's rate needs ({@link LinkQos} decides which). openstack4j has
 * no {@code qos_policy_id} on ports and no filtered policy listing, so the cloud's side
 * ({@link NeutronQos}) makes plain REST calls; tests use an in-memory cloud.
 */
interface QosApi {
    /** Neutron's direction names, seen from the VM: egress leaves it, ingress reaches it. */
    String EGRESS = "egress", INGRESS = "ingress";

    record Policy(String id, String name, String projectId) {}

    /** A bandwidth_limit rule; {@code id} is null for one not made yet. */
    record Rule(String id, String direction, long maxKbps, long maxBurstKbps) {}

    /**
     * A VM's port as far as QoS goes: its id, the policy on it (null: none), its status (ACTIVE once
     * the network agent has wired it) and its revision (-1 when the cloud does not say).
     */
    record PortQos(String id, String qosPolicyId, String status, long revision) {
        PortQos(String id, String qosPolicyId) { this(id, qosPolicyId, "ACTIVE", -1); }
    }

    /** The policies of a project; every project's when {@code projectId} is null. */
    List<Policy> policies(String projectId);

    Policy createPolicy(String projectId, String name, String description);

    /** Deletes the policy; already gone is success. */
    void deletePolicy(String policyId);

    List<Rule> rules(String policyId);

    void createRule(String policyId, Rule rule);

    void updateRule(String policyId, Rule rule);

    void deleteRule(String policyId, String ruleId);

    /** The port of the project with that name and MAC, if any. */
    Optional<PortQos> port(String projectId, String name, String mac);

    /** The project's ports. */
    List<PortQos> ports(String projectId);

    /** Puts the policy on the port; null takes it off. Returns the port's revision after the change (-1: not said). */
    long setPolicy(String portId, String policyId);

    /** The port as it is now; empty once it is gone. */
    Optional<PortQos> port(String portId);

    /** The directions every QoS driver of the cloud can limit (at least egress, which every one can). */
    Set<String> directions();
}
