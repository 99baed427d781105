package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.Command;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.List;

/**
 * A Linux bridge and a kernel VXLAN device per network; the bridge is the headnode's leg. No OVS needed.
 * The VXLAN device sends a zero UDP checksum, as RFC 7348 says it should over IPv4 and as Open
 * vSwitch's tunnels do: a kernel that checksums by default leaves the checksum to offload, and on
 * a virtual NIC it reaches an OVS userspace peer unfinished, which drops every packet as a
 * tunnel-pop error (seen with an OVS zone's worker without OVS, worker3 of the bed's layout b).
 */
final class BridgeFabric implements Fabric {
    private static final String ALL_ZEROS = "00:00:00:00:00:00";

    @Override
    public Script createSegment(LinuxHost host, int segment, List<String> peerAddresses) {
        String br = LinuxNames.bridge(segment), vx = LinuxNames.vxlan(segment);
        Script s = Script.create()
                .unless(new String[]{"ip", "link", "show", br}, "ip", "link", "add", br, "type", "bridge", "stp_state", "0", "forward_delay", "0")
                .unless(new String[]{"ip", "link", "show", vx}, "ip", "link", "add", vx, "type", "vxlan", "id", String.valueOf(segment),
                        "local", host.dataAddress(), "dstport", "4789", "nolearning", "noudpcsum")
                .run("ip", "link", "set", vx, "master", br)
                .run("ip", "link", "set", vx, "up")
                .run("ip", "link", "set", br, "up");
        // Head-end replication: one all-zeros entry per peer floods BUM traffic to every host of the network.
        for (String peer : peerAddresses)
            s.unless(Command.of("bridge", "fdb", "show", "dev", vx).pipe("grep", "-q", "^" + ALL_ZEROS + " dst " + peer + " "),
                    Command.of("bridge", "fdb", "append", ALL_ZEROS, "dev", vx, "dst", peer));
        return s;
    }

    @Override
    public Script deleteSegment(int segment) {
        return Script.create().tolerate("ip", "link", "del", LinuxNames.vxlan(segment)).tolerate("ip", "link", "del", LinuxNames.bridge(segment));
    }

    @Override
    public String leg(int segment) { return LinuxNames.bridge(segment); }

    /** The bridge is the leg: it exists with the segment. */
    @Override
    public Script addLeg(int segment) { return Script.create(); }

    /** The bridge goes with the segment; only its address is the leg's. */
    @Override
    public Script removeLeg(int segment) { return Script.create().tolerate("ip", "addr", "flush", "dev", leg(segment)); }

    @Override
    public Script plugTap(String tap, int segment) { return Script.create().run("ip", "link", "set", tap, "master", LinuxNames.bridge(segment)); }

    /** Deleting the tap takes it off the bridge. */
    @Override
    public Script unplugTap(String tap) { return Script.create(); }
}
