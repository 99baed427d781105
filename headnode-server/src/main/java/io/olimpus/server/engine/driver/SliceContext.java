package io.olimpus.server.engine.driver;

import io.olimpus.server.engine.plan.DeploymentPlan;

/** What a driver knows about the slice it is working on: who it is and the plan being applied. */
public record SliceContext(String sliceId, String sliceName, DeploymentPlan plan) {}
