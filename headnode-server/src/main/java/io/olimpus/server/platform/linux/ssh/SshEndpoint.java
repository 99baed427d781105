package io.olimpus.server.platform.linux.ssh;

import io.olimpus.model.topology.Names;

/**
 * How to reach a host over SSH. The name is the host's name in Olimpus (validated); the address is where sshd listens.
 * {@code sudo}: every script runs through {@code sudo -n} (the driver's commands need root: ip, iptables, taps,
 * QEMU, dnsmasq). A host reached as a user other than root gets it: such a user can run none of them itself,
 * and a cluster's admins often allow SSH only to a user with passwordless sudo.
 */
public record SshEndpoint(String name, String address, int port, String user, boolean sudo) {
    public static final String ROOT = "root";

    public SshEndpoint {
        Names.require("host name", name);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is not a TCP port");
        if (user == null || !user.matches("[a-z_][a-z0-9_-]{0,31}")) throw new IllegalArgumentException("SSH user '" + user + "' is not a valid user name");
        if (address == null || !address.matches("[A-Za-z0-9.:-]{1,253}")) throw new IllegalArgumentException("address '" + address + "' is not a host name or IP address");
    }

    /** A cluster host: through sudo unless the user is root. */
    public SshEndpoint(String name, String address, int port, String user) {
        this(name, address, port, user, !ROOT.equals(user));
    }
}
