package io.olimpus.server.deploy;

import io.olimpus.server.engine.apply.DeploymentJournal;
import io.olimpus.server.engine.driver.ResourceRef;

import java.time.Clock;
import java.util.List;

/** The engine's journal for one slice, written through to the database before each step goes on. */
final class DbJournal implements DeploymentJournal {
    private final DeploymentStore store;
    private final long sliceId;
    private final long jobId;
    private final Clock clock;

    DbJournal(DeploymentStore store, long sliceId, long jobId, Clock clock) {
        this.store = store;
        this.sliceId = sliceId;
        this.jobId = jobId;
        this.clock = clock;
    }

    @Override public void record(ResourceRef ref) { store.recordResource(sliceId, jobId, ref, clock.millis()); }

    @Override public void forget(ResourceRef ref) { store.forgetResource(sliceId, ref); }

    @Override public List<ResourceRef> resources() { return store.resources(sliceId); }
}
