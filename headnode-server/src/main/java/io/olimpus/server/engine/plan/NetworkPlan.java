package io.olimpus.server.engine.plan;

import java.util.List;

/**
 * A derived network as it will exist: its segment (VLAN tag or VXLAN id, unique in the cluster),
 * its subnet and gateway (the headnode's or router's address, which also serves DHCP), and the
 * workers its segment must span.
 */
public record NetworkPlan(String networkId, String name, int segmentId, String cidr, String gateway, List<String> workerIds) {
    public NetworkPlan {
        workerIds = List.copyOf(workerIds);
    }

    /**
     * Whether {@code next} is this network with other workers only: same segment, subnet and
     * gateway. Such a change is made in place, so the VMs already on it keep their ports and leases.
     */
    public boolean sameSegmentAs(NetworkPlan next) {
        return segmentId == next.segmentId && cidr.equals(next.cidr) && gateway.equals(next.gateway);
    }
}
