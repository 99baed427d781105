package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Names;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.zones.Fields;
import io.olimpus.server.zones.Worker;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static io.olimpus.server.zones.Fields.clip;
import static io.olimpus.server.zones.Fields.range;

/**
 * How the engine runs a Linux zone, set by its admin: the data plane, placement rules, the
 * addresses and segment ids it hands out, and the headnode (DHCP and NAT for the zone's slices).
 * {@code knownHostsRef} is the known-hosts file that every worker's and the headnode's SSH host
 * key is checked against. Key and known-hosts references name files in the server's keys folder
 * ({@link KeyFolder}), relative to it, and are kept as the admin gave them.
 * {@code bootSeconds} is how long a VM may take from its launch to RUNNING on the zone's KVM
 * workers and on its software-emulated (TCG) ones, unless its image sets its own budget.
 */
public record LinuxZoneSettings(DataPlane dataPlane, PlacementStrategy strategy, Overcommit overcommit,
                                String addressPool, int subnetPrefix, int firstSegmentId, int lastSegmentId,
                                Headnode headnode, String uplinkInterface, String knownHostsRef, BootSeconds bootSeconds, int imageCacheGb) {
    /** What a worker's image cache may hold unless the admin says otherwise: a dozen cloud images. */
    static final int DEFAULT_IMAGE_CACHE_GB = 20;

    /** Settings stored before boot budgets and cache bounds existed read as the defaults. */
    public LinuxZoneSettings {
        if (bootSeconds == null) bootSeconds = BootSeconds.DEFAULT;
        if (imageCacheGb < 1) imageCacheGb = DEFAULT_IMAGE_CACHE_GB;
    }

    static final int OVS_MAX_SEGMENT = 4094;
    static final int VXLAN_MAX_SEGMENT = 16_777_215;
    static final Pattern IFACE = Pattern.compile("^[a-z][a-z0-9-]{0,14}$");

    /**
     * Boot budgets by accelerator. TCG gets more by default: a systemd guest sharing a worker's
     * cores with others under software emulation reaches its DHCP leases only after minutes.
     */
    public record BootSeconds(int kvm, int tcg) {
        public static final BootSeconds DEFAULT = new BootSeconds(180, 600);
        static final int MIN = io.olimpus.server.engine.apply.BootBudget.MIN_SECONDS, MAX = io.olimpus.server.engine.apply.BootBudget.MAX_SECONDS;
    }

    public record BootSecondsBody(Integer kvm, Integer tcg) {}

    /** The zone's headnode as the engine reaches it over SSH; {@code dataAddress} is its address on the workers' data network. */
    public record Headnode(String name, String mgmtAddress, int sshPort, String sshUser, String sshKeyRef, String dataAddress, String stateRoot) {}

    /** The body of PUT /zones/{zone}/settings for a Linux zone: boxed and as strings, so each bad field is named by us. */
    public record Body(String platform, String dataPlane, String strategy, OvercommitBody overcommit, String addressPool,
                       Integer subnetPrefix, Integer firstSegmentId, Integer lastSegmentId, HeadnodeBody headnode,
                       String uplinkInterface, String knownHostsRef, BootSecondsBody bootSeconds, Integer imageCacheGb) {}

    public record OvercommitBody(Double cpu, Double ram, Double disk) {}

    public record HeadnodeBody(String name, String mgmtAddress, Integer sshPort, String sshUser, String sshKeyRef, String dataAddress, String stateRoot) {}

    /**
     * Checks every field of {@code b}, fills in the defaults, and returns the settings; throws a
     * DomainError naming the first bad field. Key and known-hosts references must name readable
     * files in {@code keys}; the address pool must be usable and hold none of the addresses the
     * zone's hosts have: the headnode's (in {@code b}) and its {@code workers}'.
     */
    public static LinuxZoneSettings validate(Body b, KeyFolder keys, Collection<Worker> workers) {
        DataPlane plane = enumValue("dataPlane", b.dataPlane(), DataPlane.class, null);
        PlacementStrategy strategy = enumValue("strategy", b.strategy(), PlacementStrategy.class, PlacementStrategy.SPREAD);
        Overcommit oc = Overcommit.DEFAULT;
        if (b.overcommit() != null) {
            oc = new Overcommit(ratio("overcommit.cpu", b.overcommit().cpu(), oc.cpu()), ratio("overcommit.ram", b.overcommit().ram(), oc.ram()),
                    ratio("overcommit.disk", b.overcommit().disk(), oc.disk()));
        }
        Ipv4Block pool = pool("addressPool", b.addressPool());
        int poolPrefix = pool.prefix();
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
        String key = keys.require("headnode.sshKeyRef", h.sshKeyRef());
        String data = h.dataAddress() == null ? mgmt : Fields.ipv4("headnode.dataAddress", h.dataAddress());
        String root = h.stateRoot() == null ? Worker.DEFAULT_STATE_ROOT : Fields.statePath("headnode.stateRoot", h.stateRoot());
        // The engine NATs slices out through this interface. A zone without one (an isolated lab) deploys
        // slices without internet and refuses VMs that ask for it; whether the headnode has it is the zone check's.
        String uplink = b.uplinkInterface() == null || b.uplinkInterface().isEmpty() ? null : b.uplinkInterface();
        if (uplink != null && !IFACE.matcher(uplink).matches())
            throw DomainError.badField("uplinkInterface", "must be an interface name matching " + IFACE.pattern());
        String known = keys.require("knownHostsRef", b.knownHostsRef());
        // Copies of images on each worker; least recently used ones go beyond this (see ImageCache).
        int cacheGb = b.imageCacheGb() == null ? DEFAULT_IMAGE_CACHE_GB : range("imageCacheGb", b.imageCacheGb(), 1, 100_000);
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("headnode.mgmtAddress", mgmt);
        hosts.put("headnode.dataAddress", data);
        for (Worker w : workers) {
            hosts.put("worker '" + w.name() + "' mgmtAddress", w.mgmtAddress());
            hosts.put("worker '" + w.name() + "' dataAddress", w.dataAddress());
        }
        hosts.forEach((whose, address) -> {
            if (holds(pool, address)) throw DomainError.badField("addressPool", pool + " holds " + address + ", the " + whose
                    + "; slices would take the hosts' own addresses. Choose a range that no host of the zone uses");
        });
        BootSeconds boot = BootSeconds.DEFAULT;
        if (b.bootSeconds() != null) {
            String bootWhy = " seconds (a VM's boot budget from its launch to RUNNING)";
            boot = new BootSeconds(
                    b.bootSeconds().kvm() == null ? boot.kvm() : range("bootSeconds.kvm", b.bootSeconds().kvm(), BootSeconds.MIN, BootSeconds.MAX, bootWhy),
                    b.bootSeconds().tcg() == null ? boot.tcg() : range("bootSeconds.tcg", b.bootSeconds().tcg(), BootSeconds.MIN, BootSeconds.MAX, bootWhy));
        }
        return new LinuxZoneSettings(plane, strategy, oc, pool.toString(), subnetPrefix, first, last,
                new Headnode(hname, mgmt, port, h.sshUser(), key, data, root), uplink, known, boot, cacheGb);
    }

    /**
     * Whether the zone's address pool holds {@code address}, a host's: slices would get the
     * host's address, or route it into their own network. A host named (not an IPv4 address)
     * cannot be compared and passes.
     */
    static boolean holds(Ipv4Block pool, String address) {
        return Ipv4Block.isAddress(address) && pool.contains(Ipv4Block.parseAddress(address));
    }

    /** The line the audit log keeps of these settings. */
    String summary() {
        return dataPlane + ", " + strategy + ", pool " + addressPool + ", segments " + firstSegmentId + "-" + lastSegmentId + ", headnode " + headnode.name()
                + ", boot budget " + bootSeconds.kvm() + " s (KVM) / " + bootSeconds.tcg() + " s (TCG)";
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

    /**
     * Checks "a.b.c.d/n" with n 8..30 and no host bits set, outside the special-use ranges
     * (loopback, multicast, ...); returns the block, whose canonical form ("10.0.0.0/8" for
     * "10.0.0.0/08") is what is stored.
     */
    static Ipv4Block pool(String field, String v) {
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
        if (network.base() != ip) throw DomainError.badField(field, clip(v) + " has host bits set; the network is " + network);
        network.specialUse().ifPresent(special -> {
            throw DomainError.badField(field, network + " overlaps " + special + ", which no slice network can use; choose a private range such as 10.64.0.0/16");
        });
        return network;
    }
}
