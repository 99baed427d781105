package io.olimpus.server.catalog;

import io.olimpus.model.topology.Names;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.db.Unique;
import io.olimpus.server.errors.DomainError;

import java.time.Clock;
import java.util.List;

/** Flavors: admins create and delete, everybody reads. */
public final class FlavorService {
    public record NewFlavor(String name, Integer vcpus, Integer ramMb, Integer diskGb) {}

    private final FlavorStore store;
    private final CatalogUsage usage;
    private final AuditLog audit;
    private final Clock clock;

    public FlavorService(FlavorStore store, CatalogUsage usage, AuditLog audit, Clock clock) {
        this.store = store;
        this.usage = usage;
        this.audit = audit;
        this.clock = clock;
    }

    public Flavor create(Principal by, NewFlavor f) {
        String why = Names.whyInvalid(f.name());
        if (why != null) throw DomainError.badField("name", why + " (pattern " + Names.REGEX + ")");
        int vcpus = range("vcpus", f.vcpus(), 1, 1024);
        int ram = range("ramMb", f.ramMb(), 16, 16 * 1024 * 1024);
        int disk = range("diskGb", f.diskGb(), 0, 1024 * 1024);
        try {
            Flavor out = store.insert(f.name(), vcpus, ram, disk, clock.millis());
            audit.record(by, "flavor.create", out.name(), vcpus + " vCPU, " + ram + " MB, " + disk + " GB");
            return out;
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("flavor-exists", "flavor '" + f.name() + "' already exists", "name");
            throw e;
        }
    }

    static int range(String field, Integer v, int min, int max) {
        if (v == null) throw DomainError.badField(field, "required");
        if (v < min || v > max) throw DomainError.badField(field, "must be between " + min + " and " + max);
        return v;
    }

    public List<Flavor> list() { return store.all(); }

    public Flavor get(String name) {
        return store.byName(name).orElseThrow(() -> DomainError.notFound("flavor '" + clip(name) + "'"));
    }

    public void delete(Principal by, String name) {
        Flavor f = get(name);
        long using = usage.slicesUsingFlavor(f.name());
        if (using > 0) throw DomainError.conflict("flavor-in-use", "flavor '" + name + "' is used by " + using + " slice(s)", null);
        store.delete(f.name());
        audit.record(by, "flavor.delete", f.name(), null);
    }

    static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
