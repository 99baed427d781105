package io.olimpus.server.engine.apply;

import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.VmEvidence;
import io.olimpus.server.engine.driver.VmState;

/** What a running job tells its watchers (streamed to clients, kept for polling). */
public sealed interface DeployEvent {
    record Progress(int done, int total, String step) implements DeployEvent {}

    record VmChanged(String vmId, String vmName, VmState state, String detail) implements DeployEvent {}

    record ResourceCreated(ResourceRef ref) implements DeployEvent {}

    record ResourceDeleted(ResourceRef ref) implements DeployEvent {}

    record RollingBack(String reason) implements DeployEvent {}

    /**
     * What a failed VM left (its console's end), read before the rollback deletes it: kept with the
     * job, apart from its events (it is larger than an event), and read on request.
     */
    record EvidenceCollected(String vmId, String vmName, VmEvidence evidence) implements DeployEvent {}

    record Finished(JobOutcome outcome, String message) implements DeployEvent {}
}
