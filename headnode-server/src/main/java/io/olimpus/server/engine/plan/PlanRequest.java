package io.olimpus.server.engine.plan;

import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.Catalog;
import io.olimpus.server.engine.placement.WorkerCapacity;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * All a plan depends on. {@code running} is the plan the slice runs with now (null for a first
 * deploy): what it already has is kept, so editing a running slice only changes the difference.
 * {@code workers}' used capacity already includes this slice's running VMs.
 */
public record PlanRequest(String sliceName, Topology topology, Catalog catalog, ZonePolicy zone,
                          List<WorkerCapacity> workers, ClusterAllocations taken, DeploymentPlan running, RandomGenerator random) {
    public PlanRequest {
        workers = List.copyOf(workers);
    }
}
