package io.olimpus.server.platform.openstack;

import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.driver.VmEvidence;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.engine.allocation.Ipv4Block;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.compute.Action;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.model.compute.VNCConsole;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.network.AttachInterfaceType;
import org.openstack4j.model.network.IP;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.Router;
import org.openstack4j.model.network.Subnet;
import org.openstack4j.model.network.options.PortListOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import static io.olimpus.server.platform.openstack.ApiCalls.KEYSTONE;
import static io.olimpus.server.platform.openstack.ApiCalls.NEUTRON;
import static io.olimpus.server.platform.openstack.ApiCalls.NOVA;

/**
 * The OpenStack driver: one Keystone project per slice (the service account gets
 * {@link OpenStackZone#memberRole()} on it and works scoped to it), per derived network a Neutron
 * network and subnet with the engine's addresses, one port per NIC with the planned MAC and IP,
 * one Nova server per VM in the zone's availability zone attached by those ports, and a router to
 * the zone's external network for the networks of VMs that ask for the internet, and a QoS
 * policy on the ports of each link with a rate ({@link LinkQos}).
 *
 * <p>Resources are named after the plan element that owns them ({@link OpenStackNames}), and every
 * ref's name is the OpenStack id, so {@link #list} rebuilds exactly the refs the creates reported.
 * Deletes and listings use the service account's own (admin) scope, so they work whatever state
 * the slice's project is in. The driver's parts: the account's tokens ({@link KeystoneSession}),
 * flavors and images made present from the catalog ({@link CatalogSync}), waits on Nova
 * ({@link ServerWatch}); every HTTP call to the cloud is counted ({@link #apiCalls()}).
 */
public final class OpenStackDriver implements SliceDriver, AutoCloseable {
    static final String PROJECT = "openstack.project", NETWORK = "openstack.network", SUBNET = "openstack.subnet",
            PORT = "openstack.port", SERVER = "openstack.server", ROUTER = "openstack.router", ROUTER_IF = "openstack.router-interface",
            QOS_POLICY = "openstack.qos-policy";
    /** Teardown order: servers, ports, QoS policies (Neutron keeps one a port uses), router interfaces, routers, subnets, networks, project. */
    static final int RANK_PROJECT = 0, RANK_NETWORK = 10, RANK_SUBNET = 20, RANK_ROUTER = 30, RANK_ROUTER_IF = 40,
            RANK_QOS_POLICY = 45, RANK_PORT = 50, RANK_SERVER = 60;
    private static final String ROUTER_INTERFACE_OWNER = "network:router_interface";
    /** How long a port whose QoS policy changed is watched for its agent's rewiring when Neutron shows none (see {@link LinkQos}). */
    private static final Duration LINK_QOS_SETTLE = Duration.ofSeconds(30);
    /**
     * How long a rewired port must stay ACTIVE: a network agent may take it through more rounds, one
     * per loop (2 s by default). On the bed, putting a policy on a port took it BUILD and back three
     * times within 13 s, with up to 3.6 s of ACTIVE between rounds; twice that is the margin.
     */
    private static final Duration LINK_QOS_QUIET = Duration.ofSeconds(7);

    private record NetIds(String network, String subnet) {}

    private final OpenStackZone zone;
    private final ApiCalls calls = new ApiCalls();
    private final KeystoneSession session;
    private final CatalogSync catalog;
    private final ServerWatch servers;
    private final PortWatch ports;
    private final CloudLeftovers leftovers;
    private final NeutronQos neutronQos;
    private final LinkQos linkQos;

    private volatile String externalNetworkId;
    private final Map<String, String> projectIds = new ConcurrentHashMap<>();
    private final Map<String, NetIds> networkIds = new ConcurrentHashMap<>();
    /** Lines of a failed server's console log kept as evidence (the engine keeps the last 4096 characters of them). */
    private static final int CONSOLE_LINES = 100;
    private final Map<String, String> serverIds = new ConcurrentHashMap<>();
    private final Map<String, Object> routerLocks = new ConcurrentHashMap<>();

    public OpenStackDriver(OpenStackZone zone, OpenStackCatalogSource catalog) {
        this.zone = zone;
        this.session = new KeystoneSession(zone, calls);
        this.catalog = new CatalogSync(catalog, session, calls);
        this.servers = new ServerWatch(this::listServers, zone.bootTimeout(), ServerWatch.POLL_MS);
        this.ports = new PortWatch(this::listPorts, zone.bootTimeout(), ServerWatch.POLL_MS);
        this.neutronQos = new NeutronQos(session, calls);
        this.linkQos = new LinkQos(neutronQos, zone.bootTimeout(), ServerWatch.POLL_MS, LINK_QOS_SETTLE, LINK_QOS_QUIET);
        this.leftovers = new CloudLeftovers(zone, session, calls, servers, neutronQos);
    }

