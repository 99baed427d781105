package io.olimpus.server.platform;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.http.Json;
import io.olimpus.server.zones.StoredSettings;
import io.olimpus.server.zones.Worker;
import io.olimpus.server.zones.Zone;
import io.olimpus.server.zones.ZoneDirectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Zones, settings and workers in memory, for platform tests that need no database. */
public final class FakeZones implements ZoneDirectory {
    private final Map<String, Zone> zones = new LinkedHashMap<>();
    private final Map<String, StoredSettings> settings = new LinkedHashMap<>();
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    public Zone zone(String name, String platform, String novaAz) {
        Zone z = new Zone(ids.incrementAndGet(), name, platform, novaAz, 0);
        zones.put(name, z);
        return z;
    }

    /** Stores {@code record} as the zone's settings, as the zones feature would (JSON, secret apart). */
    public StoredSettings settings(Zone z, Object record, String secret) {
        try {
            StoredSettings s = new StoredSettings(z.platform(), Json.MAPPER.writeValueAsString(record), secret, 0);
            settings.put(z.name(), s);
            return s;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores settings as raw JSON: what an older version may have left. */
    public void putRaw(Zone z, String json) {
        settings.put(z.name(), new StoredSettings(z.platform(), json, (String) null, 0));
    }

    public void deleteWorker(long id) { workers.removeIf(w -> w.id() == id); }

    public Worker worker(Zone z, String name, String address, String keyRef) {
        return worker(z, name, address, 22, "olimpus", keyRef, Worker.DEFAULT_STATE_ROOT);
    }

    public Worker worker(Zone z, String name, String address, int sshPort, String sshUser, String keyRef, String stateRoot) {
        Worker w = new Worker(ids.incrementAndGet(), z.name(), name, address, sshUser, keyRef, new Resources(4, 8192, 100), false, 0,
                address, sshPort, stateRoot, true);
        workers.add(w);
        return w;
    }

    @Override public Optional<Zone> byName(String zone) { return Optional.ofNullable(zones.get(zone)); }

    @Override public Optional<StoredSettings> settings(String zone) { return Optional.ofNullable(settings.get(zone)); }

    @Override public List<Worker> workers(String zone) { return workers.stream().filter(w -> w.zone().equals(zone)).toList(); }

    @Override public Optional<Worker> workerById(long id) { return workers.stream().filter(w -> w.id() == id).findFirst(); }

    @Override
    public List<Zone> zonesWithSettings() {
        return zones.values().stream().filter(z -> settings.containsKey(z.name())).sorted(java.util.Comparator.comparing(Zone::name)).toList();
    }
}
