package io.olimpus.desktop.vm;

import io.olimpus.desktop.io.LocalCatalog;
import io.olimpus.model.file.ExchangeNote;
import io.olimpus.model.file.LabImport;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;
import io.olimpus.model.validation.CatalogAliases;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * What importing a course file asks of this server's catalog, and the best answers: the course's
 * names ("Golden Zone", "cirros-0.6.2-x86_64-disk.img", VM sizes without a flavor) are not the
 * server's. For each zone and image the file names that the catalog lacks, a best guess: what the
 * user chose before on this server, else the server's alias, else the same name ignoring case,
 * file ending and version, else the same family ({@code ubuntu-22.04-server-cloudimg-amd64.img} is
 * an {@code ubuntu}). For each size, the smallest flavor that fits. Pure: the dialog only shows
 * the questions and hands back the answers.
 */
public final class CatalogMapping {
    private CatalogMapping() {}

    /** What a remembered choice answers: a zone or image name, or a VM size (its {@link #sizeKey}). */
    public enum Kind { ZONE, IMAGE, FLAVOR }

    /** Why a guess was made, so the dialog can say it. */
    public enum Why { REMEMBERED, ALIAS, SAME_NAME, SAME_FAMILY, ONLY_ONE, NONE }

    /** A zone or image the file names and the catalog lacks; {@code guess} is null when nothing fits. */
    public record Question(Kind kind, String fileName, List<String> vms, List<String> options, String guess, Why why) {
        public Question {
            vms = List.copyOf(vms);
            options = List.copyOf(options);
        }
    }

    /**
     * VMs that asked for a size and have no flavor; {@code flavor} is what the user chose before on
     * this server ({@code remembered}), else the smallest that fits, null when none does.
     */
    public record Size(Resources need, List<String> vms, String flavor, boolean remembered) {
        public Size { vms = List.copyOf(vms); }

        public Size(Resources need, List<String> vms, String flavor) { this(need, vms, flavor, false); }
    }

    /** How a size is remembered: "2/1024/10" (vCPUs, MB of RAM, GB of disk). */
    public static String sizeKey(Resources r) { return r.vcpus() + "/" + r.ramMb() + "/" + r.diskGb(); }

    /** The slice's name as the file wrote it and as Olimpus names it ({@code slicePrueba} -> {@code sliceprueba}). */
    public record Renamed(String from, String to) {}

    public record Questions(List<Question> zones, List<Question> images, List<Size> sizes, Renamed slice) {
        public Questions {
            zones = List.copyOf(zones);
            images = List.copyOf(images);
            sizes = List.copyOf(sizes);
        }

        /** Nothing to map: the file already uses this catalog's names. */
        public boolean isEmpty() { return zones.isEmpty() && images.isEmpty() && sizes.isEmpty(); }

        /**
         * Every zone and image has an answer the user gave before, and every size a flavor (the one
         * chosen before on this server, else the smallest that fits): the dialog need not ask again.
         */
        public boolean allRemembered() {
            return java.util.stream.Stream.concat(zones.stream(), images.stream()).allMatch(q -> q.why() == Why.REMEMBERED)
                    && sizes.stream().allMatch(s -> s.flavor() != null);
        }

        /** The guesses, as answers. */
        public Answers guesses() {
            Map<String, String> z = new LinkedHashMap<>(), i = new LinkedHashMap<>();
            Map<Resources, String> f = new LinkedHashMap<>();
            zones.forEach(q -> { if (q.guess() != null) z.put(q.fileName(), q.guess()); });
            images.forEach(q -> { if (q.guess() != null) i.put(q.fileName(), q.guess()); });
            sizes.forEach(s -> { if (s.flavor() != null) f.put(s.need(), s.flavor()); });
            return new Answers(z, i, f);
        }
    }

    /** The user's choices: file zone -> zone, file image -> image, size -> flavor; what is absent stays as the file has it. */
    public record Answers(Map<String, String> zones, Map<String, String> images, Map<Resources, String> flavors) {
        public Answers {
            zones = Map.copyOf(zones);
            images = Map.copyOf(images);
            flavors = Map.copyOf(flavors);
        }
    }

