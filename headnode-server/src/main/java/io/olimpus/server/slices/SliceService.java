package io.olimpus.server.slices;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.file.TopologyFile;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.validation.CatalogAliases;
import io.olimpus.model.validation.CatalogCheck;
import io.olimpus.model.validation.Problem;
import io.olimpus.model.validation.ProblemCode;
import io.olimpus.model.validation.Severity;
import io.olimpus.model.validation.TopologyValidator;
import io.olimpus.model.validation.ValidationReport;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.catalog.CatalogSnapshot;
import io.olimpus.server.catalog.Flavor;
import io.olimpus.server.catalog.FlavorStore;
import io.olimpus.server.catalog.ImageStore;
import io.olimpus.server.db.Unique;
import io.olimpus.server.engine.guest.CloudConfig;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.users.Quota;
import io.olimpus.server.users.User;
import io.olimpus.server.users.UserStore;
import io.olimpus.server.zones.ZoneStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;

/**
 * Slices: a design stored from a topology document after validation against the catalog (every
 * problem at once, each pointing at its nodes and links). The owner's quota of VMs, vCPUs and RAM
 * is a warning on a draft and enforced when the slice deploys. A user sees and
 * changes only their own slices; somebody else's slice answers 404, as if it did not exist.
 */
public final class SliceService {
    /** A stored slice with the warnings its design still has. */
    public record Saved(Slice slice, List<Problem> warnings) {}

    /** A page of slices. */
    public record Page(List<Slice> items, long total, int limit, int offset) {}

    static final int MAX_ID_LENGTH = 64;

    private final SliceStore store;
    private final UserStore users;
    private final FlavorStore flavors;
    private final ImageStore images;
    private final ZoneStore zones;
    private final Supplier<CatalogAliases> aliases;
    private final AuditLog audit;
    private final Clock clock;

    /** @param aliases the catalog's aliases now: a design's names are read through them before any check */
    public SliceService(SliceStore store, UserStore users, FlavorStore flavors, ImageStore images, ZoneStore zones,
                        Supplier<CatalogAliases> aliases, AuditLog audit, Clock clock) {
        this.store = store;
        this.users = users;
        this.flavors = flavors;
        this.images = images;
        this.zones = zones;
        this.aliases = aliases;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Stores a new design for the caller, or, for an admin naming {@code ownerName}, for that user.
     * The owner's draft limits are checked first, on the document as sent: counting costs nothing,
     * while reading and validating a 20,000-node design cost seconds of CPU.
     */
    public Saved create(Principal caller, String ownerName, JsonNode document) {
        User owner = ownerFor(caller, ownerName);
        checkSliceCount(caller, owner);
        checkDesignSize(caller, owner, document);
        TopologyDocument doc = TopologyFile.fromJson(document);
        Prepared p = prepare(owner, doc, 0);
        if (store.idByOwnerAndName(owner.id(), p.design.name()).isPresent()) throw nameTaken(p.design.name());
        try {
            Slice s;
            // Counted again with the insert, one create per owner at a time: concurrent creates must not pass the limit together.
            synchronized (creating.computeIfAbsent(owner.id(), k -> new Object())) {
                checkSliceCount(caller, owner);
                s = store.insert(owner.id(), p.design, clock.millis());
            }
            audit.record(caller, "slice.create", s.owner() + "/" + s.name(), s.vmCount() + " VMs");
            return new Saved(s, p.warnings);
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw nameTaken(p.design.name());
            throw e;
        }
    }

    /** One lock per owner who has created a slice since start-up; the server is the only writer of its slices. */
    private final java.util.concurrent.ConcurrentHashMap<Long, Object> creating = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Replaces a slice's design. {@code basedOn} is the version the caller read and changed (null:
     * whatever is stored, an explicit choice of the caller); when another change was stored since,
     * nothing is written and the caller is told to reload, so no change is silently lost.
     */
    public Saved update(Principal caller, long id, Integer basedOn, JsonNode document) {
        Slice current = visible(caller, id);
        String locked = editRefusal.apply(caller, id);
        if (locked != null) throw DomainError.forbidden(locked);
        if (!current.status().editable())
            throw DomainError.conflict("slice-busy", "slice '" + current.name() + "' is " + current.status() + "; wait until the engine is done", "status");
        if (basedOn != null && current.version() != basedOn) throw stale(current, basedOn);
        User owner = users.byId(current.ownerId()).orElseThrow();
        checkDesignSize(caller, owner, document);
        TopologyDocument doc = TopologyFile.fromJson(document);
        Prepared p = prepare(owner, doc, id);
        var other = store.idByOwnerAndName(owner.id(), p.design.name());
        if (other.isPresent() && other.get() != id) throw nameTaken(p.design.name());
        try {
            if (!store.update(id, p.design, clock.millis(), basedOn)) {
                Slice now = store.get(id).orElseThrow(() -> DomainError.notFound("slice " + id));
                if (basedOn != null && now.version() != basedOn) throw stale(now, basedOn);
                throw DomainError.conflict("slice-busy", "slice '" + now.name() + "' is " + now.status() + "; wait until the engine is done", "status");
            }
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw nameTaken(p.design.name());
            throw e;
        }
        Slice s = store.get(id).orElseThrow(() -> DomainError.notFound("slice " + id));
        audit.record(caller, "slice.update", s.owner() + "/" + s.name(), "version " + s.version());
        return new Saved(s, p.warnings);
    }

