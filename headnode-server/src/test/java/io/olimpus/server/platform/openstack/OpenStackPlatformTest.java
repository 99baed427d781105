package io.olimpus.server.platform.openstack;

import io.olimpus.server.catalog.Flavor;
import io.olimpus.server.catalog.Image;
import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.platform.FakeZones;
import io.olimpus.server.zones.HostCheck;
import io.olimpus.server.zones.SettingsBody;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZonePlatform;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.olimpus.server.http.Json.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenStack platform's settings (validation, the password kept apart and never shown), zone check and backend, with a fake Keystone. */
class OpenStackPlatformTest {
    static final String PASSWORD = "pa55-word!";

    final FakeZones zones = new FakeZones();
    final List<String> verified = new ArrayList<>();
    /** Accepts only PASSWORD; echoes the password it refuses, as a careless Keystone client might. */
    final OpenStackVerifier keystone = (zone, s) -> {
        verified.add(zone.novaAz() + ":" + s.username());
        if (s.keystoneUrl().contains("unreachable")) throw new IllegalStateException("connect timed out");
        if (!PASSWORD.equals(s.password())) throw new OpenStackVerifier.Refused("password", "401 for password " + s.password());
    };
    final OpenStackPlatform openstack = new OpenStackPlatform(zones, keystone, new OpenStackCatalog(n -> Optional.empty(), n -> Optional.empty(),
            (n, r) -> new ByteArrayInputStream(new byte[0])));
    final Zone zone = zones.zone("cloud", OpenStackPlatform.ID, "nova-az1");

