package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.platform.linux.ssh.RemoteStream;
import io.olimpus.server.platform.linux.ssh.Script;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A student's SSH connection to a VM, relayed by the headnode: socat there connects to the VM's
 * port 22 from the headnode's leg on the VM's network (every slice network has one, addressed as
 * its gateway) and is joined to a channel of the headnode's kept-open SSH session, as the
 * consoles are to theirs. Nothing listens anywhere for it; the network's firewall lets the VM's
 * answers in ({@link Dnsmasq}'s rule for connections the headnode opened). The bytes are SSH's own,
 * end to end encrypted between the student's client and the VM.
 */
final class SshRelay implements Console {
    static final int SSH_PORT = 22;
    /** A VM that does not answer at all (stopped, still booting, firewalled) is reported after this long. */
    static final int CONNECT_SECONDS = 15;

    private final String vmName, address;
    private final RemoteStream stream;

    SshRelay(String vmName, String address, RemoteStream stream) {
        this.vmName = vmName;
        this.address = address;
        this.stream = stream;
    }

    /** socat from standard input and output to the address's port; the address is checked, never interpolated unchecked. */
    static Script script(String address, int port) {
        return Script.create().exec("socat", "-", "TCP:" + LinuxNames.requireIpv4("VM address", address) + ":" + port
                + ",connect-timeout=" + CONNECT_SECONDS);
    }

    @Override public InputStream in() { return stream.in(); }

    @Override public OutputStream out() { return stream.out(); }

    @Override public void close() { stream.close(); }

    /** socat's complaint, if it had one, said as what the student should do. */
    @Override
    public String endNote() {
        return why(vmName, address, stream.stderr());
    }

    /** Short enough for a WebSocket's close reason (123 bytes), which is how the student's client hears it. */
    static String why(String vmName, String address, String stderr) {
        if (stderr == null || stderr.isBlank()) return null;
        String vm = "VM '" + vmName + "'";
        if (stderr.contains("socat: not found") || stderr.contains("socat: command not found"))
            return "the headnode cannot relay SSH: socat is not installed there; ask the zone's admin";
        if (stderr.contains("Connection refused"))
            return vm + " refused SSH: no SSH server running (yet?); retry soon, or use its serial console";
        if (stderr.contains("timed out") || stderr.contains("No route to host") || stderr.contains("Host is unreachable"))
            return vm + " (" + address + ") did not answer on port " + SSH_PORT + ": stopped or still booting? Check its state";
        return vm + ": " + firstLine(stderr);
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() <= 160 ? line : line.substring(0, 160) + "…";
    }
}
