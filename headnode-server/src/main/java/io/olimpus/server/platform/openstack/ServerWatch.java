package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import org.openstack4j.model.compute.Server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for Nova's asynchronous work (a server becoming ACTIVE, a server going away) by listing
 * each project's servers at most about once per poll interval, however many servers are being
 * waited on: twenty servers booting cost one listing per interval, not twenty GETs.
 */
final class ServerWatch {
    static final long POLL_MS = 250;

    private final Function<String, List<? extends Server>> listing;
    private final Duration timeout;
    private final long pollMs;
    private final Map<String, ProjectListing<Server>> byProject = new ConcurrentHashMap<>();

    /** {@code listing}: one request listing a project's servers; {@code timeout}: how long Nova gets for each wait. */
    ServerWatch(Function<String, List<? extends Server>> listing, Duration timeout, long pollMs) {
        this.listing = listing;
        this.timeout = timeout;
        this.pollMs = pollMs;
    }

    /** Until Nova says the server is ACTIVE; ERROR, a vanished server or the timeout fail with Nova's words. */
    void awaitActive(String projectId, String serverId, String vmName) {
        ProjectListing<Server> watch = of(projectId);
        long booted = System.nanoTime(), deadline = booted + timeout.toNanos();
        while (true) {
            Server s = watch.current(booted, pollMs).get(serverId);
            if (s == null) throw new DriverException(vmName + ": Nova lost server " + serverId + " while it was being built");
            Server.Status last = s.getStatus();
            if (last == Server.Status.ACTIVE) return;
            if (last == Server.Status.ERROR) throw new DriverException(vmName + ": Nova put the server in ERROR: " + fault(s));
            if (System.nanoTime() > deadline)
                throw new DriverException(vmName + ": Nova did not make the server ACTIVE within " + timeout.toSeconds() + " s (last " + last + ")");
            watch.pause(pollMs);
        }
    }

    /**
     * Until the server whose deletion was asked at {@code asked} (System.nanoTime()) is gone. With
     * no project known, the server is looked up alone with {@code get}.
     */
    void awaitDeleted(String projectId, String serverId, long asked, Supplier<Server> get) {
        long deadline = asked + timeout.toNanos();
        ProjectListing<Server> watch = projectId == null ? null : of(projectId);
        while (true) {
            Server s = watch == null ? get.get() : watch.current(asked, pollMs).get(serverId);
            if (s == null || s.getStatus() == Server.Status.DELETED) return;
            if (s.getStatus() == Server.Status.ERROR && System.nanoTime() > deadline)
                throw new DriverException("Nova could not delete server " + s.getName() + ": " + fault(s));
            if (System.nanoTime() > deadline) throw new DriverException("Nova did not delete server " + s.getName() + " within "
                    + timeout.toSeconds() + " s (status " + s.getStatus() + ")");
            if (watch == null) sleep(pollMs);
            else watch.pause(pollMs);
        }
    }

    /** A deleted project has no servers to watch. */
    void forget(String projectId) { byProject.remove(projectId); }

    private ProjectListing<Server> of(String projectId) {
        return byProject.computeIfAbsent(projectId, p -> new ProjectListing<Server>(p, listing, Server::getTenantId, Server::getId));
    }

    /** Nova's reason for a server in ERROR, on one line. */
    static String fault(Server s) {
        if (s.getFault() == null) return "Nova gave no fault message";
        String m = ApiCalls.clean(s.getFault().getMessage());
        return s.getFault().getCode() > 0 ? m + " (code " + s.getFault().getCode() + ")" : m;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while waiting for OpenStack");
        }
    }
}
