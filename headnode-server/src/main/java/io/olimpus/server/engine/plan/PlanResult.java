package io.olimpus.server.engine.plan;

import io.olimpus.model.validation.Problem;

import java.util.List;

/** A plan with its difference against what runs, or the reasons there can be none. */
public sealed interface PlanResult {
    record Planned(DeploymentPlan plan, PlanDiff diff) implements PlanResult {}

    record Refused(List<Problem> problems) implements PlanResult {
        public Refused { problems = List.copyOf(problems); }
    }
}
