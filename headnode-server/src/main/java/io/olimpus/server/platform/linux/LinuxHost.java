package io.olimpus.server.platform.linux;

import io.olimpus.server.platform.linux.ssh.SshEndpoint;

/**
 * A machine of the cluster: how to reach it, its address on the data network (the VXLAN
 * underlay), whether QEMU may use KVM there, and the folder where Olimpus keeps its state on it.
 */
public record LinuxHost(String id, SshEndpoint ssh, String dataAddress, boolean kvm, String stateRoot) {
    public LinuxHost {
        LinuxNames.requireIpv4("data address of " + ssh.name(), dataAddress);
        LinuxNames.requirePath("state folder of " + ssh.name(), stateRoot);
    }

    public String name() { return ssh.name(); }
}
