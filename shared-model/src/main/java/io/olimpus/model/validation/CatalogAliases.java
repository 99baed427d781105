package io.olimpus.model.validation;

import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Other names an admin gives catalog entries once for a whole class, so that a course file's
 * "Golden Zone" or "cirros-0.6.2-x86_64-disk.img" reads as the zone {@code golden} or the image
 * {@code cirros}. An alias is matched whatever its case and surrounding spaces; a name that already
 * is a catalog name ({@link Names}) is never an alias. Each map goes from an alias's {@link #key}
 * to the entry's name.
 */
public record CatalogAliases(Map<String, String> zones, Map<String, String> images, Map<String, String> flavors) {
    public static final CatalogAliases NONE = new CatalogAliases(Map.of(), Map.of(), Map.of());
    /** Longer than any file name a course tool wrote, short enough to show in a problem. */
    public static final int MAX_LENGTH = 100;

    public CatalogAliases {
        zones = Map.copyOf(zones);
        images = Map.copyOf(images);
        flavors = Map.copyOf(flavors);
    }

    /** How an alias is compared: trimmed, lower case. */
    public static String key(String alias) { return alias.strip().toLowerCase(Locale.ROOT); }

    /** Why {@code alias} cannot be an alias, or null: blank, too long, control characters, or a valid name itself. */
    public static String whyInvalid(String alias) {
        if (alias == null || alias.isBlank()) return "must not be blank";
        if (alias.strip().length() > MAX_LENGTH) return "must be at most " + MAX_LENGTH + " characters";
        if (alias.chars().anyMatch(c -> Character.isISOControl(c))) return "must not hold control characters";
        if (Names.whyInvalid(alias.strip()) == null) return "is a valid name itself; give the entry that name instead of an alias";
        return null;
    }

    /** The design with every alias it uses replaced by its entry's name, and one note per replaced name. */
    public Resolved apply(Topology t) {
        Map<String, String> seen = new LinkedHashMap<>();
        String zone = resolve(zones, t.zone(), "zone", seen);
        List<Node> nodes = new ArrayList<>(t.nodes().size());
        boolean changed = !java.util.Objects.equals(zone, t.zone());
        for (Node n : t.nodes()) {
            if (!n.isVm()) { nodes.add(n); continue; }
            VmSpec vm = n.vm();
            VmSpec mapped = vm.withFlavor(resolve(flavors, vm.flavor(), "flavor", seen))
                    .withImage(resolve(images, vm.image(), "image", seen))
                    .withZone(resolve(zones, vm.zone(), "zone", seen));
            changed |= !mapped.equals(vm);
            nodes.add(mapped.equals(vm) ? n : n.withVm(mapped));
        }
        if (!changed) return new Resolved(t, List.of());
        List<Problem> notes = new ArrayList<>();
        seen.forEach((what, name) -> notes.add(Problem.of(ProblemCode.CATALOG_ALIAS, what + " is an alias of '" + name + "', which the design now names",
                List.of(), List.of())));
        return new Resolved(new Topology(t.name(), zone, nodes, t.links()), notes);
    }

    /** A design after {@link #apply}, with notes (warnings) of what was renamed. */
    public record Resolved(Topology topology, List<Problem> notes) {
        public Resolved { notes = List.copyOf(notes); }
    }

    private static String resolve(Map<String, String> aliases, String name, String kind, Map<String, String> seen) {
        if (name == null || Names.whyInvalid(name) == null) return name;
        Optional<String> to = Optional.ofNullable(aliases.get(key(name)));
        to.ifPresent(target -> seen.putIfAbsent(kind + " '" + Names.clip(name) + "'", target));
        return to.orElse(name);
    }
}
