package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.platform.Leftovers;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Keypair;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.Router;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.Subnet;
import org.openstack4j.model.network.options.PortListOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.olimpus.server.platform.openstack.ApiCalls.KEYSTONE;
import static io.olimpus.server.platform.openstack.ApiCalls.NEUTRON;
import static io.olimpus.server.platform.openstack.ApiCalls.NOVA;

/**
 * Everything a cloud holds for Olimpus beyond what the engine tracks: what a slice project still
 * holds when it goes (Neutron makes a {@code default} security group in every project that gets a
 * port, and nothing deletes it with the project), and what no slice owns: projects named
 * {@code olimpus-<slice>} of the zone's domain whose slice this server does not know, with
 * everything in them, and resources whose project no longer exists at all (nobody can use or even
 * see them any more). Key pairs of the service account named {@code olimpus-<slice>} count too.
 *
 * <p>Reports list security groups without a project filter on purpose: Neutron creates a
 * project's {@code default} group when a listing is filtered by that project, so a filtered
 * check would bring back what it checks for (emptying a project may filter: it deletes them next).
 */
final class CloudLeftovers {
    static final String PROJECT = "project", SERVER = "server", PORT = "port", NETWORK = "network", SUBNET = "subnet", ROUTER = "router",
            FLOATING_IP = "floating-ip", SECURITY_GROUP = "security-group", KEY_PAIR = "key-pair", QOS_POLICY = "qos-policy";
    private static final String ROUTER_INTERFACE = "network:router_interface", SLICE_PREFIX = "olimpus-";

    private final OpenStackZone zone;
    private final KeystoneSession session;
    private final ApiCalls calls;
    private final ServerWatch servers;
    private final QosApi qos;

    CloudLeftovers(OpenStackZone zone, KeystoneSession session, ApiCalls calls, ServerWatch servers, QosApi qos) {
        this.zone = zone;
        this.session = session;
        this.calls = calls;
        this.servers = servers;
        this.qos = qos;
    }

    // ---- one project ---------------------------------------------------------------------------

    /**
     * Deletes everything project {@code pid} holds, in dependency order (servers and their wait,
     * floating IPs, router interfaces and routers, ports, QoS policies, networks with their subnets,
     * security groups including {@code default}); the project itself stays. Throws on the first refusal.
     */
    void empty(String pid) {
        delete(Cloud.list(this, pid), pid::equals);
    }

    // ---- the zone ------------------------------------------------------------------------------

    /** What no slice of {@code owned} (slice ids, as in the project names) owns; see the class comment. */
    List<Leftovers.Item> find(Set<String> owned) {
        OSClientV3 os = session.admin();
        List<? extends Project> projects = calls.call(KEYSTONE, "listing projects", () -> os.identity().projects().list());
        Map<String, Project> byId = new HashMap<>();
        for (Project p : projects) byId.put(p.getId(), p);
        Cloud c = Cloud.list(this, null);
        List<Leftovers.Item> out = new ArrayList<>();
        for (Project p : unowned(projects, owned)) {
            out.add(new Leftovers.Item(PROJECT, p.getId(), p.getName(), p.getId(),
                    "no slice of this server is deployed as " + p.getName().substring(SLICE_PREFIX.length())));
            out.addAll(c.held(p.getId()::equals, "in project " + p.getName() + ", which no slice owns"));
        }
        out.addAll(c.held(pid -> pid != null && !pid.isEmpty() && !byId.containsKey(pid), "its project no longer exists in Keystone"));
        for (Keypair k : keypairs())
            if (k.getName().startsWith(SLICE_PREFIX) && !owned.contains(k.getName().substring(SLICE_PREFIX.length())))
                out.add(new Leftovers.Item(KEY_PAIR, k.getName(), k.getName(), zone.project(), "a key pair of the service account that no slice owns"));
        return out;
    }