    public OpenStackZone zone() { return zone; }

    // ---- API call accounting -----------------------------------------------------------------

    /** Calls made to each service since the last reset; each is one HTTP request. */
    public Map<String, Long> apiCalls() { return calls.perService(); }

    public long totalApiCalls() { return calls.total(); }

    public void resetApiCalls() { calls.reset(); }

    // ---- zone check ----------------------------------------------------------------------------

    /**
     * Checks the zone's settings against the cloud, for the admin at zone setup: the service account
     * authenticates, the region offers compute, network and image services, the availability zone
     * exists and is available, the member role and the external network exist. Every problem is
     * reported at once; a wrong password fails here, not at the first deploy.
     */
    public String verify() {
        Token t = session.reauthenticate();
        List<String> problems = new ArrayList<>();
        for (String type : List.of("compute", "network", "image"))
            if (session.endpoint(t, type) == null) problems.add(session.noEndpoint(type));
        if (problems.isEmpty()) {
            OSClientV3 os = session.client(t);
            var zones = calls.call(NOVA, "listing availability zones", () -> os.compute().zones().list(false));
            boolean found = false;
            for (var z : zones)
                if (zone.availabilityZone().equals(z.getZoneName())) {
                    found = true;
                    if (z.getZoneState() == null || !z.getZoneState().getAvailable())
                        problems.add("Nova's availability zone " + zone.availabilityZone() + " is not available");
                }
            if (!found) problems.add("Nova has no availability zone " + zone.availabilityZone() + " (it has "
                    + zones.stream().map(z -> z.getZoneName()).toList() + ")");
            try { session.memberRoleId(); } catch (DriverException e) { problems.add(e.getMessage()); }
            if (zone.externalNetwork() != null)
                try { externalNetworkId(); } catch (DriverException e) { problems.add(e.getMessage()); }
        }
        if (!problems.isEmpty()) throw new DriverException("zone " + zone.name() + ": " + String.join("; ", problems));
        return "zone " + zone.name() + ": service account " + zone.user() + " authenticated; region " + zone.region()
                + " offers compute, network and image; availability zone " + zone.availabilityZone() + " is available";
    }

    private String externalNetworkId() {
        if (externalNetworkId == null) {
            String ext = zone.externalNetwork();
            OSClientV3 os = session.admin();
            List<? extends Network> byName = calls.call(NEUTRON, "looking up external network " + ext, () -> os.networking().network().list(Map.of("name", ext)));
            Network n = byName.isEmpty() ? calls.call(NEUTRON, "looking up external network " + ext, () -> os.networking().network().get(ext)) : byName.get(0);
            if (n == null) throw new DriverException("Neutron has no external network " + ext);
            if (!n.isRouterExternal()) throw new DriverException("Neutron network " + ext + " is not external (router:external is false)");
            externalNetworkId = n.getId();
        }
        return externalNetworkId;
    }

    // ---- slice ---------------------------------------------------------------------------------

    private static ResourceRef ref(String kind, String id, String owner, int rank) {
        return new ResourceRef(kind, id, null, owner, rank);
    }

    /** The slice's project id, looked up by name when not known; null when it does not exist. */
    private String projectOf(SliceContext slice) {
        String pid = projectIds.get(slice.sliceId());
        if (pid != null) return pid;
        String name = OpenStackNames.project(slice.sliceId());
        OSClientV3 os = session.admin();
        Project p = calls.call(KEYSTONE, "looking up project " + name, () -> os.identity().projects().getByName(name, session.domainId()));
        if (p == null) return null;
        projectIds.put(slice.sliceId(), p.getId());
        return p.getId();
    }

    private String requireProject(SliceContext slice) {
        String pid = projectOf(slice);
        if (pid == null) throw new DriverException("slice " + slice.sliceName() + " has no project " + OpenStackNames.project(slice.sliceId()) + " in Keystone");
        return pid;
    }

    /** The service account scoped to the slice's project: what the slice's resources are created as. */
    private OSClientV3 inProject(SliceContext slice) { return session.inProject(requireProject(slice)); }

