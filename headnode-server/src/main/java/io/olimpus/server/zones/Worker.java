package io.olimpus.server.zones;

import io.olimpus.model.topology.Resources;

/**
 * A machine of a Linux zone that runs VMs: how the headnode reaches it over SSH (management
 * address, user, and a reference to the private key the headnode holds, never the key itself),
 * its capacity, and whether QEMU may use KVM there.
 */
public record Worker(long id, String zone, String name, String mgmtAddress, String sshUser, String sshKeyRef,
                     Resources capacity, boolean kvm, long createdAt) {}
