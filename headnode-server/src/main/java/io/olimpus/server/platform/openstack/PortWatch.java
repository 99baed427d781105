package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.State;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Waits until a VM's Neutron ports are ACTIVE, i.e. the cloud's network agent has wired them: a
 * server Nova calls ACTIVE whose ports stay DOWN reaches no one, so it is not RUNNING. Like
 * {@link ServerWatch}, one listing of a project's ports per poll interval serves every wait.
 */
final class PortWatch {
    private final Function<String, List<? extends Port>> listing;
    private final Duration timeout;
    private final long pollMs;
    private final Map<String, ProjectListing<Port>> byProject = new ConcurrentHashMap<>();

    /** {@code listing}: one request listing a project's ports; {@code timeout}: the boot budget the ports share with their server. */
    PortWatch(Function<String, List<? extends Port>> listing, Duration timeout, long pollMs) {
        this.listing = listing;
        this.timeout = timeout;
        this.pollMs = pollMs;
    }

    /**
     * Until every port in {@code labels} (port id to how the user knows it, e.g. "NIC 1 on network
     * lan1") is ACTIVE. A port still not ACTIVE when the budget that started at {@code booted}
     * (System.nanoTime() of the server's create call) is spent fails the VM, naming that port.
     */
    void awaitActive(String projectId, Map<String, String> labels, String vmName, long booted) {
        ProjectListing<Port> watch = byProject.computeIfAbsent(projectId, p -> new ProjectListing<Port>(p, listing, Port::getTenantId, Port::getId));
        long deadline = booted + timeout.toNanos(), since = System.nanoTime();
        while (true) {
            Map<String, Port> ports = watch.current(since, pollMs);
            String notActive = null;
            for (var e : labels.entrySet()) {
                Port p = ports.get(e.getKey());
                if (p == null) throw new DriverException(vmName + ": Neutron lost its port " + e.getKey() + " (" + e.getValue() + ")");
                if (p.getState() != State.ACTIVE) {
                    notActive = e.getValue() + " (port " + p.getId() + ") is " + (p.getState() == null ? "in no state" : p.getState());
                    break;
                }
            }
            if (notActive == null) return;
            if (System.nanoTime() > deadline)
                throw new DriverException(vmName + ": Nova made the server ACTIVE but its " + notActive + " after " + timeout.toSeconds()
                        + " s: the cloud's network agent did not wire it; ask the cloud's admin to check the Neutron agents, then deploy again");
            watch.pause(pollMs);
        }
    }

    /** A deleted project has no ports to watch. */
    void forget(String projectId) { byProject.remove(projectId); }
}
