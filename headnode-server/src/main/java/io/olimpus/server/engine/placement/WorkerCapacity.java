package io.olimpus.server.engine.placement;

import io.olimpus.model.topology.Resources;

/** A worker as the scheduler sees it: physical capacity, what running VMs already hold, and whether it answers. */
public record WorkerCapacity(String workerId, String name, Resources capacity, Resources used, boolean up) {}
