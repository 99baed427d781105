package io.olimpus.server.platform.linux;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.platform.FakeZones;
import io.olimpus.server.zones.HostCheck;
import io.olimpus.server.zones.Zone;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zone check against the Linux test bed's real hosts: all there, it is green; a prerequisite
 * taken away on one host (dnsmasq hidden in the headnode's own mount namespace, an uplink that
 * does not exist, a state root nobody can write, a sudo that asks for a password) is named on
 * that host, in the admin's words, and on no other; a worker of an OVS zone without Open vSwitch
 * is a note. Nothing is deployed; what the test hides it puts back.
 */
@Tag("e2e")
class LinuxZoneCheckE2ETest {
    @TempDir Path data;

    @Test
    void theCheckNamesPerHostWhatTheDriverWouldMiss() throws Exception {
        LinuxTestBed bed = LinuxTestBed.up();
        FakeZones zones = new FakeZones();
        KeyFolder keys = KeyFolder.in(data).create();
        Files.copy(bed.privateKey(), keys.root().resolve("bed_key"));
        Files.copy(bed.knownHosts(), keys.root().resolve("known_hosts"));
        Zone lab = zones.zone("lab", LinuxPlatform.ID, null);
        JsonNode ssh = bed.json.get("ssh"), hn = bed.host("headnode");
        String user = ssh.get("user").asText();
        int port = ssh.get("port").asInt();
        for (String w : List.of("worker1", "worker2", "worker3"))
            zones.worker(lab, w, bed.host(w).get("mgmt_ip").asText(), port, user, "bed_key", w.equals("worker2") ? "/proc/olimpus-state" : bed.stateRoot(w));
        LinuxPlatform linux = new LinuxPlatform(zones, null, keys, Clock.systemUTC());
        try {
            zones.settings(lab, settings(hn, port, user, hn.get("uplink_if").asText()), null);
            List<HostCheck> all = linux.check(lab, zones.settings("lab").orElseThrow());
            assertThat(all).extracting(HostCheck::host).containsExactly("headnode", "worker1", "worker2", "worker3");
            assertThat(all).filteredOn(h -> !h.host().equals("worker2")).allSatisfy(h -> {
                assertThat(h.ok()).as(h.detail()).isTrue();
                assertThat(h.detail()).startsWith("answered: ").doesNotContain("missing");
            });
            // worker2's state root is under /proc: the SSH user (root) cannot create it.
            assertThat(check(linux, zones, "worker2").detail()).contains("state root /proc/olimpus-state is not writable");

            String dnsmasq = bed.onHost("headnode", "sh", "-c", "command -v dnsmasq").output().strip();
            assertThat(dnsmasq).startsWith("/");
            // /dev/null over the binary, in the headnode's mount namespace only: not a regular executable file there.
            assertThat(bed.onHost("headnode", "mount", "--bind", "/dev/null", dnsmasq).code()).isZero();
            try {
                HostCheck head = check(linux, zones, "headnode");
                assertThat(head.ok()).isFalse();
                assertThat(head.detail()).contains("dnsmasq not installed: apt install dnsmasq-base");
                assertThat(check(linux, zones, "worker1").ok()).isTrue();
            } finally {
                assertThat(bed.onHost("headnode", "umount", dnsmasq).code()).isZero();
            }
            assertThat(check(linux, zones, "headnode").ok()).isTrue();

            zones.settings(lab, settings(hn, port, user, "nosuch0"), null);
            HostCheck head = check(linux, zones, "headnode");
            assertThat(head.ok()).isFalse();
            assertThat(head.detail()).contains("no interface 'nosuch0'");
            // Without an uplink the headnode needs none: the zone deploys slices without internet.
            zones.settings(lab, settings(hn, port, user, null), null);
            assertThat(check(linux, zones, "headnode").ok()).isTrue();

            // An OVS zone: a worker without Open vSwitch (layout b's worker3) is a note, not a problem: its networks are Linux bridges.
            zones.settings(lab, settings(DataPlane.OVS, hn, port, user, hn.get("uplink_if").asText()), null);
            assertThat(check(linux, zones, "headnode").ok()).as(check(linux, zones, "headnode").detail()).isTrue();
            for (String w : List.of("worker1", "worker3")) {
                HostCheck c = check(linux, zones, w);
                assertThat(c.ok()).as(c.detail()).isTrue();
                if (bed.hasOvs(w)) assertThat(c.detail()).doesNotContain("Open vSwitch");
                else assertThat(c.detail()).contains("no Open vSwitch (ovs-vsctl) (this worker's networks use a Linux bridge and kernel VXLAN");
            }

            // A user other than root (layout b) whose sudo asks for a password: the check names the user and what to grant.
            if (!user.equals("root")) {
                assertThat(bed.onHost("worker1", "sh", "-c", "mkdir -p /run/olimpus-nosudo && mount --bind /run/olimpus-nosudo /etc/sudoers.d").code()).isZero();
                try {
                    HostCheck c = check(linux, zones, "worker1");
                    assertThat(c.ok()).isFalse();
                    assertThat(c.detail()).startsWith("connects as '" + user + "', which is not root, and sudo -n refused (sudo: ")
                            .contains("give '" + user + "' passwordless sudo");
                } finally {
                    assertThat(bed.onHost("worker1", "umount", "/etc/sudoers.d").code()).isZero();
                }
                assertThat(check(linux, zones, "worker1").ok()).isTrue();
            }
        } finally {
            linux.close();
            bed.down();
        }
    }

    private static LinuxZoneSettings settings(JsonNode hn, int port, String user, String uplink) {
        return settings(DataPlane.LINUX_BRIDGE, hn, port, user, uplink);
    }

    private static LinuxZoneSettings settings(DataPlane plane, JsonNode hn, int port, String user, String uplink) {
        return new LinuxZoneSettings(plane, PlacementStrategy.PACK, Overcommit.DEFAULT, "10.64.0.0/16", 24, 100, 200,
                new LinuxZoneSettings.Headnode("headnode", hn.get("mgmt_ip").asText(), port, user, "bed_key", hn.get("data_ip").asText(), hn.has("state_root") ? hn.get("state_root").asText() : "/var/lib/olimpus"),
                uplink, "known_hosts", null, 20);
    }

    private static HostCheck check(LinuxPlatform linux, FakeZones zones, String host) {
        return linux.check(zones.byName("lab").orElseThrow(), zones.settings("lab").orElseThrow()).stream()
                .filter(h -> h.host().equals(host)).findFirst().orElseThrow();
    }
}
