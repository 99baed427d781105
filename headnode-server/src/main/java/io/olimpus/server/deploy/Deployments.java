package io.olimpus.server.deploy;

import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.catalog.CatalogSnapshot;
import io.olimpus.server.catalog.FlavorStore;
import io.olimpus.server.catalog.ImageStore;
import io.olimpus.server.catalog.Image;
import io.olimpus.server.engine.apply.BootBudget;
import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.slices.SliceService;
import io.olimpus.server.slices.SliceStore;
import io.olimpus.server.zones.ZoneStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The deployment feature wired together: its store, the job threads, and the zones' backends from their platforms. */
public final class Deployments implements AutoCloseable {
    private final DeploymentService service;
    private final ExecutorService jobs;
    private final ExecutorService steps;

    private Deployments(DeploymentService service, ExecutorService jobs, ExecutorService steps) {
        this.service = service;
        this.jobs = jobs;
        this.steps = steps;
    }

    /** @param backends opens a zone's backend on the zone's platform (the platform registry) */
    public static Deployments create(Jdbi jdbi, SliceService slices, SliceStore sliceStore, FlavorStore flavors, ImageStore images,
                                     ZoneStore zones, ZoneBackend.Factory backends, AuditLog audit, Clock clock) {
        // Jobs wait on their steps; steps (SSH commands, API calls) run in parallel across workers and networks.
        ExecutorService jobs = Executors.newFixedThreadPool(8, named("olimpus-job"));
        ExecutorService steps = Executors.newCachedThreadPool(named("olimpus-step"));
        DeploymentRunner runner = new DeploymentRunner(steps, BootBudget.fromCatalog(name -> images.byName(name).flatMap(Image::bootBudget)), Duration.ofMillis(500));
        DeploymentService service = new DeploymentService(slices, sliceStore, new DeploymentStore(jdbi),
                () -> CatalogSnapshot.read(flavors, images, zones), backends, runner, jobs, audit, clock);
        return new Deployments(service, jobs, steps);
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
    }
}
