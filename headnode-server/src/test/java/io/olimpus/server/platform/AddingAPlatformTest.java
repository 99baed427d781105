package io.olimpus.server.platform;

import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.audit.AuditStore;
import io.olimpus.server.db.Database;
import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.monitoring.WorkerProbe;
import io.olimpus.server.engine.monitoring.WorkerSample;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.monitoring.Monitoring;
import io.olimpus.server.monitoring.SampleStore;
import io.olimpus.server.monitoring.StoringSink;
import io.olimpus.server.slices.SliceStore;
import io.olimpus.server.zones.HostCheck;
import io.olimpus.server.zones.SettingsBody;
import io.olimpus.server.zones.StoredSettings;
import io.olimpus.server.zones.Worker;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneService;
import io.olimpus.server.zones.ZoneStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.olimpus.server.http.Json.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A third kind of zone, written here as a new platform would be, registered next to nothing else:
 * zones, settings, checks, workers, deployment backends and monitoring all serve it through the
 * registry, so adding a platform is one class and one registry line, with no change to the core.
 */
class AddingAPlatformTest {
    /** "Toy" zones: settings name an endpoint and a token (a secret); every worker answers a probe. */
    static final class ToyPlatform implements Platform {
        record Settings(String endpoint, String token) {}
        record Body(String platform, String endpoint, String token) {}
        record View(String endpoint, boolean tokenSet) {}

        final ZoneBackend backend = new ZoneBackend(null, null, List.of());
        boolean closed;

        @Override public String id() { return "toy"; }

        @Override
        public String novaAz(String zoneName, String requested) {
            if (requested != null) throw DomainError.badField("novaAz", "toy zones have none");
            return null;
        }

        @Override public boolean hasWorkers() { return true; }

        @Override
        public Accepted accept(Zone zone, SettingsBody body, Optional<StoredSettings> stored) {
            Body b = body.as(Body.class);
            if (b.endpoint() == null || !b.endpoint().startsWith("toy://")) throw DomainError.badField("endpoint", "must start with toy://");
            String token = b.token() != null ? b.token() : stored.map(StoredSettings::secret).orElse(null);
            if (token == null) throw DomainError.badField("token", "required");
            return new Accepted(new Settings(b.endpoint(), null), token, "endpoint " + b.endpoint());
        }

        @Override
        public Object view(StoredSettings stored) {
            return new View(stored.read(Settings.class).endpoint(), stored.secret() != null);
        }

        @Override
        public List<HostCheck> check(Zone zone, StoredSettings stored) {
            return List.of(new HostCheck("endpoint", "api", true, "reached " + stored.read(Settings.class).endpoint()));
        }

        @Override public ZoneBackend open(Zone zone) { return backend; }

        @Override
        public Optional<WorkerProbe> workerProbe() {
            return Optional.of(id -> new WorkerSample(id, Instant.now(), 12.5, 100, 1000, 10, 100));
        }

        @Override public void close() { closed = true; }
    }

    Database db;
    ZoneStore store;
    ZoneService zones;
    PlatformRegistry platforms;
    final ToyPlatform toy = new ToyPlatform();

    @BeforeEach
    void start(@TempDir Path dir) {
        db = Database.open(Database.embeddedUrl(dir), null, null, 4);
        store = new ZoneStore(db.jdbi(), io.olimpus.server.secrets.SecretBox.withRandomKey());
        platforms = PlatformRegistry.over(store).register(toy);
        zones = new ZoneService(store, new SliceStore(db.jdbi()), new AuditLog(new AuditStore(db.jdbi()), Clock.systemUTC()), Clock.systemUTC(), platforms.all());
    }

    @AfterEach
    void stop() {
        platforms.close();
        db.close();
    }

    @Test
    void theCoreServesANewPlatformThroughTheRegistryAlone() throws Exception {
        Zone z = zones.create(null, new ZoneService.NewZone("playroom", "toy", null));
        assertThat(z.platform()).isEqualTo("toy");
        assertThatThrownBy(() -> zones.create(null, new ZoneService.NewZone("x", "linux", null)))
                .isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.reason()).isEqualTo("must be \"toy\""));
        assertThatThrownBy(() -> zones.create(null, new ZoneService.NewZone("y", "toy", "az1")))
                .isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.field()).isEqualTo("novaAz"));

        // Settings: the platform's body, checked by the platform, its secret stored apart and never shown.
        assertThatThrownBy(() -> zones.putSettings(null, "playroom", MAPPER.valueToTree(Map.of("endpoint", "http://x", "token", "t"))))
                .isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.field()).isEqualTo("endpoint"));
        var view = zones.putSettings(null, "playroom", MAPPER.valueToTree(Map.of("endpoint", "toy://box", "token", "s3cret")));
        assertThat(view).containsExactly(Map.entry("platform", "toy"), Map.entry("endpoint", "toy://box"), Map.entry("tokenSet", true));
        assertThat(store.settings("playroom").orElseThrow().body()).doesNotContain("s3cret");
        assertThat(zones.putSettings(null, "playroom", MAPPER.valueToTree(Map.of("endpoint", "toy://box2"))))
                .as("a PUT without the token keeps it").containsEntry("tokenSet", true);
        assertThat(zones.check("playroom")).extracting(HostCheck::detail).containsExactly("reached toy://box2");

        // Workers, deployment and monitoring.
        Worker w = zones.addWorker(null, "playroom", new ZoneService.NewWorker("w1", "10.0.0.11", "olimpus", "keys/w1", 2, 2048, 20, false,
                null, null, null));
        assertThat(platforms.open("playroom")).isSameAs(toy.backend);
        SampleStore samples = new SampleStore(db.jdbi());
        try (Monitoring m = new Monitoring(store, platforms::workerProbe, new StoringSink(samples, store, Clock.systemUTC(), Duration.ofHours(1)),
                Duration.ofHours(1), 3)) {
            m.pollOnce();
        }
        assertThat(samples.samples(w.id(), 0, 10)).isNotEmpty().allSatisfy(s -> assertThat(s.cpuPercent()).isEqualTo(12.5));

        platforms.close();
        assertThat(toy.closed).isTrue();
    }
}
