package io.olimpus.server.platform.openstack;

import io.olimpus.server.testbed.OpenStackBed;
import io.olimpus.model.file.ImageMapping;
import io.olimpus.model.file.LabExport;
import io.olimpus.model.file.LabFiles;
import io.olimpus.model.file.LabFormat;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.network.DerivedNetworks;
import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.Catalog;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.apply.DeployEvent;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.apply.JobOutcome;
import io.olimpus.server.engine.apply.MemoryJournal;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.PowerAction;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.ClusterAllocations;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.PlanDiff;
import io.olimpus.server.engine.plan.PlanRequest;
import io.olimpus.server.engine.plan.PlanResult;
import io.olimpus.server.engine.plan.Planner;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.engine.plan.ZonePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.State;
import org.openstack4j.model.network.options.PortListOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenStack driver end to end, through the engine's planner and runner, against the real
 * Keystone, Glance, Nova (fake hypervisor with real taps) and Neutron of the test bed.
 */
@Tag("e2e")
@OpenStackBed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenStackDriverE2ETest {
    static final Resources TINY = new Resources(1, 64, 1);
    static final Catalog CATALOG = new Catalog() {
        public Optional<Resources> flavor(String n) { return n.equals(OpenStackTestBed.FLAVOR) ? Optional.of(TINY) : Optional.empty(); }
        public boolean hasImage(String n) { return n.equals(OpenStackTestBed.IMAGE); }
        public boolean hasZone(String n) { return n.equals("bed"); }
        public Optional<String> smallestFlavorCovering(Resources r) { return TINY.covers(r) ? Optional.of(OpenStackTestBed.FLAVOR) : Optional.empty(); }
    };
    static final VmSpec GUEST = VmSpec.of(OpenStackTestBed.FLAVOR, OpenStackTestBed.IMAGE);
    static final ZonePolicy POLICY = new ZonePolicy("bed", PlacementStrategy.SPREAD, Overcommit.DEFAULT, 100, 4000,
            Ipv4Block.parse("198.18.64.0/18"), 24);

    static OpenStackTestBed bed;
    static OpenStackDriver driver;
    static ExecutorService pool;
    static DeploymentRunner runner;

    @BeforeAll
    static void up() throws Exception {
        bed = OpenStackTestBed.up();
        driver = new OpenStackDriver(bed.zone(), OpenStackTestBed.catalog());
        pool = Executors.newFixedThreadPool(16);
        runner = new DeploymentRunner(pool, Duration.ofSeconds(120), Duration.ofMillis(250));
    }

    @AfterAll
    static void down() throws Exception {
        if (pool != null) pool.shutdownNow();
        if (driver != null) driver.close();
        if (bed != null) bed.down();
    }

    /** After every test the cloud holds nothing of Olimpus that no slice owns (no slice of these tests is left deployed). */
    @AfterEach
    void theCloudHoldsNothingNoSliceOwns() {
        var report = driver.leftovers(Set.of());
        assertThat(report.items()).as("leftovers in the cloud").isEmpty();
    }

    record Deployed(SliceContext ctx, MemoryJournal journal, List<DeployEvent> events, JobOutcome outcome, String projectId) {
        DeploymentPlan plan() { return ctx.plan(); }
        String finished() {
            return events.stream().filter(e -> e instanceof DeployEvent.Finished).map(e -> ((DeployEvent.Finished) e).message()).findFirst().orElse("");
        }
    }

    static DeploymentPlan plan(String sliceId, Topology t) {
        List<WorkerCapacity> az = List.of(new WorkerCapacity(bed.zone().availabilityZone(), bed.zone().availabilityZone(),
                new Resources(400, 64_000, 4000), Resources.ZERO, true));
        var r = Planner.plan(new PlanRequest(sliceId, t, CATALOG, POLICY, az, ClusterAllocations.NONE, null, new Random()));
        assertThat(r).as("plan of %s", sliceId).isInstanceOf(PlanResult.Planned.class);
        return ((PlanResult.Planned) r).plan();
    }

    static Deployed deploy(String sliceId, DeploymentPlan plan, Consumer<DeployEvent> hook) {
        var journal = new MemoryJournal();
        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        SliceContext ctx = new SliceContext(sliceId, plan.sliceName(), plan);
        String[] project = new String[1];
        long t0 = System.nanoTime();
        JobOutcome outcome = runner.apply(ctx, null, PlanDiff.between(null, plan), driver, journal, e -> {
            events.add(e);
            if (e instanceof DeployEvent.ResourceCreated rc && rc.ref().kind().equals(OpenStackDriver.PROJECT)) project[0] = rc.ref().name();
            hook.accept(e);
        });
        System.out.printf("FIGURE deploy %s: %d VMs, %d networks, %s in %d ms%n", sliceId, plan.vms().size(), plan.networks().size(), outcome,
                (System.nanoTime() - t0) / 1_000_000);
        return new Deployed(ctx, journal, events, outcome, project[0]);
    }

    /** Every server ACTIVE in the AZ with the chosen flavor and image; every port ACTIVE on its link's network only. */
    static void assertDeployedAsPlanned(Deployed d) throws Exception {
        OSClientV3 os = bed.admin();
        String pid = d.projectId();
        List<? extends Server> servers = os.compute().servers().list(Map.of("all_tenants", "1", "project_id", pid));
        assertThat(servers).as("servers of %s", d.ctx().sliceId()).hasSize(d.plan().vms().size());
        String flavorId = os.compute().flavors().list().stream().filter(f -> f.getName().equals(OpenStackTestBed.FLAVOR)).findFirst().orElseThrow().getId();
        String imageId = os.imagesV2().list(Map.of("name", OpenStackTestBed.IMAGE)).get(0).getId();
        for (VmPlan vm : d.plan().vms()) {
            Server s = servers.stream().filter(x -> x.getName().equals(vm.name())).findFirst().orElseThrow();
            assertThat(s.getStatus()).as("%s status", vm.name()).isEqualTo(Server.Status.ACTIVE);
            assertThat(s.getAvailabilityZone()).as("%s AZ", vm.name()).isEqualTo(bed.zone().availabilityZone());
            assertThat(s.getFlavorId()).as("%s flavor", vm.name()).isEqualTo(flavorId);
            assertThat(s.getImageId()).as("%s image", vm.name()).isEqualTo(imageId);
            assertThat(driver.status(d.ctx(), vm).state()).isEqualTo(VmState.RUNNING);
        }
        // Ports: the fake hypervisor plugs taps, the linuxbridge agent wires them, Neutron reports ACTIVE. A deploy that
        // succeeded has waited for that: every port is ACTIVE now, not some time later (it once said RUNNING with 0 of 42).
        List<? extends Port> ports = os.networking().port().list(PortListOptions.create().tenantId(pid)).stream()
                .filter(p -> p.getName() != null && p.getName().startsWith("olimpus-port:")).toList();
        int nics = d.plan().vms().stream().mapToInt(v -> v.nics().size()).sum();
        assertThat(ports).hasSize(nics);
        assertThat(ports).as("port states right after the deploy succeeded").allMatch(p -> p.getState() == State.ACTIVE);
        var networks = os.networking().network().list(Map.of("tenant_id", pid));
        assertThat(networks).hasSize(d.plan().networks().size());
        for (NetworkPlan n : d.plan().networks()) {
            var net = networks.stream().filter(x -> x.getName().equals(OpenStackNames.network(n.networkId()))).findFirst().orElseThrow();
            Set<String> planned = new HashSet<>();
            for (VmPlan v : d.plan().vms()) for (NicPlan nic : v.nics()) if (nic.networkId().equals(n.networkId())) planned.add(nic.mac() + "@" + nic.ip());
            Set<String> actual = ports.stream().filter(p -> p.getNetworkId().equals(net.getId()))
                    .map(p -> p.getMacAddress() + "@" + p.getFixedIps().iterator().next().getIpAddress()).collect(Collectors.toSet());
            assertThat(actual).as("ports on %s", n.name()).isEqualTo(planned);
            var subnet = os.networking().subnet().get(net.getSubnets().get(0));
            assertThat(subnet.getCidr()).isEqualTo(n.cidr());
            assertThat(subnet.getGateway()).isEqualTo(n.gateway());
            assertThat(subnet.isDHCPEnabled()).isTrue();
        }
        // A link's two ports share one network and no other: every point-to-point network has exactly its two ends.
        for (NetworkPlan n : d.plan().networks()) {
            long ends = d.plan().vms().stream().flatMap(v -> v.nics().stream()).filter(nic -> nic.networkId().equals(n.networkId())).count();
            assertThat(ends).as("ends of %s", n.name()).isEqualTo(2);
        }
    }

    /** Nothing of the slice anywhere: no project, and no server, port, network, subnet or router of its project or names. */
    static void assertNothingLeft(Deployed d) {
        OSClientV3 os = bed.admin();
        String pid = d.projectId();
        assertThat(driver.list(d.ctx())).isEmpty();
        assertThat(os.identity().projects().getByName(OpenStackNames.project(d.ctx().sliceId()), "default")).isNull();
        if (pid == null) return;
        assertThat(os.identity().projects().get(pid)).as("project %s", pid).isNull();
        assertThat(os.compute().servers().list(Map.of("all_tenants", "1"))).noneMatch(s -> pid.equals(s.getTenantId()));
        assertThat(os.networking().port().list()).noneMatch(p -> pid.equals(p.getTenantId()));
        assertThat(os.networking().network().list()).noneMatch(n -> pid.equals(n.getTenantId()));
        assertThat(os.networking().subnet().list()).noneMatch(s -> pid.equals(s.getTenantId()));
        assertThat(os.networking().router().list()).noneMatch(r -> pid.equals(r.getTenantId()));
        assertThat(os.networking().floatingip().list()).noneMatch(f -> pid.equals(f.getTenantId()));
        // Unfiltered on purpose: Neutron makes a project's default group when a listing is filtered by that project.
        assertThat(os.networking().securitygroup().list()).as("security groups of project %s", pid).noneMatch(g -> pid.equals(g.getTenantId()));
        assertThat(os.compute().keypairs().list()).noneMatch(k -> k.getName().equals(OpenStackNames.project(d.ctx().sliceId())));
        assertThat(os.identity().projects().list()).noneMatch(p -> pid.equals(p.getId()));
        Set<String> macs = new HashSet<>();
        for (VmPlan v : d.plan().vms()) for (NicPlan nic : v.nics()) macs.add(nic.mac());
        assertThat(os.networking().port().list()).noneMatch(p -> macs.contains(p.getMacAddress()));
    }

    static void undeploy(Deployed d) {
        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        JobOutcome outcome = runner.undeploy(d.ctx(), driver, d.journal(), events::add);
        System.out.printf("FIGURE undeploy %s: %d VMs, %s in %d ms%n", d.ctx().sliceId(), d.plan().vms().size(), outcome, (System.nanoTime() - t0) / 1_000_000);
        assertThat(outcome).as("undeploy of %s: %s", d.ctx().sliceId(), events.get(events.size() - 1))
                .isEqualTo(JobOutcome.SUCCEEDED);
        assertNothingLeft(d);
    }

    @Test
    @Order(1)
    void zoneSetupChecksTheCloudAndAWrongPasswordFailsThere() {
        assertThat(driver.verify()).contains("authenticated").contains(bed.zone().availabilityZone());
        assertThat(bed.zone().toString()).doesNotContain(bed.zone().password());
        var wrong = new OpenStackDriver(bed.zone().withPassword("not-the-password"), OpenStackTestBed.catalog());
        assertThatThrownBy(wrong::verify).isInstanceOf(DriverException.class)
                .hasMessageContaining("refused the service account '" + bed.zone().user() + "'")
                .hasMessageContaining("wrong password")
                .hasMessageNotContaining("not-the-password");
        var badAz = new OpenStackDriver(new OpenStackZone("bed", bed.zone().keystoneUrl(), bed.zone().region(), bed.zone().domain(),
                bed.zone().user(), bed.zone().password(), bed.zone().project(), "no-such-az", null), OpenStackTestBed.catalog());
        assertThatThrownBy(badAz::verify).hasMessageContaining("no availability zone no-such-az");
    }

    @Test
    @Order(2)
    void aProjectDeletedBehindTheDriversBackIsNotListedAnyMore() {
        var ctx = new SliceContext("e2e-gone", "gone", plan("e2e-gone", ShapeGenerator.generate("gone", Shape.ring(3).withVm(GUEST))));
        List<ResourceRef> created = new ArrayList<>();
        driver.prepareSlice(ctx, created::add);
        String pid = created.stream().filter(r -> r.kind().equals(OpenStackDriver.PROJECT)).findFirst().orElseThrow().name();
        assertThat(driver.list(ctx)).extracting(ResourceRef::name).contains(pid);

        bed.admin().identity().projects().delete(pid);

        assertThat(driver.list(ctx)).as("the driver's listing once Keystone no longer has the project").isEmpty();
    }

    @Test
    @Order(2)
    void aFiveVmRingAndATreeDeployAsPlannedAndUndeployWithoutResidue() throws Exception {
        Topology ringDesign = ShapeGenerator.generate("ring", Shape.ring(5).withVm(GUEST));
        DeploymentPlan ringPlan = plan("e2e-os-ring", ringDesign);
        Topology treeDesign = ShapeGenerator.generate("tree", Shape.tree(2, 2).withVm(GUEST));
        treeDesign = treeDesign.updateNode(treeDesign.nodeNamed("vm1").orElseThrow().id(), n -> n.withVm(n.vm().withInternet(true)));
        DeploymentPlan treePlan = plan("e2e-os-tree", treeDesign);
        Deployed ring = deploy("e2e-os-ring", ringPlan, e -> {});
        Deployed[] current = {ring};
        Deployed tree = null;
        try {
            assertThat(ring.outcome()).as("ring: %s", ring.events()).isEqualTo(JobOutcome.SUCCEEDED);
            tree = deploy("e2e-os-tree", treePlan, e -> {});
            assertThat(tree.outcome()).as("tree: %s", tree.events()).isEqualTo(JobOutcome.SUCCEEDED);
            assertDeployedAsPlanned(ring);
            assertDeployedAsPlanned(tree);
            assertRoutedToTheInternet(tree, "vm1");

            // Edit the running ring through the engine's plan: a sixth VM linked to vm1.
            Topology edited = ringDesign.withNode(io.olimpus.model.topology.Node.vm(ringDesign.freshNodeId(), "vm6", GUEST));
            edited = edited.connect(edited.nodeNamed("vm6").orElseThrow().id(), edited.nodeNamed("vm1").orElseThrow().id());
            Deployed grown = edit(ring, edited);
            current[0] = grown;
            assertThat(grown.outcome()).as("edit: %s", grown.events()).isEqualTo(JobOutcome.SUCCEEDED);
            assertThat(grown.plan().vms()).hasSize(6);
            assertDeployedAsPlanned(grown);

            // Stop, start and reboot one VM, its state read back from Nova.
            VmPlan vm2 = ring.plan().vms().get(1);
            driver.power(ring.ctx(), vm2, PowerAction.STOP);
            awaitState(ring.ctx(), vm2, VmState.STOPPED);
            driver.power(ring.ctx(), vm2, PowerAction.START);
            awaitState(ring.ctx(), vm2, VmState.RUNNING);
            driver.power(ring.ctx(), vm2, PowerAction.REBOOT);
            awaitState(ring.ctx(), vm2, VmState.RUNNING);
            // Nova's own noVNC address with a fresh token (the bed serves nothing behind it).
            assertThat(driver.consoleUrl(ring.ctx(), vm2)).startsWith("http://127.0.0.1:6080/vnc_auto.html?").containsPattern("token(=|%3D)[0-9a-f-]{36}");
        } finally {
            undeploy(current[0]);
            if (tree != null) undeploy(tree);
        }
    }

    /** The VM that asked for the internet: the slice's router has the external network as gateway and its first network as interface. */
    static void assertRoutedToTheInternet(Deployed d, String vmName) {
        OSClientV3 os = bed.admin();
        String pid = d.projectId();
        var all = os.networking().router().list();
        var routers = all.stream().filter(r -> pid.equals(r.getTenantId())).toList();
        assertThat(routers).as("routers of project %s among %s", pid, all).hasSize(1);
        String ext = os.networking().network().list(Map.of("name", bed.zone().externalNetwork())).get(0).getId();
        assertThat(routers.get(0).getExternalGatewayInfo().getNetworkId()).isEqualTo(ext);
        VmPlan vm = d.plan().vms().stream().filter(v -> v.name().equals(vmName)).findFirst().orElseThrow();
        String firstNet = vm.nics().get(0).networkId();
        String neutronNet = os.networking().network().list(Map.of("name", OpenStackNames.network(firstNet), "tenant_id", pid)).get(0).getId();
        var ifaces = os.networking().port().list(PortListOptions.create().deviceId(routers.get(0).getId()).deviceOwner("network:router_interface"));
        assertThat(ifaces).extracting(Port::getNetworkId).containsExactly(neutronNet);
        NetworkPlan np = d.plan().network(firstNet).orElseThrow();
        assertThat(ifaces.get(0).getFixedIps().iterator().next().getIpAddress()).isEqualTo(np.gateway());
    }

    static Deployed edit(Deployed running, Topology edited) {
        List<WorkerCapacity> az = List.of(new WorkerCapacity(bed.zone().availabilityZone(), bed.zone().availabilityZone(),
                new Resources(400, 64_000, 4000), Resources.ZERO, true));
        var r = Planner.plan(new PlanRequest(running.ctx().sliceId(), edited, CATALOG, POLICY, az, ClusterAllocations.NONE, running.plan(), new Random()));
        assertThat(r).isInstanceOf(PlanResult.Planned.class);
        var planned = (PlanResult.Planned) r;
        SliceContext ctx = new SliceContext(running.ctx().sliceId(), edited.name(), planned.plan());
        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        JobOutcome outcome = runner.apply(ctx, running.plan(), planned.diff(), driver, running.journal(), events::add);
        return new Deployed(ctx, running.journal(), events, outcome, running.projectId());
    }

    static void awaitState(SliceContext ctx, VmPlan vm, VmState want) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (driver.status(ctx, vm).state() != want && System.currentTimeMillis() < deadline) Thread.sleep(250);
        assertThat(driver.status(ctx, vm).state()).as("%s state", vm.name()).isEqualTo(want);
    }

    @Test
    @Order(3)
    void neutronStoppedMidDeployFailsClearlyAndNothingRemainsOnceItIsBack() throws Exception {
        DeploymentPlan plan = plan("e2e-os-fault", ShapeGenerator.generate("fault", Shape.ring(4).withVm(GUEST)));
        AtomicBoolean stopped = new AtomicBoolean();
        Deployed d;
        try {
            d = deploy("e2e-os-fault", plan, e -> {
                // The first network exists: take Neutron away before anything else of the slice is made.
                if (e instanceof DeployEvent.ResourceCreated rc && rc.ref().kind().equals(OpenStackDriver.NETWORK) && stopped.compareAndSet(false, true)) {
                    try { bed.svc("stop", "neutron-server"); } catch (Exception x) { throw new IllegalStateException(x); }
                }
            });
        } finally {
            if (stopped.get()) bed.svc("start", "neutron-server");
        }
        assertThat(stopped).isTrue();
        assertThat(d.outcome()).as("events: %s", d.events()).isIn(JobOutcome.ROLLED_BACK, JobOutcome.INCOMPLETE);
        assertThat(d.finished()).contains("Neutron did not answer");
        // Neutron is back: the rollback, run again, removes everything the deploy made.
        JobOutcome again = runner.rollback(d.ctx(), driver, d.journal(), e -> {}, Set.of(), Set.of());
        assertThat(again).isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(d.journal().resources()).isEmpty();
        assertNothingLeft(d);
    }

    @Test
    @Order(4)
    void aNovaQuotaTooSmallFailsClearlyAndRollsBackFully() throws Exception {
        DeploymentPlan plan = plan("e2e-os-quota", ShapeGenerator.generate("quota", Shape.ring(5).withVm(GUEST)));
        Deployed d = deploy("e2e-os-quota", plan, e -> {
            // The project exists: give it room for two servers only, before any server is asked for.
            if (e instanceof DeployEvent.ResourceCreated rc && rc.ref().kind().equals(OpenStackDriver.PROJECT))
                bed.admin().compute().quotaSets().updateForTenant(rc.ref().name(), Builders.quotaSet().instances(2).build());
        });
        assertThat(d.outcome()).as("events: %s", d.events()).isEqualTo(JobOutcome.ROLLED_BACK);
        assertThat(d.finished()).containsIgnoringCase("quota exceeded");
        assertThat(d.journal().resources()).isEmpty();
        assertNothingLeft(d);
    }

    @Test
    @Order(5)
    void aProjectDeletedAloneLeaksItsDefaultSecurityGroupWhichTheLeftoverReportFindsAndCleans() {
        // What every undeploy did before: the project went through Keystone alone, after its networks.
        var ctx = new SliceContext("e2e-os-leak", "leak", plan("e2e-os-leak", ShapeGenerator.generate("leak", Shape.ring(3).withVm(GUEST))));
        List<ResourceRef> created = new ArrayList<>();
        driver.prepareSlice(ctx, created::add);
        driver.createNetwork(ctx, ctx.plan().networks().get(0), created::add);
        String pid = created.stream().filter(r -> r.kind().equals(OpenStackDriver.PROJECT)).findFirst().orElseThrow().name();
        OSClientV3 os = bed.admin();
        // Neutron makes the project's default group at its first port or filtered listing.
        assertThat(os.networking().securitygroup().list(Map.of("tenant_id", pid))).extracting(g -> g.getName()).contains("default");
        assertThat(driver.leftovers(Set.of("e2e-os-leak")).items()).as("an owned slice's project is no leftover").isEmpty();
        assertThat(driver.leftovers(Set.of()).items()).extracting(i -> i.kind() + " " + i.name())
                .contains("project olimpus-e2e-os-leak", "network " + OpenStackNames.network(ctx.plan().networks().get(0).networkId()), "security-group default");
        for (ResourceRef r : created) if (!r.kind().equals(OpenStackDriver.PROJECT)) driver.delete(ctx, r);
        os.identity().projects().delete(pid);

        var leaked = driver.leftovers(Set.of()).items();
        System.out.printf("FIGURE leak: a project deleted alone left %d resource(s): %s%n", leaked.size(), leaked);
        assertThat(leaked).extracting(i -> i.kind() + " " + i.name() + " " + i.container()).containsExactly("security-group default " + pid);
        assertThat(leaked.get(0).reason()).contains("no longer exists");

        var cleaned = driver.cleanLeftovers(Set::of);
        assertThat(cleaned.failures()).isEmpty();
        assertThat(cleaned.removed()).extracting(i -> i.kind()).containsExactly("security-group");
        assertThat(cleaned.items()).isEmpty();
        assertThat(os.networking().securitygroup().list()).noneMatch(g -> pid.equals(g.getTenantId()));
    }

    /**
     * The Heat (HOT) export, deployed by Heat itself: the template of a 3-VM line goes to Heat's API
     * as written (only the parameters a user would pass: the cloud's availability zone and a subnet
     * prefix of the bed's range), the stack reaches CREATE_COMPLETE, the servers, networks and
     * ports in the cloud are the design's (names, one NIC per link end, each on its link's
     * network), and deleting the stack leaves nothing: no server, port, subnet, network or tap.
     */
    @Test
    @Order(6)
    void theHeatExportOfALineIsDeployedByHeatAsDesignedAndDeletedWithoutResidue() throws Exception {
        Topology design = ShapeGenerator.generate("heat-line", Shape.linear(3).withVm(GUEST));
        LabExport hot = LabFiles.write(TopologyDocument.of(design), LabFormat.HEAT, ImageMapping.DEFAULT);
        // The flavor and image the template names exist in the cloud, as an Olimpus zone makes them on first use.
        ApiCalls calls = new ApiCalls();
        CatalogSync sync = new CatalogSync(OpenStackTestBed.catalog(), new KeystoneSession(bed.zone(), calls), calls);
        String flavorId = sync.flavorId(OpenStackTestBed.FLAVOR, TINY);
        String imageId = sync.imageId(OpenStackTestBed.IMAGE);

        OSClientV3 os = bed.admin();
        long t0 = System.nanoTime();
        HeatStack stack = HeatStack.create(os, "e2e-heat-line", hot.text(),
                Map.of("availability_zone", bed.zone().availabilityZone(), "subnet_pool_prefix", "198.18"));
        Map<String, String> serverIds, netIds, subnetIds, portIds;
        List<String> taps = new ArrayList<>();
        try {
            stack.await("CREATE_COMPLETE", Duration.ofMinutes(5));
            System.out.printf("FIGURE heat stack create (3 VMs, 2 networks, 4 ports): CREATE_COMPLETE in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            var resources = stack.resources();
            assertThat(HeatStack.statuses(resources)).containsExactly("CREATE_COMPLETE");
            serverIds = HeatStack.physicalIds(resources, "OS::Nova::Server");
            netIds = HeatStack.physicalIds(resources, "OS::Neutron::Net");
            subnetIds = HeatStack.physicalIds(resources, "OS::Neutron::Subnet");
            portIds = HeatStack.physicalIds(resources, "OS::Neutron::Port");
            assertThat(serverIds).hasSize(3);
            assertThat(netIds).hasSize(2);
            assertThat(subnetIds).hasSize(2);
            assertThat(portIds).hasSize(4);

            // Networks: one per link, named <slice>-<network> as the design derives them, each with its /24 of the prefix, no gateway.
            DerivedNetworks derived = NetworkDeriver.derive(design);
            Map<String, String> netNameById = new java.util.HashMap<>();
            for (String id : netIds.values()) netNameById.put(id, os.networking().network().get(id).getName());
            assertThat(netNameById.values()).containsExactlyInAnyOrderElementsOf(
                    derived.all().stream().map(n -> design.name() + "-" + n.name()).toList());
            for (String id : subnetIds.values()) {
                var subnet = os.networking().subnet().get(id);
                assertThat(subnet.getCidr()).as("subnet of %s", netNameById.get(subnet.getNetworkId())).matches("198\\.18\\.[12]\\.0/24");
                assertThat(subnet.getGateway()).isNull();
            }
            // Servers: the design's VMs, ACTIVE in the zone passed, with the flavor and image named; one NIC per link end, on that link's network.
            Map<String, String> serverNameById = new java.util.HashMap<>();
            for (String id : serverIds.values()) {
                Server srv = os.compute().servers().get(id);
                serverNameById.put(id, srv.getName());
                assertThat(srv.getStatus()).as("%s", srv.getName()).isEqualTo(Server.Status.ACTIVE);
                assertThat(srv.getAvailabilityZone()).as("%s AZ", srv.getName()).isEqualTo(bed.zone().availabilityZone());
                assertThat(srv.getFlavorId()).as("%s flavor", srv.getName()).isEqualTo(flavorId);
                assertThat(srv.getImageId()).as("%s image", srv.getName()).isEqualTo(imageId);
            }
            assertThat(serverNameById.values()).containsExactlyInAnyOrder("vm1", "vm2", "vm3");
            for (var e : serverNameById.entrySet()) {
                var vm = design.nodeNamed(e.getValue()).orElseThrow();
                List<String> want = derived.nicsOf(vm.id()).stream().map(a -> derived.ofLink(a.linkId()).orElseThrow())
                        .map(n -> design.name() + "-" + n.name()).sorted().toList();
                List<? extends Port> nics = os.networking().port().list(PortListOptions.create().deviceId(e.getKey()));
                assertThat(nics.stream().map(p -> netNameById.get(p.getNetworkId())).sorted().toList()).as("networks of %s's NICs", e.getValue()).isEqualTo(want);
                nics.forEach(p -> taps.add(("tap" + p.getId()).substring(0, 14)));
            }
            assertThat(taps).hasSize(4);
            // The fake hypervisor plugged a tap per port and the linuxbridge agent wired it: Neutron says ACTIVE.
            awaitCondition("every port of the stack ACTIVE", Duration.ofSeconds(60),
                    () -> portIds.values().stream().allMatch(id -> os.networking().port().get(id).getState() == State.ACTIVE));
        } finally {
            long t1 = System.nanoTime();
            stack.delete();
            stack.await("DELETE_COMPLETE", Duration.ofMinutes(5));
            System.out.printf("FIGURE heat stack delete: DELETE_COMPLETE in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
        }
        // Heat may still list the stack just deleted, as DELETE_COMPLETE, until it purges it.
        assertThat(os.heat().stacks().list()).noneMatch(st -> st.getName().equals(stack.name) && !"DELETE_COMPLETE".equals(st.getStatus()));
        for (String id : serverIds.values()) assertThat(os.compute().servers().get(id)).as("server %s", id).isNull();
        for (String id : portIds.values()) assertThat(os.networking().port().get(id)).as("port %s", id).isNull();
        for (String id : subnetIds.values()) assertThat(os.networking().subnet().get(id)).as("subnet %s", id).isNull();
        for (String id : netIds.values()) assertThat(os.networking().network().get(id)).as("network %s", id).isNull();
        assertThat(os.networking().network().list()).noneMatch(n -> n.getName() != null && n.getName().startsWith(design.name() + "-"));
        awaitCondition("the stack's taps gone", Duration.ofSeconds(30), () -> taps.stream().noneMatch(t -> Files.exists(Path.of("/sys/class/net", t))));
    }

    static void awaitCondition(String what, Duration bound, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + bound.toSeconds() + " s");
            Thread.sleep(250);
        }
    }
}