    /** Removes what {@link #find} reports; failures are collected, one line each, and the rest goes on. */
    List<String> clean(java.util.function.Supplier<Set<String>> ownedNow) {
        Set<String> owned = ownedNow.get();
        OSClientV3 os = session.admin();
        List<? extends Project> projects = calls.call(KEYSTONE, "listing projects", () -> os.identity().projects().list());
        Set<String> known = new java.util.HashSet<>();
        for (Project p : projects) known.add(p.getId());
        List<String> failures = new ArrayList<>();
        for (Project p : unowned(projects, owned)) {
            // Asked again per project: a slice that started deploying since the listing owns its project now.
            if (ownedNow.get().contains(p.getName().substring(SLICE_PREFIX.length()))) continue;
            try {
                empty(p.getId());
                calls.act(KEYSTONE, "deleting project " + p.getName(), true, () -> session.admin().identity().projects().delete(p.getId()));
                session.forgetProject(p.getId());
                servers.forget(p.getId());
            } catch (DriverException e) {
                failures.add("project " + p.getName() + ": " + e.getMessage());
            }
        }
        try {
            delete(Cloud.list(this, null), pid -> pid != null && !pid.isEmpty() && !known.contains(pid));
        } catch (DriverException e) {
            failures.add("resources of deleted projects: " + e.getMessage());
        }
        for (Keypair k : keypairs())
            if (k.getName().startsWith(SLICE_PREFIX) && !owned.contains(k.getName().substring(SLICE_PREFIX.length()))) {
                try {
                    calls.act(NOVA, "deleting key pair " + k.getName(), true, () -> session.admin().compute().keypairs().delete(k.getName()));
                } catch (DriverException e) {
                    failures.add("key pair " + k.getName() + ": " + e.getMessage());
                }
            }
        return failures;
    }

    /** Slice projects of the zone's domain whose slice is not in {@code owned}; never the service account's own project. */
    private List<Project> unowned(List<? extends Project> projects, Set<String> owned) {
        String domain = session.domainId();
        List<Project> out = new ArrayList<>();
        for (Project p : projects) {
            String n = p.getName();
            if (n == null || !n.startsWith(SLICE_PREFIX) || n.equals(zone.project()) || !domain.equals(p.getDomainId())) continue;
            if (!owned.contains(n.substring(SLICE_PREFIX.length()))) out.add(p);
        }
        return out;
    }

    private List<? extends Keypair> keypairs() {
        OSClientV3 os = session.admin();
        return calls.call(NOVA, "listing the service account's key pairs", () -> os.compute().keypairs().list());
    }

    /** Deletes what projects passing {@code of} hold, in dependency order. */
    private void delete(Cloud c, Predicate<String> of) {
        OSClientV3 os = session.admin();
        List<Server> gone = new ArrayList<>();
        for (Server s : c.servers) if (of.test(s.getTenantId())) {
            long asked = System.nanoTime();
            calls.act(NOVA, "deleting server " + s.getName(), true, () -> os.compute().servers().delete(s.getId()));
            servers.awaitDeleted(null, s.getId(), asked, () -> calls.call(NOVA, "checking the deletion of server " + s.getName(),
                    () -> session.admin().compute().servers().get(s.getId())));
            gone.add(s);
        }
        for (NetFloatingIP f : c.floatingIps) if (of.test(f.getTenantId()))
            calls.act(NEUTRON, "deleting floating IP " + f.getFloatingIpAddress(), true, () -> os.networking().floatingip().delete(f.getId()));
        for (Router r : c.routers) if (of.test(r.getTenantId())) {
            for (Port p : c.ports) if (r.getId().equals(p.getDeviceId()) && ROUTER_INTERFACE.equals(p.getDeviceOwner())) {
                try {
                    calls.call(NEUTRON, "detaching port " + p.getId() + " from router " + r.getId(), () -> os.networking().router().detachInterface(r.getId(), null, p.getId()));
                } catch (DriverException e) {
                    if (!(e.getCause() instanceof org.openstack4j.api.exceptions.ResponseException re && re.getStatus() == 404)) throw e;
                }
            }
            calls.act(NEUTRON, "deleting router " + r.getId(), true, () -> os.networking().router().delete(r.getId()));
        }
        for (Port p : c.ports) if (of.test(p.getTenantId()) && !ROUTER_INTERFACE.equals(p.getDeviceOwner()) && !"network:router_gateway".equals(p.getDeviceOwner()))
            calls.act(NEUTRON, "deleting port " + p.getId(), true, () -> os.networking().port().delete(p.getId()));
        // A policy goes once the ports that carried it have.
        for (QosApi.Policy q : c.qosPolicies) if (of.test(q.projectId())) qos.deletePolicy(q.id());
        for (Network n : c.networks) if (of.test(n.getTenantId()))
            calls.act(NEUTRON, "deleting network " + n.getId(), true, () -> os.networking().network().delete(n.getId()));
        for (Subnet s : c.subnets) if (of.test(s.getTenantId()) && c.networks.stream().noneMatch(n -> n.getId().equals(s.getNetworkId()) && of.test(n.getTenantId())))
            calls.act(NEUTRON, "deleting subnet " + s.getId(), true, () -> os.networking().subnet().delete(s.getId()));
        for (SecurityGroup g : c.securityGroups) if (of.test(g.getTenantId()))
            calls.act(NEUTRON, "deleting security group " + g.getName() + " (" + g.getId() + ")", true, () -> os.networking().securitygroup().delete(g.getId()));
    }

