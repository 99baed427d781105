package io.olimpus.server.monitoring;

import io.olimpus.server.engine.monitoring.WorkerMonitor;
import io.olimpus.server.engine.monitoring.WorkerProbe;
import io.olimpus.server.engine.monitoring.WorkerSample;
import io.olimpus.server.platform.linux.LinuxHost;
import io.olimpus.server.platform.linux.LinuxWorkerProbe;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import io.olimpus.server.platform.linux.LinuxZoneSettings;
import io.olimpus.server.zones.Worker;
import io.olimpus.server.zones.ZoneService;
import io.olimpus.server.zones.ZoneStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Worker monitoring of every Linux zone that has settings: a {@link WorkerMonitor} whose worker
 * list is read from the database each round (so workers and zones added later are watched too),
 * probing over SSH with the zone's known_hosts file and each worker's key. One SSH client per
 * (known_hosts, key) pair, kept open between rounds.
 */
public final class Monitoring implements AutoCloseable {
    private final ZoneStore zones;
    private final ZoneService zoneService;
    private final Clock clock;
    private final Duration sshTimeout;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final ExecutorService probeThreads;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> handle;
    private final WorkerMonitor monitor;

    private record Probe(SshSessions ssh, LinuxWorkerProbe probe) {}

    public Monitoring(ZoneStore zones, ZoneService zoneService, StoringSink sink, Clock clock, Duration period, int missesBeforeDown) {
        this.zones = zones;
        this.zoneService = zoneService;
        this.clock = clock;
        this.sshTimeout = Duration.ofSeconds(5);
        this.probeThreads = Executors.newFixedThreadPool(16, daemon("olimpus-probe"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("olimpus-monitor"));
        WorkerProbe probe = this::probe;
        this.monitor = new WorkerMonitor(this::watched, probe, sink, probeThreads, Duration.ofSeconds(10), missesBeforeDown);
        this.handle = monitor.start(scheduler, period);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Ids of the workers of every Linux zone with settings. */
    private List<String> watched() {
        List<String> ids = new ArrayList<>();
        for (String zone : zones.linuxZonesWithSettings()) for (Worker w : zones.workers(zone)) ids.add(Long.toString(w.id()));
        return ids;
    }

    private WorkerSample probe(String workerId) {
        Worker w = zones.workerById(Long.parseLong(workerId)).orElseThrow(() -> new IllegalStateException("worker #" + workerId + " was deleted"));
        LinuxZoneSettings s = zoneService.linuxSettings(w.zone()).orElseThrow(() -> new IllegalStateException("zone " + w.zone() + " has no settings"));
        Path knownHosts = zoneService.resolveRef(s.knownHostsRef()), key = zoneService.resolveRef(w.sshKeyRef());
        LinuxHost host = new LinuxHost(workerId, new SshEndpoint(w.name(), w.mgmtAddress(), w.sshPort(), w.sshUser()), w.dataAddress(), w.kvm(), w.stateRoot());
        Probe p = probes.computeIfAbsent(knownHosts + "\n" + key, k -> {
            SshSessions ssh = new SshSessions(knownHosts, key, sshTimeout);
            return new Probe(ssh, new LinuxWorkerProbe(id -> host(id), ssh, clock));
        });
        return p.probe().probe(host.id());
    }

    private LinuxHost host(String workerId) {
        Worker w = zones.workerById(Long.parseLong(workerId)).orElseThrow(() -> new IllegalStateException("worker #" + workerId + " was deleted"));
        return new LinuxHost(workerId, new SshEndpoint(w.name(), w.mgmtAddress(), w.sshPort(), w.sshUser()), w.dataAddress(), w.kvm(), w.stateRoot());
    }

    /** One round now, outside the schedule (tests, or an admin's refresh). */
    public void pollOnce() { monitor.pollOnce(); }

    @Override
    public void close() {
        handle.cancel(true);
        scheduler.shutdownNow();
        probeThreads.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.values().forEach(p -> p.ssh().close());
        probes.clear();
    }
}
