package io.olimpus.server.platform.linux;

import io.olimpus.model.shape.Shape;
import io.olimpus.model.shape.ShapeGenerator;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.server.engine.apply.DeployEvent;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.apply.JobOutcome;
import io.olimpus.server.engine.apply.MemoryJournal;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.driver.VmState;
import io.olimpus.server.engine.plan.ClusterAllocations;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.PlanDiff;
import io.olimpus.server.engine.plan.PlanRequest;
import io.olimpus.server.engine.plan.PlanResult;
import io.olimpus.server.engine.plan.Planner;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How parallel a Linux deploy really is: a 6-VM ring over three workers, its wall time against the
 * slowest single VM's boot (from its create to its DHCP-confirmed RUNNING) in the same run, and the
 * SSH round trips per VM. Run by {@code ./olimpus bench linux}; figures go to docs/benchmarks.md.
 */
@Tag("bench")
class LinuxDeployBenchmark {
    @Test
    void sixVmRingAcrossThreeWorkers() throws Exception {
        LinuxTestBed bed = LinuxTestBed.up();
        var pool = Executors.newFixedThreadPool(12);
        try (SshSessions ssh = new SshSessions(bed.knownHosts(), bed.privateKey(), Duration.ofSeconds(15))) {
            var runner = new DeploymentRunner(pool, Duration.ofSeconds(120), Duration.ofMillis(200));
            var driver = new LinuxClusterDriver(bed.zone(DataPlane.LINUX_BRIDGE), ssh, bed.guestImage());
            int rounds = Integer.getInteger("bench.rounds", 3);
            for (int round = 1; round <= rounds; round++) {
                Topology ring = ShapeGenerator.generate("bench", Shape.ring(6).withVm(LinuxClusterDriverE2ETest.GUEST));
                var planned = Planner.plan(new PlanRequest("bench-" + round, ring, LinuxClusterDriverE2ETest.CATALOG, LinuxClusterDriverE2ETest.POLICY,
                        bed.capacities(new Resources(2, 1024, 20)), ClusterAllocations.NONE, null, new Random()));
                assertThat(planned).isInstanceOf(PlanResult.Planned.class);
                DeploymentPlan plan = ((PlanResult.Planned) planned).plan();
                assertThat(plan.vms()).extracting(VmPlan::workerId).containsOnly("worker1", "worker2", "worker3");
                SliceContext ctx = new SliceContext("bench-" + round, "bench", plan);
                Map<String, Long> creating = new ConcurrentHashMap<>(), running = new ConcurrentHashMap<>();
                var journal = new MemoryJournal();
                long trips0 = ssh.roundTrips(), t0 = System.nanoTime();
                JobOutcome outcome = runner.apply(ctx, null, PlanDiff.between(null, plan), driver, journal, e -> {
                    if (e instanceof DeployEvent.VmChanged v && v.state() == VmState.CREATING) creating.put(v.vmId(), System.nanoTime());
                    if (e instanceof DeployEvent.VmChanged v && v.state() == VmState.RUNNING) running.put(v.vmId(), System.nanoTime());
                });
                long wall = System.nanoTime() - t0, trips = ssh.roundTrips() - trips0;
                assertThat(outcome).isEqualTo(JobOutcome.SUCCEEDED);
                long slowest = plan.vms().stream().mapToLong(v -> running.get(v.vmId()) - creating.get(v.vmId())).max().orElseThrow();
                System.out.printf("BENCH linux round %d: deploy of 6 VMs on 3 workers %.2f s, slowest single VM boot %.2f s, ratio %.2f, "
                                + "SSH round trips %d = %.1f per VM%n", round, wall / 1e9, slowest / 1e9, (double) wall / slowest, trips, trips / 6.0);
                assertThat(runner.undeploy(ctx, driver, journal, e -> {})).isEqualTo(JobOutcome.SUCCEEDED);
            }
        } finally {
            pool.shutdownNow();
            bed.down();
        }
    }

