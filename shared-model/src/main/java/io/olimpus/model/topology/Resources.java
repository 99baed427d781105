package io.olimpus.model.topology;

/** An amount of compute: vCPUs, RAM in MB and disk in GB. Used for flavors, requirements and capacity. */
public record Resources(int vcpus, int ramMb, int diskGb) {
    public static final Resources ZERO = new Resources(0, 0, 0);

    public Resources {
        if (vcpus < 0 || ramMb < 0 || diskGb < 0)
            throw new IllegalArgumentException("resources must not be negative: " + vcpus + " vCPU, " + ramMb + " MB, " + diskGb + " GB");
    }

    public Resources plus(Resources o) {
        return new Resources(vcpus + o.vcpus, ramMb + o.ramMb, diskGb + o.diskGb);
    }

    /** True when every dimension of {@code need} fits into this. */
    public boolean covers(Resources need) {
        return vcpus >= need.vcpus && ramMb >= need.ramMb && diskGb >= need.diskGb;
    }
}
