package io.olimpus.server.engine.plan;

import io.olimpus.model.topology.Resources;

import java.util.List;

/** A VM as it will run: where, with which flavor and image, and its NICs in order. */
public record VmPlan(String vmId, String name, String workerId, String flavor, Resources resources, String image,
                     boolean internet, List<NicPlan> nics) {
    public VmPlan {
        nics = List.copyOf(nics);
    }
}
