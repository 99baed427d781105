package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.SshSessions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SSH pool per Linux zone ({@link SshSessions}: a kept-open session per host), shared by the
 * zone's deployments, checks and monitoring probes. A zone's pool offers every key of its hosts
 * and checks host keys against its known-hosts file; when either changes, the zone gets a new
 * pool. A replaced pool stays open until shutdown, since a job started before the change may
 * still be using it.
 */
final class LinuxSshPools implements AutoCloseable {
    private record Pool(Path knownHosts, List<Path> keys, SshSessions ssh) {}

    private final Duration timeout;
    private final Map<String, Pool> current = new ConcurrentHashMap<>();
    private final List<SshSessions> replaced = new ArrayList<>();
    private boolean closed;

    LinuxSshPools(Duration timeout) { this.timeout = timeout; }

    /**
     * The zone's pool for these files. Throws {@link io.olimpus.server.engine.driver.DriverException}
     * when one of them is not readable, or not a key.
     */
    synchronized SshSessions of(String zone, Path knownHosts, List<Path> keys) {
        if (closed) throw new IllegalStateException("the server is stopping");
        Pool p = current.get(zone);
        if (p != null && p.knownHosts().equals(knownHosts) && p.keys().equals(keys)) return p.ssh();
        Pool fresh = new Pool(knownHosts, List.copyOf(keys), new SshSessions(knownHosts, keys, timeout));
        current.put(zone, fresh);
        if (p != null) replaced.add(p.ssh());
        return fresh.ssh();
    }

    @Override
    public synchronized void close() {
        closed = true;
        current.values().forEach(p -> p.ssh().close());
        current.clear();
        replaced.forEach(SshSessions::close);
        replaced.clear();
    }
}
