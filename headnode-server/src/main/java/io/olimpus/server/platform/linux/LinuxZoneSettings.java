package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.platform.linux.DataPlane;

/**
 * How the engine runs a Linux zone, set by its admin: the data plane, placement rules, the
 * addresses and segment ids it hands out, and the headnode (DHCP and NAT for the zone's slices).
 * {@code knownHostsRef} is the known-hosts file (path on the headnode server) that every worker's
 * and the headnode's SSH host key is checked against.
 */
public record LinuxZoneSettings(DataPlane dataPlane, PlacementStrategy strategy, Overcommit overcommit,
                                String addressPool, int subnetPrefix, int firstSegmentId, int lastSegmentId,
                                Headnode headnode, String uplinkInterface, String knownHostsRef) {

    /** The zone's headnode as the engine reaches it over SSH; {@code dataAddress} is its address on the workers' data network. */
    public record Headnode(String name, String mgmtAddress, int sshPort, String sshUser, String sshKeyRef, String dataAddress, String stateRoot) {}
}