    /**
     * A link's delay, jitter and loss: Neutron has no means for them, so each is refused on its
     * link rather than ignored. A rate is carried, by a QoS policy ({@link #shapePort}).
     */
    @Override
    public List<Problem> designProblems(Topology topology) { return linkPropertiesRefused(topology); }

    static List<Problem> linkPropertiesRefused(Topology topology) {
        List<Problem> out = new java.util.ArrayList<>();
        for (Link l : topology.links())
            for (LinkImpairment.Property p : LinkImpairment.Property.values())
                if (p != LinkImpairment.Property.RATE && l.impairment().has(p))
                    out.add(Problem.onLink(ProblemCode.INVALID_LINK_PROPERTY, "link " + l.id() + ": " + p.label() + " is not supported on OpenStack zones "
                            + "(Neutron has no delay, jitter or loss); remove it, keep only a rate, or deploy to a Linux zone", l.id()));
        return out;
    }

    // ---- link rates ----------------------------------------------------------------------------

    @Override
    public void shapePort(SliceContext slice, VmPlan vm, NicPlan nic, LinkImpairment impairment) {
        shapePort(slice, vm, nic, impairment, r -> {});
    }

    /**
     * The NIC's port gets its link's rate as the link's QoS policy ({@link LinkQos}): made in the
     * slice's project and reported the moment it exists, its rules changed in place on a running
     * slice; no rate takes it off the port (and deletes it with the link's last port).
     */
    @Override
    public void shapePort(SliceContext slice, VmPlan vm, NicPlan nic, LinkImpairment impairment, Consumer<ResourceRef> created) {
        String pid = requireProject(slice);
        double rate = impairment == null ? 0 : impairment.value(LinkImpairment.Property.RATE);
        linkQos.shape(pid, nic.linkId(), OpenStackNames.port(vm.vmId()), nic.mac(), vm.name() + "'s " + nicLabel(slice, nic), rate,
                p -> created.accept(ref(QOS_POLICY, p.id(), ResourceRef.SLICE, RANK_QOS_POLICY)));
    }

    @Override
    public void prepareSlice(SliceContext slice, Consumer<ResourceRef> created) {
        String name = OpenStackNames.project(slice.sliceId());
        String pid = projectOf(slice);
        if (pid == null) {
            OSClientV3 os = session.admin();
            Project p = calls.call(KEYSTONE, "creating project " + name, () -> os.identity().projects().create(Builders.project()
                    .name(name).domainId(session.domainId()).description("Olimpus slice " + slice.sliceName()).enabled(true).build()));
            pid = p.getId();
            projectIds.put(slice.sliceId(), pid);
        }
        created.accept(ref(PROJECT, pid, ResourceRef.SLICE, RANK_PROJECT));
        String projectId = pid, user = session.serviceUserId(), role = session.memberRoleId();
        OSClientV3 os = session.admin();
        calls.act(KEYSTONE, "giving " + zone.user() + " role " + zone.memberRole() + " on project " + name, false,
                () -> os.identity().roles().grantProjectUserRole(projectId, user, role));
    }

    @Override
    public void createNetwork(SliceContext slice, NetworkPlan net, Consumer<ResourceRef> created) {
        String pid = requireProject(slice), name = OpenStackNames.network(net.networkId());
        OSClientV3 os = inProject(slice);
        List<? extends Network> found = calls.call(NEUTRON, "looking up network " + net.name(),
                () -> os.networking().network().list(Map.of("name", name, "tenant_id", pid)));
        Network n = found.isEmpty() ? null : found.get(0);
        if (n == null) n = calls.call(NEUTRON, "creating network " + net.name(),
                () -> os.networking().network().create(Builders.network().name(name).adminStateUp(true).build()));
        created.accept(ref(NETWORK, n.getId(), net.networkId(), RANK_NETWORK));
        String subnetId = n.getSubnets() == null || n.getSubnets().isEmpty() ? null : n.getSubnets().get(0);
        if (subnetId == null) {
            Ipv4Block block = Ipv4Block.parse(net.cidr());
            // The pool Neutron allocates from itself (a DHCP agent's port) is the subnet's last address, away from the
            // engine's fixed addresses, which start at .2; fixed IPs outside the pool are allowed.
            String last = block.host(block.hostCount());
            String networkId = n.getId();
            Subnet s = calls.call(NEUTRON, "creating subnet " + net.cidr() + " of network " + net.name(),
                    () -> os.networking().subnet().create(Builders.subnet().name(name).networkId(networkId).ipVersion(IPVersionType.V4)
                            .cidr(net.cidr()).gateway(net.gateway()).addPool(last, last).enableDHCP(true).build()));
            subnetId = s.getId();
        }
        created.accept(ref(SUBNET, subnetId, net.networkId(), RANK_SUBNET));
        networkIds.put(slice.sliceId() + "/" + net.networkId(), new NetIds(n.getId(), subnetId));
    }

