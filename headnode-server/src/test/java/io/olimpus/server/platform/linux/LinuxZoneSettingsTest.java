package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.errors.DomainError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Linux settings' validation on its own: defaults, and the refusals the API test does not spell out. */
class LinuxZoneSettingsTest {
    @TempDir Path data;
    KeyFolder keys;

    @BeforeEach
    void refs() throws Exception {
        keys = KeyFolder.in(data).create();
        Files.createDirectories(keys.root().resolve("refs"));
        Files.writeString(keys.root().resolve("refs/known_hosts"), "");
        Files.writeString(keys.root().resolve("refs/key"), "");
    }

    LinuxZoneSettings validate(LinuxZoneSettings.Body b) { return LinuxZoneSettings.validate(b, keys, List.of()); }

    static LinuxZoneSettings.Body body(UnaryOperator<LinuxZoneSettings.Body> change) {
        var h = new LinuxZoneSettings.HeadnodeBody("head", "192.168.1.5", null, "olimpus", "refs/key", null, null);
        return change.apply(new LinuxZoneSettings.Body(null, "OVS", null, null, "10.64.0.0/16", 24, 100, 4000, h, "eth0", "refs/known_hosts", null, null));
    }

    static LinuxZoneSettings.Body pool(LinuxZoneSettings.Body b, String pool) {
        return new LinuxZoneSettings.Body(b.platform(), b.dataPlane(), b.strategy(), b.overcommit(), pool, b.subnetPrefix(), b.firstSegmentId(),
                b.lastSegmentId(), b.headnode(), b.uplinkInterface(), b.knownHostsRef(), b.bootSeconds(), b.imageCacheGb());
    }

    static LinuxZoneSettings.Body segments(LinuxZoneSettings.Body b, String plane, int first, int last) {
        return new LinuxZoneSettings.Body(b.platform(), plane, b.strategy(), b.overcommit(), b.addressPool(), b.subnetPrefix(), first, last,
                b.headnode(), b.uplinkInterface(), b.knownHostsRef(), b.bootSeconds(), b.imageCacheGb());
    }

    DomainError refused(LinuxZoneSettings.Body b) {
        try {
            validate(b);
        } catch (DomainError e) {
            return e;
        }
        throw new AssertionError("accepted " + b);
    }

    @Test
    void whatIsLeftOutGetsItsDefault() {
        LinuxZoneSettings s = validate(body(b -> b));
        assertThat(s.strategy()).isEqualTo(PlacementStrategy.SPREAD);
        assertThat(s.overcommit()).isEqualTo(Overcommit.DEFAULT);
        assertThat(s.headnode().sshPort()).isEqualTo(22);
        assertThat(s.headnode().dataAddress()).isEqualTo("192.168.1.5");
        assertThat(s.headnode().stateRoot()).isEqualTo("/var/lib/olimpus");
        assertThat(s.knownHostsRef()).as("kept as given, resolved only when read").isEqualTo("refs/known_hosts");
        assertThat(s.bootSeconds()).as("TCG boots get more time than KVM ones").isEqualTo(new LinuxZoneSettings.BootSeconds(180, 600));
        assertThat(s.summary()).isEqualTo("OVS, SPREAD, pool 10.64.0.0/16, segments 100-4000, headnode head, boot budget 180 s (KVM) / 600 s (TCG)");
    }

    @Test
    void theBootBudgetIsSetPerAcceleratorWithinBounds() {
        LinuxZoneSettings s = validate(boot(new LinuxZoneSettings.BootSecondsBody(null, 900)));
        assertThat(s.bootSeconds()).isEqualTo(new LinuxZoneSettings.BootSeconds(180, 900));
        assertThat(refused(boot(new LinuxZoneSettings.BootSecondsBody(5, null))).field()).isEqualTo("bootSeconds.kvm");
        assertThat(refused(boot(new LinuxZoneSettings.BootSecondsBody(null, 7200))).field()).isEqualTo("bootSeconds.tcg");
    }

