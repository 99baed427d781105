package io.olimpus.server.engine.plan;

import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;

/**
 * The rules a zone's admin sets for planning: where VMs go, which segment ids and addresses the
 * zone hands out. A VLAN data plane uses ids 1–4094; VXLAN up to 16,777,215.
 */
public record ZonePolicy(String zone, PlacementStrategy strategy, Overcommit overcommit,
                         int firstSegmentId, int lastSegmentId, Ipv4Block addressPool, int subnetPrefix) {
    public ZonePolicy {
        if (firstSegmentId < 1 || lastSegmentId < firstSegmentId || lastSegmentId > 16_777_215)
            throw new IllegalArgumentException("segment range " + firstSegmentId + "-" + lastSegmentId + " is not valid");
        if (subnetPrefix < addressPool.prefix() || subnetPrefix > 29)
            throw new IllegalArgumentException("subnet prefix /" + subnetPrefix + " must be between the pool's /" + addressPool.prefix() + " and /29");
    }
}
