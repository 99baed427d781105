package io.olimpus.server.slices;

/** A row of slice_vms: one VM of a slice with its flavor already resolved to resources. zone null = the slice's zone. */
public record SliceVm(long sliceId, String nodeId, String name, String flavor, String image, String zone, boolean internet,
                      int vcpus, int ramMb, int diskGb) {}
