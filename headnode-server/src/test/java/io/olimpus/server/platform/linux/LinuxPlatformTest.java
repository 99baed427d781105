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
    KeyFolder keys;
    Zone lab;

    @BeforeEach
    void start() throws Exception {
        keys = KeyFolder.in(data).create();
        linux = new LinuxPlatform(zones, null, keys, Clock.systemUTC());
        lab = zones.zone("lab", LinuxPlatform.ID, null);
        Files.createDirectories(keys.root().resolve("refs"));
        Files.writeString(keys.root().resolve("refs/known_hosts"), "");
        Files.writeString(keys.root().resolve("refs/key"), "not a key\n");
    }

    /** Copies a file into the keys folder, as an admin does; returns its reference. */
    String intoKeys(Path file, String ref) throws Exception {
        Files.copy(file, keys.root().resolve(ref), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return ref;
    }

    @AfterEach
    void stop() { linux.close(); }

    static LinuxZoneSettings settings(String address, int port, String key, String knownHosts) {
        return new LinuxZoneSettings(DataPlane.LINUX_BRIDGE, PlacementStrategy.PACK, Overcommit.DEFAULT, "10.64.0.0/16", 24, 100, 200,
                new LinuxZoneSettings.Headnode("head", address, port, System.getProperty("user.name"), key, address, "/var/lib/olimpus"), "eth0", knownHosts, null, 20);
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
                "lastSegmentId", 10, "knownHostsRef", "refs/known_hosts", "uplinkInterface", "eth0",
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
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessageStartingWith("zone 'lab' has no workers");
        zones.worker(lab, "w1", "127.0.0.1", "refs/missing");
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class)
                .hasMessageStartingWith("zone 'lab': the SSH key of worker 'w1' 'refs/missing' is not a readable file in the keys folder " + keys.root());
    }

    @Test
    void aKeyThatIsNotAKeyFailsEveryHostOfTheCheckAndTheBackend() {
        zones.settings(lab, settings("127.0.0.1", 22, "refs/key", "refs/known_hosts"), null);
        zones.worker(lab, "w1", "127.0.0.1", "refs/key");
        var hosts = linux.check(lab, zones.settings("lab").orElseThrow());
        assertThat(hosts).extracting(HostCheck::host).containsExactly("head", "w1");
        assertThat(hosts).allSatisfy(h -> {
            assertThat(h.ok()).isFalse();
            assertThat(h.detail()).contains(keys.root().resolve("refs/key").toString());
        });
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessageStartingWith("zone 'lab': ").hasMessageContaining(keys.root().resolve("refs/key").toString());
    }

    @Test
    void checkProbeAndBackendReachTheZoneThroughItsPool() throws Exception {
        try (LocalSshd sshd = LocalSshd.start()) {
            String key = intoKeys(sshd.clientKey, "client_ed25519"), known = intoKeys(sshd.knownHosts, "known_hosts");
            zones.settings(lab, settings("127.0.0.1", sshd.port, key, known), null);
            var w = zones.worker(lab, "w1", "127.0.0.1", sshd.port, System.getProperty("user.name"), key, "/nonexistent-olimpus-state");
            // Every host answered the prerequisites probe through the pool; whether this machine has
            // QEMU, dnsmasq or an eth0 is not this test's (LinuxZoneCheckE2ETest checks them on the bed).
            assertThat(linux.check(lab, zones.settings("lab").orElseThrow())).allSatisfy(h -> assertThat(h.detail()).startsWith("answered: Linux"));
            assertThat(linux.workerProbe().orElseThrow().probe(Long.toString(w.id())).memTotalMb()).isPositive();
            ZoneBackend b = linux.open(lab);
            assertThat(b.policy().strategy()).isEqualTo(PlacementStrategy.PACK);
            assertThat(b.workers()).extracting(c -> c.workerId()).containsExactly("w1");
        }
    }

    /** A real private key (OpenSSH format) in the keys folder; no host accepts it, none is asked. */
    String realKey(String ref) throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        try (var out = Files.newOutputStream(keys.root().resolve(ref))) {
            org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(gen.generateKeyPair(), "olimpus-test", null, out);
        }
        return ref;
    }

    static LinuxZoneSettings withUplink(LinuxZoneSettings s, String uplink) {
        return new LinuxZoneSettings(s.dataPlane(), s.strategy(), s.overcommit(), s.addressPool(), s.subnetPrefix(), s.firstSegmentId(), s.lastSegmentId(),
                s.headnode(), uplink, s.knownHostsRef(), s.bootSeconds(), s.imageCacheGb());
    }

    @Test
    void settingsAnOlderVersionStoredMakeTheZoneNotReadyNamingTheSettingNeverAServerFault() throws Exception {
        String key = realKey("refs/real_key");
        zones.worker(lab, "w1", "127.0.0.1", key);
        // Stored with an uplink that is no interface name: the engine would refuse it inside a job.
        zones.settings(lab, withUplink(settings("127.0.0.1", 22, key, "refs/known_hosts"), "eth0 up"), null);
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class)
                .hasMessageContaining("uplinkInterface").hasMessageContaining("PUT /api/v1/zones/lab/settings");
        // Stored without one: a zone without internet, ready.
        zones.settings(lab, withUplink(settings("127.0.0.1", 22, key, "refs/known_hosts"), null), null);
        assertThat(linux.open(lab).workers()).extracting(c -> c.workerId()).containsExactly("w1");
        // A key by absolute path (older versions took any): not read, and the admin is told where keys go now.
        zones.settings(lab, settings("127.0.0.1", 22, keys.root().resolve(key).toString(), "refs/known_hosts"), null);
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class)
                .hasMessageContaining("headnode.sshKeyRef").hasMessageContaining("not an absolute path");
        var oldWorker = zones.worker(lab, "w2", "127.0.0.1", keys.root().resolve(key).toString());
        zones.settings(lab, settings("127.0.0.1", 22, key, "refs/known_hosts"), null);
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class)
                .hasMessageContaining("the SSH key of worker 'w2'").hasMessageContaining("keys folder " + keys.root());
        zones.deleteWorker(oldWorker.id());
        // A pool that holds a host's address, or a special-use range.
        zones.settings(lab, new LinuxZoneSettings(DataPlane.LINUX_BRIDGE, PlacementStrategy.PACK, Overcommit.DEFAULT, "127.0.0.0/8", 24, 100, 200,
                new LinuxZoneSettings.Headnode("head", "127.0.0.1", 22, "olimpus", key, "127.0.0.1", "/var/lib/olimpus"), "eth0", "refs/known_hosts", null, 20), null);
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessageContaining("addressPool");
        // Settings this version cannot read at all.
        zones.putRaw(lab, "{\"dataPlane\":\"OVS\",\"colour\":\"blue\"}");
        assertThatThrownBy(() -> linux.open(lab)).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessageContaining("cannot be read by this version");
        // Corrected, the zone opens.
        zones.settings(lab, settings("127.0.0.1", 22, key, "refs/known_hosts"), null);
        assertThat(linux.open(lab).workers()).extracting(c -> c.workerId()).containsExactly("w1");
    }

    @Test
    void aWorkerCannotJoinWithAnAddressInsideThePool() {
        var stored = zones.settings(lab, settings("127.0.0.1", 22, "refs/key", "refs/known_hosts"), null);
        var inside = new io.olimpus.server.zones.Worker(0, "lab", "w9", "10.0.0.9", "olimpus", "refs/key", new io.olimpus.model.topology.Resources(1, 1024, 1),
                false, 0, "10.64.0.9", 22, "/var/lib/olimpus", true);
        assertThatThrownBy(() -> linux.acceptWorker(lab, inside, Optional.of(stored))).isInstanceOfSatisfying(DomainError.class, e -> {
            assertThat(e.field()).isEqualTo("dataAddress");
            assertThat(e.reason()).contains("10.64.0.0/16").contains("10.64.0.9");
        });
        var outside = new io.olimpus.server.zones.Worker(0, "lab", "w9", "10.0.0.9", "olimpus", "refs/key", new io.olimpus.model.topology.Resources(1, 1024, 1),
                false, 0, "10.65.0.9", 22, "/var/lib/olimpus", true);
        linux.acceptWorker(lab, outside, Optional.of(stored));
        linux.acceptWorker(lab, inside, Optional.empty());
    }
}
