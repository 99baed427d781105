package io.olimpus.server.zones;

import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.catalog.CatalogUsage;
import io.olimpus.server.db.Unique;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.json.StrictJson;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static io.olimpus.server.zones.Fields.clip;
import static io.olimpus.server.zones.Fields.range;
import static io.olimpus.server.zones.Fields.require;

/**
 * Availability zones, their workers and their stored settings. What depends on a zone's platform
 * (its settings' shape, their check, reaching its hosts) is the platform's: see {@link ZonePlatform}.
 * Workers reach a shell over SSH, so every string of theirs is checked against a strict pattern.
 */
public final class ZoneService {
    public record NewZone(String name, String platform, String novaAz) {}

    public record NewWorker(String name, String mgmtAddress, String sshUser, String sshKeyRef, Integer vcpus, Integer ramMb, Integer diskGb, Boolean kvm,
                            String dataAddress, Integer sshPort, String stateRoot) {}

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final ZoneStore store;
    private final CatalogUsage usage;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, ZonePlatform> platforms = new LinkedHashMap<>();

    /** @param platforms every platform a zone may run on, in the order error messages list them */
    public ZoneService(ZoneStore store, CatalogUsage usage, AuditLog audit, Clock clock, List<? extends ZonePlatform> platforms) {
        this.store = store;
        this.usage = usage;
        this.audit = audit;
        this.clock = clock;
        for (ZonePlatform p : platforms) this.platforms.put(p.id(), p);
    }

    public Zone create(Principal by, NewZone z) {
        String why = Names.whyInvalid(z.name());
        if (why != null) throw DomainError.badField("name", why + " (pattern " + Names.REGEX + ")");
        if (z.platform() == null) throw DomainError.badField("platform", "required: " + platformIds(p -> true));
        ZonePlatform platform = platforms.get(z.platform());
        if (platform == null) throw DomainError.badField("platform", "must be " + platformIds(p -> true));
        String az = platform.novaAz(z.name(), z.novaAz());
        try {
            Zone out = store.insert(z.name(), z.platform(), az, clock.millis());
            audit.record(by, "zone.create", out.name(), out.platform() + (az == null ? "" : ", nova AZ " + az));
            return out;
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("zone-exists", "zone '" + z.name() + "' already exists", "name");
            throw e;
        }
    }

    /** The ids of the platforms that pass {@code which}, quoted, as a message lists them: "a", "b" or "c". */
    private String platformIds(Predicate<ZonePlatform> which) {
        List<String> ids = platforms.values().stream().filter(which).map(p -> "\"" + p.id() + "\"").toList();
        if (ids.size() < 2) return String.join("", ids);
        return String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
    }

    public List<Zone> list() { return store.all(); }

    public Zone get(String name) {
        return store.byName(name).orElseThrow(() -> DomainError.notFound("zone '" + clip(name) + "'"));
    }

    public void delete(Principal by, String name) {
        Zone z = get(name);
        long using = usage.slicesInZone(z.name());
        if (using > 0) throw DomainError.conflict("zone-in-use", "zone '" + name + "' is used by " + using + " slice(s)", null);
        store.delete(z.id());
        audit.record(by, "zone.delete", z.name(), null);
    }

    private ZonePlatform platformOf(Zone z) {
        ZonePlatform p = platforms.get(z.platform());
        if (p == null) throw DomainError.conflict("unknown-platform", "zone '" + z.name() + "' runs on " + z.platform() + ", which this server has no platform for", null);
        return p;
    }

    // ---- workers ------------------------------------------------------------------------------