    /**
     * One listing per kind of everything the admin sees ({@code pid} null), or of one project's
     * resources: a report or a clean-up costs the same few calls whatever the number of projects.
     */
    private record Cloud(List<? extends Server> servers, List<? extends NetFloatingIP> floatingIps, List<? extends Router> routers,
                         List<? extends Port> ports, List<? extends Network> networks, List<? extends Subnet> subnets,
                         List<? extends SecurityGroup> securityGroups, List<QosApi.Policy> qosPolicies) {
        static Cloud list(CloudLeftovers l, String pid) {
            OSClientV3 os = l.session.admin();
            ApiCalls c = l.calls;
            Map<String, String> project = pid == null ? Map.of() : Map.of("tenant_id", pid);
            return new Cloud(
                    c.call(NOVA, "listing servers", () -> os.compute().servers().list(pid == null ? Map.of("all_tenants", "1")
                            : Map.of("all_tenants", "1", "project_id", pid))),
                    c.call(NEUTRON, "listing floating IPs", () -> os.networking().floatingip().list(project)),
                    c.call(NEUTRON, "listing routers", () -> os.networking().router().list()),
                    c.call(NEUTRON, "listing ports", () -> os.networking().port().list(pid == null ? PortListOptions.create() : PortListOptions.create().tenantId(pid))),
                    c.call(NEUTRON, "listing networks", () -> os.networking().network().list(project)),
                    c.call(NEUTRON, "listing subnets", () -> os.networking().subnet().list()),
                    // Filtered by a project, Neutron first makes that project's default group: right before deleting them all, harmless.
                    c.call(NEUTRON, "listing security groups", () -> os.networking().securitygroup().list(project)),
                    l.qos.policies(pid));
        }

        List<Leftovers.Item> held(Predicate<String> of, String reason) {
            List<Leftovers.Item> out = new ArrayList<>();
            for (Server s : servers) if (of.test(s.getTenantId()) && s.getStatus() != Server.Status.DELETED)
                out.add(new Leftovers.Item(SERVER, s.getId(), s.getName(), s.getTenantId(), reason));
            for (NetFloatingIP f : floatingIps) if (of.test(f.getTenantId()))
                out.add(new Leftovers.Item(FLOATING_IP, f.getId(), f.getFloatingIpAddress(), f.getTenantId(), reason));
            for (Router r : routers) if (of.test(r.getTenantId())) out.add(new Leftovers.Item(ROUTER, r.getId(), r.getName(), r.getTenantId(), reason));
            for (Port p : ports) if (of.test(p.getTenantId())) out.add(new Leftovers.Item(PORT, p.getId(), p.getName(), p.getTenantId(), reason));
            for (Network n : networks) if (of.test(n.getTenantId())) out.add(new Leftovers.Item(NETWORK, n.getId(), n.getName(), n.getTenantId(), reason));
            for (Subnet s : subnets) if (of.test(s.getTenantId())) out.add(new Leftovers.Item(SUBNET, s.getId(), s.getCidr(), s.getTenantId(), reason));
            for (SecurityGroup g : securityGroups) if (of.test(g.getTenantId()))
                out.add(new Leftovers.Item(SECURITY_GROUP, g.getId(), g.getName(), g.getTenantId(), reason));
            for (QosApi.Policy q : qosPolicies) if (of.test(q.projectId()))
                out.add(new Leftovers.Item(QOS_POLICY, q.id(), q.name(), q.projectId(), reason));
            return out;
        }
    }
}
