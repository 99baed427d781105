package io.olimpus.server.catalog;

import io.olimpus.model.topology.Resources;
import io.olimpus.model.validation.Catalog;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneStore;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalog as one validation sees it: read once, so a design is checked against one consistent state. */
public final class CatalogSnapshot implements Catalog {
    private final Map<String, Flavor> flavors;
    private final Set<String> readyImages;
    private final Map<String, Long> virtualSizes;
    private final Set<String> zones;

    public CatalogSnapshot(List<Flavor> flavors, List<Image> images, List<Zone> zones) {
        this.flavors = flavors.stream().collect(Collectors.toMap(Flavor::name, Function.identity()));
        this.readyImages = images.stream().filter(Image::ready).map(Image::name).collect(Collectors.toSet());
        this.virtualSizes = images.stream().filter(i -> i.virtualSizeBytes() != null).collect(Collectors.toMap(Image::name, Image::virtualSizeBytes));
        this.zones = zones.stream().map(Zone::name).collect(Collectors.toSet());
    }

    public static CatalogSnapshot read(FlavorStore flavors, ImageStore images, ZoneStore zones) {
        return new CatalogSnapshot(flavors.all(), images.all(), zones.all());
    }

    public Optional<Flavor> flavorRow(String name) { return Optional.ofNullable(flavors.get(name)); }

    @Override public Optional<Resources> flavor(String name) { return flavorRow(name).map(Flavor::resources); }

    @Override public boolean hasImage(String name) { return readyImages.contains(name); }

    @Override
    public OptionalLong imageVirtualSizeBytes(String name) {
        Long size = virtualSizes.get(name);
        return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    @Override public boolean hasZone(String name) { return zones.contains(name); }

    @Override
    public Optional<String> smallestFlavorCovering(Resources need) {
        return flavors.values().stream().filter(f -> f.resources().covers(need))
                .min(Comparator.comparingInt(Flavor::vcpus).thenComparingInt(Flavor::ramMb).thenComparingInt(Flavor::diskGb).thenComparing(Flavor::name))
                .map(Flavor::name);
    }
}