    private static DomainError stale(Slice now, int basedOn) {
        return new DomainError(DomainError.Kind.STALE, "slice-changed", "slice '" + now.name() + "' was changed by someone else since you read it"
                + " (your change is based on version " + basedOn + ", the server has version " + now.version() + "); nothing was saved."
                + " Reload the slice, make your change again and save", "If-Match", "version " + basedOn + " is not the current version " + now.version(),
                Map.of("currentVersion", now.version()));
    }

    /** "your limit", or for an admin storing a design for somebody else, that user's. */
    private static String whose(Principal caller, User owner) {
        return owner.id() == caller.userId() ? "your limit" : "the limit of user '" + owner.username() + "'";
    }

    private static final String RAISE = "ask your instructor to raise the limit";

    /** A new slice must leave the owner within their limit of stored slices (drafts included). */
    private void checkSliceCount(Principal caller, User owner) {
        long stored = store.countOwnedBy(owner.id());
        int max = owner.quota().maxSlices();
        if (stored < max) return;
        throw new DomainError(DomainError.Kind.CONFLICT, "slice-limit", (owner.id() == caller.userId() ? "you already store " : "user '" + owner.username() + "' already stores ")
                + stored + " slice(s) and " + whose(caller, owner) + " (maxSlices) is " + max + "; delete a slice or " + RAISE,
                null, null, Map.of("limit", "maxSlices", "max", max, "actual", stored));
    }

    /**
     * A design may have at most the owner's limit of nodes (VMs and switches alike: a switch costs
     * the server as much as a VM to validate and store) and of links. Counted on the document's
     * arrays, before the document is read into a topology.
     */
    private static void checkDesignSize(Principal caller, User owner, JsonNode document) {
        Quota q = owner.quota();
        JsonNode t = document.path("topology");
        int nodes = t.path("nodes").isArray() ? t.path("nodes").size() : 0;
        int links = t.path("links").isArray() ? t.path("links").size() : 0;
        if (nodes > q.maxNodes()) throw tooLarge(caller, owner, "topology.nodes", nodes, "nodes (VMs and switches)", "maxNodes", q.maxNodes());
        if (links > q.maxLinks()) throw tooLarge(caller, owner, "topology.links", links, "links", "maxLinks", q.maxLinks());
    }

    private static DomainError tooLarge(Principal caller, User owner, String field, int actual, String what, String limit, int max) {
        String reason = actual + " " + what + "; " + whose(caller, owner) + " (" + limit + ") is " + max;
        return DomainError.unprocessable("design-too-large", "the design has " + reason + "; make the design smaller or " + RAISE,
                field, reason, Map.of("limit", limit, "max", max, "actual", actual));
    }

    private static DomainError nameTaken(String name) {
        return DomainError.conflict("slice-exists", "you already have a slice named '" + name + "'", "topology.name");
    }

