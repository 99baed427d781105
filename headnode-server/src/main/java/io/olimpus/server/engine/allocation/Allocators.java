package io.olimpus.server.engine.allocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks free identifiers. These are decisions only: the store records them under unique
 * constraints, so two deploys that pick the same value concurrently cannot both succeed, and the
 * loser plans again.
 */
public final class Allocators {
    /** QEMU/KVM's locally administered OUI: guests' MACs never clash with real hardware. */
    public static final String MAC_PREFIX = "52:54:00";

    private Allocators() {}

    /** The {@code count} lowest ids in [first, last] not in {@code used}. */
    public static List<Integer> segmentIds(int count, int first, int last, Set<Integer> used) {
        List<Integer> out = new ArrayList<>(count);
        for (long id = first; id <= last && out.size() < count; id++)
            if (!used.contains((int) id)) out.add((int) id);
        if (out.size() < count)
            throw new AllocationExhausted("only " + out.size() + " of " + count + " segment ids are free in " + first + "-" + last);
        return out;
    }

    /**
     * {@code count} MACs not in {@code used}, random in the 24 bits after the prefix so that two
     * headnodes' guests rarely collide on a shared segment either.
     */
    public static List<String> macs(int count, Set<String> used, RandomGenerator random) {
        if (used.size() + count > (1 << 23)) throw new AllocationExhausted("no free MAC addresses");
        Set<String> taken = new HashSet<>(used);
        List<String> out = new ArrayList<>(count);
        while (out.size() < count) {
            int v = random.nextInt(1 << 24);
            String mac = String.format("%s:%02x:%02x:%02x", MAC_PREFIX, (v >> 16) & 255, (v >> 8) & 255, v & 255);
            if (taken.add(mac)) out.add(mac);
        }
        return out;
    }

    /**
     * The lowest block of the pool, aligned to its size, that holds {@code hosts} addresses plus the
     * gateway and overlaps no used block. Blocks are never smaller than {@code minPrefix} allows.
     */
    public static Ipv4Block subnet(Ipv4Block pool, int minPrefix, int hosts, Collection<Ipv4Block> used) {
        int prefix = minPrefix;
        while (prefix > pool.prefix() && Ipv4Block.size(prefix) - 3 < hosts) prefix--;
        if (Ipv4Block.size(prefix) - 3 < hosts)
            throw new AllocationExhausted("a network of " + hosts + " VMs does not fit in the pool " + pool);
        long step = Ipv4Block.size(prefix);
        for (long base = pool.base(); base + step <= pool.base() + pool.size(); base += step) {
            Ipv4Block candidate = new Ipv4Block(base, prefix);
            boolean free = true;
            for (Ipv4Block u : used) if (u.overlaps(candidate)) { free = false; break; }
            if (free) return candidate;
        }
        throw new AllocationExhausted("no free /" + prefix + " left in the pool " + pool);
    }
}
