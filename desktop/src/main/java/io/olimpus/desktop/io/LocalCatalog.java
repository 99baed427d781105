package io.olimpus.desktop.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.validation.Catalog;
import io.olimpus.model.validation.CatalogAliases;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog the designer offers when offline: flavors, images and availability zones read from
 * a small JSON file ({@code {"flavors":[{"name","vcpus","ramMb","diskGb"}],"images":[..],"zones":[..]}}).
 * The user's {@code ~/.olimpus/catalog.json} wins over the one bundled with the designer.
 */
public final class LocalCatalog implements Catalog {
    public record Flavor(String name, Resources resources) {}

    private final Map<String, Flavor> flavors;
    private final List<String> images;
    private final List<String> zones;
    private final CatalogAliases aliases;
    private final String server;

    public LocalCatalog(List<Flavor> flavors, List<String> images, List<String> zones) {
        this(flavors, images, zones, CatalogAliases.NONE, null);
    }

    private LocalCatalog(List<Flavor> flavors, List<String> images, List<String> zones, CatalogAliases aliases, String server) {
        this.flavors = new LinkedHashMap<>();
        for (Flavor f : flavors) this.flavors.put(f.name(), f);
        this.images = List.copyOf(images);
        this.zones = List.copyOf(zones);
        this.aliases = aliases == null ? CatalogAliases.NONE : aliases;
        this.server = server;
    }

    /** The same catalog as a server's at {@code address}, with the other names its admin gave the entries. */
    public LocalCatalog fromServer(String address, CatalogAliases aliases) {
        return new LocalCatalog(List.copyOf(flavors.values()), images, zones, aliases, address);
    }

    /** The aliases of the server this catalog came from (none offline). */
    public CatalogAliases aliases() { return aliases; }

    /** The address of the server this catalog came from, or null for the local file. */
    public String server() { return server; }

    public static LocalCatalog parse(String json) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            List<Flavor> fl = new ArrayList<>();
            for (JsonNode f : root.path("flavors"))
                fl.add(new Flavor(f.path("name").asText(), new Resources(f.path("vcpus").asInt(), f.path("ramMb").asInt(), f.path("diskGb").asInt())));
            List<String> im = new ArrayList<>();
            root.path("images").forEach(i -> im.add(i.asText()));
            List<String> zo = new ArrayList<>();
            root.path("zones").forEach(z -> zo.add(z.asText()));
            // The server's one name rule: a catalog the designer offers must only hold names the server takes.
            for (Flavor f : fl) requireName("flavor", f.name());
            im.forEach(i -> requireName("image", i));
            zo.forEach(z -> requireName("zone", z));
            return new LocalCatalog(fl, im, zo);
        } catch (IOException e) {
            throw new IllegalArgumentException("catalog is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static void requireName(String what, String name) {
        String why = Names.whyInvalid(name);
        if (why != null) throw new IllegalArgumentException("the catalog's " + what + " '" + Names.clip(name) + "' " + why
                + " (pattern " + Names.REGEX + "); rename it in the catalog file");
    }

    /** The user's catalog file when present, else the bundled one. */
    public static LocalCatalog load() {
        Path user = Path.of(System.getProperty("user.home"), ".olimpus", "catalog.json");
        try {
            if (Files.isRegularFile(user)) return parse(Files.readString(user));
            return bundled();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LocalCatalog bundled() {
        try (InputStream in = LocalCatalog.class.getResourceAsStream("/io/olimpus/desktop/catalog.json")) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> flavorNames() { return List.copyOf(flavors.keySet()); }

    public List<String> images() { return images; }

    public List<String> zones() { return zones; }

    @Override public Optional<Resources> flavor(String name) {
        return Optional.ofNullable(flavors.get(name)).map(Flavor::resources);
    }

    @Override public boolean hasImage(String name) { return images.contains(name); }

    @Override public boolean hasZone(String name) { return zones.contains(name); }

    @Override public Optional<String> smallestFlavorCovering(Resources need) {
        return flavors.values().stream().filter(f -> f.resources().covers(need))
                .min(Comparator.comparingInt((Flavor f) -> f.resources().ramMb()).thenComparingInt(f -> f.resources().vcpus()))
                .map(Flavor::name);
    }
}
