package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.ResourceRef;

/**
 * The kinds of resource the Linux driver makes on hosts, with their teardown ranks (higher goes
 * first: NAT rules, then VMs, their leases, their taps, then DHCP, then segments). Which part
 * makes and removes each kind is its {@link ResourceOwner}.
 */
enum LinuxResource {
    SEGMENT("linux.segment", 10, false), DHCP("linux.dhcp", 20, false), TAP("linux.tap", 30, false), LEASE("linux.lease", 35, false),
    VM("linux.vm", 40, true), NAT("linux.nat", 45, false);

    private final String id;
    private final int rank;
    private final boolean deletedInParallel;

    LinuxResource(String id, int rank, boolean deletedInParallel) {
        this.id = id;
        this.rank = rank;
        this.deletedInParallel = deletedInParallel;
    }

    String id() { return id; }

    /**
     * Whether several of a host's resources of this kind are removed at once in its teardown
     * script: a VM's removal mostly waits for its QEMU to quit. The others are quick commands,
     * and iptables or OVS changes are better not raced against each other.
     */
    boolean deletedInParallel() { return deletedInParallel; }

    ResourceRef ref(String name, LinuxHost host, String owner) {
        return new ResourceRef(id, name, host.id(), owner, rank);
    }

    static LinuxResource of(ResourceRef ref) {
        for (LinuxResource k : values()) if (k.id.equals(ref.kind())) return k;
        throw new DriverException("unknown resource kind " + ref.kind());
    }

    /** The segment id in a resource name made as {@code <prefix><segment>}; anything else is refused. */
    static int segmentOf(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.substring(prefix.length()).matches("[0-9]{1,8}"))
            throw new DriverException("resource name '" + name + "' is not " + prefix + "<segment>");
        return Integer.parseInt(name.substring(prefix.length()));
    }
}
