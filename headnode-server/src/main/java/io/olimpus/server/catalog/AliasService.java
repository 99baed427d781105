package io.olimpus.server.catalog;

import io.olimpus.model.topology.Names;
import io.olimpus.model.validation.CatalogAliases;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.db.Unique;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.zones.ZoneStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aliases of catalog entries: an admin gives a zone, image or flavor the names a class's files use
 * ("Golden Zone", "cirros-0.6.2-x86_64-disk.img") once, and every design that uses them reads as
 * the entry ({@link CatalogAliases}). Aliases of an entry that no longer exists are ignored.
 */
public final class AliasService {
    /** The kinds of entry that have aliases, by the path segment that names them. */
    public enum Kind {
        ZONE("zones", "zone"), IMAGE("images", "name"), FLAVOR("flavors", "name");

        /** The collection's path segment, and the name of its path parameter there. */
        public final String path, param;

        Kind(String path, String param) {
            this.path = path;
            this.param = param;
        }
    }

    /** One alias as the API shows it. */
    public record Alias(Kind kind, String alias, String name) {}

    /** At most this many aliases per entry: a class's files rarely spell a name more ways. */
    static final int MAX_PER_ENTRY = 20;

    private final CatalogAliasStore store;
    private final FlavorStore flavors;
    private final ImageStore images;
    private final ZoneStore zones;
    private final AuditLog audit;
    private final Clock clock;

    public AliasService(CatalogAliasStore store, FlavorStore flavors, ImageStore images, ZoneStore zones, AuditLog audit, Clock clock) {
        this.store = store;
        this.flavors = flavors;
        this.images = images;
        this.zones = zones;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every alias whose entry exists. */
    public List<Alias> list() {
        Set<String> zoneNames = new HashSet<>(), imageNames = new HashSet<>(), flavorNames = new HashSet<>();
        zones.all().forEach(z -> zoneNames.add(z.name()));
        images.all().forEach(i -> imageNames.add(i.name()));
        flavors.all().forEach(f -> flavorNames.add(f.name()));
        List<Alias> out = new ArrayList<>();
        for (CatalogAliasStore.Row r : store.all()) {
            Kind k = Kind.valueOf(r.kind());
            Set<String> names = switch (k) { case ZONE -> zoneNames; case IMAGE -> imageNames; case FLAVOR -> flavorNames; };
            if (names.contains(r.target())) out.add(new Alias(k, r.alias(), r.target()));
        }
        return out;
    }

    /** What designs are resolved with. */
    public CatalogAliases current() {
        Map<Kind, Map<String, String>> by = new HashMap<>();
        for (Kind k : Kind.values()) by.put(k, new HashMap<>());
        for (Alias a : list()) by.get(a.kind()).put(CatalogAliases.key(a.alias()), a.name());
        return new CatalogAliases(by.get(Kind.ZONE), by.get(Kind.IMAGE), by.get(Kind.FLAVOR));
    }

    /** The aliases of one entry; 404 when there is no such entry. */
    public List<String> of(Kind kind, String name) {
        requireEntry(kind, name);
        return list().stream().filter(a -> a.kind() == kind && a.name().equals(name)).map(Alias::alias).toList();
    }

    /**
     * Replaces the aliases of one entry. Each is checked ({@link CatalogAliases#whyInvalid}), none
     * may name another entry of the kind already (409 naming it), duplicates are kept once.
     */
    public List<String> set(Principal by, Kind kind, String name, List<String> aliases) {
        requireEntry(kind, name);
        if (aliases == null) throw DomainError.badField("aliases", "required: a list of other names, [] for none");
        if (aliases.size() > MAX_PER_ENTRY) throw DomainError.badField("aliases", "at most " + MAX_PER_ENTRY + " aliases per entry");
        List<String> kept = new ArrayList<>(), keys = new ArrayList<>();
        for (int i = 0; i < aliases.size(); i++) {
            String a = aliases.get(i);
            String why = CatalogAliases.whyInvalid(a);
            if (why != null) throw DomainError.badField("aliases[" + i + "]", "'" + Names.clip(a == null ? "" : a) + "' " + why);
            String key = CatalogAliases.key(a);
            if (keys.contains(key)) continue;
            var other = store.otherTarget(kind.name(), key, name);
            if (other.isPresent())
                throw DomainError.conflict("alias-taken", "'" + Names.clip(a) + "' is already an alias of " + kind.name().toLowerCase()
                        + " '" + other.get() + "'; remove it there first", "aliases[" + i + "]");
            kept.add(a.strip());
            keys.add(key);
        }
        try {
            store.replace(kind.name(), name, kept, keys, clock.millis());
        } catch (RuntimeException e) {
            // Another admin gave one of them to another entry at the same moment.
            if (Unique.isViolation(e)) throw DomainError.conflict("alias-taken", "one of the aliases was just given to another "
                    + kind.name().toLowerCase() + "; read the aliases again (GET /api/v1/aliases)", "aliases");
            throw e;
        }
        audit.record(by, kind.name().toLowerCase() + ".aliases", name, String.join(", ", kept));
        return List.copyOf(kept);
    }

    private void requireEntry(Kind kind, String name) {
        boolean exists = switch (kind) {
            case ZONE -> zones.byName(name).isPresent();
            case IMAGE -> images.byName(name).isPresent();
            case FLAVOR -> flavors.byName(name).isPresent();
        };
        if (!exists) throw DomainError.notFound(kind.name().toLowerCase() + " '" + Names.clip(name) + "'");
    }
}
