package io.olimpus.model.validation;

import io.olimpus.model.topology.Resources;

import java.util.Optional;

/** What the catalog check needs to know; the server answers from its database, the desktop from a file. */
public interface Catalog {
    Optional<Resources> flavor(String name);

    boolean hasImage(String name);

    boolean hasZone(String name);

    /** The smallest flavor that covers a requirement (for designs imported with raw sizes). */
    Optional<String> smallestFlavorCovering(Resources need);
}