    private NetIds netIds(SliceContext slice, String networkId) {
        NetIds ids = networkIds.get(slice.sliceId() + "/" + networkId);
        if (ids != null) return ids;
        String pid = requireProject(slice), name = OpenStackNames.network(networkId);
        OSClientV3 os = session.admin();
        List<? extends Network> found = calls.call(NEUTRON, "looking up network " + networkId, () -> os.networking().network().list(Map.of("name", name, "tenant_id", pid)));
        if (found.isEmpty() || found.get(0).getSubnets() == null || found.get(0).getSubnets().isEmpty())
            throw new DriverException("slice " + slice.sliceName() + " has no network " + networkId + " with a subnet in Neutron");
        ids = new NetIds(found.get(0).getId(), found.get(0).getSubnets().get(0));
        networkIds.put(slice.sliceId() + "/" + networkId, ids);
        return ids;
    }

    // ---- VMs -----------------------------------------------------------------------------------

    @Override
    public void createVm(SliceContext slice, VmPlan vm, Consumer<ResourceRef> created) {
        // openstack4j binds its session per thread: every service call uses the client made last on
        // this thread. So everything that may need the service account's own scope (flavor, image,
        // project and network lookups) is resolved first, and the project's client is made after.
        String flavorId = catalog.flavorId(vm.flavor(), vm.resources()), imageId = catalog.imageId(vm.image());
        String pid = requireProject(slice), portName = OpenStackNames.port(vm.vmId());
        Map<String, NetIds> nets = new HashMap<>();
        for (NicPlan nic : vm.nics()) nets.put(nic.networkId(), netIds(slice, nic.networkId()));
        OSClientV3 os = inProject(slice);

        // Ports: one per NIC with the planned MAC and address, all of a VM in one bulk call.
        Map<Integer, String> portOfNic = new LinkedHashMap<>();
        List<? extends Port> existing = calls.call(NEUTRON, "looking up the ports of " + vm.name(),
                () -> os.networking().port().list(PortListOptions.create().name(portName).tenantId(pid)));
        List<Port> toCreate = new ArrayList<>();
        for (NicPlan nic : vm.nics()) {
            NetIds ids = nets.get(nic.networkId());
            Port have = existing.stream().filter(p -> ids.network().equals(p.getNetworkId()) && nic.mac().equalsIgnoreCase(p.getMacAddress()))
                    .findFirst().orElse(null);
            if (have != null) {
                portOfNic.put(nic.index(), have.getId());
                created.accept(ref(PORT, have.getId(), vm.vmId(), RANK_PORT));
            } else {
                toCreate.add(Builders.port().name(portName).networkId(ids.network()).macAddress(nic.mac()).fixedIp(nic.ip(), ids.subnet()).build());
            }
        }
        if (!toCreate.isEmpty()) {
            List<? extends Port> made = calls.call(NEUTRON, "creating " + toCreate.size() + " port(s) of " + vm.name(),
                    () -> toCreate.size() == 1 ? List.of(os.networking().port().create(toCreate.get(0))) : os.networking().port().create(toCreate));
            for (Port p : made) created.accept(ref(PORT, p.getId(), vm.vmId(), RANK_PORT));
            for (NicPlan nic : vm.nics())
                if (!portOfNic.containsKey(nic.index()))
                    portOfNic.put(nic.index(), made.stream().filter(p -> nic.mac().equalsIgnoreCase(p.getMacAddress())).findFirst()
                            .orElseThrow(() -> new DriverException("Neutron did not return the port of " + vm.name() + " with MAC " + nic.mac())).getId());
        }

        // The server, attached by its ports in NIC order.
        String name = OpenStackNames.server(vm.name());
        // A server is only ever booted on ports made before it: with no port found, there is no server to find either.
        Server s = null;
        long booted = System.nanoTime();
        if (!existing.isEmpty()) {
            List<? extends Server> same = calls.call(NOVA, "looking up server " + vm.name(),
                    () -> os.compute().servers().list(Map.of("name", "^" + name + "$")));
            s = same.stream().filter(x -> vm.vmId().equals(meta(x))).findFirst().orElse(null);
        }
        if (s == null) {
            ServerCreateBuilder b = Builders.server().name(name).flavor(flavorId).image(imageId)
                    .availabilityZone(zone.availabilityZone()).addMetadataItem(OpenStackNames.VM_META, vm.vmId())
                    .userData(GuestUserData.of(slice, vm));
            for (String port : portOfNic.values()) b.addNetworkPort(port);
            ServerCreate sc = b.build();
            s = calls.call(NOVA, "creating server " + vm.name(), () -> os.compute().servers().boot(sc));
        }
        String serverId = s.getId();
        serverIds.put(slice.sliceId() + "/" + vm.vmId(), serverId);
        created.accept(ref(SERVER, serverId, vm.vmId(), RANK_SERVER));
        servers.awaitActive(pid, serverId, vm.name());
        // RUNNING means reachable: Nova's ACTIVE says nothing about the wiring of the server's ports.
        Map<String, String> labels = new LinkedHashMap<>();
        for (NicPlan nic : vm.nics()) labels.put(portOfNic.get(nic.index()), nicLabel(slice, nic));
        ports.awaitActive(pid, labels, vm.name(), booted);
    }