    static Map<String, Object> body(String password) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("keystoneUrl", "https://keystone.example.org:5000/v3");
        b.put("region", "RegionOne");
        b.put("username", "svc");
        if (password != null) b.put("password", password);
        b.put("project", "olimpus");
        return b;
    }

    ZonePlatform.Accepted accept(Map<String, Object> body) {
        return openstack.accept(zone, new SettingsBody(MAPPER.valueToTree(body)), zones.settings(zone.name()));
    }

    DomainError refused(Map<String, Object> body) {
        try {
            accept(body);
        } catch (DomainError e) {
            return e;
        }
        throw new AssertionError("accepted " + body);
    }

    @Test
    void theNovaAzIsTheZonesNameUnlessGiven() {
        assertThat(openstack.hasWorkers()).isFalse();
        assertThat(openstack.workerProbe()).isEmpty();
        assertThat(openstack.novaAz("cloud", null)).isEqualTo("cloud");
        assertThat(openstack.novaAz("cloud", "az:east")).isEqualTo("az:east");
        assertThatThrownBy(() -> openstack.novaAz("cloud", "east az")).isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.field()).isEqualTo("novaAz"));
    }

    @Test
    void thePasswordIsStoredApartCheckedAndNeverShown() {
        var a = accept(body(PASSWORD));
        assertThat(a.secret()).isEqualTo(PASSWORD);
        assertThat(a.summary()).isEqualTo("https://keystone.example.org:5000/v3, region RegionOne, user svc, project olimpus, boot budget 180 s").doesNotContain(PASSWORD);
        var stored = zones.settings(zone, a.settings(), a.secret());
        assertThat(stored.body()).doesNotContain(PASSWORD);
        assertThat(verified).containsExactly("nova-az1:svc");

        var view = MAPPER.convertValue(openstack.view(stored), Map.class);
        assertThat(view).containsEntry("passwordSet", true).containsEntry("userDomain", "Default").containsEntry("projectDomain", "Default")
                .doesNotContainKey("password").doesNotContainKey("externalNetwork");
        assertThat(openstack.settings("cloud").orElseThrow().password()).as("the engine gets it").isEqualTo(PASSWORD);

        // A body without a password is checked with the stored one.
        var again = accept(body(null));
        assertThat(again.secret()).isEqualTo(PASSWORD);
    }

    @Test
    void aRefusalBlamesAFieldAndNeverRepeatsThePassword() {
        var wrong = refused(body("guess"));
        assertThat(wrong.kind()).isEqualTo(DomainError.Kind.UNPROCESSABLE);
        assertThat(wrong.field()).isEqualTo("password");
        assertThat(wrong.reason()).isEqualTo("401 for password ***");
        assertThat(wrong.getMessage()).doesNotContain("guess");

        var unreachable = body(PASSWORD);
        unreachable.put("keystoneUrl", "https://unreachable.example:5000");
        assertThat(refused(unreachable).reason()).isEqualTo("cannot check the service account: connect timed out");
        assertThat(refused(unreachable).field()).isEqualTo("keystoneUrl");
    }

    @Test
    void everyBadFieldIsNamedBeforeKeystoneIsAsked() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("keystoneUrl", "https://user:pw@keystone.example.org");
        bad.put("region", "Region One");
        bad.put("username", "svc;rm");
        bad.put("project", "");
        bad.put("externalNetwork", "-public");
        bad.put("userDomain", "");
        for (var e : bad.entrySet()) {
            var b = body(PASSWORD);
            b.put(e.getKey(), e.getValue());
            assertThat(refused(b).field()).as(e.toString()).isEqualTo(e.getKey());
        }
        assertThat(refused(body(null)).field()).as("no password, none stored").isEqualTo("password");
        assertThat(refused(body("x".repeat(1025))).reason()).isEqualTo("must be at most 1024 characters");
        var extra = body(PASSWORD);
        extra.put("colour", "blue");
        assertThatThrownBy(() -> accept(extra)).hasMessageContaining("colour");
        assertThat(verified).isEmpty();
    }

    @Test
    void theBootBudgetIsTheAdminsWithinBoundsAndReachesTheDriver() throws Exception {
        zones.settings(zone, accept(body(PASSWORD)).settings(), PASSWORD);
        assertThat(openstack.settings("cloud").orElseThrow().bootSeconds()).as("unless set, the engine's default").isEqualTo(180);
        assertThat(MAPPER.readValue("{\"keystoneUrl\":\"https://k.example.org\",\"region\":\"R\",\"userDomain\":\"Default\",\"projectDomain\":\"Default\","
                + "\"username\":\"svc\",\"project\":\"p\"}", OpenStackZoneSettings.class).bootSeconds()).as("a row stored before the setting existed").isEqualTo(180);

        // A cloud that builds slowly under a class: the admin gives Nova and Neutron longer, and the driver's waits follow.
        var slow = body(PASSWORD);
        slow.put("bootSeconds", 900);
        var stored = zones.settings(zone, accept(slow).settings(), PASSWORD);
        assertThat(MAPPER.convertValue(openstack.view(stored), Map.class)).containsEntry("bootSeconds", 900);
        assertThat(OpenStackPlatform.zoneOf(zone, openstack.settings("cloud").orElseThrow()).bootTimeout()).isEqualTo(java.time.Duration.ofSeconds(900));
        assertThat(openstack.open(zone).driver().bootBudget(null)).contains(java.time.Duration.ofSeconds(900));

        for (int bad : new int[]{0, 9, 3601}) {
            var b = body(PASSWORD);
            b.put("bootSeconds", bad);
            var e = refused(b);
            assertThat(e.field()).as("%d s", bad).isEqualTo("bootSeconds");
            assertThat(e.reason()).as("%d s", bad).startsWith("must be between 10 and 3600 seconds");
        }
    }

    @Test
    void theCheckIsKeystonesAnswerWithoutThePassword() {
        var ok = zones.settings(zone, accept(body(PASSWORD)).settings(), PASSWORD);
        assertThat(openstack.check(zone, ok)).containsExactly(new HostCheck("keystone", "keystone", true, "the service account 'svc' was accepted"));
        var stale = zones.settings(zone, accept(body(PASSWORD)).settings(), "old-password");
        assertThat(openstack.check(zone, stale)).containsExactly(new HostCheck("keystone", "keystone", false, "401 for password ***"));
    }

    @Test
    void theBackendIsOneCloudWorkerNamedAfterTheNovaAz() {
        assertThatThrownBy(() -> openstack.open(zone)).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessageContaining("has no OpenStack settings yet");
        zones.settings(zone, accept(body(PASSWORD)).settings(), PASSWORD);
        ZoneBackend b = openstack.open(zone);
        assertThat(b.workers()).singleElement().satisfies(w -> assertThat(w.workerId()).isEqualTo("nova-az1"));
        assertThat(b.policy().addressPool()).isEqualTo(OpenStackPlatform.POOL);
        assertThat(openstack.open(zone).driver()).as("one driver per zone and settings").isSameAs(b.driver());
    }

    @Test
    void theCatalogOffersDiskImagesOnly() throws Exception {
        var catalog = new OpenStackCatalog(n -> Optional.of(new Flavor(1, n, 2, 2048, 20, 0)),
                n -> Optional.of(new Image(1, n, n.equals("cirros") ? "disk" : "kernel", n.equals("cirros") ? "qcow2" : null,
                        List.of(new Image.ImageFile("disk", "0".repeat(64), 42, "x")), 0, null, null)),
                (n, role) -> new ByteArrayInputStream((n + "/" + role).getBytes()));
        assertThat(catalog.flavor("small")).contains(new OpenStackCatalogSource.FlavorSpec("small", 2, 2048, 20));
        assertThat(catalog.image("cirros")).isEqualTo(new OpenStackCatalogSource.ImageSpec("cirros", "qcow2", "bare", 42));
        assertThatThrownBy(() -> catalog.image("vmlinuz")).hasMessageContaining("kernel+initrd");
        try (var in = catalog.open("cirros")) {
            assertThat(new String(in.readAllBytes())).isEqualTo("cirros/disk");
        }
    }
}
