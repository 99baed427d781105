package io.olimpus.server.platform.openstack;

import io.olimpus.model.topology.Names;

import java.util.regex.Pattern;

/**
 * Names the driver gives OpenStack resources. Each carries the plan element it belongs to, so
 * {@code list()} can tell the engine the owner of anything it finds in the slice's project,
 * even after a crash that left a resource unreported.
 */
public final class OpenStackNames {
    private static final Pattern SLICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    static final String NET = "olimpus-net:", PORT = "olimpus-port:", ROUTER = "olimpus-router", QOS = "olimpus-qos:";
    /** Nova metadata key that records the plan's VM id on each server. */
    static final String VM_META = "olimpus-vm";

    private OpenStackNames() {}

    public static String project(String sliceId) {
        if (sliceId == null || !SLICE_ID.matcher(sliceId).matches())
            throw new IllegalArgumentException("slice id '" + sliceId + "' must match " + SLICE_ID.pattern());
        return "olimpus-" + sliceId;
    }

    public static String network(String networkId) { return NET + owner(networkId); }

    /** Every port of a VM carries the same name; the NICs are told apart by network and MAC. */
    public static String port(String vmId) { return PORT + owner(vmId); }

    /** The QoS policy that carries a link's rate: one per rate-limited link, on the ports of its VMs. */
    public static String qosPolicy(String linkId) { return QOS + owner(linkId); }

    public static String server(String vmName) { return Names.require("VM name", vmName); }

    /** The owner encoded in a name made here, or null for a name made by someone else. */
    static String ownerOf(String name, String prefix) {
        if (name == null || !name.startsWith(prefix)) return null;
        String owner = name.substring(prefix.length());
        return OWNER.matcher(owner).matches() ? owner : null;
    }

    static String owner(String id) {
        if (id == null || !OWNER.matcher(id).matches()) throw new IllegalArgumentException("plan id '" + id + "' must match " + OWNER.pattern());
        return id;
    }
}
