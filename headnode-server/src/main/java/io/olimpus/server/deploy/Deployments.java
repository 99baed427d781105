package io.olimpus.server.deploy;

import io.olimpus.server.platform.linux.LinuxBackends;
import io.olimpus.server.platform.openstack.OpenStackBackends;

import io.olimpus.server.app.Config;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.catalog.CatalogSnapshot;
import io.olimpus.server.catalog.FlavorStore;
import io.olimpus.server.catalog.ImageStore;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.platform.linux.ImageSource;
import io.olimpus.server.slices.SliceService;
import io.olimpus.server.slices.SliceStore;
import io.olimpus.server.platform.linux.LinuxZoneSettings;
import io.olimpus.server.zones.Worker;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneService;
import io.olimpus.server.zones.ZoneStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The deployment feature wired together: its store, the zones' backends, the job threads. */
public final class Deployments implements AutoCloseable {
    private final DeploymentService service;
    private final LinuxBackends linux;
    private final ExecutorService jobs;
    private final ExecutorService steps;

    private Deployments(DeploymentService service, LinuxBackends linux, ExecutorService jobs, ExecutorService steps) {
        this.service = service;
        this.linux = linux;
        this.jobs = jobs;
        this.steps = steps;
    }

    public static Deployments create(Config cfg, Jdbi jdbi, SliceService slices, SliceStore sliceStore, FlavorStore flavors, ImageStore images,
                                     ZoneStore zones, ZoneService zoneService, ImageSource imageFiles, AuditLog audit, Clock clock) {
        LinuxBackends linux = new LinuxBackends(new ZoneDirectory(zoneService), imageFiles, Duration.ofSeconds(20));
        OpenStackBackends openstack = new OpenStackBackends(zoneService::openStackSettings, flavors, images, imageFiles);
        ZoneBackend.Factory backends = zoneName -> {
            Zone z = zones.byName(zoneName).orElseThrow(() -> new ZoneBackend.ZoneNotReady("there is no zone '" + zoneName + "'"));
            if (z.platform().equals(Zone.LINUX)) return linux.open(zoneName);
            if (z.platform().equals(Zone.OPENSTACK)) return openstack.open(z);
            throw new ZoneBackend.ZoneNotReady("zone '" + zoneName + "' runs on " + z.platform() + ", which this server cannot deploy to");
        };
        // Jobs wait on their steps; steps (SSH commands, API calls) run in parallel across workers and networks.
        ExecutorService jobs = Executors.newFixedThreadPool(8, named("olimpus-job"));
        ExecutorService steps = Executors.newCachedThreadPool(named("olimpus-step"));
        DeploymentRunner runner = new DeploymentRunner(steps, Duration.ofSeconds(180), Duration.ofMillis(500));
        DeploymentService service = new DeploymentService(slices, sliceStore, new DeploymentStore(jdbi),
                () -> CatalogSnapshot.read(flavors, images, zones), backends, runner, jobs, audit, clock);
        return new Deployments(service, linux, jobs, steps);
    }

    public DeploymentService service() { return service; }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        var n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        jobs.shutdownNow();
        steps.shutdownNow();
        try {
            jobs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        linux.close();
    }

    /** Linux zone settings and workers from the zones feature, with key and known-hosts references resolved to files. */
    private record ZoneDirectory(ZoneService zones) implements LinuxBackends.Directory {
        @Override
        public Optional<LinuxZoneSettings> settings(String zone) {
            return zones.linuxSettings(zone).map(s -> {
                var h = s.headnode();
                var hn = new LinuxZoneSettings.Headnode(h.name(), h.mgmtAddress(), h.sshPort(), h.sshUser(), zones.resolveRef(h.sshKeyRef()).toString(),
                        h.dataAddress(), h.stateRoot());
                return new LinuxZoneSettings(s.dataPlane(), s.strategy(), s.overcommit(), s.addressPool(), s.subnetPrefix(), s.firstSegmentId(),
                        s.lastSegmentId(), hn, s.uplinkInterface(), zones.resolveRef(s.knownHostsRef()).toString());
            });
        }

        @Override
        public List<LinuxBackends.LinuxWorker> workers(String zone) {
            return zones.workers(zone).stream().map((Worker w) -> new LinuxBackends.LinuxWorker(w.name(), w.mgmtAddress(), w.sshPort(), w.sshUser(),
                    zones.resolveRef(w.sshKeyRef()).toString(), w.dataAddress(), w.stateRoot(), w.capacity(), w.kvm(), w.up())).toList();
        }
    }
}
