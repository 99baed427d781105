package io.olimpus.server.slices;

/** A row of slice_switches. */
public record SliceSwitch(long sliceId, String nodeId, String name) {}
