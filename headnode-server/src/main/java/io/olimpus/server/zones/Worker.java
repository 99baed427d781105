package io.olimpus.server.zones;

import io.olimpus.model.topology.Resources;

import java.util.regex.Pattern;

/**
 * A machine of a zone that runs VMs itself (a Linux cluster's; see {@link ZonePlatform#hasWorkers()}):
 * how the headnode reaches it over SSH (management address and port, user, and a reference to the private key the headnode holds, never the key
 * itself), its capacity, whether QEMU may use KVM there, its address on the data network (the
 * VXLAN underlay), the folder where Olimpus keeps its state on it, and whether monitoring last
 * found it answering ({@code up}; true until monitoring says otherwise).
 */
public record Worker(long id, String zone, String name, String mgmtAddress, String sshUser, String sshKeyRef,
                     Resources capacity, boolean kvm, long createdAt,
                     String dataAddress, int sshPort, String stateRoot, boolean up) {
    public static final int DEFAULT_SSH_PORT = 22;
    public static final String DEFAULT_STATE_ROOT = "/var/lib/olimpus";
    /** A host name or an IPv4/IPv6 literal: letters, digits, '.', ':' and '-' only. */
    public static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$");
    public static final Pattern SSH_USER = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");
    /** A key name or path under the headnode's data folder: no spaces (and no "..", checked apart). */
    public static final Pattern KEY_REF = Pattern.compile("^[A-Za-z0-9._/-]{1,255}$");
}
