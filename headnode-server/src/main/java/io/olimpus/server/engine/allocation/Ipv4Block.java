package io.olimpus.server.engine.allocation;

import java.util.List;
import java.util.Optional;

/** An IPv4 network in CIDR form, e.g. 198.18.128.0/24, with address arithmetic. */
public record Ipv4Block(long base, int prefix) {
    public Ipv4Block {
        if (prefix < 8 || prefix > 30) throw new IllegalArgumentException("prefix must be between /8 and /30, got /" + prefix);
        if (base < 0 || base > 0xFFFFFFFFL) throw new IllegalArgumentException("not an IPv4 address: " + base);
        if ((base & (size(prefix) - 1)) != 0) throw new IllegalArgumentException(format(base) + "/" + prefix + " is not aligned to its prefix");
    }

    public static Ipv4Block parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("expected a CIDR like 10.0.0.0/24, got '" + cidr + "'");
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix in '" + cidr + "'");
        }
        return new Ipv4Block(parseAddress(cidr.substring(0, slash)), prefix);
    }

    /**
     * The address as a number. Only the canonical dotted quad is accepted: four decimal octets 0-255
     * without leading zeros, since tools disagree on whether "010" is ten or eight.
     */
    public static long parseAddress(String dotted) {
        if (!isAddress(dotted)) throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        long v = 0;
        for (String p : dotted.split("\\.")) v = (v << 8) | Integer.parseInt(p);
        return v;
    }

    /** Whether {@code s} is an IPv4 address as {@link #parseAddress} reads it; the one IPv4 check of the server. */
    public static boolean isAddress(String s) {
        if (s == null) return false;
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
            if (p.length() > 1 && p.charAt(0) == '0') return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    /** The /{@code prefix} network that holds {@code address}: its host bits cleared. */
    public static Ipv4Block containing(long address, int prefix) {
        if (prefix < 8 || prefix > 30) throw new IllegalArgumentException("prefix must be between /8 and /30, got /" + prefix);
        return new Ipv4Block(address & ~(size(prefix) - 1) & 0xFFFFFFFFL, prefix);
    }

    public static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }

    static long size(int prefix) { return 1L << (32 - prefix); }

    public long size() { return size(prefix); }

    /** Usable hosts: all but the network and broadcast addresses. */
    public long hostCount() { return size() - 2; }

    /** The i-th usable address, 1-based: host(1) is .1 in a /24. */
    public String host(long i) {
        if (i < 1 || i > hostCount()) throw new IllegalArgumentException("host " + i + " outside " + this);
        return format(base + i);
    }

    /**
     * Ranges that can never be a slice network, whatever the site: packets to or from them are
     * dropped, answered by the host itself or never routed (RFC 6890). 198.18.0.0/15 (benchmarking)
     * and the private ranges stay usable: test beds and campuses use them.
     */
    private static final List<Special> SPECIAL = List.of(
            new Special(0x00000000L, 8, "0.0.0.0/8 (\"this network\")"),
            new Special(0x7F000000L, 8, "127.0.0.0/8 (loopback)"),
            new Special(0xA9FE0000L, 16, "169.254.0.0/16 (link-local)"),
            new Special(0xE0000000L, 4, "224.0.0.0/4 (multicast)"),
            new Special(0xF0000000L, 4, "240.0.0.0/4 (reserved, with the broadcast address 255.255.255.255)"));

    private record Special(long base, int prefix, String name) {}

    /** The special-use range this block overlaps (loopback, multicast, ...), described, or empty when it overlaps none. */
    public Optional<String> specialUse() {
        for (Special s : SPECIAL) if (base < s.base() + size(s.prefix()) && s.base() < base + size()) return Optional.of(s.name());
        return Optional.empty();
    }

    /** Whether the address (as {@link #parseAddress} gives it) is inside this block. */
    public boolean contains(long address) {
        return address >= base && address < base + size();
    }

    public boolean overlaps(Ipv4Block o) {
        return base < o.base + o.size() && o.base < base + size();
    }

    public boolean contains(Ipv4Block o) {
        return o.base >= base && o.base + o.size() <= base + size();
    }

    public String netmask() { return format((0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL); }

    @Override public String toString() { return format(base) + "/" + prefix; }
}