    /**
     * The questions an import asks of {@code catalog}; {@code remembered} gives what the user chose
     * before on this server for a zone or image name, or a size's {@link #sizeKey} (or null).
     */
    public static Questions questions(LabImport imp, LocalCatalog catalog, BiFunction<Kind, String, String> remembered) {
        Topology t = imp.document().topology();
        CatalogAliases aliases = catalog.aliases();
        Map<String, List<String>> zoneVms = new LinkedHashMap<>(), imageVms = new LinkedHashMap<>();
        Map<Resources, List<String>> sizeVms = new LinkedHashMap<>();
        if (t.zone() != null && !catalog.hasZone(t.zone())) zoneVms.put(t.zone(), new ArrayList<>());
        for (Node n : t.vms()) {
            VmSpec vm = n.vm();
            if (vm.zone() != null && !catalog.hasZone(vm.zone())) zoneVms.computeIfAbsent(vm.zone(), k -> new ArrayList<>()).add(n.name());
            if (vm.image() != null && !catalog.hasImage(vm.image())) imageVms.computeIfAbsent(vm.image(), k -> new ArrayList<>()).add(n.name());
            if ((vm.flavor() == null || catalog.flavor(vm.flavor()).isEmpty()) && vm.requirement() != null)
                sizeVms.computeIfAbsent(vm.requirement(), k -> new ArrayList<>()).add(n.name());
        }
        List<Question> zones = new ArrayList<>(), images = new ArrayList<>();
        zoneVms.forEach((name, vms) -> zones.add(question(Kind.ZONE, name, vms, catalog.zones(), aliases.zones(), remembered)));
        imageVms.forEach((name, vms) -> images.add(question(Kind.IMAGE, name, vms, catalog.images(), aliases.images(), remembered)));
        List<Size> sizes = new ArrayList<>();
        sizeVms.forEach((need, vms) -> {
            String before = remembered.apply(Kind.FLAVOR, sizeKey(need));
            sizes.add(before != null && catalog.flavor(before).isPresent() ? new Size(need, vms, before, true)
                    : new Size(need, vms, catalog.smallestFlavorCovering(need).orElse(null)));
        });
        sizes.sort(Comparator.comparingInt((Size s) -> s.need().ramMb()).thenComparingInt(s -> s.need().vcpus()).thenComparingInt(s -> s.need().diskGb()));
        return new Questions(zones, images, sizes, renamed(imp));
    }

    private static Question question(Kind kind, String fileName, List<String> vms, List<String> options,
                                     Map<String, String> aliases, BiFunction<Kind, String, String> remembered) {
        String before = remembered.apply(kind, fileName);
        if (before != null && options.contains(before)) return new Question(kind, fileName, vms, options, before, Why.REMEMBERED);
        String alias = aliases.get(CatalogAliases.key(fileName));
        if (alias != null && options.contains(alias)) return new Question(kind, fileName, vms, options, alias, Why.ALIAS);
        Guess g = kind == Kind.ZONE ? guessZone(fileName, options) : guessImage(fileName, options);
        return new Question(kind, fileName, vms, options, g.name(), g.why());
    }

    record Guess(String name, Why why) {}

    private static final Pattern ENDING = Pattern.compile("\\.(img|qcow2|raw|iso|vmdk|vdi|vhdx?|tar\\.gz|tgz|gz|xz)$");
    private static final Set<String> NOISE = Set.of("x86", "64", "x86_64", "amd64", "arm64", "aarch64", "i386", "i686",
            "disk", "cloud", "cloudimg", "server", "generic", "image", "img", "genericcloud", "minimal", "live", "zone", "az");

    /** The image a file's image name most likely is here: same name ignoring case and ending, then version, then family. */
    static Guess guessImage(String fileName, List<String> images) {
        String plain = ENDING.matcher(fileName.strip().toLowerCase(Locale.ROOT)).replaceAll("");
        for (String i : images) if (i.equalsIgnoreCase(plain)) return new Guess(i, Why.SAME_NAME);
        Words file = words(plain);
        if (file.family().isEmpty()) return new Guess(null, Why.NONE);
        String family = null;
        for (String i : images) {
            Words w = words(i.toLowerCase(Locale.ROOT));
            if (!w.family().equals(file.family())) continue;
            if (w.version().equals(file.version())) return new Guess(i, Why.SAME_NAME);  // cirros-0.6.2 is cirros-062
            if (family == null || (!file.version().isEmpty() && w.version().startsWith(file.version()))) family = i;
        }
        return family == null ? new Guess(null, Why.NONE) : new Guess(family, Why.SAME_FAMILY);
    }

