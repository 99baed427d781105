package io.olimpus.server.platform.linux;

import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.platform.FakeZones;
import io.olimpus.server.platform.linux.ssh.LocalSshd;
import io.olimpus.server.zones.HostCheck;
import io.olimpus.server.zones.SettingsBody;
import io.olimpus.server.zones.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static io.olimpus.server.http.Json.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinuxPlatformTest {
    @TempDir Path data;
    final FakeZones zones = new FakeZones();
    LinuxPlatform linux;
    Zone lab;

    @BeforeEach
    void start() throws Exception {
        linux = new LinuxPlatform(zones, null, data, Clock.systemUTC());
        lab = zones.zone("lab", LinuxPlatform.ID, null);
        Files.createDirectories(data.resolve("refs"));
        Files.writeString(data.resolve("refs/known_hosts"), "");
        Files.writeString(data.resolve("refs/key"), "not a key\n");
    }

    @AfterEach
    void stop() { linux.close(); }

    static LinuxZoneSettings settings(String address, int port, String key, String knownHosts) {
        return new LinuxZoneSettings(DataPlane.LINUX_BRIDGE, PlacementStrategy.PACK, Overcommit.DEFAULT, "10.64.0.0/16", 24, 100, 200,
                new LinuxZoneSettings.Headnode("head", address, port, System.getProperty("user.name"), key, address, "/var/lib/olimpus"), "eth0", knownHosts);
    }

    @Test
    void aLinuxZoneHasWorkersAndNoNovaAz() {
        assertThat(linux.hasWorkers()).isTrue();
        assertThat(linux.novaAz("lab", null)).isNull();
        assertThatThrownBy(() -> linux.novaAz("lab", "nova")).isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.field()).isEqualTo("novaAz"));
    }

    @Test
    void acceptedSettingsAreStoredAsGivenAndShownWhole() {
        var body = MAPPER.valueToTree(Map.of("dataPlane", "OVS", "addressPool", "10.64.0.0/16", "subnetPrefix", 24, "firstSegmentId", 1,
                "lastSegmentId", 10, "knownHostsRef", "refs/known_hosts",
                "headnode", Map.of("name", "head", "mgmtAddress", "192.168.1.5", "sshUser", "olimpus", "sshKeyRef", "refs/key")));
        var a = linux.accept(lab, new SettingsBody((com.fasterxml.jackson.databind.JsonNode) body), Optional.empty());
        assertThat(a.secret()).isNull();
        var stored = zones.settings(lab, a.settings(), a.secret());
        assertThat(linux.view(stored)).isEqualTo(a.settings());
        assertThat(linux.settings("lab")).contains((LinuxZoneSettings) a.settings());
        assertThat(linux.settings("nosuch")).isEmpty();
    }

    @Test
    void aZoneWithoutSettingsWorkersOrReadableKeysIsNotReady() {
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessageContaining("has no Linux settings yet");
        zones.settings(lab, settings("127.0.0.1", 22, "refs/key", "refs/known_hosts"), null);
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessage("zone 'lab' has no workers");
        zones.worker(lab, "w1", "127.0.0.1", "refs/missing");
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class)
                .hasMessage("the SSH key '" + data.resolve("refs/missing") + "' of zone 'lab' cannot be read");
    }

    @Test
    void aKeyThatIsNotAKeyFailsEveryHostOfTheCheckAndTheBackend() {
        zones.settings(lab, settings("127.0.0.1", 22, "refs/key", "refs/known_hosts"), null);
        zones.worker(lab, "w1", "127.0.0.1", "refs/key");
        var hosts = linux.check(lab, zones.settings("lab").orElseThrow());
        assertThat(hosts).extracting(HostCheck::host).containsExactly("head", "w1");
        assertThat(hosts).allSatisfy(h -> {
            assertThat(h.ok()).isFalse();
            assertThat(h.detail()).contains(data.resolve("refs/key").toString());
        });
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessageStartingWith("zone 'lab': ").hasMessageContaining(data.resolve("refs/key").toString());
    }

    @Test
    void checkProbeAndBackendReachTheZoneThroughItsPool() throws Exception {
        try (LocalSshd sshd = LocalSshd.start()) {
            zones.settings(lab, settings("127.0.0.1", sshd.port, sshd.clientKey.toString(), sshd.knownHosts.toString()), null);
            var w = zones.worker(lab, "w1", "127.0.0.1", sshd.port, System.getProperty("user.name"), sshd.clientKey.toString(), "/nonexistent-olimpus-state");
            assertThat(linux.check(lab, zones.settings("lab").orElseThrow())).allMatch(HostCheck::ok);
            assertThat(linux.workerProbe().orElseThrow().probe(Long.toString(w.id())).memTotalMb()).isPositive();
            ZoneBackend b = linux.open(lab);
            assertThat(b.policy().strategy()).isEqualTo(PlacementStrategy.PACK);
            assertThat(b.workers()).extracting(c -> c.workerId()).containsExactly("w1");
        }
    }
}
