package io.olimpus.server.catalog;

import io.olimpus.model.topology.Resources;

/** A VM size: vCPUs, RAM in MB, disk in GB. */
public record Flavor(long id, String name, int vcpus, int ramMb, int diskGb, long createdAt) {
    public Resources resources() { return new Resources(vcpus, ramMb, diskGb); }
}
