package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Names;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.zones.Fields;
import io.olimpus.server.zones.Worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.olimpus.server.zones.Fields.clip;
import static io.olimpus.server.zones.Fields.range;

/**
 * How the engine runs a Linux zone, set by its admin: the data plane, placement rules, the
 * addresses and segment ids it hands out, and the headnode (DHCP and NAT for the zone's slices).
 * {@code knownHostsRef} is the known-hosts file (path on the headnode server) that every worker's
 * and the headnode's SSH host key is checked against. Key and known-hosts references are kept as
 * the admin gave them: absolute, or relative to the server's data folder.
 */
public record LinuxZoneSettings(DataPlane dataPlane, PlacementStrategy strategy, Overcommit overcommit,
                                String addressPool, int subnetPrefix, int firstSegmentId, int lastSegmentId,
                                Headnode headnode, String uplinkInterface, String knownHostsRef) {
    static final int OVS_MAX_SEGMENT = 4094;
    static final int VXLAN_MAX_SEGMENT = 16_777_215;
    static final Pattern IFACE = Pattern.compile("^[a-z][a-z0-9-]{0,14}$");

    /** The zone's headnode as the engine reaches it over SSH; {@code dataAddress} is its address on the workers' data network. */
    public record Headnode(String name, String mgmtAddress, int sshPort, String sshUser, String sshKeyRef, String dataAddress, String stateRoot) {}

    /** The body of PUT /zones/{zone}/settings for a Linux zone: boxed and as strings, so each bad field is named by us. */
    public record Body(String platform, String dataPlane, String strategy, OvercommitBody overcommit, String addressPool,
                       Integer subnetPrefix, Integer firstSegmentId, Integer lastSegmentId, HeadnodeBody headnode,
                       String uplinkInterface, String knownHostsRef) {}

    public record OvercommitBody(Double cpu, Double ram, Double disk) {}

    public record HeadnodeBody(String name, String mgmtAddress, Integer sshPort, String sshUser, String sshKeyRef, String dataAddress, String stateRoot) {}

    /**
     * Checks every field of {@code b}, fills in the defaults, and returns the settings; throws a
     * DomainError naming the first bad field. {@code files} resolves a key or known-hosts
     * reference to the file the server reads, which must be there.
     */
    public static LinuxZoneSettings validate(Body b, Function<String, Path> files) {
        DataPlane plane = enumValue("dataPlane", b.dataPlane(), DataPlane.class, null);
        PlacementStrategy strategy = enumValue("strategy", b.strategy(), PlacementStrategy.class, PlacementStrategy.SPREAD);
        Overcommit oc = Overcommit.DEFAULT;
        if (b.overcommit() != null) {
            oc = new Overcommit(ratio("overcommit.cpu", b.overcommit().cpu(), oc.cpu()), ratio("overcommit.ram", b.overcommit().ram(), oc.ram()),
                    ratio("overcommit.disk", b.overcommit().disk(), oc.disk()));
        }
        int poolPrefix = cidr("addressPool", b.addressPool());
        int subnetPrefix = range("subnetPrefix", b.subnetPrefix(), 8, 29);
        if (subnetPrefix < poolPrefix)
            throw DomainError.badField("subnetPrefix", "/" + subnetPrefix + " is wider than the address pool /" + poolPrefix + "; use /" + poolPrefix + " to /29");
        int max = plane == DataPlane.OVS ? OVS_MAX_SEGMENT : VXLAN_MAX_SEGMENT;
        String why = plane == DataPlane.OVS ? " (OVS uses the segment id as a VLAN tag)" : " (VXLAN ids)";
        int first = range("firstSegmentId", b.firstSegmentId(), 1, max, why);
        int last = range("lastSegmentId", b.lastSegmentId(), 1, max, why);
        if (last < first) throw DomainError.badField("lastSegmentId", "must not be below firstSegmentId (" + first + ")");
        HeadnodeBody h = b.headnode();
        if (h == null) throw DomainError.badField("headnode", "required");
        String hname = h.name();
        String nameWhy = Names.whyInvalid(hname);
        if (nameWhy != null) throw DomainError.badField("headnode.name", nameWhy + " (pattern " + Names.REGEX + ")");
        String mgmt = Fields.ipv4("headnode.mgmtAddress", h.mgmtAddress());
        int port = h.sshPort() == null ? Worker.DEFAULT_SSH_PORT : range("headnode.sshPort", h.sshPort(), 1, 65535);
        Fields.require("headnode.sshUser", h.sshUser(), Worker.SSH_USER);
        String key = fileRef("headnode.sshKeyRef", h.sshKeyRef(), files);
        String data = h.dataAddress() == null ? mgmt : Fields.ipv4("headnode.dataAddress", h.dataAddress());
        String root = h.stateRoot() == null ? Worker.DEFAULT_STATE_ROOT : Fields.statePath("headnode.stateRoot", h.stateRoot());
        String uplink = b.uplinkInterface();
        if (uplink != null && !IFACE.matcher(uplink).matches())
            throw DomainError.badField("uplinkInterface", "must be an interface name matching " + IFACE.pattern());
        String known = fileRef("knownHostsRef", b.knownHostsRef(), files);
        return new LinuxZoneSettings(plane, strategy, oc, b.addressPool(), subnetPrefix, first, last,
                new Headnode(hname, mgmt, port, h.sshUser(), key, data, root), uplink, known);
    }

    /** The line the audit log keeps of these settings. */
    String summary() {
        return dataPlane + ", " + strategy + ", pool " + addressPool + ", segments " + firstSegmentId + "-" + lastSegmentId + ", headnode " + headnode.name();
    }

    private static <E extends Enum<E>> E enumValue(String field, String v, Class<E> type, E dflt) {
        if (v == null) {
            if (dflt != null) return dflt;
            throw DomainError.badField(field, "required: one of " + Arrays.toString(type.getEnumConstants()));
        }
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(v)) return e;
        throw DomainError.badField(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static double ratio(String field, Double v, double dflt) {
        if (v == null) return dflt;
        if (!(v >= 1.0 && v <= 64.0)) throw DomainError.badField(field, "must be between 1 and 64");
        return v;
    }

    /** Checks "a.b.c.d/n" with n 8..30 and no host bits set; returns n. */
    static int cidr(String field, String v) {
        if (v == null || v.isEmpty()) throw DomainError.badField(field, "required, like 10.64.0.0/16");
        int slash = v.indexOf('/');
        if (slash < 0) throw DomainError.badField(field, "must be a CIDR block like 10.64.0.0/16");
        String addr = v.substring(0, slash), bits = v.substring(slash + 1);
        if (!Ipv4Block.isAddress(addr)) throw DomainError.badField(field, "'" + clip(addr) + "' is not an IPv4 address");
        if (!bits.matches("\\d{1,2}")) throw DomainError.badField(field, "prefix '" + clip(bits) + "' is not a number");
        int n = Integer.parseInt(bits);
        if (n < 8 || n > 30) throw DomainError.badField(field, "prefix /" + n + " must be between /8 and /30");
        long ip = Ipv4Block.parseAddress(addr);
        Ipv4Block network = Ipv4Block.containing(ip, n);
        if (network.base() != ip) throw DomainError.badField(field, v + " has host bits set; the network is " + network);
        return n;
    }

    /** A reference to a file the headnode server reads (a private key, a known_hosts file): safe characters, and the file must be there. */
    private static String fileRef(String field, String v, Function<String, Path> files) {
        Fields.require(field, v, Worker.KEY_REF);
        if (v.contains("..")) throw DomainError.badField(field, "must not contain '..'");
        Path p = files.apply(v);
        if (!Files.isRegularFile(p) || !Files.isReadable(p))
            throw DomainError.badField(field, "no readable file at " + p + (Path.of(v).isAbsolute() ? "" : " (relative references are read from the data folder)"));
        return v;
    }
}
