package io.olimpus.server.engine.placement;

import java.util.List;
import java.util.Map;

/** The outcome of placing a slice: every VM on a worker, or the first VM that does not fit and why. */
public sealed interface Placement {
    record Placed(Map<String, String> workerByVm) implements Placement {
        public Placed { workerByVm = Map.copyOf(workerByVm); }
    }

    /**
     * {@code closestWorker} is the up worker that came nearest to fitting (null when no worker is up);
     * {@code shortfalls} says how much of each resource it lacks.
     */
    record DoesNotFit(String vmId, String vmName, String closestWorker, List<Shortfall> shortfalls, String message) implements Placement {
        public DoesNotFit { shortfalls = List.copyOf(shortfalls); }
    }
}
