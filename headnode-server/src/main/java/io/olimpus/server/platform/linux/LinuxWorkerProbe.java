package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.monitoring.WorkerProbe;
import io.olimpus.server.engine.monitoring.WorkerSample;
import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;
import io.olimpus.server.platform.linux.ssh.SshSessions;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads a Linux worker's CPU, memory and disk in one SSH round trip from /proc and df (no agent on the
 * worker). CPU is the busy share of the jiffies elapsed since this probe's previous reading of that
 * worker; the very first reading covers the time since the worker booted.
 */
public final class LinuxWorkerProbe implements WorkerProbe {
    private final Function<String, Target> targets;
    private final Clock clock;
    private final Map<String, CpuTicks> previous = new ConcurrentHashMap<>();

    /** A worker to read: the host, and the shell on it. */
    record Target(LinuxHost host, RemoteShell shell) {}

    /** Reads the hosts {@code hosts} names (by worker id) over {@code ssh}. */
    public LinuxWorkerProbe(Function<String, LinuxHost> hosts, SshSessions ssh, Clock clock) {
        this(id -> {
            LinuxHost h = hosts.apply(id);
            return new Target(h, ssh.shell(h.ssh()));
        }, clock);
    }

    /** Reads the worker {@code targets} finds for an id, over whichever shell it gives (its zone's). */
    LinuxWorkerProbe(Function<String, Target> targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
    }

    /** Cumulative jiffies from the first line of /proc/stat. */
    record CpuTicks(long busy, long total) {}

    static Script command(LinuxHost h) {
        return Script.create().run("head", "-n", "1", "/proc/stat")
                .run("grep", "-E", "^(MemTotal|MemAvailable):", "/proc/meminfo")
                // The disk that holds VM overlays; / until the worker has run its first VM.
                .fixed("[ -d \"$d\" ] || d=/; df -Pk \"$d\" | tail -n 1", Script.var("d", h.stateRoot()));
    }

    @Override
    public WorkerSample probe(String workerId) {
        Target t = targets.apply(workerId);
        String out = t.shell().check(command(t.host()));
        Reading r = parse(out);
        CpuTicks before = previous.put(workerId, r.cpu());
        return r.toSample(workerId, clock.instant(), before);
    }

    record Reading(CpuTicks cpu, long memTotalKb, long memAvailableKb, long diskTotalKb, long diskUsedKb) {
        WorkerSample toSample(String workerId, java.time.Instant at, CpuTicks before) {
            long busy = cpu.busy() - (before == null ? 0 : before.busy()), total = cpu.total() - (before == null ? 0 : before.total());
            double pct = total <= 0 ? 0 : Math.min(100, Math.max(0, 100.0 * busy / total));
            return new WorkerSample(workerId, at, Math.round(pct * 10) / 10.0, (memTotalKb - memAvailableKb) / 1024, memTotalKb / 1024,
                    diskUsedKb / 1024, diskTotalKb / 1024);
        }
    }

    /** Parses the command's output; throws with the offending text when a worker answers something unexpected. */
    static Reading parse(String out) {
        CpuTicks cpu = null;
        long memTotal = -1, memAvail = -1, diskTotal = -1, diskUsed = -1;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) continue;
            switch (f[0]) {
                case "cpu" -> {
                    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
                    long total = 0, idle = 0;
                    for (int i = 1; i < Math.min(f.length, 9); i++) {
                        long v = Long.parseLong(f[i]);
                        total += v;
                        if (i == 4 || i == 5) idle += v;
                    }
                    cpu = new CpuTicks(total - idle, total);
                }
                case "MemTotal:" -> memTotal = Long.parseLong(f[1]);
                case "MemAvailable:" -> memAvail = Long.parseLong(f[1]);
                default -> {
                    // df -P: filesystem 1024-blocks used available capacity mounted-on
                    if (f.length >= 6 && f[1].matches("\\d+") && f[2].matches("\\d+")) {
                        diskTotal = Long.parseLong(f[1]);
                        diskUsed = Long.parseLong(f[2]);
                    }
                }
            }
        }
        if (cpu == null || memTotal < 0 || memAvail < 0 || diskTotal < 0)
            throw new IllegalStateException("unexpected answer to the load probe: " + out.strip());
        return new Reading(cpu, memTotal, memAvail, diskTotal, diskUsed);
    }
}