    /** How the user knows a NIC: its index and the plan's name of its network. */
    private static String nicLabel(SliceContext slice, NicPlan nic) {
        String net = slice.plan().network(nic.networkId()).map(NetworkPlan::name).orElse(nic.networkId());
        return "NIC " + nic.index() + " (MAC " + nic.mac() + ") on network " + net;
    }

    private static String meta(Server s) {
        return s.getMetadata() == null ? null : s.getMetadata().get(OpenStackNames.VM_META);
    }

    /** One listing of a project's servers, in the service account's scope: what {@link ServerWatch} polls. */
    private List<? extends Server> listServers(String projectId) {
        OSClientV3 os = session.admin();
        return calls.call(NOVA, "listing the slice's servers", () -> os.compute().servers().list(Map.of("all_tenants", "1", "project_id", projectId)));
    }

    /** One listing of a project's ports, in the service account's scope: what {@link PortWatch} polls. */
    private List<? extends Port> listPorts(String projectId) {
        OSClientV3 os = session.admin();
        return calls.call(NEUTRON, "listing the slice's ports", () -> os.networking().port().list(PortListOptions.create().tenantId(projectId)));
    }

    // ---- internet ------------------------------------------------------------------------------

    @Override
    public void enableInternet(SliceContext slice, VmPlan vm, NetworkPlan via, Consumer<ResourceRef> created) {
        if (zone.externalNetwork() == null)
            throw new DriverException(vm.name() + " asks for the internet, but zone " + zone.name() + " has no external network configured");
        // Lookups in the service account's scope first; the project's client last (see createVm).
        String extId = externalNetworkId();
        NetIds ids = netIds(slice, via.networkId());
        String pid = requireProject(slice);
        synchronized (routerLocks.computeIfAbsent(slice.sliceId(), k -> new Object())) {
            OSClientV3 os = inProject(slice);
            List<? extends Router> routers = calls.call(NEUTRON, "looking up the slice's router", () -> os.networking().router().list());
            Router r = routers.stream().filter(x -> OpenStackNames.ROUTER.equals(x.getName()) && pid.equals(x.getTenantId())).findFirst().orElse(null);
            if (r == null) r = calls.call(NEUTRON, "creating the slice's router", () -> os.networking().router().create(Builders.router()
                    .name(OpenStackNames.ROUTER).adminStateUp(true).externalGateway(extId).build()));
            created.accept(ref(ROUTER, r.getId(), ResourceRef.SLICE, RANK_ROUTER));
            String routerId = r.getId();
            List<? extends Port> ifaces = calls.call(NEUTRON, "looking up the router's interfaces", () -> os.networking().port()
                    .list(PortListOptions.create().deviceId(routerId).deviceOwner(ROUTER_INTERFACE_OWNER)));
            boolean attached = ifaces.stream().anyMatch(p -> p.getFixedIps().stream().anyMatch(ip -> ids.subnet().equals(ip.getSubnetId())));
            if (!attached) calls.call(NEUTRON, "attaching network " + via.name() + " to the slice's router",
                    () -> os.networking().router().attachInterface(routerId, AttachInterfaceType.SUBNET, ids.subnet()));
            created.accept(ref(ROUTER_IF, routerId + "/" + ids.subnet(), via.networkId(), RANK_ROUTER_IF));
        }
    }

