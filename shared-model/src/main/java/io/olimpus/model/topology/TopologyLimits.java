package io.olimpus.model.topology;

/** Limits the whole product shares, in one place. */
public final class TopologyLimits {
    /** NICs per VM: each adds a PCI device and a tap on the worker; course topologies stay far below. */
    public static final int MAX_INTERFACES_PER_VM = 8;
    /** Nodes per topology: bounds every request and file a server or desktop accepts. */
    public static final int MAX_NODES = 20_000;

    private TopologyLimits() {}
}