    /** The zone a file's zone name most likely is here: "Golden Zone" is {@code golden}; a catalog of one zone has no choice. */
    static Guess guessZone(String fileName, List<String> zones) {
        String lower = fileName.strip().toLowerCase(Locale.ROOT);
        String sanitized = Names.sanitize(lower);
        for (String z : zones) if (z.equalsIgnoreCase(lower) || z.equals(sanitized)) return new Guess(z, Why.SAME_NAME);
        String family = words(lower).family();
        for (String z : zones) if (!family.isEmpty() && words(z).family().equals(family)) return new Guess(z, Why.SAME_NAME);
        return zones.size() == 1 ? new Guess(zones.get(0), Why.ONLY_ONE) : new Guess(null, Why.NONE);
    }

    /** A name's words without noise: the letters make its family, the digits its version ("ubuntu-22.04" -> ubuntu, 2204). */
    private record Words(String family, String version) {}

    private static Words words(String name) {
        StringBuilder family = new StringBuilder(), version = new StringBuilder();
        for (String w : name.split("[^a-z0-9_]+|_")) {
            if (w.isEmpty() || NOISE.contains(w)) continue;
            if (w.chars().allMatch(Character::isDigit)) version.append(w);
            else if (w.matches("v?[0-9].*")) version.append(w.replaceAll("[^0-9]", ""));
            else family.append(family.length() == 0 ? "" : "-").append(w);
        }
        return new Words(family.toString(), version.toString());
    }

    /** The slice's rename the import reported, or null. */
    static Renamed renamed(LabImport imp) {
        String to = imp.document().topology().name();
        for (ExchangeNote n : imp.report()) {
            if (!n.element().startsWith("slice ") || !n.message().startsWith("renamed to ")) continue;
            String from = n.element().substring("slice ".length());
            if (from.length() >= 2 && from.startsWith("'") && from.endsWith("'")) from = from.substring(1, from.length() - 1);
            return new Renamed(from, to);
        }
        return null;
    }

    /** The design with the answers applied: zones and images renamed, VMs without a flavor given their size's. */
    public static Topology apply(Topology t, Answers a) {
        List<Node> nodes = new ArrayList<>(t.nodes().size());
        for (Node n : t.nodes()) {
            if (!n.isVm()) { nodes.add(n); continue; }
            VmSpec vm = n.vm();
            VmSpec next = vm;
            if (vm.zone() != null && a.zones().containsKey(vm.zone())) next = next.withZone(a.zones().get(vm.zone()));
            if (vm.image() != null && a.images().containsKey(vm.image())) next = next.withImage(a.images().get(vm.image()));
            if (vm.requirement() != null && a.flavors().containsKey(vm.requirement())) next = next.withFlavor(a.flavors().get(vm.requirement()));
            nodes.add(next.equals(vm) ? n : n.withVm(next));
        }
        String zone = t.zone() != null && a.zones().containsKey(t.zone()) ? a.zones().get(t.zone()) : t.zone();
        return new Topology(t.name(), zone, nodes, t.links());
    }

    /** What the answers changed, one line each, for the import's report. */
    public static List<String> lines(Questions q, Answers a) {
        List<String> out = new ArrayList<>();
        for (Question z : q.zones()) if (a.zones().containsKey(z.fileName())) out.add(z.fileName() + " -> " + a.zones().get(z.fileName()));
        for (Question i : q.images()) if (a.images().containsKey(i.fileName())) out.add(i.fileName() + " -> " + a.images().get(i.fileName()));
        for (Size s : q.sizes()) {
            String f = a.flavors().get(s.need());
            if (f != null) out.add(describe(s.need()) + " -> " + f);
        }
        return out;
    }

    /** A size as people read it: "2 vCPU, 512 MB, 1 GB". */
    public static String describe(Resources r) {
        return r.vcpus() + " vCPU, " + r.ramMb() + " MB, " + r.diskGb() + " GB";
    }
}
