package io.olimpus.server.platform.linux;

import io.olimpus.server.deploy.ZoneBackend;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.placement.WorkerCapacity;
import io.olimpus.server.engine.plan.ZonePolicy;
import io.olimpus.server.platform.linux.ImageSource;
import io.olimpus.server.platform.linux.LinuxClusterDriver;
import io.olimpus.server.platform.linux.LinuxHost;
import io.olimpus.server.platform.linux.LinuxZone;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import io.olimpus.server.platform.linux.LinuxZoneSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the backend of a Linux zone from its settings and workers. SSH sessions are kept per
 * zone (one open connection per host, reused by every job) and replaced when the zone's keys or
 * known-hosts file change.
 */
public final class LinuxBackends implements AutoCloseable {
    /** A worker as the engine needs it. */
    public record LinuxWorker(String name, String mgmtAddress, int sshPort, String sshUser, String sshKeyRef, String dataAddress,
                              String stateRoot, Resources capacity, boolean kvm, boolean up) {}

    /** Where zone settings and workers come from (the zones feature's store). */
    public interface Directory {
        Optional<LinuxZoneSettings> settings(String zone);

        List<LinuxWorker> workers(String zone);
    }

    private record SessionKey(String zone, String knownHosts, List<String> keys) {}

    private final Directory directory;
    private final ImageSource images;
    private final Duration sshTimeout;
    private final Map<SessionKey, SshSessions> sessions = new ConcurrentHashMap<>();

    public LinuxBackends(Directory directory, ImageSource images, Duration sshTimeout) {
        this.directory = directory;
        this.images = images;
        this.sshTimeout = sshTimeout;
    }

    public ZoneBackend open(String zone) {
        LinuxZoneSettings s = directory.settings(zone)
                .orElseThrow(() -> new ZoneBackend.ZoneNotReady("zone '" + zone + "' has no Linux settings yet (PUT /api/v1/zones/" + zone + "/settings)"));
        List<LinuxWorker> workers = directory.workers(zone);
        if (workers.isEmpty()) throw new ZoneBackend.ZoneNotReady("zone '" + zone + "' has no workers");
        var h = s.headnode();
        List<String> keys = new java.util.ArrayList<>(List.of(h.sshKeyRef()));
        for (LinuxWorker w : workers) if (!keys.contains(w.sshKeyRef())) keys.add(w.sshKeyRef());
        for (String ref : keys)
            if (!Files.isReadable(Path.of(ref))) throw new ZoneBackend.ZoneNotReady("the SSH key '" + ref + "' of zone '" + zone + "' cannot be read");
        if (!Files.isReadable(Path.of(s.knownHostsRef())))
            throw new ZoneBackend.ZoneNotReady("the known-hosts file '" + s.knownHostsRef() + "' of zone '" + zone + "' cannot be read");
        SshSessions ssh;
        try {
            ssh = sessions.computeIfAbsent(new SessionKey(zone, s.knownHostsRef(), List.copyOf(keys)),
                    k -> new SshSessions(Path.of(k.knownHosts()), k.keys().stream().map(Path::of).toList(), sshTimeout));
        } catch (DriverException e) {
            // A key file that is readable but not a key is the zone's setup, not a server fault.
            throw new ZoneBackend.ZoneNotReady("zone '" + zone + "': " + e.getMessage());
        }

        LinuxHost headnode = new LinuxHost(h.name(), new SshEndpoint(h.name(), h.mgmtAddress(), h.sshPort(), h.sshUser()), h.dataAddress(), false, h.stateRoot());
        Map<String, LinuxHost> hosts = new LinkedHashMap<>();
        for (LinuxWorker w : workers)
            hosts.put(w.name(), new LinuxHost(w.name(), new SshEndpoint(w.name(), w.mgmtAddress(), w.sshPort(), w.sshUser()), w.dataAddress(), w.kvm(), w.stateRoot()));
        LinuxZone lz = new LinuxZone(s.dataPlane(), headnode, hosts, s.uplinkInterface());
        ZonePolicy policy = new ZonePolicy(zone, s.strategy(), s.overcommit(), s.firstSegmentId(), s.lastSegmentId(),
                Ipv4Block.parse(s.addressPool()), s.subnetPrefix());
        List<WorkerCapacity> capacities = workers.stream()
                .map(w -> new WorkerCapacity(w.name(), w.name(), w.capacity(), Resources.ZERO, w.up())).toList();
        return new ZoneBackend(new LinuxClusterDriver(lz, ssh, images), policy, capacities);
    }

    @Override
    public void close() {
        sessions.values().forEach(SshSessions::close);
        sessions.clear();
    }
}
