package io.olimpus.server.platform;

import io.olimpus.server.deploy.ZoneBackend;
import io.olimpus.server.engine.monitoring.WorkerProbe;
import io.olimpus.server.zones.HostCheck;
import io.olimpus.server.zones.SettingsBody;
import io.olimpus.server.zones.StoredSettings;
import io.olimpus.server.zones.Zone;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformRegistryTest {
    /** A platform that only says who it is, opens a marked backend and records its closing. */
    static final class Stub implements Platform {
        final String id;
        final WorkerProbe probe;
        final List<String> closed;
        final ZoneBackend backend = new ZoneBackend(null, null, List.of());

        Stub(String id, WorkerProbe probe, List<String> closed) {
            this.id = id;
            this.probe = probe;
            this.closed = closed;
        }

        @Override public String id() { return id; }
        @Override public String novaAz(String zoneName, String requested) { return null; }
        @Override public boolean hasWorkers() { return probe != null; }
        @Override public Accepted accept(Zone zone, SettingsBody body, Optional<StoredSettings> stored) { throw new UnsupportedOperationException(); }
        @Override public Object view(StoredSettings stored) { throw new UnsupportedOperationException(); }
        @Override public List<HostCheck> check(Zone zone, StoredSettings stored) { return List.of(); }
        @Override public ZoneBackend open(Zone zone) { return backend; }
        @Override public Optional<WorkerProbe> workerProbe() { return Optional.ofNullable(probe); }

        @Override
        public void close() {
            closed.add(id);
            if (id.startsWith("broken")) throw new IllegalStateException(id + " failed to close");
        }
    }

    final FakeZones zones = new FakeZones();
    final List<String> closed = new ArrayList<>();

    @Test
    void platformsAreListedInTheOrderRegisteredAndFoundById() {
        Stub a = new Stub("cloud", null, closed), b = new Stub("cluster", id -> null, closed);
        PlatformRegistry r = PlatformRegistry.over(zones).register(a).register(b);
        assertThat(r.all()).containsExactly(a, b);
        assertThat(r.get("cluster")).containsSame(b);
        assertThat(r.get("nosuch")).isEmpty();
    }

    @Test
    void anIdIsRegisteredOnceAndIsAPlainLowerCaseWord() {
        PlatformRegistry r = PlatformRegistry.over(zones).register(new Stub("cloud", null, closed));
        assertThatThrownBy(() -> r.register(new Stub("cloud", null, closed))).hasMessageContaining("registered twice");
        for (String bad : List.of("", "Cloud", "my-cloud", "1cloud", "cloud'; drop table zones"))
            assertThatThrownBy(() -> r.register(new Stub(bad, null, closed))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aZoneIsOpenedByItsOwnPlatform() {
        Stub cloud = new Stub("cloud", null, closed), cluster = new Stub("cluster", null, closed);
        PlatformRegistry r = PlatformRegistry.over(zones).register(cloud).register(cluster);
        zones.zone("lab", "cluster", null);
        zones.zone("old", "vmware", null);
        assertThat(r.open("lab")).isSameAs(cluster.backend);
        assertThatThrownBy(() -> r.open("nosuch")).isInstanceOf(ZoneBackend.ZoneNotReady.class).hasMessage("there is no zone 'nosuch'");
        assertThatThrownBy(() -> r.open("old")).isInstanceOf(ZoneBackend.ZoneNotReady.class)
                .hasMessage("zone 'old' runs on vmware, which this server cannot deploy to");
    }

    @Test
    void onlyPlatformsWithWorkersOfTheirOwnHaveAProbe() {
        WorkerProbe probe = id -> null;
        PlatformRegistry r = PlatformRegistry.over(zones).register(new Stub("cloud", null, closed)).register(new Stub("cluster", probe, closed));
        assertThat(r.workerProbe("cluster")).containsSame(probe);
        assertThat(r.workerProbe("cloud")).isEmpty();
        assertThat(r.workerProbe("nosuch")).isEmpty();
    }

    @Test
    void closingClosesEveryPlatformEvenWhenOneFails() {
        PlatformRegistry r = PlatformRegistry.over(zones).register(new Stub("brokena", null, closed)).register(new Stub("fine", null, closed))
                .register(new Stub("brokenb", null, closed));
        assertThatThrownBy(r::close).hasMessage("brokena failed to close")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("brokenb failed to close"));
        assertThat(closed).containsExactly("brokena", "fine", "brokenb");
    }
}
