package io.olimpus.server.engine.driver;

import io.olimpus.server.engine.guest.GuestAccess;
import io.olimpus.server.engine.plan.DeploymentPlan;

/**
 * What a driver knows about the slice it is working on: who it is, the plan being applied, and
 * how its owner gets into the VMs this job creates ({@link GuestAccess#NONE} for jobs that create none).
 */
public record SliceContext(String sliceId, String sliceName, DeploymentPlan plan, GuestAccess guest) {
    public SliceContext {
        if (guest == null) guest = GuestAccess.NONE;
    }

    public SliceContext(String sliceId, String sliceName, DeploymentPlan plan) {
        this(sliceId, sliceName, plan, GuestAccess.NONE);
    }
}
