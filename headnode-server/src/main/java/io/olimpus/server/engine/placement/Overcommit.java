package io.olimpus.server.engine.placement;

import io.olimpus.model.topology.Resources;

/**
 * How much more than its physical capacity a worker may promise, per resource. vCPUs are commonly
 * overcommitted (students' VMs idle most of the time); RAM and disk are not by default.
 */
public record Overcommit(double cpu, double ram, double disk) {
    public static final Overcommit DEFAULT = new Overcommit(4.0, 1.0, 1.0);
    public static final Overcommit NONE = new Overcommit(1.0, 1.0, 1.0);

    public Overcommit {
        if (!(cpu >= 1.0 && ram >= 1.0 && disk >= 1.0) || cpu > 64 || ram > 64 || disk > 64)
            throw new IllegalArgumentException("overcommit ratios must be between 1 and 64, got cpu " + cpu + ", ram " + ram + ", disk " + disk);
    }

    /** The capacity the scheduler may hand out. */
    public Resources apply(Resources physical) {
        return new Resources((int) Math.floor(physical.vcpus() * cpu), (int) Math.floor(physical.ramMb() * ram),
                (int) Math.floor(physical.diskGb() * disk));
    }
}
