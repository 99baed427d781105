package io.olimpus.server.engine.apply;

import io.olimpus.server.engine.driver.ResourceRef;

import java.util.List;

/**
 * The durable record of what exists for a slice. {@link #record} must be persisted before it
 * returns: that is what lets a restarted server find and undo a deploy it was killed in.
 */
public interface DeploymentJournal {
    void record(ResourceRef ref);

    void forget(ResourceRef ref);

    List<ResourceRef> resources();
}
