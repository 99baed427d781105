package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.errors.DomainError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Linux settings' validation on its own: defaults, and the refusals the API test does not spell out. */
class LinuxZoneSettingsTest {
    @TempDir Path data;
    Function<String, Path> files;

    @BeforeEach
    void refs() throws Exception {
        Files.createDirectories(data.resolve("refs"));
        Files.writeString(data.resolve("refs/known_hosts"), "");
        Files.writeString(data.resolve("refs/key"), "");
        files = ref -> Path.of(ref).isAbsolute() ? Path.of(ref) : data.resolve(ref);
    }

    static LinuxZoneSettings.Body body(UnaryOperator<LinuxZoneSettings.Body> change) {
        var h = new LinuxZoneSettings.HeadnodeBody("head", "192.168.1.5", null, "olimpus", "refs/key", null, null);
        return change.apply(new LinuxZoneSettings.Body(null, "OVS", null, null, "10.64.0.0/16", 24, 100, 4000, h, "eth0", "refs/known_hosts"));
    }

    static LinuxZoneSettings.Body pool(LinuxZoneSettings.Body b, String pool) {
        return new LinuxZoneSettings.Body(b.platform(), b.dataPlane(), b.strategy(), b.overcommit(), pool, b.subnetPrefix(), b.firstSegmentId(),
                b.lastSegmentId(), b.headnode(), b.uplinkInterface(), b.knownHostsRef());
    }

    static LinuxZoneSettings.Body segments(LinuxZoneSettings.Body b, String plane, int first, int last) {
        return new LinuxZoneSettings.Body(b.platform(), plane, b.strategy(), b.overcommit(), b.addressPool(), b.subnetPrefix(), first, last,
                b.headnode(), b.uplinkInterface(), b.knownHostsRef());
    }

    DomainError refused(LinuxZoneSettings.Body b) {
        try {
            LinuxZoneSettings.validate(b, files);
        } catch (DomainError e) {
            return e;
        }
        throw new AssertionError("accepted " + b);
    }

    @Test
    void whatIsLeftOutGetsItsDefault() {
        LinuxZoneSettings s = LinuxZoneSettings.validate(body(b -> b), files);
        assertThat(s.strategy()).isEqualTo(PlacementStrategy.SPREAD);
        assertThat(s.overcommit()).isEqualTo(Overcommit.DEFAULT);
        assertThat(s.headnode().sshPort()).isEqualTo(22);
        assertThat(s.headnode().dataAddress()).isEqualTo("192.168.1.5");
        assertThat(s.headnode().stateRoot()).isEqualTo("/var/lib/olimpus");
        assertThat(s.knownHostsRef()).as("kept as given, resolved only when read").isEqualTo("refs/known_hosts");
        assertThat(s.summary()).isEqualTo("OVS, SPREAD, pool 10.64.0.0/16, segments 100-4000, headnode head");
    }

    @Test
    void theAddressPoolIsACanonicalNetworkBetweenSlash8AndSlash30() {
        assertThat(refused(body(b -> pool(b, "10.64.0.1/16"))).reason()).isEqualTo("10.64.0.1/16 has host bits set; the network is 10.64.0.0/16");
        assertThat(refused(body(b -> pool(b, "010.64.0.0/16"))).reason()).as("no leading zeros").isEqualTo("'010.64.0.0' is not an IPv4 address");
        assertThat(refused(body(b -> pool(b, "10.64.0.0/x"))).reason()).isEqualTo("prefix 'x' is not a number");
        assertThat(refused(body(b -> pool(b, "10.0.0.0/7"))).reason()).isEqualTo("prefix /7 must be between /8 and /30");
        assertThat(refused(body(b -> pool(b, "10.64.0.0"))).reason()).isEqualTo("must be a CIDR block like 10.64.0.0/16");
        assertThat(refused(body(b -> pool(b, null))).reason()).isEqualTo("required, like 10.64.0.0/16");
        assertThat(LinuxZoneSettings.validate(body(b -> pool(b, "10.0.0.0/8")), files).addressPool()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void segmentIdsAreBoundedByTheDataPlane() {
        assertThat(refused(body(b -> segments(b, "OVS", 1, 4095))).reason()).isEqualTo("must be between 1 and 4094 (OVS uses the segment id as a VLAN tag)");
        assertThat(LinuxZoneSettings.validate(body(b -> segments(b, "linux_bridge", 1, 16_777_215)), files).dataPlane()).isEqualTo(DataPlane.LINUX_BRIDGE);
        assertThat(refused(body(b -> segments(b, "OVS", 10, 9))).field()).isEqualTo("lastSegmentId");
    }

    @Test
    void referencedFilesMustBeThere() {
        var missing = refused(body(b -> new LinuxZoneSettings.Body(null, "OVS", null, null, "10.64.0.0/16", 24, 100, 4000, b.headnode(), null, "refs/nope")));
        assertThat(missing.field()).isEqualTo("knownHostsRef");
        assertThat(missing.reason()).isEqualTo("no readable file at " + data.resolve("refs/nope") + " (relative references are read from the data folder)");
        var h = new LinuxZoneSettings.HeadnodeBody("head", "192.168.1.5", null, "olimpus", data.resolve("refs/key").toString(), null, null);
        assertThat(LinuxZoneSettings.validate(body(b -> new LinuxZoneSettings.Body(null, "OVS", null, null, "10.64.0.0/16", 24, 100, 4000, h,
                null, "refs/known_hosts")), files).headnode().sshKeyRef()).as("an absolute reference").isEqualTo(data.resolve("refs/key").toString());
    }
}
