package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.platform.linux.ssh.LocalSshd;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import org.junit.jupiter.api.Test;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Linux driver finds a VM's VNC socket in its folder on its worker and streams it over SSH. */
class LinuxConsoleTest {
    @Test
    void theConsoleIsTheVmsVncSocketOnItsWorker() throws Exception {
        Path state = Files.createTempDirectory("olimpus-state");
        try (LocalSshd sshd = LocalSshd.start();
             SshSessions ssh = new SshSessions(sshd.knownHosts, sshd.clientKey, Duration.ofSeconds(10))) {
            SshEndpoint e = sshd.endpoint();
            LinuxHost worker = new LinuxHost("w1", e, "198.18.0.11", false, state.toString());
            LinuxHost head = new LinuxHost("hn", new SshEndpoint("hn", e.address(), e.port(), e.user()), "198.18.0.10", false, state.toString());
            LinuxClusterDriver driver = new LinuxClusterDriver(new LinuxZone(DataPlane.LINUX_BRIDGE, head, Map.of("w1", worker), "eth0"), ssh, null);
            VmPlan vm = new VmPlan("v1", "vm1", "w1", "tiny", new Resources(1, 128, 1), "img", false, List.of());
            SliceContext slice = new SliceContext("s42", "demo", new DeploymentPlan("demo", "z", List.of(), List.of(vm)));

            assertThatThrownBy(() -> driver.console(slice, vm)).isInstanceOf(DriverException.class)
                    .hasMessage("VM 'vm1' has no console on local (is it stopped?)");

            Path dir = Files.createDirectories(state.resolve("vms/s42--vm1"));
            try (ServerSocketChannel vnc = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                vnc.bind(UnixDomainSocketAddress.of(dir.resolve("vnc.sock")));
                Thread qemu = new Thread(() -> {
                    try (SocketChannel c = vnc.accept()) {
                        c.write(ByteBuffer.wrap("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)));
                        c.read(ByteBuffer.allocate(12));
                    } catch (Exception ignored) { /* the assertions below notice */ }
                });
                qemu.start();
                try (Console c = driver.console(slice, vm)) {
                    assertThat(new String(c.in().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
                    c.out().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
                    c.out().flush();
                    assertThat(c.in().read()).isEqualTo(-1);
                }
                qemu.join(5_000);
            }
        }
    }
}
