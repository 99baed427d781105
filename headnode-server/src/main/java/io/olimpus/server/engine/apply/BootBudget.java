package io.olimpus.server.engine.apply;

import io.olimpus.server.engine.driver.SliceDriver;
import io.olimpus.server.engine.plan.VmPlan;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long a VM may take from its launch to RUNNING before the deploy calls it failed. This is
 * the one place that decides it: the image's own budget when an admin set one (a systemd disk
 * boots for minutes where the test bed's kernel+initrd guest takes seconds), else the zone's
 * for the VM's host (the driver knows a KVM worker from a TCG one), else {@link #DEFAULT}.
 */
public final class BootBudget {
    public static final Duration DEFAULT = Duration.ofSeconds(180);
    /** Bounds of any budget an admin sets (image or zone): a guest needs seconds at the least; an hour is beyond any boot. */
    public static final int MIN_SECONDS = 10, MAX_SECONDS = 3600;

    private final Function<String, Optional<Duration>> byImage;
    private final Duration fixed;

    private BootBudget(Function<String, Optional<Duration>> byImage, Duration fixed) {
        this.byImage = byImage;
        this.fixed = fixed;
    }

    /** @param byImage an image's budget by image name, empty when its admin set none */
    public static BootBudget fromCatalog(Function<String, Optional<Duration>> byImage) {
        return new BootBudget(byImage, null);
    }

    /** The same budget for every VM, whatever its image and zone say: for driver tests and benchmarks that drive the runner alone. */
    public static BootBudget fixed(Duration budget) {
        return new BootBudget(name -> Optional.empty(), budget);
    }

    public Duration of(VmPlan vm, SliceDriver driver) {
        if (fixed != null) return fixed;
        Optional<Duration> image = vm.image() == null ? Optional.empty() : byImage.apply(vm.image());
        if (image.isPresent()) return image.get();
        return driver.bootBudget(vm).orElse(DEFAULT);
    }
}
