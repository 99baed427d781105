package io.olimpus.server.slices;

/**
 * A slice's row without its design document: what lists show. {@code vcpus} and {@code ramMb}
 * are the sums over its VMs' flavors.
 */
public record Slice(long id, long ownerId, String owner, String name, String zone, SliceStatus status,
                    int vmCount, int vcpus, int ramMb, int version, long createdAt, long updatedAt) {}