    private User ownerFor(Principal caller, String ownerName) {
        if (ownerName == null || ownerName.equals(caller.username()))
            return users.byId(caller.userId()).orElseThrow(() -> DomainError.unauthorized("your account no longer exists"));
        if (!caller.isAdmin()) throw DomainError.forbidden("only an admin may store a slice for another user");
        return users.byName(ownerName).orElseThrow(() -> DomainError.badField("owner", "no user named '" + clip(ownerName) + "'"));
    }

    private record Prepared(SliceStore.Design design, List<Problem> warnings) {}

    private Prepared prepare(User owner, TopologyDocument given, long sliceId) {
        // A course file's "Golden Zone" is stored as the zone it is an alias of, with a note saying so.
        CatalogAliases.Resolved named = aliases.get().apply(given.topology());
        TopologyDocument doc = new TopologyDocument(named.topology(), given.presentation());
        Topology t = doc.topology();
        for (int i = 0; i < t.nodes().size(); i++)
            if (t.nodes().get(i).id().length() > MAX_ID_LENGTH)
                throw DomainError.badField("topology.nodes[" + i + "].id", "must be at most " + MAX_ID_LENGTH + " characters");
        for (int i = 0; i < t.links().size(); i++)
            if (t.links().get(i).id().length() > MAX_ID_LENGTH)
                throw DomainError.badField("topology.links[" + i + "].id", "must be at most " + MAX_ID_LENGTH + " characters");

        CatalogSnapshot catalog = CatalogSnapshot.read(flavors, images, zones);
        ValidationReport report = TopologyValidator.validate(t, List.of(new CatalogCheck(catalog)));
        if (report.hasErrors()) {
            List<Map<String, Object>> problems = report.problems().stream().map(SliceService::problemJson).toList();
            Problem first = report.errors().get(0);
            throw new DomainError(DomainError.Kind.UNPROCESSABLE, "invalid-topology", report.errors().size() + " problem(s) in the design; see 'problems'. First: " + first.message(),
                    "topology", first.message(), Map.of("problems", problems));
        }
        List<SliceVm> vms = new ArrayList<>();
        List<SliceSwitch> switches = new ArrayList<>();
        for (Node n : t.nodes()) {
            if (n.isSwitch()) { switches.add(new SliceSwitch(sliceId, n.id(), n.name())); continue; }
            Flavor f = resolveFlavor(n, catalog);
            vms.add(new SliceVm(sliceId, n.id(), n.name(), f.name(), n.vm().image(), n.vm().zone(), n.vm().internet(), f.vcpus(), f.ramMb(), f.diskGb()));
        }
        List<SliceLink> links = new ArrayList<>();
        for (Link l : t.links()) links.add(new SliceLink(sliceId, l.id(), l.a(), l.b()));
        String json = TopologyFile.write(doc);
        List<Problem> warnings = new ArrayList<>(named.notes());
        warnings.addAll(report.warnings());
        // A draft is not a deployment: over the quota it is stored, told; the deploy enforces the quota.
        for (Excess e : excesses(t, catalog, owner.quota(), heldUsage(owner.id(), sliceId)))
            warnings.add(new Problem(ProblemCode.QUOTA_EXCEEDED, Severity.WARNING, e.message() + SAVED_OVER_QUOTA, e.vmIds(), List.of()));
        return new Prepared(new SliceStore.Design(t.name(), t.zone(), json, vms, switches, links), warnings);
    }

    private static Flavor resolveFlavor(Node n, CatalogSnapshot catalog) {
        String name = n.vm().flavor() != null ? n.vm().flavor() : catalog.smallestFlavorCovering(n.vm().requirement()).orElseThrow();
        return catalog.flavorRow(name).orElseThrow();
    }

    /**
     * What the owner's other slices hold: those deployed or being worked on, and failed ones whose
     * resources remain. A failed slice whose deploy was rolled back holds nothing, so it counts nothing.
     */
    private SliceStore.Usage heldUsage(long ownerId, long exceptSliceId) {
        int vms = 0, vcpus = 0, ram = 0;
        for (SliceStore.Held h : store.heldBy(ownerId, exceptSliceId)) {
            if (h.status() == SliceStatus.FAILED && !holdsResources.test(h.sliceId())) continue;
            vms += h.usage().vms();
            vcpus += h.usage().vcpus();
            ram += h.usage().ramMb();
        }
        return new SliceStore.Usage(vms, vcpus, ram);
    }

