package io.olimpus.server.catalog;

/** What the catalog asks of the slices before deleting something: how many slices use it. */
public interface CatalogUsage {
    long slicesUsingFlavor(String flavor);

    long slicesUsingImage(String image);

    long slicesInZone(String zone);
}
