package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Names;
import io.olimpus.server.engine.allocation.Ipv4Block;

import java.util.regex.Pattern;

/**
 * Every name the driver puts on a host, derived from values the engine generated and checked
 * here: interface names fit Linux's 15 characters and are unique in the cluster because segment
 * ids and MACs are; per-VM folders carry the slice id, since VM names repeat across slices.
 */
public final class LinuxNames {
    private static final Pattern SLICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern IFACE = Pattern.compile("[a-z][a-z0-9-]{0,14}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/-]{1,200}");

    private LinuxNames() {}

    public static String bridge(int segment) { return "brq" + segment(segment); }

    public static String vxlan(int segment) { return "vx" + segment(segment); }

    /** The headnode's leg on an OVS network (an internal port). */
    public static String ovsLeg(int segment) { return "dh" + segment(segment); }

    public static String dhcpId(int segment) { return "net" + segment(segment); }

    /** A VM NIC's tap: "tap" and the MAC's last three bytes; MACs are unique, so taps are. */
    public static String tap(String mac) {
        requireMac(mac);
        return "tap" + mac.substring(9).replace(":", "");
    }

    /** The VM's name on its worker: slice id and VM name, so two slices' vm1 never meet. */
    public static String vmKey(String sliceId, String vmName) {
        return requireSliceId(sliceId) + "--" + Names.require("VM name", vmName);
    }

    public static String requireSliceId(String sliceId) {
        if (sliceId == null || !SLICE_ID.matcher(sliceId).matches())
            throw new IllegalArgumentException("slice id '" + sliceId + "' must match " + SLICE_ID.pattern());
        return sliceId;
    }

    static String segment(int segment) {
        if (segment < 1 || segment > 16_777_215) throw new IllegalArgumentException("segment id " + segment + " is out of range");
        return Integer.toString(segment);
    }

    public static String requireIpv4(String what, String ip) {
        if (!Ipv4Block.isAddress(ip)) throw new IllegalArgumentException(what + " '" + ip + "' is not an IPv4 address");
        return ip;
    }

    public static String requireMac(String mac) {
        if (mac == null || !MAC.matcher(mac).matches()) throw new IllegalArgumentException("MAC '" + mac + "' is not a lower-case MAC address");
        return mac;
    }

    public static String requireInterface(String what, String name) {
        if (name == null || !IFACE.matcher(name).matches()) throw new IllegalArgumentException(what + " '" + name + "' is not an interface name");
        return name;
    }

    public static String requirePath(String what, String path) {
        if (path == null || !PATH.matcher(path).matches() || path.contains(".."))
            throw new IllegalArgumentException(what + " '" + path + "' must be an absolute path of [A-Za-z0-9._/-]");
        return path;
    }
}
