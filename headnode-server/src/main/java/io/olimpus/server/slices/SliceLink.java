package io.olimpus.server.slices;

/** A row of slice_links: a link between two nodes (VMs or switches) of a slice, by node id. */
public record SliceLink(long sliceId, String linkId, String aNodeId, String bNodeId) {}
