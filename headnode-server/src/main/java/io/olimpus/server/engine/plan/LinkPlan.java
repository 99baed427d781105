package io.olimpus.server.engine.plan;

import io.olimpus.model.topology.LinkImpairment;

import java.util.Objects;

/**
 * A link that misbehaves on purpose, as it will be shaped: its impairment with absent and 0 made
 * one. Only impaired links have one; every VM NIC that carries {@code linkId} is shaped by it.
 */
public record LinkPlan(String linkId, LinkImpairment impairment) {
    public LinkPlan {
        Objects.requireNonNull(linkId, "linkId");
        impairment = impairment == null ? LinkImpairment.NONE : impairment.normalized();
    }
}