    private static final String TO_FIT = "remove VMs or pick smaller flavors, undeploy another slice, or ask your teacher to raise your quota";
    private static final String SAVED_OVER_QUOTA = ". The draft is saved, but it cannot be deployed like this: " + TO_FIT;

    /** One quota the design, added to what the owner's other slices hold, goes over. */
    public record Excess(String limit, int max, int design, int held, String message, List<String> vmIds) {
        Map<String, Object> json() {
            return Map.of("limit", limit, "max", max, "design", design, "held", held, "needed", design + held);
        }
    }

    /** Each quota (VMs, vCPUs, RAM) the design, added to what the owner's deployed slices hold, goes over. */
    static List<Excess> excesses(Topology t, CatalogSnapshot catalog, Quota q, SliceStore.Usage others) {
        int vms = 0, vcpus = 0, ram = 0;
        List<String> vmIds = new ArrayList<>();
        for (Node n : t.nodes()) {
            if (!n.isVm()) continue;
            vms++;
            vmIds.add(n.id());
            String fname = n.vm().flavor() != null ? n.vm().flavor()
                    : n.vm().requirement() == null ? null : catalog.smallestFlavorCovering(n.vm().requirement()).orElse(null);
            var f = fname == null ? null : catalog.flavorRow(fname).orElse(null);
            if (f != null) { vcpus += f.vcpus(); ram += f.ramMb(); }
        }
        List<Excess> out = new ArrayList<>();
        String held = others.vms() == 0 ? "" : " (your deployed slices already hold " + others.vms() + " VMs, " + others.vcpus() + " vCPUs, " + others.ramMb() + " MB)";
        if (vms + others.vms() > q.maxVms())
            out.add(new Excess("maxVms", q.maxVms(), vms, others.vms(), "the design has " + vms + " VMs; your quota allows " + q.maxVms() + held, vmIds));
        if (vcpus + others.vcpus() > q.maxVcpus())
            out.add(new Excess("maxVcpus", q.maxVcpus(), vcpus, others.vcpus(), "the design needs " + vcpus + " vCPUs; your quota allows " + q.maxVcpus() + held, vmIds));
        if (ram + others.ramMb() > q.maxRamMb())
            out.add(new Excess("maxRamMb", q.maxRamMb(), ram, others.ramMb(), "the design needs " + ram + " MB of RAM; your quota allows " + q.maxRamMb() + held, vmIds));
        return out;
    }

    /**
     * The quota, enforced where resources are taken: a slice about to deploy (a first deploy or an
     * edit of a running one) must fit, with what the owner's other slices hold, in the owner's quota.
     * Called with the slice already DEPLOYING, so two deploys of one owner at once count each other.
     */
    public void checkQuotaToDeploy(Slice s, Topology t) {
        User owner = users.byId(s.ownerId()).orElseThrow(() -> DomainError.notFound("owner of slice " + s.id()));
        List<Excess> over = excesses(t, CatalogSnapshot.read(flavors, images, zones), owner.quota(), heldUsage(owner.id(), s.id()));
        if (over.isEmpty()) return;
        Excess first = over.get(0);
        String told = "slice '" + s.name() + "' does not fit your quota: " + first.message() + "; to deploy it, " + TO_FIT;
        List<Map<String, Object>> problems = over.stream()
                .map(e -> problemJson(Problem.of(ProblemCode.QUOTA_EXCEEDED, e.message() + "; to deploy it, " + TO_FIT, e.vmIds(), List.of()))).toList();
        throw DomainError.unprocessable("quota-exceeded", told, "quota", first.limit() + " is " + first.max() + "; the deploy needs " + (first.design() + first.held()),
                Map.of("limit", first.limit(), "max", first.max(), "needed", first.design() + first.held(),
                        "quotas", over.stream().map(Excess::json).toList(), "problems", problems));
    }

