package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.monitoring.WorkerSample;
import io.olimpus.server.platform.linux.ssh.LocalSshd;
import io.olimpus.server.platform.linux.ssh.SshSessions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinuxWorkerProbeTest {
    static final String ANSWER = """
            cpu  1000 0 500 8000 500 0 0 0 0 0
            MemTotal:        2048000 kB
            MemAvailable:    1024000 kB
            /dev/sda1         41152736 10288184  28750820      27% /var/lib/olimpus
            """;

    @Test
    void parsesProcAndDfAndComputesCpuOverTheIntervalSinceTheLastReading() {
        var first = LinuxWorkerProbe.parse(ANSWER);
        assertThat(first.memTotalKb()).isEqualTo(2048000);
        assertThat(first.diskUsedKb()).isEqualTo(10288184);
        var later = LinuxWorkerProbe.parse(ANSWER.replace("cpu  1000 0 500 8000 500", "cpu  1900 0 600 8500 500"));
        WorkerSample s = later.toSample("w1", java.time.Instant.EPOCH, first.cpu());
        // 1000 busy jiffies out of 1500 elapsed.
        assertThat(s.cpuPercent()).isEqualTo(66.7);
        assertThat(s.memUsedMb()).isEqualTo(1000);
        assertThat(s.diskTotalMb()).isEqualTo(40188);
        assertThat(first.toSample("w1", java.time.Instant.EPOCH, null).cpuPercent()).as("since boot").isEqualTo(15.0);
    }

    @Test
    void anUnexpectedAnswerIsAnErrorNamingWhatCameBack() {
        assertThatThrownBy(() -> LinuxWorkerProbe.parse("sh: head: not found")).hasMessageContaining("sh: head: not found");
    }

    @Test
    void readsARealHostOverSsh() throws Exception {
        try (LocalSshd sshd = LocalSshd.start();
             SshSessions ssh = new SshSessions(sshd.knownHosts, sshd.clientKey, Duration.ofSeconds(10))) {
            LinuxHost host = new LinuxHost("local", sshd.endpoint(), "198.18.0.99", false, "/nonexistent-olimpus-state");
            var probe = new LinuxWorkerProbe(id -> host, ssh, Clock.systemUTC());
            probe.probe("local");
            WorkerSample s = probe.probe("local");
            long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
            assertThat(s.memTotalMb()).isEqualTo(memTotalKb / 1024);
            assertThat(s.memUsedMb()).isBetween(1L, s.memTotalMb());
            assertThat(s.diskTotalMb()).isEqualTo(Path.of("/").toFile().getTotalSpace() / 1024 / 1024);
            assertThat(s.cpuPercent()).isBetween(0.0, 100.0);
            assertThat(ssh.roundTrips()).as("one round trip per reading").isEqualTo(2);
        }
    }
}
