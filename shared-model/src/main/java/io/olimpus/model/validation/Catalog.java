package io.olimpus.model.validation;

import io.olimpus.model.topology.Resources;

import java.util.Optional;
import java.util.OptionalLong;

/** What the catalog check needs to know; the server answers from its database, the desktop from a file. */
public interface Catalog {
    Optional<Resources> flavor(String name);

    boolean hasImage(String name);

    /** A disk image's size as its guest sees it, which a VM's flavor disk must hold; empty when unknown (or not a disk). */
    default OptionalLong imageVirtualSizeBytes(String name) { return OptionalLong.empty(); }

    boolean hasZone(String name);

    /** The smallest flavor that covers a requirement (for designs imported with raw sizes). */
    Optional<String> smallestFlavorCovering(Resources need);
}
