package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.LocalSshd;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A student's SSH to a VM is socat on the headnode joined to the headnode's SSH session: the
 * script names only a checked address, and through a real OpenSSH server and socat the bytes go
 * both ways to the port; a port that refuses is said in the student's words.
 */
class SshRelayTest {
    static final VmPlan VM = new VmPlan("v1", "vm1", "w1", "tiny", new Resources(1, 128, 1), "img", false,
            List.of(new NicPlan(0, "l1", "net-a", "52:54:00:00:00:01", "10.1.0.2")));
    static final SliceContext SLICE = new SliceContext("s42", "demo", new DeploymentPlan("demo", "z", List.of(), List.of(VM)));

    @Test
    void theRelayIsSocatOnTheHeadnodeToTheVmsPort22() {
        RecordingHosts hosts = new RecordingHosts();
        LinuxClusterDriver driver = Fixture.driver(DataPlane.OVS, hosts);
        assertThat(driver.offersSshRelay()).isTrue();
        try (Console c = driver.sshRelay(SLICE, VM, "10.1.0.2")) {
            assertThat(hosts.on("hn")).containsExactly("exec socat - TCP:10.1.0.2:22,connect-timeout=15\n");
        }
        assertThat(hosts.on("w1")).isEmpty();
        // Only an address reaches the shell.
        assertThatThrownBy(() -> driver.sshRelay(SLICE, VM, "10.1.0.2;reboot")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.sshRelay(SLICE, VM, "vm1.example")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void socatOnTheHeadnodeCarriesTheBytesBothWaysAndARefusalIsSaid() throws Exception {
        try (LocalSshd sshd = LocalSshd.start();
             SshSessions ssh = new SshSessions(sshd.knownHosts, sshd.clientKey, Duration.ofSeconds(10));
             ServerSocket vmSshd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SshEndpoint head = sshd.endpoint();
            Thread vm = new Thread(() -> {
                try (Socket s = vmSshd.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] hello = s.getInputStream().readNBytes(21);
                    s.getOutputStream().write(("got " + new String(hello, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                } catch (Exception ignored) { /* the assertions below notice */ }
            });
            vm.start();
            try (Console c = new SshRelay("vm1", "127.0.0.1", ssh.stream(head, SshRelay.script("127.0.0.1", vmSshd.getLocalPort())))) {
                assertThat(new String(c.in().readNBytes(21), StandardCharsets.US_ASCII)).isEqualTo("SSH-2.0-OpenSSH_9.2\r\n");
                c.out().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                c.out().flush();
                assertThat(new String(c.in().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("got SSH-2.0-OpenSSH_9.6\r\n");
                assertThat(c.endNote()).as("the VM closed: nothing to complain of").isNull();
            }
            vm.join(5_000);

            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { closed = s.getLocalPort(); }
            try (Console c = new SshRelay("vm1", "127.0.0.1", ssh.stream(head, SshRelay.script("127.0.0.1", closed)))) {
                assertThat(c.in().read()).isEqualTo(-1);
                assertThat(c.endNote()).isEqualTo("VM 'vm1' refused SSH: no SSH server running (yet?); retry soon, or use its serial console");
            }
        }
    }

    @Test
    void whatSocatSaidBecomesWhatToDo() {
        assertThat(SshRelay.why("vm1", "10.1.0.2", "")).isNull();
        assertThat(SshRelay.why("vm1", "10.1.0.2", "2026/12/07 socat[9] E connect(5, AF=2 10.1.0.2:22, 16): Connection timed out"))
                .isEqualTo("VM 'vm1' (10.1.0.2) did not answer on port 22: stopped or still booting? Check its state");
        assertThat(SshRelay.why("vm1", "10.1.0.2", "sh: 1: exec: socat: not found"))
                .isEqualTo("the headnode cannot relay SSH: socat is not installed there; ask the zone's admin");
        assertThat(SshRelay.why("vm1", "10.1.0.2", "something else\nand more")).isEqualTo("VM 'vm1': something else");
        // Every sentence fits a WebSocket close reason (123 bytes) with the longest VM name.
        String longest = "v".repeat(io.olimpus.model.topology.Names.MAX_LENGTH);
        for (String err : List.of("Connection refused", "Connection timed out", "socat: not found"))
            assertThat(SshRelay.why(longest, "198.18.255.254", err).getBytes(StandardCharsets.UTF_8).length).as(err).isLessThanOrEqualTo(123);
    }
}
