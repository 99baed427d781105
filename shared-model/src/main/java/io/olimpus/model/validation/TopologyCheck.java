package io.olimpus.model.validation;

import io.olimpus.model.topology.Topology;

import java.util.List;

/**
 * A check that needs knowledge the model does not have (the catalog, quotas, capacity). The server
 * supplies these; the validator runs them after its own structural checks.
 */
@FunctionalInterface
public interface TopologyCheck {
    List<Problem> check(Topology topology);
}
