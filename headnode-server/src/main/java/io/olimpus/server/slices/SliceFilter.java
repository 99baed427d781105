package io.olimpus.server.slices;

/** What a slice list is narrowed to; null fields do not narrow. {@code namePrefix} matches the start of the name. */
public record SliceFilter(Long ownerId, SliceStatus status, String zone, String namePrefix) {}
