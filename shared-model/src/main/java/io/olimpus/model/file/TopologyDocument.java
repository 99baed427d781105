package io.olimpus.model.file;

import io.olimpus.model.topology.Topology;

import java.util.Objects;

/** What a topology file holds: the structure that is deployed and the presentation that is drawn. */
public record TopologyDocument(Topology topology, Presentation presentation) {
    public TopologyDocument {
        Objects.requireNonNull(topology, "topology");
        if (presentation == null) presentation = Presentation.EMPTY;
    }

    public static TopologyDocument of(Topology topology) { return new TopologyDocument(topology, Presentation.EMPTY); }
}
