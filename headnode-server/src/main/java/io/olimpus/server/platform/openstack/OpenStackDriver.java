package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.driver.VmStatus;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.engine.allocation.Ipv4Block;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.compute.Action;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.model.compute.VNCConsole;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;
import org.openstack4j.model.identity.v3.Domain;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.identity.v3.Role;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.network.AttachInterfaceType;
import org.openstack4j.model.network.IP;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.Router;
import org.openstack4j.model.network.Subnet;
import org.openstack4j.model.network.options.PortListOptions;
import org.openstack4j.openstack.OSFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The OpenStack driver: one Keystone project per slice (the service account gets
 * {@link OpenStackZone#memberRole()} on it and works scoped to it), per derived network a Neutron
 * network and subnet with the engine's addresses, one port per NIC with the planned MAC and IP,
 * one Nova server per VM in the zone's availability zone attached by those ports, and a router to
 * the zone's external network for the networks of VMs that ask for the internet.
 *
 * <p>Resources are named after the plan element that owns them ({@link OpenStackNames}), and every
 * ref's name is the OpenStack id, so {@link #list} rebuilds exactly the refs the creates reported.
 * Deletes and listings use the service account's own (admin) scope, so they work whatever state
 * the slice's project is in. Flavors and images come from the catalog on first use and their ids
 * are remembered. Every HTTP call to the cloud is counted ({@link #apiCalls()}).
 */
public final class OpenStackDriver implements SliceDriver, AutoCloseable {
    static final String PROJECT = "openstack.project", NETWORK = "openstack.network", SUBNET = "openstack.subnet",
            PORT = "openstack.port", SERVER = "openstack.server", ROUTER = "openstack.router", ROUTER_IF = "openstack.router-interface";
    /** Teardown order: servers, ports, router interfaces, routers, subnets, networks, project. */
    static final int RANK_PROJECT = 0, RANK_NETWORK = 10, RANK_SUBNET = 20, RANK_ROUTER = 30, RANK_ROUTER_IF = 40,
            RANK_PORT = 50, RANK_SERVER = 60;
    static final String KEYSTONE = "Keystone", NOVA = "Nova", NEUTRON = "Neutron", GLANCE = "Glance";
    private static final String ROUTER_INTERFACE_OWNER = "network:router_interface";
    private static final long POLL_MS = 250;

    private record NetIds(String network, String subnet) {}

    private final OpenStackZone zone;
    private final OpenStackCatalogSource catalog;
    private final Config config;
    private final OkHttpClient http;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    private volatile Token adminToken;
    private volatile String domainId, serviceUserId, memberRoleId, externalNetworkId;
    private final Map<String, Token> projectTokens = new ConcurrentHashMap<>();
    private final Map<String, String> projectIds = new ConcurrentHashMap<>();
    private final Map<String, NetIds> networkIds = new ConcurrentHashMap<>();
    private final Map<String, String> serverIds = new ConcurrentHashMap<>();
    private final Map<String, String> flavorIds = new ConcurrentHashMap<>();
    private final Map<String, String> imageIds = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, ServerWatch> watches = new ConcurrentHashMap<>();

    public OpenStackDriver(OpenStackZone zone, OpenStackCatalogSource catalog) {
        this.zone = zone;
        this.catalog = catalog;
        this.config = Config.newConfig().withConnectionTimeout(10_000).withReadTimeout(120_000);
        // Glance uploads go through this client so image bytes stream (openstack4j would buffer them whole).
        this.http = new OkHttpClient.Builder().connectTimeout(10, TimeUnit.SECONDS).readTimeout(10, TimeUnit.MINUTES)
                .writeTimeout(10, TimeUnit.MINUTES).build();
    }

    public OpenStackZone zone() { return zone; }

    // ---- API call accounting -----------------------------------------------------------------

    private void count(String service) { calls.computeIfAbsent(service, k -> new LongAdder()).increment(); }

    /** Calls made to each service since the last reset; each is one HTTP request. */
    public Map<String, Long> apiCalls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long totalApiCalls() { return calls.values().stream().mapToLong(LongAdder::sum).sum(); }

    public void resetApiCalls() { calls.clear(); }

    /**
     * One openstack4j call (one HTTP request), counted, with the platform's failure turned into a
     * message that names the service, what was being done and what the service said.
     */
    private <T> T call(String service, String what, Supplier<T> op) {
        count(service);
        try {
            return op.get();
        } catch (AuthenticationException e) {
            throw new DriverException(service + " refused the service account while " + what + " (HTTP " + e.getStatus() + "): " + clean(e.getMessage()), e);
        } catch (ConnectionException e) {
            throw new DriverException(service + " did not answer while " + what + ": " + rootMessage(e), e);
        } catch (ResponseException e) {
            throw new DriverException(service + " refused " + what + " (HTTP " + e.getStatus() + "): " + clean(e.getMessage()), e);
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DriverException(service + " failed while " + what + ": " + rootMessage(e), e);
        }
    }

    /** A delete or action: success, and for deletes "already gone" (404), pass; anything else is the service's words. */
    private void act(String service, String what, boolean goneIsFine, Supplier<ActionResponse> op) {
        ActionResponse r = call(service, what, op);
        if (r == null || r.isSuccess() || (goneIsFine && r.getCode() == 404)) return;
        if (r.getCode() == 0) throw new DriverException(service + " did not answer while " + what + ": " + clean(r.getFault()));
        throw new DriverException(service + " refused " + what + " (HTTP " + r.getCode() + "): " + clean(r.getFault()));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return clean(m);
    }

    private static String clean(String m) {
        if (m == null) return "no details";
        return m.replaceAll("\\s+", " ").trim();
    }

    // ---- sessions ------------------------------------------------------------------------------

    private static boolean fresh(Token t) {
        return t != null && t.getExpires() != null && t.getExpires().after(new Date(System.currentTimeMillis() + 5 * 60_000));
    }

    private Token authenticate(Identifier project, Identifier projectDomain) {
        count(KEYSTONE);
        try {
            var b = OSFactory.builderV3().endpoint(zone.identityV3())
                    .credentials(zone.user(), zone.password(), Identifier.byName(zone.domain())).withConfig(config);
            b = projectDomain == null ? b.scopeToProject(project) : b.scopeToProject(project, projectDomain);
            return b.authenticate().getToken();
        } catch (AuthenticationException e) {
            throw new DriverException("zone " + zone.name() + ": Keystone at " + zone.identityV3() + " refused the service account '"
                    + zone.user() + "' (domain " + zone.domain() + ", project " + zone.project() + "): wrong password, unknown user or no role on the project (HTTP "
                    + e.getStatus() + ")", e);
        } catch (ConnectionException e) {
            throw new DriverException("zone " + zone.name() + ": Keystone at " + zone.identityV3() + " did not answer: " + rootMessage(e), e);
        } catch (ResponseException e) {
            throw new DriverException("zone " + zone.name() + ": Keystone at " + zone.identityV3() + " refused to authenticate '" + zone.user()
                    + "' (HTTP " + e.getStatus() + "): " + clean(e.getMessage()), e);
        }
    }

    private OSClientV3 client(Token t) {
        // openstack4j keeps its session per thread: a client made from the token binds it to this one.
        OSClientV3 os = OSFactory.clientFromToken(t, Facing.PUBLIC, config);
        os.useRegion(zone.region());
        return os;
    }

    private synchronized Token adminToken() {
        if (!fresh(adminToken)) adminToken = authenticate(Identifier.byName(zone.project()), Identifier.byName(zone.domain()));
        return adminToken;
    }

    /** The service account in its own project: identity, flavors, images, listings and deletes. */
    private OSClientV3 admin() { return client(adminToken()); }

    /** The service account scoped to the slice's project: what the slice's resources are created as. */
    private OSClientV3 inProject(SliceContext slice) {
        String pid = requireProject(slice);
        Token t = projectTokens.get(pid);
        if (!fresh(t)) {
            synchronized (lock("token:" + pid)) {
                t = projectTokens.get(pid);
                if (!fresh(t)) {
                    t = authenticate(Identifier.byId(pid), null);
                    projectTokens.put(pid, t);
                }
            }
        }
        return client(t);
    }

    private Object lock(String key) { return locks.computeIfAbsent(key, k -> new Object()); }

    private String domainId() {
        if (domainId == null) {
            Token t = adminToken();
            if (t.getProject() != null && t.getProject().getDomain() != null && zone.domain().equals(t.getProject().getDomain().getName()))
                domainId = t.getProject().getDomain().getId();
            else {
                List<? extends Domain> ds = call(KEYSTONE, "looking up domain " + zone.domain(), () -> admin().identity().domains().getByName(zone.domain()));
                if (ds == null || ds.isEmpty()) throw new DriverException("zone " + zone.name() + ": Keystone has no domain " + zone.domain());
                domainId = ds.get(0).getId();
            }
        }
        return domainId;
    }

    private String serviceUserId() {
        if (serviceUserId == null) serviceUserId = adminToken().getUser().getId();
        return serviceUserId;
    }

    private String memberRoleId() {
        if (memberRoleId == null) {
            List<? extends Role> roles = call(KEYSTONE, "looking up role " + zone.memberRole(), () -> admin().identity().roles().getByName(zone.memberRole()));
            if (roles == null || roles.isEmpty()) throw new DriverException("zone " + zone.name() + ": Keystone has no role '" + zone.memberRole() + "'");
            memberRoleId = roles.get(0).getId();
        }
        return memberRoleId;
    }

    // ---- zone check ----------------------------------------------------------------------------

    /**
     * Checks the zone's settings against the cloud, for the admin at zone setup: the service account
     * authenticates, the region offers compute, network and image services, the availability zone
     * exists and is available, the member role and the external network exist. Every problem is
     * reported at once; a wrong password fails here, not at the first deploy.
     */
    public String verify() {
        adminToken = null;
        Token t = adminToken();
        List<String> problems = new ArrayList<>();
        for (String type : List.of("compute", "network", "image"))
            if (endpoint(t, type) == null) problems.add("Keystone's catalog has no public " + type + " endpoint in region " + zone.region());
        if (problems.isEmpty()) {
            OSClientV3 os = client(t);
            var zones = call(NOVA, "listing availability zones", () -> os.compute().zones().list(false));
            boolean found = false;
            for (var z : zones)
                if (zone.availabilityZone().equals(z.getZoneName())) {
                    found = true;
                    if (z.getZoneState() == null || !z.getZoneState().getAvailable())
                        problems.add("Nova's availability zone " + zone.availabilityZone() + " is not available");
                }
            if (!found) problems.add("Nova has no availability zone " + zone.availabilityZone() + " (it has "
                    + zones.stream().map(z -> z.getZoneName()).toList() + ")");
            try { memberRoleId(); } catch (DriverException e) { problems.add(e.getMessage()); }
            if (zone.externalNetwork() != null)
                try { externalNetworkId(); } catch (DriverException e) { problems.add(e.getMessage()); }
        }
        if (!problems.isEmpty()) throw new DriverException("zone " + zone.name() + ": " + String.join("; ", problems));
        return "zone " + zone.name() + ": service account " + zone.user() + " authenticated; region " + zone.region()
                + " offers compute, network and image; availability zone " + zone.availabilityZone() + " is available";
    }

    private String endpoint(Token t, String type) {
        if (t.getCatalog() == null) return null;
        for (var s : t.getCatalog()) {
            if (!type.equals(s.getType())) continue;
            for (Endpoint e : s.getEndpoints()) {
                boolean region = e.getRegion() == null ? zone.region().equals(e.getRegionId()) : zone.region().equals(e.getRegion());
                if (region && e.getIface() == Facing.PUBLIC && e.getUrl() != null) return e.getUrl().toString();
            }
        }
        return null;
    }

    private String externalNetworkId() {
        if (externalNetworkId == null) {
            String ext = zone.externalNetwork();
            OSClientV3 os = admin();
            List<? extends Network> byName = call(NEUTRON, "looking up external network " + ext, () -> os.networking().network().list(Map.of("name", ext)));
            Network n = byName.isEmpty() ? call(NEUTRON, "looking up external network " + ext, () -> os.networking().network().get(ext)) : byName.get(0);
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
        OSClientV3 os = admin();
        Project p = call(KEYSTONE, "looking up project " + name, () -> os.identity().projects().getByName(name, domainId()));
        if (p == null) return null;
        projectIds.put(slice.sliceId(), p.getId());
        return p.getId();
    }

    private String requireProject(SliceContext slice) {
        String pid = projectOf(slice);
        if (pid == null) throw new DriverException("slice " + slice.sliceName() + " has no project " + OpenStackNames.project(slice.sliceId()) + " in Keystone");
        return pid;
    }

    @Override
    public void prepareSlice(SliceContext slice, Consumer<ResourceRef> created) {
        String name = OpenStackNames.project(slice.sliceId());
        String pid = projectOf(slice);
        if (pid == null) {
            OSClientV3 os = admin();
            Project p = call(KEYSTONE, "creating project " + name, () -> os.identity().projects().create(Builders.project()
                    .name(name).domainId(domainId()).description("Olimpus slice " + slice.sliceName()).enabled(true).build()));
            pid = p.getId();
            projectIds.put(slice.sliceId(), pid);
        }
        created.accept(ref(PROJECT, pid, ResourceRef.SLICE, RANK_PROJECT));
        String projectId = pid, user = serviceUserId(), role = memberRoleId();
        OSClientV3 os = admin();
        act(KEYSTONE, "giving " + zone.user() + " role " + zone.memberRole() + " on project " + name, false,
                () -> os.identity().roles().grantProjectUserRole(projectId, user, role));
    }

    @Override
    public void createNetwork(SliceContext slice, NetworkPlan net, Consumer<ResourceRef> created) {
        String pid = requireProject(slice), name = OpenStackNames.network(net.networkId());
        OSClientV3 os = inProject(slice);
        List<? extends Network> found = call(NEUTRON, "looking up network " + net.name(),
                () -> os.networking().network().list(Map.of("name", name, "tenant_id", pid)));
        Network n = found.isEmpty() ? null : found.get(0);
        if (n == null) n = call(NEUTRON, "creating network " + net.name(),
                () -> os.networking().network().create(Builders.network().name(name).adminStateUp(true).build()));
        created.accept(ref(NETWORK, n.getId(), net.networkId(), RANK_NETWORK));
        String subnetId = n.getSubnets() == null || n.getSubnets().isEmpty() ? null : n.getSubnets().get(0);
        if (subnetId == null) {
            Ipv4Block block = Ipv4Block.parse(net.cidr());
            // The pool Neutron allocates from itself (a DHCP agent's port) is the subnet's last address, away from the
            // engine's fixed addresses, which start at .2; fixed IPs outside the pool are allowed.
            String last = block.host(block.hostCount());
            String networkId = n.getId();
            Subnet s = call(NEUTRON, "creating subnet " + net.cidr() + " of network " + net.name(),
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
        OSClientV3 os = admin();
        List<? extends Network> found = call(NEUTRON, "looking up network " + networkId, () -> os.networking().network().list(Map.of("name", name, "tenant_id", pid)));
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
        String flavorId = flavorId(vm), imageId = imageId(vm.image());
        String pid = requireProject(slice), portName = OpenStackNames.port(vm.vmId());
        Map<String, NetIds> nets = new HashMap<>();
        for (NicPlan nic : vm.nics()) nets.put(nic.networkId(), netIds(slice, nic.networkId()));
        OSClientV3 os = inProject(slice);

        // Ports: one per NIC with the planned MAC and address, all of a VM in one bulk call.
        Map<Integer, String> portOfNic = new LinkedHashMap<>();
        List<? extends Port> existing = call(NEUTRON, "looking up the ports of " + vm.name(),
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
            List<? extends Port> made = call(NEUTRON, "creating " + toCreate.size() + " port(s) of " + vm.name(),
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
        if (!existing.isEmpty()) {
            List<? extends Server> same = call(NOVA, "looking up server " + vm.name(),
                    () -> os.compute().servers().list(Map.of("name", "^" + name + "$")));
            s = same.stream().filter(x -> vm.vmId().equals(meta(x))).findFirst().orElse(null);
        }
        if (s == null) {
            ServerCreateBuilder b = Builders.server().name(name).flavor(flavorId).image(imageId)
                    .availabilityZone(zone.availabilityZone()).addMetadataItem(OpenStackNames.VM_META, vm.vmId());
            for (String port : portOfNic.values()) b.addNetworkPort(port);
            ServerCreate sc = b.build();
            s = call(NOVA, "creating server " + vm.name(), () -> os.compute().servers().boot(sc));
        }
        String serverId = s.getId();
        serverIds.put(slice.sliceId() + "/" + vm.vmId(), serverId);
        created.accept(ref(SERVER, serverId, vm.vmId(), RANK_SERVER));
        follow(slice, serverId, vm);
    }

    private static String meta(Server s) {
        return s.getMetadata() == null ? null : s.getMetadata().get(OpenStackNames.VM_META);
    }

    /** Follows the server until Nova says ACTIVE or ERROR, within the zone's boot timeout. */
    private void follow(SliceContext slice, String serverId, VmPlan vm) {
        ServerWatch watch = watch(requireProject(slice));
        long booted = System.nanoTime(), deadline = booted + zone.bootTimeout().toNanos();
        Server.Status last = null;
        while (true) {
            Server s = watch.listedAfter(Math.max(booted, System.nanoTime() - POLL_MS * 1_000_000)).get(serverId);
            if (s == null) throw new DriverException(vm.name() + ": Nova lost server " + serverId + " while it was being built");
            last = s.getStatus();
            if (last == Server.Status.ACTIVE) return;
            if (last == Server.Status.ERROR) throw new DriverException(vm.name() + ": Nova put the server in ERROR: " + fault(s));
            if (System.nanoTime() > deadline)
                throw new DriverException(vm.name() + ": Nova did not make the server ACTIVE within " + zone.bootTimeout().toSeconds() + " s (last " + last + ")");
            sleep(POLL_MS);
        }
    }

    private ServerWatch watch(String projectId) { return watches.computeIfAbsent(projectId, ServerWatch::new); }

    /**
     * The servers of one project, listed at most about once per poll interval however many VMs are
     * being followed: twenty servers booting cost one listing per interval, not twenty GETs.
     */
    private final class ServerWatch {
        private final String projectId;
        private long listedAt = Long.MIN_VALUE;   // System.nanoTime() when the last listing started
        private Map<String, Server> servers = Map.of();

        ServerWatch(String projectId) { this.projectId = projectId; }

        /** The project's servers as a listing that started after {@code since} saw them. */
        synchronized Map<String, Server> listedAfter(long since) {
            if (listedAt <= since) {
                long start = System.nanoTime();
                OSClientV3 os = admin();
                List<? extends Server> all = call(NOVA, "listing the slice's servers",
                        () -> os.compute().servers().list(Map.of("all_tenants", "1", "project_id", projectId)));
                Map<String, Server> byId = new HashMap<>();
                for (Server x : all) if (projectId.equals(x.getTenantId())) byId.put(x.getId(), x);
                servers = byId;
                listedAt = start;
            }
            return servers;
        }
    }

    private static String fault(Server s) {
        if (s.getFault() == null) return "Nova gave no fault message";
        String m = clean(s.getFault().getMessage());
        return s.getFault().getCode() > 0 ? m + " (code " + s.getFault().getCode() + ")" : m;
    }

    private String flavorId(VmPlan vm) {
        String name = vm.flavor();
        String id = flavorIds.get(name);
        if (id != null) return id;
        synchronized (lock("flavor:" + name)) {
            id = flavorIds.get(name);
            if (id != null) return id;
            OpenStackCatalogSource.FlavorSpec spec = catalog.flavor(name).orElseGet(() ->
                    new OpenStackCatalogSource.FlavorSpec(name, Math.max(1, vm.resources().vcpus()), vm.resources().ramMb(), vm.resources().diskGb()));
            OSClientV3 os = admin();
            List<? extends Flavor> all = call(NOVA, "listing flavors", () -> os.compute().flavors().list(true));
            Flavor f = all.stream().filter(x -> name.equals(x.getName())).findFirst().orElse(null);
            if (f != null) {
                if (f.getVcpus() != spec.vcpus() || f.getRam() != spec.ramMb() || f.getDisk() != spec.diskGb())
                    throw new DriverException("Nova's flavor " + name + " has " + f.getVcpus() + " vCPU, " + f.getRam() + " MB RAM, " + f.getDisk()
                            + " GB disk, but the catalog says " + spec.vcpus() + " vCPU, " + spec.ramMb() + " MB, " + spec.diskGb() + " GB");
            } else {
                f = call(NOVA, "creating flavor " + name, () -> os.compute().flavors().create(Builders.flavor().name(name)
                        .vcpus(spec.vcpus()).ram(spec.ramMb()).disk(spec.diskGb()).isPublic(true).build()));
            }
            flavorIds.put(name, f.getId());
            return f.getId();
        }
    }

    private String imageId(String name) {
        String id = imageIds.get(name);
        if (id != null) return id;
        synchronized (lock("image:" + name)) {
            id = imageIds.get(name);
            if (id != null) return id;
            OpenStackCatalogSource.ImageSpec spec;
            try {
                spec = catalog.image(name);
            } catch (IllegalArgumentException e) {
                throw new DriverException("the catalog has no image " + name + ": " + e.getMessage(), e);
            }
            OSClientV3 os = admin();
            List<? extends Image> found = call(GLANCE, "looking up image " + name, () -> os.imagesV2().list(Map.of("name", name)));
            Image active = found.stream().filter(i -> i.getStatus() == Image.ImageStatus.ACTIVE).findFirst().orElse(null);
            if (active == null) active = uploadImage(os, spec);
            imageIds.put(name, active.getId());
            return active.getId();
        }
    }

    private Image uploadImage(OSClientV3 os, OpenStackCatalogSource.ImageSpec spec) {
        String name = spec.name();
        Image image = call(GLANCE, "creating image " + name, () -> os.imagesV2().create(Builders.imageV2().name(name)
                .diskFormat(DiskFormat.value(spec.diskFormat())).containerFormat(ContainerFormat.value(spec.containerFormat()))
                .visibility(Image.ImageVisibility.PUBLIC).build()));
        try {
            String base = endpoint(adminToken(), "image");
            if (base == null) throw new DriverException("Keystone's catalog has no public image endpoint in region " + zone.region());
            base = base.replaceAll("/+$", "");
            String url = (base.endsWith("/v2") ? base : base + "/v2") + "/images/" + image.getId() + "/file";
            RequestBody body = new RequestBody() {
                public MediaType contentType() { return MediaType.get("application/octet-stream"); }
                public long contentLength() { return spec.size(); }
                public void writeTo(BufferedSink sink) throws IOException {
                    try (InputStream in = catalog.open(name); Source src = Okio.source(in)) { sink.writeAll(src); }
                }
            };
            Request req = new Request.Builder().url(url).header("X-Auth-Token", adminToken().getId()).put(body).build();
            count(GLANCE);
            try (Response r = http.newCall(req).execute()) {
                if (!r.isSuccessful())
                    throw new DriverException("Glance refused the bytes of image " + name + " (HTTP " + r.code() + "): " + clean(r.body() == null ? null : r.body().string()));
            } catch (IOException e) {
                throw new DriverException("Glance did not take the bytes of image " + name + ": " + rootMessage(e), e);
            }
            Image done = call(GLANCE, "checking image " + name, () -> os.imagesV2().get(image.getId()));
            if (done == null || done.getStatus() != Image.ImageStatus.ACTIVE)
                throw new DriverException("Glance did not make image " + name + " active (status " + (done == null ? "gone" : done.getStatus()) + ")");
            return done;
        } catch (RuntimeException e) {
            try { act(GLANCE, "deleting the unfinished image " + name, true, () -> admin().imagesV2().delete(image.getId())); }
            catch (RuntimeException ignored) { e.addSuppressed(ignored); }
            throw e;
        }
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
        synchronized (lock("router:" + slice.sliceId())) {
            OSClientV3 os = inProject(slice);
            List<? extends Router> routers = call(NEUTRON, "looking up the slice's router", () -> os.networking().router().list());
            Router r = routers.stream().filter(x -> OpenStackNames.ROUTER.equals(x.getName()) && pid.equals(x.getTenantId())).findFirst().orElse(null);
            if (r == null) r = call(NEUTRON, "creating the slice's router", () -> os.networking().router().create(Builders.router()
                    .name(OpenStackNames.ROUTER).adminStateUp(true).externalGateway(extId).build()));
            created.accept(ref(ROUTER, r.getId(), ResourceRef.SLICE, RANK_ROUTER));
            String routerId = r.getId();
            List<? extends Port> ifaces = call(NEUTRON, "looking up the router's interfaces", () -> os.networking().port()
                    .list(PortListOptions.create().deviceId(routerId).deviceOwner(ROUTER_INTERFACE_OWNER)));
            boolean attached = ifaces.stream().anyMatch(p -> p.getFixedIps().stream().anyMatch(ip -> ids.subnet().equals(ip.getSubnetId())));
            if (!attached) call(NEUTRON, "attaching network " + via.name() + " to the slice's router",
                    () -> os.networking().router().attachInterface(routerId, AttachInterfaceType.SUBNET, ids.subnet()));
            created.accept(ref(ROUTER_IF, routerId + "/" + ids.subnet(), via.networkId(), RANK_ROUTER_IF));
        }
    }

    // ---- delete and list -----------------------------------------------------------------------

    @Override
    public void delete(SliceContext slice, ResourceRef ref) {
        OSClientV3 os = admin();
        String id = ref.name();
        switch (ref.kind()) {
            case SERVER -> {
                long asked = System.nanoTime(), deadline = asked + zone.bootTimeout().toNanos();
                act(NOVA, "deleting server " + id, true, () -> os.compute().servers().delete(id));
                // Nova deletes asynchronously; the project must not go before its servers have.
                String pid = projectOf(slice);
                while (true) {
                    Server s = pid == null ? call(NOVA, "checking the deletion of server " + id, () -> os.compute().servers().get(id))
                            : watch(pid).listedAfter(Math.max(asked, System.nanoTime() - POLL_MS * 1_000_000)).get(id);
                    if (s == null || s.getStatus() == Server.Status.DELETED) break;
                    if (s.getStatus() == Server.Status.ERROR && System.nanoTime() > deadline)
                        throw new DriverException("Nova could not delete server " + s.getName() + ": " + fault(s));
                    if (System.nanoTime() > deadline) throw new DriverException("Nova did not delete server " + s.getName() + " within "
                            + zone.bootTimeout().toSeconds() + " s (status " + s.getStatus() + ")");
                    sleep(POLL_MS);
                }
                serverIds.values().remove(id);
            }
            case PORT -> act(NEUTRON, "deleting port " + id, true, () -> os.networking().port().delete(id));
            case ROUTER_IF -> {
                int slash = id.indexOf('/');
                if (slash < 1) throw new DriverException("router interface '" + id + "' is not router/subnet");
                String router = id.substring(0, slash), subnet = id.substring(slash + 1);
                try {
                    call(NEUTRON, "detaching subnet " + subnet + " from router " + router, () -> os.networking().router().detachInterface(router, subnet, null));
                } catch (DriverException e) {
                    if (!(e.getCause() instanceof ResponseException re && re.getStatus() == 404)) throw e;
                }
            }
            case ROUTER -> act(NEUTRON, "deleting router " + id, true, () -> os.networking().router().delete(id));
            case SUBNET -> act(NEUTRON, "deleting subnet " + id, true, () -> os.networking().subnet().delete(id));
            case NETWORK -> {
                act(NEUTRON, "deleting network " + id, true, () -> os.networking().network().delete(id));
                networkIds.values().removeIf(n -> n.network().equals(id));
            }
            case PROJECT -> {
                act(KEYSTONE, "deleting project " + id, true, () -> os.identity().projects().delete(id));
                projectIds.values().remove(id);
                projectTokens.remove(id);
                watches.remove(id);
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
        OSClientV3 os = admin();
        List<ResourceRef> out = new ArrayList<>();
        out.add(ref(PROJECT, pid, ResourceRef.SLICE, RANK_PROJECT));

        List<? extends Server> servers = call(NOVA, "listing the slice's servers",
                () -> os.compute().servers().list(Map.of("all_tenants", "1", "project_id", pid)));
        for (Server s : servers) {
            if (!pid.equals(s.getTenantId()) || s.getStatus() == Server.Status.DELETED) continue;
            String owner = meta(s);
            out.add(ref(SERVER, s.getId(), owner == null ? ResourceRef.SLICE : owner, RANK_SERVER));
        }

        Map<String, String> ownerOfSubnet = new HashMap<>();
        List<? extends Network> networks = call(NEUTRON, "listing the slice's networks", () -> os.networking().network().list(Map.of("tenant_id", pid)));
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

        List<? extends Port> ports = call(NEUTRON, "listing the slice's ports", () -> os.networking().port().list(PortListOptions.create().tenantId(pid)));
        for (Port p : ports) {
            if (!pid.equals(p.getTenantId())) continue;
            String owner = OpenStackNames.ownerOf(p.getName(), OpenStackNames.PORT);
            if (owner != null) out.add(ref(PORT, p.getId(), owner, RANK_PORT));
            else if (ROUTER_INTERFACE_OWNER.equals(p.getDeviceOwner()))
                for (IP ip : p.getFixedIps())
                    out.add(ref(ROUTER_IF, p.getDeviceId() + "/" + ip.getSubnetId(), ownerOfSubnet.getOrDefault(ip.getSubnetId(), ResourceRef.SLICE), RANK_ROUTER_IF));
            // Other ports (a DHCP agent's) belong to their network and go with it.
        }

        List<? extends Router> routers = call(NEUTRON, "listing routers", () -> os.networking().router().list());
        for (Router r : routers) if (pid.equals(r.getTenantId())) out.add(ref(ROUTER, r.getId(), ResourceRef.SLICE, RANK_ROUTER));
        return out;
    }

    // ---- operate -------------------------------------------------------------------------------

    private String serverOf(SliceContext slice, VmPlan vm) {
        String key = slice.sliceId() + "/" + vm.vmId();
        String id = serverIds.get(key);
        if (id != null) return id;
        String pid = projectOf(slice);
        if (pid == null) return null;
        OSClientV3 os = admin();
        List<? extends Server> found = call(NOVA, "looking up server " + vm.name(),
                () -> os.compute().servers().list(Map.of("all_tenants", "1", "project_id", pid, "name", "^" + OpenStackNames.server(vm.name()) + "$")));
        Server s = found.stream().filter(x -> pid.equals(x.getTenantId()) && vm.vmId().equals(meta(x))).findFirst().orElse(null);
        if (s == null) return null;
        serverIds.put(key, s.getId());
        return s.getId();
    }

    @Override
    public VmStatus status(SliceContext slice, VmPlan vm) {
        String id = serverOf(slice, vm);
        if (id == null) return new VmStatus(VmState.FAILED, "Nova has no server " + vm.name() + " in the slice's project");
        OSClientV3 os = admin();
        Server s = call(NOVA, "checking server " + vm.name(), () -> os.compute().servers().get(id));
        if (s == null) return new VmStatus(VmState.DELETED, "Nova has no server " + vm.name() + " any more");
        return statusOf(s);
    }

    static VmStatus statusOf(Server s) {
        Server.Status st = s.getStatus();
        if (st == null) return new VmStatus(VmState.CREATING, null);
        return switch (st) {
            case ACTIVE -> new VmStatus(VmState.RUNNING, null);
            case BUILD -> new VmStatus(VmState.CREATING, s.getTaskState());
            case REBOOT, HARD_REBOOT, REBUILD, MIGRATING, RESIZE, VERIFY_RESIZE, REVERT_RESIZE, PASSWORD -> new VmStatus(VmState.BOOTING, st.name());
            case SHUTOFF, STOPPED, SUSPENDED, PAUSED, SHELVED, SHELVED_OFFLOADED -> new VmStatus(VmState.STOPPED, st == Server.Status.SHUTOFF ? null : st.name());
            case ERROR -> new VmStatus(VmState.FAILED, fault(s));
            case DELETED -> new VmStatus(VmState.DELETED, null);
            default -> new VmStatus(VmState.FAILED, "Nova reports status " + st);
        };
    }

    @Override
    public void power(SliceContext slice, VmPlan vm, PowerAction action) {
        String id = serverOf(slice, vm);
        if (id == null) throw new DriverException("Nova has no server " + vm.name() + " in the slice's project");
        OSClientV3 os = inProject(slice);
        Server s = call(NOVA, "checking server " + vm.name(), () -> os.compute().servers().get(id));
        if (s == null) throw new DriverException("Nova has no server " + vm.name() + " any more");
        Server.Status st = s.getStatus();
        switch (action) {
            case STOP -> { if (st != Server.Status.SHUTOFF) act(NOVA, "stopping " + vm.name(), false, () -> os.compute().servers().action(id, Action.STOP)); }
            case START -> { if (st != Server.Status.ACTIVE) act(NOVA, "starting " + vm.name(), false, () -> os.compute().servers().action(id, Action.START)); }
            case REBOOT -> act(NOVA, "rebooting " + vm.name(), false, () -> os.compute().servers().reboot(id, RebootType.SOFT));
        }
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
            c = call(NOVA, "asking for the console of " + vm.name(), () -> os.compute().servers().getVNCConsole(id, VNCConsole.Type.NOVNC));
        } catch (DriverException e) {
            throw new DriverException("zone " + zone.name() + " offers no noVNC console for " + vm.name() + ": " + e.getMessage(), e);
        }
        if (c == null || c.getURL() == null) throw new DriverException("zone " + zone.name() + " offers no noVNC console for " + vm.name());
        return c.getURL();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while waiting for OpenStack");
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
