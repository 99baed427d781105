package io.olimpus.server.engine.allocation;

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

    public static long parseAddress(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit))
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            int octet = Integer.parseInt(p);
            if (octet > 255) throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            v = (v << 8) | octet;
        }
        return v;
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

    public boolean overlaps(Ipv4Block o) {
        return base < o.base + o.size() && o.base < base + size();
    }

    public boolean contains(Ipv4Block o) {
        return o.base >= base && o.base + o.size() <= base + size();
    }

    public String netmask() { return format((0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL); }

    @Override public String toString() { return format(base) + "/" + prefix; }
}