    // ---- delete and list -----------------------------------------------------------------------

    @Override
    public void delete(SliceContext slice, ResourceRef ref) {
        OSClientV3 os = session.admin();
        String id = ref.name();
        switch (ref.kind()) {
            case SERVER -> {
                long asked = System.nanoTime();
                calls.act(NOVA, "deleting server " + id, true, () -> os.compute().servers().delete(id));
                // Nova deletes asynchronously; the project must not go before its servers have.
                servers.awaitDeleted(projectOf(slice), id, asked,
                        () -> calls.call(NOVA, "checking the deletion of server " + id, () -> os.compute().servers().get(id)));
                serverIds.values().remove(id);
            }
            case PORT -> calls.act(NEUTRON, "deleting port " + id, true, () -> os.networking().port().delete(id));
            case QOS_POLICY -> linkQos.delete(projectOf(slice), id);
            case ROUTER_IF -> {
                int slash = id.indexOf('/');
                if (slash < 1) throw new DriverException("router interface '" + id + "' is not router/subnet");
                String router = id.substring(0, slash), subnet = id.substring(slash + 1);
                try {
                    calls.call(NEUTRON, "detaching subnet " + subnet + " from router " + router, () -> os.networking().router().detachInterface(router, subnet, null));
                } catch (DriverException e) {
                    if (!(e.getCause() instanceof ResponseException re && re.getStatus() == 404)) throw e;
                }
            }
            case ROUTER -> calls.act(NEUTRON, "deleting router " + id, true, () -> os.networking().router().delete(id));
            case SUBNET -> calls.act(NEUTRON, "deleting subnet " + id, true, () -> os.networking().subnet().delete(id));
            case NETWORK -> {
                calls.act(NEUTRON, "deleting network " + id, true, () -> os.networking().network().delete(id));
                networkIds.values().removeIf(n -> n.network().equals(id));
            }
            case PROJECT -> {
                // Keystone deletes the project alone: whatever it still holds (at least Neutron's default security
                // group with its rules) would outlive it, unreachable, so it goes first.
                leftovers.empty(id);
                calls.act(KEYSTONE, "deleting project " + id, true, () -> session.admin().identity().projects().delete(id));
                projectIds.values().remove(id);
                session.forgetProject(id);
                servers.forget(id);
                ports.forget(id);
            }
            default -> throw new DriverException("unknown resource kind " + ref.kind());
        }
    }

    @Override
    public List<ResourceRef> list(SliceContext slice) {
        // list() is how the engine proves what is left; a project deleted behind our back must not
        // be answered from the cache, so Keystone is asked again (one call per listing).
        projectIds.remove(slice.sliceId());
        String pid = projectOf(slice);
        if (pid == null) return List.of();
        OSClientV3 os = session.admin();
        List<ResourceRef> out = new ArrayList<>();
        out.add(ref(PROJECT, pid, ResourceRef.SLICE, RANK_PROJECT));

        for (Server s : listServers(pid)) {
            if (!pid.equals(s.getTenantId()) || s.getStatus() == Server.Status.DELETED) continue;
            String owner = meta(s);
            out.add(ref(SERVER, s.getId(), owner == null ? ResourceRef.SLICE : owner, RANK_SERVER));
        }

        Map<String, String> ownerOfSubnet = new HashMap<>();
        List<? extends Network> networks = calls.call(NEUTRON, "listing the slice's networks", () -> os.networking().network().list(Map.of("tenant_id", pid)));
        for (Network n : networks) {
            if (!pid.equals(n.getTenantId())) continue;
            String owner = OpenStackNames.ownerOf(n.getName(), OpenStackNames.NET);
            if (owner == null) owner = ResourceRef.SLICE;
            out.add(ref(NETWORK, n.getId(), owner, RANK_NETWORK));
            if (n.getSubnets() != null) for (String sub : n.getSubnets()) {
                out.add(ref(SUBNET, sub, owner, RANK_SUBNET));
                ownerOfSubnet.put(sub, owner);
            }
        }

        List<? extends Port> ports = calls.call(NEUTRON, "listing the slice's ports", () -> os.networking().port().list(PortListOptions.create().tenantId(pid)));
        for (Port p : ports) {
            if (!pid.equals(p.getTenantId())) continue;
            String owner = OpenStackNames.ownerOf(p.getName(), OpenStackNames.PORT);
            if (owner != null) out.add(ref(PORT, p.getId(), owner, RANK_PORT));
            else if (ROUTER_INTERFACE_OWNER.equals(p.getDeviceOwner()))
                for (IP ip : p.getFixedIps())
                    out.add(ref(ROUTER_IF, p.getDeviceId() + "/" + ip.getSubnetId(), ownerOfSubnet.getOrDefault(ip.getSubnetId(), ResourceRef.SLICE), RANK_ROUTER_IF));
            // Other ports (a DHCP agent's) belong to their network and go with it.
        }

        List<? extends Router> routers = calls.call(NEUTRON, "listing routers", () -> os.networking().router().list());
        for (Router r : routers) if (pid.equals(r.getTenantId())) out.add(ref(ROUTER, r.getId(), ResourceRef.SLICE, RANK_ROUTER));
        for (QosApi.Policy p : linkQos.policies(pid)) if (pid.equals(p.projectId())) out.add(ref(QOS_POLICY, p.id(), ResourceRef.SLICE, RANK_QOS_POLICY));
        return out;
    }

