package io.olimpus.server.zones;

import io.olimpus.model.topology.Resources;

/**
 * A machine of a Linux zone that runs VMs: how the headnode reaches it over SSH (management
 * address and port, user, and a reference to the private key the headnode holds, never the key
 * itself), its capacity, whether QEMU may use KVM there, its address on the data network (the
 * VXLAN underlay), the folder where Olimpus keeps its state on it, and whether monitoring last
 * found it answering ({@code up}; true until monitoring says otherwise).
 */
public record Worker(long id, String zone, String name, String mgmtAddress, String sshUser, String sshKeyRef,
                     Resources capacity, boolean kvm, long createdAt,
                     String dataAddress, int sshPort, String stateRoot, boolean up) {
    public static final int DEFAULT_SSH_PORT = 22;
    public static final String DEFAULT_STATE_ROOT = "/var/lib/olimpus";
}