    public Worker addWorker(Principal by, String zoneName, NewWorker w) {
        Zone z = get(zoneName);
        if (!platformOf(z).hasWorkers())
            // The type names Linux because clients already match on it.
            throw DomainError.conflict("not-linux-zone", "zone '" + zoneName + "' is an " + z.platform() + " zone; only "
                    + platformIds(ZonePlatform::hasWorkers).replace("\"", "") + " zones have workers", null);
        String why = Names.whyInvalid(w.name());
        if (why != null) throw DomainError.badField("name", why + " (pattern " + Names.REGEX + ")");
        require("mgmtAddress", w.mgmtAddress(), Worker.ADDRESS);
        require("sshUser", w.sshUser(), Worker.SSH_USER);
        Fields.keyRef("sshKeyRef", w.sshKeyRef());
        Resources cap = new Resources(range("vcpus", w.vcpus(), 1, 4096), range("ramMb", w.ramMb(), 64, Integer.MAX_VALUE), range("diskGb", w.diskGb(), 1, Integer.MAX_VALUE));
        boolean kvm = w.kvm() != null && w.kvm();
        String dataAddress = w.dataAddress();
        if (dataAddress == null) {
            if (!Ipv4Block.isAddress(w.mgmtAddress())) throw DomainError.badField("dataAddress", "required when mgmtAddress is not an IPv4 address (the data network needs one)");
            dataAddress = w.mgmtAddress();
        } else Fields.ipv4("dataAddress", dataAddress);
        int sshPort = w.sshPort() == null ? Worker.DEFAULT_SSH_PORT : range("sshPort", w.sshPort(), 1, 65535);
        String stateRoot = w.stateRoot() == null ? Worker.DEFAULT_STATE_ROOT : Fields.statePath("stateRoot", w.stateRoot());
        platformOf(z).acceptWorker(z, new Worker(0, z.name(), w.name(), w.mgmtAddress(), w.sshUser(), w.sshKeyRef(), cap, kvm, clock.millis(),
                dataAddress, sshPort, stateRoot, true), stored(z));
        try {
            Worker out = store.insertWorker(z, w.name(), w.mgmtAddress(), w.sshUser(), w.sshKeyRef(), cap, kvm, clock.millis(), dataAddress, sshPort, stateRoot);
            audit.record(by, "worker.create", z.name() + "/" + out.name(), out.mgmtAddress());
            return out;
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("worker-exists", "a worker named '" + w.name() + "' already exists", "name");
            throw e;
        }
    }

    public List<Worker> workers(String zoneName) {
        get(zoneName);
        return store.workers(zoneName);
    }

    public Worker worker(String zoneName, String workerName) {
        return store.worker(zoneName, workerName).orElseThrow(() -> DomainError.notFound("worker '" + clip(workerName) + "' in zone '" + clip(zoneName) + "'"));
    }

    /** The API's view of a zone's workers, with monitoring's last word on each. */
    public List<WorkerView> workerViews(String zoneName) {
        get(zoneName);
        return store.workerViews(zoneName);
    }

    public WorkerView workerView(String zoneName, String workerName) {
        return store.workerView(zoneName, workerName).orElseThrow(() -> DomainError.notFound("worker '" + clip(workerName) + "' in zone '" + clip(zoneName) + "'"));
    }

    public void deleteWorker(Principal by, String zoneName, String workerName) {
        Worker w = worker(zoneName, workerName);
        store.deleteWorker(w.id());
        audit.record(by, "worker.delete", zoneName + "/" + workerName, null);
    }

    // ---- settings -----------------------------------------------------------------------------

    /** The zone's stored settings, when they are of the zone's platform. */
    private Optional<StoredSettings> stored(Zone z) {
        return store.settings(z.name()).filter(s -> s.platform().equals(z.platform()));
    }

    /** The settings as the API shows them: the platform's view (secrets hidden) after the platform's id. */
    public Map<String, Object> settingsView(String zoneName) {
        Zone z = get(zoneName);
        StoredSettings s = stored(z).orElseThrow(() -> DomainError.notFound("settings of zone '" + clip(zoneName) + "'"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", z.platform());
        out.putAll(StrictJson.MAPPER.convertValue(platformOf(z).view(s), MAP));
        return out;
    }

    /** Checks (through the zone's platform) and stores a zone's settings; the body's shape is the platform's. */
    public Map<String, Object> putSettings(Principal by, String zoneName, JsonNode body) {
        Zone z = get(zoneName);
        if (!body.isObject()) throw DomainError.badRequest("invalid-json", "the body must be a JSON object");
        JsonNode platform = body.get("platform");
        if (platform != null && !platform.asText().equals(z.platform()))
            throw DomainError.badField("platform", "zone '" + z.name() + "' is a " + z.platform() + " zone");
        ZonePlatform.Accepted a = platformOf(z).accept(z, new SettingsBody(body), stored(z));
        store.putSettings(z.id(), z.platform(), json(a.settings()), a.secret(), clock.millis());
        audit.record(by, "zone.settings", z.name(), a.summary());
        return settingsView(z.name());
    }

    private static String json(Object value) {
        try {
            return StrictJson.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot store zone settings", e);
        }
    }

    // ---- reachability -------------------------------------------------------------------------

    /** Asks the zone's platform whether the headnode reaches what the zone is made of, per host. */
    public List<HostCheck> check(String zoneName) {
        Zone z = get(zoneName);
        StoredSettings s = stored(z).orElseThrow(() -> DomainError.conflict("no-settings",
                "zone '" + clip(zoneName) + "' has no settings yet: PUT /api/v1/zones/" + clip(zoneName) + "/settings first", null));
        return platformOf(z).check(z, s);
    }
}