    // ---- leftovers -----------------------------------------------------------------------------

    /** What the cloud holds for Olimpus that none of {@code ownedSliceIds} owns (see {@link CloudLeftovers}). */
    public io.olimpus.server.platform.Leftovers.Report leftovers(java.util.Set<String> ownedSliceIds) {
        return io.olimpus.server.platform.Leftovers.Report.of(zone.name(), OpenStackPlatform.ID, leftovers.find(ownedSliceIds));
    }

    /** Removes what {@link #leftovers} reports, then reports what went, what is still there and why. */
    public io.olimpus.server.platform.Leftovers.Report cleanLeftovers(java.util.function.Supplier<java.util.Set<String>> ownedSliceIds) {
        var before = leftovers.find(ownedSliceIds.get());
        List<String> failures = leftovers.clean(ownedSliceIds);
        var after = leftovers.find(ownedSliceIds.get());
        var removed = before.stream().filter(b -> after.stream().noneMatch(a -> a.id().equals(b.id()) && a.kind().equals(b.kind()))).toList();
        return new io.olimpus.server.platform.Leftovers.Report(zone.name(), OpenStackPlatform.ID, after, removed, failures);
    }

    // ---- operate -------------------------------------------------------------------------------

    private String serverOf(SliceContext slice, VmPlan vm) {
        String key = slice.sliceId() + "/" + vm.vmId();
        String id = serverIds.get(key);
        if (id != null) return id;
        String pid = projectOf(slice);
        if (pid == null) return null;
        OSClientV3 os = session.admin();
        List<? extends Server> found = calls.call(NOVA, "looking up server " + vm.name(),
                () -> os.compute().servers().list(Map.of("all_tenants", "1", "project_id", pid, "name", "^" + OpenStackNames.server(vm.name()) + "$")));
        Server s = found.stream().filter(x -> pid.equals(x.getTenantId()) && vm.vmId().equals(meta(x))).findFirst().orElse(null);
        if (s == null) return null;
        serverIds.put(key, s.getId());
        return s.getId();
    }

    /** The zone's boot timeout is its boot budget: Nova's wait for ACTIVE and the engine's wait for RUNNING use the same figure. */
    @Override
    public Optional<Duration> bootBudget(VmPlan vm) { return Optional.of(zone.bootTimeout()); }

    @Override
    public VmStatus status(SliceContext slice, VmPlan vm) {
        String id = serverOf(slice, vm);
        if (id == null) return new VmStatus(VmState.FAILED, "Nova has no server " + vm.name() + " in the slice's project");
        OSClientV3 os = session.admin();
        Server s = calls.call(NOVA, "checking server " + vm.name(), () -> os.compute().servers().get(id));
        if (s == null) return new VmStatus(VmState.DELETED, "Nova has no server " + vm.name() + " any more");
        VmStatus st = statusOf(s);
        if (st.state() != VmState.RUNNING) return st;
        List<? extends Port> mine = calls.call(NEUTRON, "checking the ports of " + vm.name(), () -> os.networking().port().list(PortListOptions.create().deviceId(id)));
        return withPorts(st, slice, vm, mine);
    }

