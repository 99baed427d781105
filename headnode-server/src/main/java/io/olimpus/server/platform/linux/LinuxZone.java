package io.olimpus.server.platform.linux;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Linux-cluster availability zone: its data plane, its headnode, its workers by id, the
 * headnode's uplink (null when the zone has no way out to the internet), how long a VM may take to boot on a KVM or a TCG worker, and how much each
 * worker's image cache may hold.
 */
public record LinuxZone(DataPlane dataPlane, LinuxHost headnode, Map<String, LinuxHost> workers, String uplinkInterface,
                        LinuxZoneSettings.BootSeconds bootSeconds, long imageCacheBytes) {
    public LinuxZone {
        workers = Map.copyOf(workers);
        // No uplink: slices deploy without internet, and VMs that ask for it are refused (LinuxClusterDriver#designProblems).
        if (uplinkInterface != null) LinuxNames.requireInterface("uplink interface", uplinkInterface);
        if (bootSeconds == null) bootSeconds = LinuxZoneSettings.BootSeconds.DEFAULT;
        if (imageCacheBytes < 1) throw new IllegalArgumentException("the image cache bound must be positive");
    }

    /** A zone with the default boot budgets and image cache bound. */
    public LinuxZone(DataPlane dataPlane, LinuxHost headnode, Map<String, LinuxHost> workers, String uplinkInterface) {
        this(dataPlane, headnode, workers, uplinkInterface, null, (long) LinuxZoneSettings.DEFAULT_IMAGE_CACHE_GB << 30);
    }

    /** The zone's boot budget for a VM on this worker: software emulation gets its own. */
    public java.time.Duration bootBudget(String workerId) {
        return java.time.Duration.ofSeconds(worker(workerId).kvm() ? bootSeconds.kvm() : bootSeconds.tcg());
    }

    public LinuxHost worker(String workerId) {
        return Optional.ofNullable(workers.get(workerId))
                .orElseThrow(() -> new IllegalArgumentException("worker " + workerId + " is not in this zone"));
    }

    /** The headnode and every worker: where a slice's resources can be. */
    public List<LinuxHost> allHosts() {
        var all = new java.util.ArrayList<LinuxHost>();
        all.add(headnode);
        workers.values().stream().sorted(java.util.Comparator.comparing(LinuxHost::name)).forEach(all::add);
        return all;
    }
}
