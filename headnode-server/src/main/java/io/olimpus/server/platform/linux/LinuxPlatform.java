package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.monitoring.WorkerProbe;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.ZonePolicy;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.platform.Platform;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import io.olimpus.server.zones.HostCheck;
import io.olimpus.server.zones.SettingsBody;
import io.olimpus.server.zones.StoredSettings;
import io.olimpus.server.zones.Worker;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneDirectory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Zones that are plain Linux clusters: a headnode (DHCP, NAT) and workers that run QEMU, all
 * reached over SSH with keys and a known-hosts file the admin names. Each zone has one SSH pool,
 * used by its deployments, its check and the probes of its workers.
 */
public final class LinuxPlatform implements Platform {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LinuxPlatform.class);
    public static final String ID = "linux";
    static final Duration SSH_TIMEOUT = Duration.ofSeconds(20);

    private final ZoneDirectory zones;
    private final ImageSource images;
    private final KeyFolder keys;
    private final LinuxSshPools pools = new LinuxSshPools(SSH_TIMEOUT);
    private final LinuxWorkerProbe probe;
    private final ExecutorService pruning = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "image-cache-prune");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param images where the driver reads image files from
     * @param keys   the only folder key and known-hosts references name files in ({@code <data>/keys})
     */
    public LinuxPlatform(ZoneDirectory zones, ImageSource images, KeyFolder keys, Clock clock) {
        this.zones = zones;
        this.images = images;
        this.keys = keys;
        this.probe = new LinuxWorkerProbe(this::probeTarget, clock);
    }

    @Override public String id() { return ID; }

    @Override public boolean hasWorkers() { return true; }

    @Override
    public String novaAz(String zoneName, String requested) {
        if (requested != null) throw DomainError.badField("novaAz", "only an openstack zone has a Nova availability zone");
        return null;
    }

    // ---- settings -----------------------------------------------------------------------------

    @Override
    public Accepted accept(Zone zone, SettingsBody body, Optional<StoredSettings> stored) {
        LinuxZoneSettings s = LinuxZoneSettings.validate(body.as(LinuxZoneSettings.Body.class), keys, zones.workers(zone.name()));
        return new Accepted(s, null, s.summary());
    }

    /** A new worker's addresses must stay out of the zone's address pool, as the pool had to stay clear of the hosts. */
    @Override
    public void acceptWorker(Zone zone, Worker w, Optional<StoredSettings> stored) {
        Optional<Ipv4Block> pool = stored.flatMap(LinuxPlatform::storedPool);
        if (pool.isEmpty()) return;
        for (String[] a : new String[][]{{"mgmtAddress", w.mgmtAddress()}, {"dataAddress", w.dataAddress()}}) {
            if (LinuxZoneSettings.holds(pool.get(), a[1]))
                throw DomainError.badField(a[0], a[1] + " is inside the zone's address pool " + pool.get()
                        + ", from which slices get their addresses; give the worker an address outside it, or change the zone's addressPool first");
        }
    }

    /** The pool of stored settings; empty when there is none this version can read (open() then names the setting to fix). */
    private static Optional<Ipv4Block> storedPool(StoredSettings stored) {
        try {
            return Optional.of(Ipv4Block.parse(stored.read(LinuxZoneSettings.class).addressPool()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Object view(StoredSettings stored) { return stored.read(LinuxZoneSettings.class); }

    /** A Linux zone's settings as stored (references as the admin gave them); empty before its first PUT. */
    public Optional<LinuxZoneSettings> settings(String zone) {
        return zones.settings(zone).filter(s -> s.platform().equals(ID)).map(s -> s.read(LinuxZoneSettings.class));
    }

    /** The file a key or known-hosts reference names in the keys folder; throws DriverException (its admin detail names the folder) when there is none. */
    private Path file(String what, String ref) {
        return keys.file(ref).orElseThrow(() -> DriverException.withAdminDetail(what + " cannot be read; an administrator has been told",
                keys.missing(what, ref)));
    }

    // ---- the zone's SSH pool ------------------------------------------------------------------

    /** The keys a zone's hosts need, the headnode's first: each distinct file once. */
    private List<Path> keys(LinuxZoneSettings s, List<Worker> workers) {
        List<Path> out = new ArrayList<>(List.of(file("the headnode's SSH key", s.headnode().sshKeyRef())));
        for (Worker w : workers) {
            Path key = file("the SSH key of worker '" + w.name() + "'", w.sshKeyRef());
            if (!out.contains(key)) out.add(key);
        }
        return out;
    }

    /** The zone's pool; throws DriverException when a key or the known-hosts file cannot be read. */
    private SshSessions pool(String zone, LinuxZoneSettings s, List<Worker> workers) {
        return pools.of(zone, file("the known-hosts file", s.knownHostsRef()), keys(s, workers));
    }

    private static SshEndpoint endpoint(Worker w) { return new SshEndpoint(w.name(), w.mgmtAddress(), w.sshPort(), w.sshUser()); }

    private static LinuxHost host(String id, Worker w) { return new LinuxHost(id, endpoint(w), w.dataAddress(), w.kvm(), w.stateRoot()); }

    // ---- deploy -------------------------------------------------------------------------------

    /**
     * The zone's backend. Its stored settings are checked again as a PUT would check them now:
     * settings stored by an older version (no uplink interface, a key by absolute path, a pool
     * that holds a host's address) make the zone not ready, naming the setting to fix, rather
     * than failing inside the engine.
     */
    @Override
    public ZoneBackend open(Zone zone) {
        String name = zone.name();
        String again = "; correct it with PUT /api/v1/zones/" + name + "/settings";
        StoredSettings stored = zones.settings(name).filter(st -> st.platform().equals(ID))
                .orElseThrow(() -> new ZoneBackend.ZoneNotReady(name, "zone '" + name + "' has no Linux settings yet (PUT /api/v1/zones/" + name + "/settings)"));
        List<Worker> workers = zones.workers(name);
        LinuxZoneSettings s;
        try {
            s = LinuxZoneSettings.validate(stored.read(LinuxZoneSettings.Body.class), keys, workers);
        } catch (DomainError e) {
            throw new ZoneBackend.ZoneNotReady(name, "the stored settings of zone '" + name + "' are not valid: " + e.getMessage() + again);
        } catch (IllegalStateException e) {
            throw new ZoneBackend.ZoneNotReady(name, "the stored settings of zone '" + name + "' cannot be read by this version" + again);
        }
        if (workers.isEmpty()) throw new ZoneBackend.ZoneNotReady(name, "zone '" + name + "' has no workers (POST /api/v1/zones/" + name + "/workers)");
        SshSessions ssh;
        try {
            ssh = pool(name, s, workers);
        } catch (DriverException e) {
            // A key missing, or readable but not a key, is the zone's setup, not a server fault.
            throw new ZoneBackend.ZoneNotReady(name, "zone '" + name + "': " + e.forAdmins());
        }
        try {
            return backend(name, s, workers, ssh);
        } catch (IllegalArgumentException e) {
            // A value the checks above let through but the driver refuses: still the zone's setup, named for the admin.
            throw new ZoneBackend.ZoneNotReady(name, "zone '" + name + "' cannot be driven with its settings: " + e.getMessage() + again);
        }
    }

    private ZoneBackend backend(String name, LinuxZoneSettings s, List<Worker> workers, SshSessions ssh) {
        var h = s.headnode();
        LinuxHost headnode = new LinuxHost(h.name(), new SshEndpoint(h.name(), h.mgmtAddress(), h.sshPort(), h.sshUser()), h.dataAddress(), false, h.stateRoot());
        Map<String, LinuxHost> hosts = new LinkedHashMap<>();
        for (Worker w : workers) hosts.put(w.name(), host(w.name(), w));
        LinuxZone lz = new LinuxZone(s.dataPlane(), headnode, hosts, s.uplinkInterface(), s.bootSeconds(), (long) s.imageCacheGb() << 30);
        ZonePolicy policy = new ZonePolicy(name, s.strategy(), s.overcommit(), s.firstSegmentId(), s.lastSegmentId(),
                Ipv4Block.parse(s.addressPool()), s.subnetPrefix());
        List<WorkerCapacity> capacities = workers.stream()
                .map(w -> new WorkerCapacity(w.name(), w.name(), w.capacity(), Resources.ZERO, w.up())).toList();
        return new ZoneBackend(new LinuxClusterDriver(lz, ssh, images), policy, capacities);
    }

    // ---- leftovers ----------------------------------------------------------------------------

    @Override
    public io.olimpus.server.platform.Leftovers.Report leftovers(Zone zone, java.util.Set<String> ownedSliceIds) {
        return driverOf(zone).leftovers(zone.name(), ownedSliceIds);
    }

    @Override
    public io.olimpus.server.platform.Leftovers.Report cleanLeftovers(Zone zone, java.util.function.Supplier<java.util.Set<String>> ownedSliceIds) {
        return driverOf(zone).cleanLeftovers(zone.name(), ownedSliceIds);
    }

    private LinuxClusterDriver driverOf(Zone zone) {
        return (LinuxClusterDriver) open(zone).driver();
    }

    // ---- check --------------------------------------------------------------------------------

    /**
     * Asks the headnode and every worker, in parallel through the zone's pool, for everything the
     * driver assumes of it ({@link HostPrerequisites}), one round trip per host; a host is ok when
     * it answered and lacks nothing a deploy needs.
     */
    @Override
    public List<HostCheck> check(Zone zone, StoredSettings stored) {
        LinuxZoneSettings s = stored.read(LinuxZoneSettings.class);
        List<Worker> workers = zones.workers(zone.name());
        record Target(String name, String role, SshEndpoint endpoint, HostPrerequisites needs) {}
        var h = s.headnode();
        List<Target> targets = new ArrayList<>();
        targets.add(new Target(h.name(), "headnode", new SshEndpoint(h.name(), h.mgmtAddress(), h.sshPort(), h.sshUser()),
                HostPrerequisites.headnode(s.dataPlane(), h.stateRoot(), s.uplinkInterface())));
        for (Worker w : workers)
            targets.add(new Target(w.name(), "worker", endpoint(w), HostPrerequisites.worker(s.dataPlane(), w.stateRoot(), w.kvm())));
        SshSessions ssh;
        try {
            ssh = pool(zone.name(), s, workers);
        } catch (RuntimeException e) {
            // The check is for admins: the detail (which file, where) is theirs.
            String why = e instanceof DriverException d ? d.forAdmins() : String.valueOf(e.getMessage());
            return targets.stream().map(t -> new HostCheck(t.name(), t.role(), false, why)).toList();
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(16, targets.size()));
        try {
            List<Future<HostCheck>> answers = new ArrayList<>();
            for (Target t : targets) {
                answers.add(threads.submit(() -> {
                    try {
                        HostPrerequisites.Answer a = t.needs().parse(ssh.shell(t.endpoint()).check(t.needs().script()));
                        return new HostCheck(t.name(), t.role(), a.ok(), a.detail());
                    } catch (io.olimpus.server.platform.linux.ssh.RemoteCommandException e) {
                        String sudo = HostPrerequisites.sudoRefused(t.endpoint(), e.result().stderr());
                        return new HostCheck(t.name(), t.role(), false, sudo != null ? sudo : String.valueOf(e.getMessage()));
                    } catch (RuntimeException e) {
                        return new HostCheck(t.name(), t.role(), false, String.valueOf(e.getMessage()));
                    }
                }));
            }
            List<HostCheck> out = new ArrayList<>();
            for (Future<HostCheck> f : answers) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while checking zone " + zone.name(), e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }

    // ---- monitoring ---------------------------------------------------------------------------

    @Override
    public Optional<WorkerProbe> workerProbe() { return Optional.of(probe::probe); }

    /** The worker with this id and the shell on it, through its zone's pool. */
    private LinuxWorkerProbe.Target probeTarget(String workerId) {
        Worker w = zones.workerById(Long.parseLong(workerId)).orElseThrow(() -> new IllegalStateException("worker #" + workerId + " was deleted"));
        LinuxZoneSettings s = settings(w.zone()).orElseThrow(() -> new IllegalStateException("zone " + w.zone() + " has no settings"));
        LinuxHost host = host(workerId, w);
        return new LinuxWorkerProbe.Target(host, pool(w.zone(), s, zones.workers(w.zone())).shell(host.ssh()));
    }

    /**
     * After an image left the catalog: every worker of every Linux zone evicts its copy, unless a
     * VM still boots from it ({@link ImageCache}). In the background, best effort: a worker that
     * is down prunes at its next deploy.
     */
    public void pruneImageCaches() {
        pruning.execute(() -> {
            for (Zone z : zones.zonesWithSettings()) {
                if (!z.platform().equals(ID)) continue;
                try {
                    if (open(z).driver() instanceof LinuxClusterDriver d) d.pruneImageCaches();
                } catch (RuntimeException e) {
                    log.warn("zone {}: the workers' image caches were not pruned: {}", z.name(), e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        pruning.shutdownNow();
        pools.close();
    }
}
