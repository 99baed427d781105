package io.olimpus.server.engine.plan;

import io.olimpus.model.topology.LinkImpairment;

/**
 * A running link whose impairment changes: made in place on its ports, so no VM is replaced.
 * {@link #describe} is the diff's line: "link l3: delay 0 -> 50 ms".
 */
public record LinkChange(String linkId, LinkImpairment before, LinkImpairment after) {
    public String describe() {
        return "link " + linkId + ": " + String.join(", ", after.changesFrom(before));
    }
}
