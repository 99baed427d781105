package io.olimpus.server.zones;

import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.catalog.CatalogUsage;
import io.olimpus.server.db.Unique;
import io.olimpus.server.http.ApiException;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/** Availability zones and their workers. Everything here may reach a shell or SSH, so every string is checked against a strict pattern. */
public final class ZoneService {
    public record NewZone(String name, String platform, String novaAz) {}

    public record NewWorker(String name, String mgmtAddress, String sshUser, String sshKeyRef, Integer vcpus, Integer ramMb, Integer diskGb, Boolean kvm) {}

    static final Pattern NOVA_AZ = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$");
    /** A host name or an IPv4/IPv6 literal: letters, digits, '.', ':' and '-' only. */
    static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$");
    static final Pattern SSH_USER = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");
    /** A key name or path under the headnode's key folder: no spaces, no "..". */
    static final Pattern KEY_REF = Pattern.compile("^[A-Za-z0-9._/-]{1,255}$");

    private final ZoneStore store;
    private final CatalogUsage usage;
    private final AuditLog audit;
    private final Clock clock;

    public ZoneService(ZoneStore store, CatalogUsage usage, AuditLog audit, Clock clock) {
        this.store = store;
        this.usage = usage;
        this.audit = audit;
        this.clock = clock;
    }

    public Zone create(Principal by, NewZone z) {
        String why = Names.whyInvalid(z.name());
        if (why != null) throw ApiException.badField("name", why + " (pattern " + Names.REGEX + ")");
        if (z.platform() == null) throw ApiException.badField("platform", "required: \"openstack\" or \"linux\"");
        String az = z.novaAz();
        switch (z.platform()) {
            case Zone.OPENSTACK -> {
                if (az == null) az = z.name();
                if (!NOVA_AZ.matcher(az).matches()) throw ApiException.badField("novaAz", "must match " + NOVA_AZ.pattern());
            }
            case Zone.LINUX -> {
                if (az != null) throw ApiException.badField("novaAz", "only an openstack zone has a Nova availability zone");
            }
            default -> throw ApiException.badField("platform", "must be \"openstack\" or \"linux\"");
        }
        try {
            Zone out = store.insert(z.name(), z.platform(), az, clock.millis());
            audit.record(by, "zone.create", out.name(), out.platform() + (az == null ? "" : ", nova AZ " + az));
            return out;
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw ApiException.conflict("zone-exists", "zone '" + z.name() + "' already exists", "name");
            throw e;
        }
    }

    public List<Zone> list() { return store.all(); }

    public Zone get(String name) {
        return store.byName(name).orElseThrow(() -> ApiException.notFound("zone '" + clip(name) + "'"));
    }

    public void delete(Principal by, String name) {
        Zone z = get(name);
        long using = usage.slicesInZone(z.name());
        if (using > 0) throw ApiException.conflict("zone-in-use", "zone '" + name + "' is used by " + using + " slice(s)", null);
        store.delete(z.id());
        audit.record(by, "zone.delete", z.name(), null);
    }

    public Worker addWorker(Principal by, String zoneName, NewWorker w) {
        Zone z = get(zoneName);
        if (!z.platform().equals(Zone.LINUX))
            throw ApiException.conflict("not-linux-zone", "zone '" + zoneName + "' is an " + z.platform() + " zone; only linux zones have workers", null);
        String why = Names.whyInvalid(w.name());
        if (why != null) throw ApiException.badField("name", why + " (pattern " + Names.REGEX + ")");
        require("mgmtAddress", w.mgmtAddress(), ADDRESS);
        require("sshUser", w.sshUser(), SSH_USER);
        require("sshKeyRef", w.sshKeyRef(), KEY_REF);
        if (w.sshKeyRef().contains("..")) throw ApiException.badField("sshKeyRef", "must not contain '..'");
        if (w.sshKeyRef().contains("PRIVATE KEY")) throw ApiException.badField("sshKeyRef", "is a reference to a key file, not the key itself");
        Resources cap = new Resources(range("vcpus", w.vcpus(), 1, 4096), range("ramMb", w.ramMb(), 64, Integer.MAX_VALUE), range("diskGb", w.diskGb(), 1, Integer.MAX_VALUE));
        boolean kvm = w.kvm() != null && w.kvm();
        try {
            Worker out = store.insertWorker(z, w.name(), w.mgmtAddress(), w.sshUser(), w.sshKeyRef(), cap, kvm, clock.millis());
            audit.record(by, "worker.create", z.name() + "/" + out.name(), out.mgmtAddress());
            return out;
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw ApiException.conflict("worker-exists", "a worker named '" + w.name() + "' already exists", "name");
            throw e;
        }
    }

    public List<Worker> workers(String zoneName) {
        get(zoneName);
        return store.workers(zoneName);
    }

    public Worker worker(String zoneName, String workerName) {
        return store.worker(zoneName, workerName).orElseThrow(() -> ApiException.notFound("worker '" + clip(workerName) + "' in zone '" + clip(zoneName) + "'"));
    }

    public void deleteWorker(Principal by, String zoneName, String workerName) {
        Worker w = worker(zoneName, workerName);
        store.deleteWorker(w.id());
        audit.record(by, "worker.delete", zoneName + "/" + workerName, null);
    }

    private static void require(String field, String v, Pattern p) {
        if (v == null || v.isEmpty()) throw ApiException.badField(field, "required");
        if (!p.matcher(v).matches()) throw ApiException.badField(field, "must match " + p.pattern());
    }

    private static int range(String field, Integer v, int min, int max) {
        if (v == null) throw ApiException.badField(field, "required");
        if (v < min || v > max) throw ApiException.badField(field, "must be between " + min + " and " + max);
        return v;
    }

    static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
