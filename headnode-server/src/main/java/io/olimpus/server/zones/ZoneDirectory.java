package io.olimpus.server.zones;

import java.util.List;
import java.util.Optional;

/** Read access to zones, their stored settings and workers: what platforms look up (the zones store answers). */
public interface ZoneDirectory {
    Optional<Zone> byName(String zone);

    /** The zone's settings, whatever its platform; empty before the first PUT. */
    Optional<StoredSettings> settings(String zone);

    /** The zone's workers, by name. */
    List<Worker> workers(String zone);

    Optional<Worker> workerById(long id);

    /** The zones that have settings, by name. */
    List<Zone> zonesWithSettings();
}
