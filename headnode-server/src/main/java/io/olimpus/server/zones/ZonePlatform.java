package io.olimpus.server.zones;

import java.util.List;
import java.util.Optional;

/**
 * What the zones feature asks of the platform a zone runs on: the platform's half of creating a
 * zone, storing its settings and checking it. Every platform implements it (through
 * {@code io.olimpus.server.platform.Platform}); the zones feature never names one.
 */
public interface ZonePlatform {
    /** The platform's name in the API and the database, e.g. "linux": lower-case letters and digits. */
    String id();

    /**
     * The zone's name on the platform's side, stored as {@code novaAz} (OpenStack: the Nova
     * availability zone), or null when the platform has none; {@code requested} is what the
     * client asked for (null when it did not). Throws a DomainError naming "novaAz" when the
     * request does not fit the platform.
     */
    String novaAz(String zoneName, String requested);

    /** Whether the platform's zones have workers: machines the headnode drives itself. */
    boolean hasWorkers();

    /**
     * Checks the body of PUT /zones/{zone}/settings (and, where the platform has credentials,
     * tries them) and says what to store. Throws a DomainError naming the field to blame.
     *
     * @param stored the zone's settings so far, empty on the first PUT: a secret the body leaves out may be kept from it
     */
    Accepted accept(Zone zone, SettingsBody body, Optional<StoredSettings> stored);

    /**
     * Checks a worker about to be added against the zone's stored settings (empty before the
     * first PUT); throws a DomainError naming the worker's field to blame. Nothing to check by default.
     */
    default void acceptWorker(Zone zone, Worker worker, Optional<StoredSettings> stored) {}

    /** The stored settings as GET /zones/{zone}/settings shows them: a value the API writes as a JSON object, without secrets. */
    Object view(StoredSettings stored);

    /** Whether the headnode reaches what the zone is made of: one answer per host or service, failures included. */
    List<HostCheck> check(Zone zone, StoredSettings stored);

    /**
     * Settings ready to store: the platform's record (kept as JSON, without secrets), the secret
     * kept apart (null when there is none) and the line the audit log gets (no secret in it).
     */
    record Accepted(Object settings, String secret, String summary) {}
}
