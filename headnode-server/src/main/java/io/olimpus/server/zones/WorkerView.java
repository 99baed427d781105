package io.olimpus.server.zones;

import io.olimpus.model.topology.Resources;

/** A worker as the API shows it: its record plus what monitoring last saw (when, and why it is down). */
public record WorkerView(long id, String zone, String name, String mgmtAddress, int sshPort, String sshUser, String sshKeyRef,
                         String dataAddress, String stateRoot, Resources capacity, boolean kvm, long createdAt,
                         boolean up, Long lastSeenAt, String downReason) {
    static WorkerView of(Worker w, Long lastSeenAt, String downReason) {
        return new WorkerView(w.id(), w.zone(), w.name(), w.mgmtAddress(), w.sshPort(), w.sshUser(), w.sshKeyRef(), w.dataAddress(),
                w.stateRoot(), w.capacity(), w.kvm(), w.createdAt(), w.up(), lastSeenAt, w.up() ? null : downReason);
    }
}