    /** The driver's hosts through {@code ssh}, each script counted by what it does (for the breakdown of round trips). */
    static LinuxClusterDriver.Hosts counted(SshSessions ssh, Map<String, java.util.concurrent.atomic.AtomicInteger> trips) {
        return new LinuxClusterDriver.Hosts() {
            @Override
            public io.olimpus.server.platform.linux.ssh.RemoteShell shell(LinuxHost host) {
                var real = ssh.shell(host.ssh());
                return new io.olimpus.server.platform.linux.ssh.RemoteShell() {
                    @Override public String hostName() { return real.hostName(); }

                    @Override
                    public io.olimpus.server.platform.linux.ssh.CommandResult run(io.olimpus.server.platform.linux.ssh.Script script) {
                        trips.computeIfAbsent(kind(script.render()), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                        return real.run(script);
                    }

                    @Override
                    public void upload(java.io.InputStream content, String remotePath) {
                        trips.computeIfAbsent("upload", k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                        real.upload(content, remotePath);
                    }
                };
            }

            @Override
            public io.olimpus.server.platform.linux.ssh.RemoteStream stream(LinuxHost host, io.olimpus.server.platform.linux.ssh.Script script) {
                return ssh.stream(host.ssh(), script);
            }
        };
    }

    private static String kind(String script) {
        if (script.contains(LinuxClusterDriver.GONE)) return "teardown";
        if (script.contains("ticks=")) return "boot-watch";
        if (script.contains("DHCPACK") && script.contains("-gt")) return "lease-check";
        if (script.contains("linux.segment.seg")) return "networks";
        if (script.contains("linux.lease.")) return "vm-leases";
        if (script.contains("linux.vm.")) return "vm-launch";
        if (script.contains("sha256sum")) return "image-check";
        if (script.contains("cat \"$dir\"/*")) return "list";
        return "other";
    }

    /**
     * Deploy and undeploy of a 7-VM ring (7 networks) and a 7-VM full mesh (21 networks, six NICs
     * per VM) on bridges, the zone {@code ./olimpus run} registers; teardown's goal is at most a
     * quarter of the same slice's deploy. Prints the times and the ratio, asserts only success.
     */
    @Test
    void sevenVmRingAndMeshDeployThenUndeploy() throws Exception {
        LinuxTestBed bed = LinuxTestBed.up();
        var pool = Executors.newCachedThreadPool();
        try (SshSessions ssh = new SshSessions(bed.knownHosts(), bed.privateKey(), Duration.ofSeconds(15))) {
            var runner = new DeploymentRunner(pool, Duration.ofSeconds(300), Duration.ofMillis(500));
            Map<String, java.util.concurrent.atomic.AtomicInteger> trips = new java.util.concurrent.ConcurrentSkipListMap<>();
            var driver = new LinuxClusterDriver(bed.zone(DataPlane.LINUX_BRIDGE), counted(ssh, trips), bed.guestImage());
            Map<String, Long> deploys = new java.util.LinkedHashMap<>();
            for (String kind : java.util.List.of("ring", "mesh")) {
                Topology t = ShapeGenerator.generate("bench", (kind.equals("ring") ? Shape.ring(7) : Shape.mesh(7)).withVm(LinuxClusterDriverE2ETest.GUEST));
                var planned = Planner.plan(new PlanRequest("bench7-" + kind, t, LinuxClusterDriverE2ETest.CATALOG, LinuxClusterDriverE2ETest.POLICY,
                        bed.capacities(new Resources(4, 4096, 40)), ClusterAllocations.NONE, null, new Random()));
                assertThat(planned).isInstanceOf(PlanResult.Planned.class);
                DeploymentPlan plan = ((PlanResult.Planned) planned).plan();
                SliceContext ctx = new SliceContext("bench7-" + kind, "bench", plan);
                var journal = new MemoryJournal();
                // The networks phase ends when the first VM is being created.
                var firstVm = new java.util.concurrent.atomic.AtomicLong();
                trips.clear();
                long trips0 = ssh.roundTrips(), t0 = System.nanoTime();
                JobOutcome outcome = runner.apply(ctx, null, PlanDiff.between(null, plan), driver, journal, e -> {
                    if (e instanceof DeployEvent.VmChanged v && v.state() == VmState.CREATING) firstVm.compareAndSet(0, System.nanoTime());
                });
                System.out.println("BENCH linux 7-VM " + kind + " deploy's SSH round trips by kind: " + trips);
                long deploy = System.nanoTime() - t0, deployTrips = ssh.roundTrips() - trips0, networksPhase = firstVm.get() - t0;
                assertThat(outcome).isEqualTo(JobOutcome.SUCCEEDED);
                int resources = journal.resources().size();
                // When each kind's last resource went, from the undeploy's start: its ranks' end times.
                Map<String, Long> gone = new java.util.concurrent.ConcurrentSkipListMap<>();
                trips.clear();
                long trips1 = ssh.roundTrips(), t1 = System.nanoTime();
                assertThat(runner.undeploy(ctx, driver, journal, e -> {
                    if (e instanceof DeployEvent.ResourceDeleted d) gone.put(d.ref().kind(), System.nanoTime());
                })).isEqualTo(JobOutcome.SUCCEEDED);
                long undeploy = System.nanoTime() - t1, undeployTrips = ssh.roundTrips() - trips1;
                StringBuilder ends = new StringBuilder();
                gone.entrySet().stream().sorted(Map.Entry.comparingByValue())
                        .forEach(g -> ends.append(String.format(" %s %.1f s,", g.getKey(), (g.getValue() - t1) / 1e9)));
                System.out.println("BENCH linux 7-VM " + kind + " undeploy: each kind gone by" + ends + " round trips by kind " + trips);
                System.out.printf("BENCH linux 7-VM %s (%d networks, %d resources): deploy %.1f s (networks phase %.1f s; %d SSH round trips = %.1f per VM), "
                                + "undeploy %.1f s (%d SSH round trips), undeploy/deploy %.2f%n", kind, plan.networks().size(), resources, deploy / 1e9,
                        networksPhase / 1e9, deployTrips, deployTrips / 7.0, undeploy / 1e9, undeployTrips, (double) undeploy / deploy);
                deploys.put(kind, deploy);
            }
            System.out.printf("BENCH linux 7-VM mesh/ring deploy %.2f (goal <= 1.5)%n", (double) deploys.get("mesh") / deploys.get("ring"));
        } finally {
            pool.shutdownNow();
            bed.down();
        }
    }
}
