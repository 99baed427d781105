package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.List;
import java.util.Map;

/**
 * A zone's data plane at work (its kind is {@link DataPlane}): a network's segment on each host
 * it spans, the headnode's leg on it (where the gateway address and DHCP live) and how a VM's
 * tap joins it. The zone's kind picks the implementation once, in {@link #of}; nothing else asks
 * which one it is.
 */
sealed interface Fabric extends ResourceOwner permits OvsFabric, BridgeFabric {
    static Fabric of(DataPlane kind) {
        return switch (kind) {
            case OVS -> new OvsFabric();
            case LINUX_BRIDGE -> new BridgeFabric();
        };
    }

    /** Makes the segment exist on {@code host}, joined by VXLAN to every peer (idempotent). */
    Script createSegment(LinuxHost host, int segment, List<String> peerAddresses);

    /** Removes what is the segment's own on a host; what segments share stays. */
    Script deleteSegment(int segment);

    /** The headnode's interface on the network. */
    String leg(int segment);

    /** Makes {@link #leg} exist, before it is brought up and addressed. */
    Script addLeg(int segment);

    /** Undoes {@link #addLeg} and the leg's address. */
    Script removeLeg(int segment);

    /** Joins an existing tap to the segment. */
    Script plugTap(String tap, int segment);

    /** Takes a tap off the data plane, before the tap itself goes. */
    Script unplugTap(String tap);

    default Creation segment(LinuxHost host, NetworkPlan net, List<String> peerAddresses) {
        return new Creation(LinuxResource.SEGMENT.ref("seg" + net.segmentId(), host, net.networkId()),
                createSegment(host, net.segmentId(), peerAddresses));
    }

    @Override
    default Map<LinuxResource, Remover> removers() {
        return Map.of(LinuxResource.SEGMENT, (slice, host, ref) -> deleteSegment(LinuxResource.segmentOf(ref.name(), "seg")));
    }
}
