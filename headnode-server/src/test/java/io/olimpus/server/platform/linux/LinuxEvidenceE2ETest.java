package io.olimpus.server.platform.linux;

import io.olimpus.server.testbed.LinuxBed;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.Catalog;
import io.olimpus.server.engine.apply.DeployEvent;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.apply.JobOutcome;
import io.olimpus.server.engine.apply.MemoryJournal;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.plan.ClusterAllocations;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.PlanDiff;
import io.olimpus.server.engine.plan.PlanRequest;
import io.olimpus.server.engine.plan.PlanResult;
import io.olimpus.server.engine.plan.Planner;
import io.olimpus.server.engine.plan.ZonePolicy;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, defect 2, on real hosts: a VM whose QEMU cannot start (its "kernel" is not one) fails
 * the deploy, and what QEMU said is read from the VM's folder on the worker before the rollback
 * removes the folder; nothing of the slice remains.
 */
@Tag("e2e")
@LinuxBed
class LinuxEvidenceE2ETest {
    static final Resources TINY = LinuxClusterDriverE2ETest.TINY;
    static final Catalog CATALOG = new Catalog() {
        public Optional<Resources> flavor(String n) { return n.equals("tiny") ? Optional.of(TINY) : Optional.empty(); }
        public boolean hasImage(String n) { return n.equals("broken-guest"); }
        public boolean hasZone(String n) { return n.equals("bed"); }
        public Optional<String> smallestFlavorCovering(Resources r) { return TINY.covers(r) ? Optional.of("tiny") : Optional.empty(); }
    };
    static final ZonePolicy POLICY = LinuxClusterDriverE2ETest.POLICY;
    /** Bytes no loader takes for a kernel. */
    static final byte[] NOT_A_KERNEL = "this is not a kernel\n".repeat(3000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static LinuxTestBed bed;
    static SshSessions ssh;
    static ExecutorService pool;

    @BeforeAll
    static void up() throws Exception {
        bed = LinuxTestBed.up();
        ssh = new SshSessions(bed.knownHosts(), bed.privateKey(), Duration.ofSeconds(15));
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void down() throws Exception {
        if (pool != null) pool.shutdownNow();
        if (ssh != null) ssh.close();
        if (bed != null) bed.down();
    }

    /** The bed's guest with its kernel replaced by {@link #NOT_A_KERNEL}: QEMU refuses it at launch. */
    static ImageSource brokenGuest() throws Exception {
        ImageSource real = bed.guestImage();
        ImageSource.ImageFile initrd = real.resolve("testbed-guest").file("initrd");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(NOT_A_KERNEL));
        ImageSource.Image image = new ImageSource.Image("broken-guest", ImageSource.Kind.KERNEL, null,
                List.of(new ImageSource.ImageFile("kernel", sha, NOT_A_KERNEL.length), initrd));
        return new ImageSource() {
            public Image resolve(String name) { return image; }

            public InputStream open(String name, String role) throws java.io.IOException {
                return role.equals("kernel") ? new ByteArrayInputStream(NOT_A_KERNEL) : real.open("testbed-guest", role);
            }

            public java.util.Set<String> cacheKeys() {
                java.util.Set<String> keys = new java.util.HashSet<>(real.cacheKeys());
                keys.add(sha);
                return keys;
            }
        };
    }

    @Test
    void whatQemuSaidIsKeptBeforeTheRollbackRemovesTheVm() throws Exception {
        Topology t = Topology.empty("evidence").withNode(Node.vm("n1", "vm1", VmSpec.of("tiny", "broken-guest")));
        var r = Planner.plan(new PlanRequest("evidence", t, CATALOG, POLICY, bed.capacities(new Resources(2, 1024, 20)), ClusterAllocations.NONE,
                null, new Random()));
        assertThat(r).isInstanceOf(PlanResult.Planned.class);
        DeploymentPlan plan = ((PlanResult.Planned) r).plan();
        SliceContext ctx = new SliceContext("s9" + Math.floorMod(System.nanoTime(), 1000), plan.sliceName(), plan);
        LinuxClusterDriver driver = new LinuxClusterDriver(bed.zone(DataPlane.LINUX_BRIDGE), ssh, brokenGuest());
        List<DeployEvent> events = new CopyOnWriteArrayList<>();
        MemoryJournal journal = new MemoryJournal();

        long t0 = System.nanoTime();
        JobOutcome outcome = new DeploymentRunner(pool, Duration.ofSeconds(120), Duration.ofMillis(500))
                .apply(ctx, null, PlanDiff.between(null, plan), driver, journal, events::add);
        System.out.printf("evidence e2e: failed deploy with evidence rolled back in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(outcome).as("%s", events).isEqualTo(JobOutcome.ROLLED_BACK);
        DeployEvent.EvidenceCollected kept = events.stream().filter(e -> e instanceof DeployEvent.EvidenceCollected)
                .map(e -> (DeployEvent.EvidenceCollected) e).findFirst().orElseThrow(() -> new AssertionError("no evidence in " + events));
        System.out.println("evidence e2e: platform log kept: " + kept.evidence().platformLog().strip());
        assertThat(kept.vmName()).isEqualTo("vm1");
        assertThat(kept.evidence().platformLog()).as("QEMU's own words").containsIgnoringCase("qemu");
        int evidenceAt = events.indexOf(kept);
        assertThat(events.subList(0, evidenceAt)).noneMatch(e -> e instanceof DeployEvent.ResourceDeleted);
        // The rollback went after: the VM's folder is gone from its worker and nothing of the slice is listed.
        assertThat(driver.list(ctx)).isEmpty();
        String worker = plan.vms().get(0).workerId();
        assertThat(bed.onHost(worker, "sh", "-c", "ls " + bed.stateRoot(worker) + "/vms 2>/dev/null || true").output())
                .doesNotContain(LinuxNames.vmKey(ctx.sliceId(), "vm1"));
    }
}