    static LinuxZoneSettings.Body boot(LinuxZoneSettings.BootSecondsBody boot) {
        return body(b -> new LinuxZoneSettings.Body(b.platform(), b.dataPlane(), b.strategy(), b.overcommit(), b.addressPool(), b.subnetPrefix(),
                b.firstSegmentId(), b.lastSegmentId(), b.headnode(), b.uplinkInterface(), b.knownHostsRef(), boot, b.imageCacheGb()));
    }

    @Test
    void theAddressPoolIsACanonicalNetworkBetweenSlash8AndSlash30() {
        assertThat(refused(body(b -> pool(b, "10.64.0.1/16"))).reason()).isEqualTo("10.64.0.1/16 has host bits set; the network is 10.64.0.0/16");
        assertThat(refused(body(b -> pool(b, "010.64.0.0/16"))).reason()).as("no leading zeros").isEqualTo("'010.64.0.0' is not an IPv4 address");
        assertThat(refused(body(b -> pool(b, "10.64.0.0/x"))).reason()).isEqualTo("prefix 'x' is not a number");
        assertThat(refused(body(b -> pool(b, "10.0.0.0/7"))).reason()).isEqualTo("prefix /7 must be between /8 and /30");
        assertThat(refused(body(b -> pool(b, "10.64.0.0"))).reason()).isEqualTo("must be a CIDR block like 10.64.0.0/16");
        assertThat(refused(body(b -> pool(b, null))).reason()).isEqualTo("required, like 10.64.0.0/16");
        assertThat(validate(body(b -> pool(b, "10.0.0.0/8"))).addressPool()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void segmentIdsAreBoundedByTheDataPlane() {
        assertThat(refused(body(b -> segments(b, "OVS", 1, 4095))).reason()).isEqualTo("must be between 1 and 4094 (OVS uses the segment id as a VLAN tag)");
        assertThat(validate(body(b -> segments(b, "linux_bridge", 1, 16_777_215))).dataPlane()).isEqualTo(DataPlane.LINUX_BRIDGE);
        assertThat(refused(body(b -> segments(b, "OVS", 10, 9))).field()).isEqualTo("lastSegmentId");
    }

    @Test
    void theAddressPoolIsStoredInItsCanonicalForm() {
        assertThat(validate(body(b -> pool(b, "10.0.0.0/08"))).addressPool()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void theAddressPoolRefusesRangesNoSliceCanUse() {
        for (String special : List.of("127.0.0.0/8", "0.0.0.0/8", "224.0.0.0/8", "255.0.0.0/8", "169.254.0.0/16", "240.0.0.0/8", "127.1.0.0/16", "239.255.0.0/16")) {
            DomainError e = refused(body(b -> pool(b, special)));
            assertThat(e.field()).as(special).isEqualTo("addressPool");
            assertThat(e.reason()).as(special).contains("no slice network can use");
        }
        // The ranges the test beds and campuses use stay usable.
        for (String ok : List.of("198.18.128.0/17", "198.18.0.0/15", "10.64.0.0/16", "172.16.0.0/12", "100.64.0.0/10"))
            assertThat(validate(body(b -> pool(b, ok))).addressPool()).isEqualTo(ok);
    }

    @Test
    void theAddressPoolHoldsNoAddressOfTheZonesHosts() {
        // The headnode's management address (192.168.1.5 in body()) inside the pool.
        DomainError head = refused(body(b -> pool(b, "192.168.0.0/16")));
        assertThat(head.field()).isEqualTo("addressPool");
        assertThat(head.reason()).contains("192.168.1.5").contains("headnode.mgmtAddress");
        // A registered worker's data address inside the pool.
        var w = new io.olimpus.server.zones.Worker(1, "lab", "w1", "10.1.0.11", "olimpus", "refs/key", new io.olimpus.model.topology.Resources(1, 1024, 1),
                false, 0, "10.64.3.4", 22, "/var/lib/olimpus", true);
        DomainError worker = assertThrows(() -> LinuxZoneSettings.validate(body(b -> b), keys, List.of(w)));
        assertThat(worker.field()).isEqualTo("addressPool");
        assertThat(worker.reason()).contains("10.64.3.4").contains("worker 'w1' dataAddress");
        // The Linux test bed: hosts on 198.18.0.0/24 and 198.18.1.0/24, slices from 198.18.128.0/17.
        var h = new LinuxZoneSettings.HeadnodeBody("headnode", "198.18.0.10", null, "root", "refs/key", "198.18.1.10", null);
        var bed = new LinuxZoneSettings.Body(null, "LINUX_BRIDGE", null, null, "198.18.128.0/17", 24, 100, 4000, h, "uplink", "refs/known_hosts", null, null);
        var bedWorker = new io.olimpus.server.zones.Worker(2, "bed", "worker1", "198.18.0.11", "root", "refs/key", new io.olimpus.model.topology.Resources(2, 1024, 20),
                false, 0, "198.18.1.11", 22, "/var/lib/olimpus", true);
        assertThat(LinuxZoneSettings.validate(bed, keys, List.of(bedWorker)).addressPool()).isEqualTo("198.18.128.0/17");
    }

    /** A zone without an uplink (an isolated lab) is valid: its slices get no internet. A named one must look like an interface. */
    @Test
    void theUplinkInterfaceIsOptionalButMustBeAnInterfaceName() {
        for (String none : new String[]{null, ""})
            assertThat(LinuxZoneSettings.validate(new LinuxZoneSettings.Body(null, "OVS", null, null, "10.64.0.0/16", 24, 100, 4000, body(b -> b).headnode(), none,
                    "refs/known_hosts", null, null), keys, List.of()).uplinkInterface()).isNull();
        DomainError e = refused(new LinuxZoneSettings.Body(null, "OVS", null, null, "10.64.0.0/16", 24, 100, 4000, body(b -> b).headnode(), "eth0; reboot", "refs/known_hosts", null, null));
        assertThat(e.field()).isEqualTo("uplinkInterface");
    }

    @Test
    void referencesNameFilesInTheKeysFolderOnly() throws Exception {
        var missing = refused(body(b -> new LinuxZoneSettings.Body(null, "OVS", null, null, "10.64.0.0/16", 24, 100, 4000, b.headnode(), "eth0", "refs/nope", null, null)));
        assertThat(missing.field()).isEqualTo("knownHostsRef");
        assertThat(missing.reason()).startsWith("no readable file 'refs/nope' in the keys folder " + keys.root());
        // Absolute paths are refused by their form: the same answer whether the file exists or not.
        String shadow = refused(knownHosts("/etc/shadow")).reason(), environ = refused(knownHosts("/proc/self/environ")).reason(),
                none = refused(knownHosts("/no/such/file")).reason();
        assertThat(shadow).isEqualTo(environ).isEqualTo(none).contains("not an absolute path").doesNotContain("shadow");
        assertThat(refused(knownHosts("refs/../../olimpus.mv.db")).reason()).isEqualTo("must not contain '..'");
        // A symbolic link out of the folder reads like a missing file, whether its target exists or not.
        Files.writeString(data.resolve("outside"), "secret");
        Files.createSymbolicLink(keys.root().resolve("refs/link"), data.resolve("outside"));
        Files.createSymbolicLink(keys.root().resolve("refs/dangling"), data.resolve("not-there"));
        assertThat(refused(knownHosts("refs/link")).reason()).isEqualTo(refused(knownHosts("refs/dangling")).reason().replace("dangling", "link"))
                .startsWith("no readable file 'refs/link' in the keys folder");
        // A link that stays inside the folder is fine.
        Files.createSymbolicLink(keys.root().resolve("refs/alias"), keys.root().resolve("refs/known_hosts"));
        assertThat(validate(knownHosts("refs/alias")).knownHostsRef()).isEqualTo("refs/alias");
    }

    static LinuxZoneSettings.Body knownHosts(String ref) {
        return body(b -> new LinuxZoneSettings.Body(null, "OVS", null, null, "10.64.0.0/16", 24, 100, 4000, b.headnode(), "eth0", ref, null, null));
    }

    static DomainError assertThrows(Runnable r) {
        try {
            r.run();
        } catch (DomainError e) {
            return e;
        }
        throw new AssertionError("accepted");
    }
}