    public static Map<String, Object> problemJson(Problem p) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("code", p.code().name());
        m.put("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", p.message());
        m.put("nodeIds", p.nodeIds());
        m.put("linkIds", p.linkIds());
        return m;
    }

    /** The slice if the caller may see it (owner or admin); 404 otherwise, so ids of others' slices leak nothing. */
    public Slice visible(Principal caller, long id) {
        Slice s = store.get(id).orElseThrow(() -> DomainError.notFound("slice " + id));
        if (!caller.isAdmin() && s.ownerId() != caller.userId()) throw DomainError.notFound("slice " + id);
        return s;
    }

    /**
     * Set once at start-up by the courses feature: whether a caller may read (never change) what a
     * user owns (an instructor their students' slices).
     */
    private volatile java.util.function.BiPredicate<Principal, Long> readsOwnerOf = (caller, ownerId) -> false;

    public void alsoReadableBy(java.util.function.BiPredicate<Principal, Long> reader) { this.readsOwnerOf = reader; }

    /** The slice if the caller may read it: as {@link #visible}, or as a reader of its owner's slices; 404 otherwise. */
    public Slice readable(Principal caller, long id) {
        Slice s = store.get(id).orElseThrow(() -> DomainError.notFound("slice " + id));
        if (!caller.isAdmin() && s.ownerId() != caller.userId() && !readsOwnerOf.test(caller, s.ownerId())) throw DomainError.notFound("slice " + id);
        return s;
    }

    /**
     * The slice if the caller may watch it read-only (its consoles): as {@link #readable}. An
     * instructor who teaches none of the owner's courses is told so (403), since instructors are
     * expected to watch students' VMs and need to know why this one is not theirs; anyone else 404.
     */
    public Slice watchable(Principal caller, long id) {
        Slice s = store.get(id).orElseThrow(() -> DomainError.notFound("slice " + id));
        if (caller.isAdmin() || s.ownerId() == caller.userId() || readsOwnerOf.test(caller, s.ownerId())) return s;
        if (caller.canTeach())
            throw DomainError.forbidden("slice " + id + " belongs to a student of none of your courses; an instructor watches only the"
                    + " consoles of students enrolled in a course they teach (enrol the student, or ask their instructor)");
        throw DomainError.notFound("slice " + id);
    }

    public String design(Principal caller, long id) {
        readable(caller, id);
        return store.topologyJson(id).orElseThrow(() -> DomainError.notFound("slice " + id));
    }

    /** Who may list what: a user their own slices only; an admin everybody's, or one owner's. */
    public SliceFilter filterFor(Principal caller, String ownerName, String status, String zone, String namePrefix) {
        Long ownerId;
        if (!caller.isAdmin()) {
            User student = ownerName == null || ownerName.equals(caller.username()) ? null : users.byName(ownerName).orElse(null);
            if (student != null && readsOwnerOf.test(caller, student.id())) ownerId = student.id();  // an instructor reads a student's
            else if (ownerName != null && !ownerName.equals(caller.username()))
                throw DomainError.forbidden("a user lists only their own slices (an instructor also those of their courses' students)");
            else ownerId = caller.userId();
        } else if (ownerName != null) {
            ownerId = users.byName(ownerName).map(User::id).orElse(-1L);
        } else ownerId = null;
        SliceStatus st = null;
        if (status != null) {
            try {
                st = SliceStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw DomainError.badField("status", "must be one of " + java.util.Arrays.toString(SliceStatus.values()));
            }
        }
        if (zone != null && !Names.isValid(zone)) throw DomainError.badField("zone", "not a valid zone name");
        if (namePrefix != null && !namePrefix.matches("[a-z0-9-]{1,31}")) throw DomainError.badField("q", "a name prefix: lowercase letters, digits and '-'");
        return new SliceFilter(ownerId, st, zone, namePrefix);
    }

    public Page page(SliceFilter f, int limit, int offset) {
        return new Page(store.list(f, limit, offset), store.count(f), limit, offset);
    }

    public long generation(Long ownerId) { return store.generation(ownerId); }

    /** Set once at start-up by the deployment feature: a slice whose resources may still exist must not be deleted. */
    private volatile java.util.function.LongPredicate holdsResources = id -> false;

    /** Why the caller may not change a slice's design (a lab's copy that students may not edit), or null. */
    private java.util.function.BiFunction<Principal, Long, String> editRefusal = (caller, id) -> null;

    public void refuseEditWhen(java.util.function.BiFunction<Principal, Long, String> why) { this.editRefusal = why; }

    public void refuseDeleteWhile(java.util.function.LongPredicate holdsResources) { this.holdsResources = holdsResources; }

    public void delete(Principal caller, long id) {
        Slice s = visible(caller, id);
        if (!s.status().deletable())
            throw DomainError.conflict("slice-not-deletable", "slice '" + s.name() + "' is " + s.status() + "; undeploy it first", "status");
        if (holdsResources.test(id))
            throw DomainError.conflict("slice-not-deletable", "slice '" + s.name() + "' still has resources on its platform; undeploy it first", "status");
        if (!store.delete(id)) {
            Slice now = store.get(id).orElseThrow(() -> DomainError.notFound("slice " + id));
            throw DomainError.conflict("slice-not-deletable", "slice '" + now.name() + "' is " + now.status() + "; undeploy it first", "status");
        }
        audit.record(caller, "slice.delete", s.owner() + "/" + s.name(), null);
    }

    /** The slice's own cloud-config, or null; readable by whoever may read the slice. */
    public String cloudConfig(Principal caller, long id) {
        readable(caller, id);
        return store.cloudConfig(id).orElse(null);
    }

    /**
     * Sets ({@code text} a cloud-config document) or clears (null or blank) the slice's own
     * cloud-config. It applies to the VMs the next deploys create; VMs running keep what they booted with.
     */
    public void setCloudConfig(Principal caller, long id, String text) {
        Slice s = visible(caller, id);
        String locked = editRefusal.apply(caller, id);
        if (locked != null) throw DomainError.forbidden(locked);
        String stored = text == null || text.isBlank() ? null : text;
        if (stored != null) {
            String why = CloudConfig.whyInvalid(stored);
            if (why == null) why = whyNotYamlMapping(stored);
            if (why != null) throw DomainError.badField("cloudConfig", why);
        }
        if (!store.setCloudConfig(id, stored)) throw DomainError.notFound("slice " + id);
        audit.record(caller, stored == null ? "slice.cloud-config.clear" : "slice.cloud-config.set", s.owner() + "/" + s.name(),
                stored == null ? null : stored.length() + " characters");
    }

    private static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper YAML = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

    /** Why a cloud-config is not YAML holding a mapping (cloud-init would ignore it whole), with the line of the error; or null. */
    static String whyNotYamlMapping(String text) {
        try {
            JsonNode n = YAML.readTree(text);
            if (n == null || n.isMissingNode() || n.isNull() || n.isObject()) return null;
            return "must be a YAML mapping of cloud-init modules (e.g. 'packages: [tcpdump]'), not a " + n.getNodeType().name().toLowerCase();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // SnakeYAML knows where the problem itself is and what it found; Jackson's location and
            // first line are its context ("while scanning for the next token", often a line earlier).
            for (Throwable t = e; t != null; t = t.getCause())
                if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null && m.getProblem() != null)
                    return "is not valid YAML at line " + (m.getProblemMark().getLine() + 1) + ", column " + (m.getProblemMark().getColumn() + 1)
                            + ": " + clipProblem(m.getProblem()) + "; fix it and save again";
            var loc = e.getLocation();
            String msg = String.valueOf(e.getOriginalMessage());
            int nl = msg.indexOf('\n');
            return "is not valid YAML" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + ": " + clip(nl < 0 ? msg : msg.substring(0, nl)) + "; fix it and save again";
        }
    }

    /** SnakeYAML's problem, on one line and short enough for a message (it may quote the user's text). */
    private static String clipProblem(String problem) {
        String one = problem.replaceAll("\\s+", " ").strip();
        return one.length() > 120 ? one.substring(0, 120) + "…" : one;
    }

    /** What the owner of a slice gives the VMs a deploy creates: their SSH public key and the slice's cloud-config (each null when unset). */
    public record GuestSettings(String sshPublicKey, String cloudConfig) {}

    public GuestSettings guestSettings(Slice s) {
        return new GuestSettings(users.sshPublicKey(s.ownerId()).orElse(null), store.cloudConfig(s.id()).orElse(null));
    }

    public static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
