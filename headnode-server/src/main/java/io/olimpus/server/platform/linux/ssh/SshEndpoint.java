package io.olimpus.server.platform.linux.ssh;

import io.olimpus.model.topology.Names;

/** How to reach a host over SSH. The name is the host's name in Olimpus (validated); the address is where sshd listens. */
public record SshEndpoint(String name, String address, int port, String user) {
    public SshEndpoint {
        Names.require("host name", name);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is not a TCP port");
        if (user == null || !user.matches("[a-z_][a-z0-9_-]{0,31}")) throw new IllegalArgumentException("SSH user '" + user + "' is not a valid user name");
        if (address == null || !address.matches("[A-Za-z0-9.:-]{1,253}")) throw new IllegalArgumentException("address '" + address + "' is not a host name or IP address");
    }
}
