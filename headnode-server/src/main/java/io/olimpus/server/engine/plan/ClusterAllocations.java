package io.olimpus.server.engine.plan;

import io.olimpus.server.engine.allocation.Ipv4Block;

import java.util.List;
import java.util.Set;

/** What other slices already hold in the zone, which a new plan must avoid. */
public record ClusterAllocations(Set<Integer> segmentIds, Set<String> macs, List<Ipv4Block> subnets) {
    public static final ClusterAllocations NONE = new ClusterAllocations(Set.of(), Set.of(), List.of());

    public ClusterAllocations {
        segmentIds = Set.copyOf(segmentIds);
        macs = Set.copyOf(macs);
        subnets = List.copyOf(subnets);
    }
}
