package io.olimpus.server.platform;

import io.olimpus.server.errors.DomainError;
import io.olimpus.server.zones.Zone;

import java.util.List;

/**
 * What a platform holds in a zone that no slice of this server owns: resources Olimpus made (its
 * names and tags tell them apart from everything else on the platform) whose slice is gone or was
 * never recorded, e.g. after a crash, a bug or a failed clean-up. Reported to admins, and removed
 * on their request.
 */
public final class Leftovers {
    private Leftovers() {}

    /**
     * One leftover: {@code kind} (project, server, port, network, subnet, router, floating-ip,
     * security-group, key-pair, qos-policy on OpenStack; process, tap, bridge, ... on Linux), the platform's
     * {@code id} and {@code name}, the {@code container} holding it (an OpenStack project, a
     * worker) and why no slice owns it.
     */
    public record Item(String kind, String id, String name, String container, String reason) {}

    /**
     * A zone's leftovers. After a clean-up, {@code items} is what is still there, {@code removed}
     * what went and {@code failures} what could not be removed, with the platform's words.
     */
    public record Report(String zone, String platform, List<Item> items, List<Item> removed, List<String> failures) {
        public Report {
            items = List.copyOf(items);
            removed = List.copyOf(removed);
            failures = List.copyOf(failures);
        }

        public static Report of(String zone, String platform, List<Item> items) { return new Report(zone, platform, items, List.of(), List.of()); }
    }

    /** The answer of a platform that cannot list its leftovers (yet). */
    public static DomainError unsupported(String platform, Zone zone) {
        return DomainError.conflict("leftovers-unsupported", "zone '" + zone.name() + "' runs on " + platform
                + ", which cannot list what it holds outside slices yet; check its hosts by hand", null);
    }
}
