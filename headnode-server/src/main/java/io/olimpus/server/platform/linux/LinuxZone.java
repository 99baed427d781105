package io.olimpus.server.platform.linux;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Linux-cluster availability zone: its data plane, its headnode, its workers by id, the headnode's uplink. */
public record LinuxZone(DataPlane dataPlane, LinuxHost headnode, Map<String, LinuxHost> workers, String uplinkInterface) {
    public LinuxZone {
        workers = Map.copyOf(workers);
        LinuxNames.requireInterface("uplink interface", uplinkInterface);
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