    /** An ACTIVE server is RUNNING only when each of its NICs has a port and every port is ACTIVE; otherwise BOOTING, naming the first port that is not. */
    static VmStatus withPorts(VmStatus server, SliceContext slice, VmPlan vm, List<? extends Port> ports) {
        for (NicPlan nic : vm.nics()) {
            Port p = ports.stream().filter(x -> nic.mac().equalsIgnoreCase(x.getMacAddress())).findFirst().orElse(null);
            if (p == null) return new VmStatus(VmState.BOOTING, nicLabel(slice, nic) + " has no Neutron port attached");
            if (p.getState() != org.openstack4j.model.network.State.ACTIVE)
                return new VmStatus(VmState.BOOTING, nicLabel(slice, nic) + ": its port is " + p.getState() + ", not wired by the cloud's network agent yet");
        }
        return server;
    }

    static VmStatus statusOf(Server s) {
        Server.Status st = s.getStatus();
        if (st == null) return new VmStatus(VmState.CREATING, null);
        return switch (st) {
            case ACTIVE -> new VmStatus(VmState.RUNNING, null);
            case BUILD -> new VmStatus(VmState.CREATING, s.getTaskState());
            case REBOOT, HARD_REBOOT, REBUILD, MIGRATING, RESIZE, VERIFY_RESIZE, REVERT_RESIZE, PASSWORD -> new VmStatus(VmState.BOOTING, st.name());
            case SHUTOFF, STOPPED, SUSPENDED, PAUSED, SHELVED, SHELVED_OFFLOADED -> new VmStatus(VmState.STOPPED, st == Server.Status.SHUTOFF ? null : st.name());
            case ERROR -> new VmStatus(VmState.FAILED, ServerWatch.fault(s));
            case DELETED -> new VmStatus(VmState.DELETED, null);
            default -> new VmStatus(VmState.FAILED, "Nova reports status " + st);
        };
    }

    @Override
    public void power(SliceContext slice, VmPlan vm, PowerAction action) {
        String id = serverOf(slice, vm);
        if (id == null) throw new DriverException("Nova has no server " + vm.name() + " in the slice's project");
        OSClientV3 os = inProject(slice);
        Server s = calls.call(NOVA, "checking server " + vm.name(), () -> os.compute().servers().get(id));
        if (s == null) throw new DriverException("Nova has no server " + vm.name() + " any more");
        Server.Status st = s.getStatus();
        switch (action) {
            case STOP -> { if (st != Server.Status.SHUTOFF) calls.act(NOVA, "stopping " + vm.name(), false, () -> os.compute().servers().action(id, Action.STOP)); }
            case START -> { if (st != Server.Status.ACTIVE) calls.act(NOVA, "starting " + vm.name(), false, () -> os.compute().servers().action(id, Action.START)); }
            case REBOOT -> calls.act(NOVA, "rebooting " + vm.name(), false, () -> os.compute().servers().reboot(id, RebootType.SOFT));
        }
    }

    /** The end of the server's console log as Nova keeps it, and Nova's fault for the server when it has one. */
    @Override
    public VmEvidence evidence(SliceContext slice, VmPlan vm) {
        String id = serverOf(slice, vm);
        if (id == null) return VmEvidence.NONE;
        OSClientV3 os = inProject(slice);
        String console = calls.call(NOVA, "reading the console log of " + vm.name(), () -> os.compute().servers().getConsoleOutput(id, CONSOLE_LINES));
        Server s = calls.call(NOVA, "checking server " + vm.name(), () -> os.compute().servers().get(id));
        return new VmEvidence(console, s == null || s.getFault() == null ? "" : ServerWatch.fault(s));
    }

    @Override
    public boolean consoleInBrowser() { return true; }

    /** The browser URL of the VM's noVNC console, or a DriverException saying why the cloud offers none. */
    @Override
    public String consoleUrl(SliceContext slice, VmPlan vm) {
        String id = serverOf(slice, vm);
        if (id == null) throw new DriverException("Nova has no server " + vm.name() + " in the slice's project");
        OSClientV3 os = inProject(slice);
        VNCConsole c;
        try {
            c = calls.call(NOVA, "asking for the console of " + vm.name(), () -> os.compute().servers().getVNCConsole(id, VNCConsole.Type.NOVNC));
        } catch (DriverException e) {
            throw new DriverException("zone " + zone.name() + " offers no noVNC console for " + vm.name() + ": " + e.getMessage(), e);
        }
        if (c == null || c.getURL() == null) throw new DriverException("zone " + zone.name() + " offers no noVNC console for " + vm.name());
        return c.getURL();
    }

    @Override
    public void close() {
        catalog.close();
        neutronQos.close();
    }
}
