package io.olimpus.server.zones;

import io.olimpus.server.platform.linux.LinuxZoneSettings;
import io.olimpus.server.platform.openstack.OpenStackZoneSettings;
import io.olimpus.server.platform.openstack.OpenStackVerifier;

import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Resources;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.catalog.CatalogUsage;
import io.olimpus.server.db.Unique;
import io.olimpus.server.errors.DomainError;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.engine.placement.Overcommit;
import io.olimpus.server.engine.placement.PlacementStrategy;
import io.olimpus.server.http.Json;
import io.olimpus.server.platform.linux.DataPlane;
import io.olimpus.server.platform.linux.ssh.Script;
import io.olimpus.server.platform.linux.ssh.SshEndpoint;
import io.olimpus.server.platform.linux.ssh.SshSessions;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/** Availability zones and their workers. Everything here may reach a shell or SSH, so every string is checked against a strict pattern. */
public final class ZoneService {
    public record NewZone(String name, String platform, String novaAz) {}

    public record NewWorker(String name, String mgmtAddress, String sshUser, String sshKeyRef, Integer vcpus, Integer ramMb, Integer diskGb, Boolean kvm,
                            String dataAddress, Integer sshPort, String stateRoot) {}

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
    private final OpenStackVerifier verifier;
    private final Path refRoot;

    public ZoneService(ZoneStore store, CatalogUsage usage, AuditLog audit, Clock clock) {
        this(store, usage, audit, clock, OpenStackVerifier.UNCHECKED, Path.of("."));
    }

    /**
     * @param verifier checks an OpenStack zone's service account when its settings are stored
     * @param refRoot  the folder relative key and known-hosts references are read from (the data folder)
     */
    public ZoneService(ZoneStore store, CatalogUsage usage, AuditLog audit, Clock clock, OpenStackVerifier verifier, Path refRoot) {
        this.store = store;
        this.usage = usage;
        this.audit = audit;
        this.clock = clock;
        this.verifier = verifier;
        this.refRoot = refRoot;
    }

    /** The file a key or known-hosts reference names: absolute as given, relative under the data folder. */
    public Path resolveRef(String ref) {
        Path p = Path.of(ref);
        return p.isAbsolute() ? p : refRoot.resolve(p);
    }

    public Zone create(Principal by, NewZone z) {
        String why = Names.whyInvalid(z.name());
        if (why != null) throw DomainError.badField("name", why + " (pattern " + Names.REGEX + ")");
        if (z.platform() == null) throw DomainError.badField("platform", "required: \"openstack\" or \"linux\"");
        String az = z.novaAz();
        switch (z.platform()) {
            case Zone.OPENSTACK -> {
                if (az == null) az = z.name();
                if (!NOVA_AZ.matcher(az).matches()) throw DomainError.badField("novaAz", "must match " + NOVA_AZ.pattern());
            }
            case Zone.LINUX -> {
                if (az != null) throw DomainError.badField("novaAz", "only an openstack zone has a Nova availability zone");
            }
            default -> throw DomainError.badField("platform", "must be \"openstack\" or \"linux\"");
        }
        try {
            Zone out = store.insert(z.name(), z.platform(), az, clock.millis());
            audit.record(by, "zone.create", out.name(), out.platform() + (az == null ? "" : ", nova AZ " + az));
            return out;
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("zone-exists", "zone '" + z.name() + "' already exists", "name");
            throw e;
        }
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

    public Worker addWorker(Principal by, String zoneName, NewWorker w) {
        Zone z = get(zoneName);
        if (!z.platform().equals(Zone.LINUX))
            throw DomainError.conflict("not-linux-zone", "zone '" + zoneName + "' is an " + z.platform() + " zone; only linux zones have workers", null);
        String why = Names.whyInvalid(w.name());
        if (why != null) throw DomainError.badField("name", why + " (pattern " + Names.REGEX + ")");
        require("mgmtAddress", w.mgmtAddress(), ADDRESS);
        require("sshUser", w.sshUser(), SSH_USER);
        require("sshKeyRef", w.sshKeyRef(), KEY_REF);
        if (w.sshKeyRef().contains("..")) throw DomainError.badField("sshKeyRef", "must not contain '..'");
        if (w.sshKeyRef().contains("PRIVATE KEY")) throw DomainError.badField("sshKeyRef", "is a reference to a key file, not the key itself");
        Resources cap = new Resources(range("vcpus", w.vcpus(), 1, 4096), range("ramMb", w.ramMb(), 64, Integer.MAX_VALUE), range("diskGb", w.diskGb(), 1, Integer.MAX_VALUE));
        boolean kvm = w.kvm() != null && w.kvm();
        String dataAddress = w.dataAddress();
        if (dataAddress == null) {
            if (!isIpv4(w.mgmtAddress())) throw DomainError.badField("dataAddress", "required when mgmtAddress is not an IPv4 address (the data network needs one)");
            dataAddress = w.mgmtAddress();
        } else ipv4("dataAddress", dataAddress);
        int sshPort = w.sshPort() == null ? Worker.DEFAULT_SSH_PORT : range("sshPort", w.sshPort(), 1, 65535);
        String stateRoot = w.stateRoot() == null ? Worker.DEFAULT_STATE_ROOT : path("stateRoot", w.stateRoot());
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

    // ---- settings ---------------------------------------------------------------------------

    /** A Linux zone's settings, for the engine; empty when the zone has none yet (or is not a Linux zone). */
    public Optional<LinuxZoneSettings> linuxSettings(String zoneName) {
        return store.settings(zoneName).filter(r -> r.platform().equals(Zone.LINUX)).map(r -> readJson(r.body(), LinuxZoneSettings.class));
    }

    /** An OpenStack zone's settings with the service account's password, for the engine only: never hand this to a client. */
    public Optional<OpenStackZoneSettings> openStackSettings(String zoneName) {
        return store.settings(zoneName).filter(r -> r.platform().equals(Zone.OPENSTACK)).map(r -> {
            OpenStackZoneSettings s = readJson(r.body(), OpenStackZoneSettings.class);
            return new OpenStackZoneSettings(s.keystoneUrl(), s.region(), s.userDomain(), s.projectDomain(), s.username(), r.secret(),
                    s.project(), s.externalNetwork());
        });
    }

    /** The settings as the API shows them: an OpenStack password only as {@code "passwordSet": true}. */
    public Map<String, Object> settingsView(String zoneName) {
        Zone z = get(zoneName);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", z.platform());
        if (z.platform().equals(Zone.LINUX)) {
            LinuxZoneSettings s = linuxSettings(zoneName).orElseThrow(() -> noSettings(zoneName));
            out.putAll(Json.MAPPER.convertValue(s, MAP));
        } else {
            OpenStackZoneSettings s = openStackSettings(zoneName).orElseThrow(() -> noSettings(zoneName));
            Map<String, Object> m = Json.MAPPER.convertValue(s, MAP);
            m.remove("password");
            out.putAll(m);
            out.put("passwordSet", s.password() != null && !s.password().isEmpty());
        }
        return out;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private static DomainError noSettings(String zoneName) {
        return DomainError.notFound("settings of zone '" + clip(zoneName) + "'");
    }

    /** The body of PUT /zones/{zone}/settings for a Linux zone: boxed and as strings, so each bad field is named by us. */
    public record LinuxSettingsBody(String platform, String dataPlane, String strategy, OvercommitBody overcommit, String addressPool,
                                    Integer subnetPrefix, Integer firstSegmentId, Integer lastSegmentId, HeadnodeBody headnode,
                                    String uplinkInterface, String knownHostsRef) {}

    public record OvercommitBody(Double cpu, Double ram, Double disk) {}

    public record HeadnodeBody(String name, String mgmtAddress, Integer sshPort, String sshUser, String sshKeyRef, String dataAddress, String stateRoot) {}

    /** The body of PUT /zones/{zone}/settings for an OpenStack zone; a missing password keeps the stored one. */
    public record OpenStackSettingsBody(String platform, String keystoneUrl, String region, String userDomain, String projectDomain,
                                        String username, String password, String project, String externalNetwork) {}

    public static final int OVS_MAX_SEGMENT = 4094;
    public static final int VXLAN_MAX_SEGMENT = 16_777_215;
    static final Pattern IFACE = Pattern.compile("^[a-z][a-z0-9-]{0,14}$");
    static final Pattern OS_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@ -]{0,254}$");

    /** Checks and stores a zone's settings; the body's shape depends on the zone's platform. */
    public Map<String, Object> putSettings(Principal by, String zoneName, JsonNode body) {
        Zone z = get(zoneName);
        if (!body.isObject()) throw DomainError.badRequest("invalid-json", "the body must be a JSON object");
        JsonNode platform = body.get("platform");
        if (platform != null && !platform.asText().equals(z.platform()))
            throw DomainError.badField("platform", "zone '" + z.name() + "' is a " + z.platform() + " zone");
        if (z.platform().equals(Zone.LINUX)) {
            LinuxZoneSettings s = validate(convert(body, LinuxSettingsBody.class));
            store.putSettings(z.id(), Zone.LINUX, writeJson(s), null, clock.millis());
            audit.record(by, "zone.settings", z.name(), s.dataPlane() + ", " + s.strategy() + ", pool " + s.addressPool()
                    + ", segments " + s.firstSegmentId() + "-" + s.lastSegmentId() + ", headnode " + s.headnode().name());
        } else {
            OpenStackSettingsBody b = convert(body, OpenStackSettingsBody.class);
            String password = b.password();
            if (password == null) password = openStackSettings(z.name()).map(OpenStackZoneSettings::password).orElse(null);
            OpenStackZoneSettings s = validate(b, password);
            try {
                verifier.verify(z, s);
            } catch (OpenStackVerifier.Refused e) {
                throw refused(e.field(), e.getMessage(), password);
            } catch (RuntimeException e) {
                throw refused("keystoneUrl", "cannot check the service account: " + e.getMessage(), password);
            }
            OpenStackZoneSettings noSecret = new OpenStackZoneSettings(s.keystoneUrl(), s.region(), s.userDomain(), s.projectDomain(), s.username(),
                    null, s.project(), s.externalNetwork());
            store.putSettings(z.id(), Zone.OPENSTACK, writeJson(noSecret), s.password(), clock.millis());
            audit.record(by, "zone.settings", z.name(), s.keystoneUrl() + ", region " + s.region() + ", user " + s.username() + ", project " + s.project());
        }
        return settingsView(z.name());
    }

    private static DomainError refused(String field, String message, String password) {
        String m = String.valueOf(message);
        if (password != null && !password.isEmpty()) m = m.replace(password, "***");
        return new DomainError(DomainError.Kind.UNPROCESSABLE, "settings-refused", field + ": " + m, field, m, null);
    }

    private static <T> T convert(JsonNode body, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(body, type);
        } catch (java.io.IOException e) {
            throw Json.translate(e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof java.io.IOException io) throw Json.translate(io);
            throw DomainError.badRequest("invalid-json", "the body is not the expected JSON object");
        }
    }

    private static String writeJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot store zone settings", e);
        }
    }

    private static <T> T readJson(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored zone settings cannot be read as " + type.getSimpleName(), e);
        }
    }

    LinuxZoneSettings validate(LinuxSettingsBody b) {
        DataPlane plane = enumValue("dataPlane", b.dataPlane(), DataPlane.class, null);
        PlacementStrategy strategy = enumValue("strategy", b.strategy(), PlacementStrategy.class, PlacementStrategy.SPREAD);
        Overcommit oc = Overcommit.DEFAULT;
        if (b.overcommit() != null) {
            oc = new Overcommit(ratio("overcommit.cpu", b.overcommit().cpu(), oc.cpu()), ratio("overcommit.ram", b.overcommit().ram(), oc.ram()),
                    ratio("overcommit.disk", b.overcommit().disk(), oc.disk()));
        }
        int poolPrefix = cidr("addressPool", b.addressPool());
        int subnetPrefix = range("subnetPrefix", b.subnetPrefix(), 8, 29);
        if (subnetPrefix < poolPrefix)
            throw DomainError.badField("subnetPrefix", "/" + subnetPrefix + " is wider than the address pool /" + poolPrefix + "; use /" + poolPrefix + " to /29");
        int max = plane == DataPlane.OVS ? OVS_MAX_SEGMENT : VXLAN_MAX_SEGMENT;
        String why = plane == DataPlane.OVS ? " (OVS uses the segment id as a VLAN tag)" : " (VXLAN ids)";
        int first = range("firstSegmentId", b.firstSegmentId(), 1, max, why);
        int last = range("lastSegmentId", b.lastSegmentId(), 1, max, why);
        if (last < first) throw DomainError.badField("lastSegmentId", "must not be below firstSegmentId (" + first + ")");
        HeadnodeBody h = b.headnode();
        if (h == null) throw DomainError.badField("headnode", "required");
        String hname = h.name();
        String nameWhy = Names.whyInvalid(hname);
        if (nameWhy != null) throw DomainError.badField("headnode.name", nameWhy + " (pattern " + Names.REGEX + ")");
        String mgmt = ipv4("headnode.mgmtAddress", h.mgmtAddress());
        int port = h.sshPort() == null ? Worker.DEFAULT_SSH_PORT : range("headnode.sshPort", h.sshPort(), 1, 65535);
        require("headnode.sshUser", h.sshUser(), SSH_USER);
        String key = ref("headnode.sshKeyRef", h.sshKeyRef());
        String data = h.dataAddress() == null ? mgmt : ipv4("headnode.dataAddress", h.dataAddress());
        String root = h.stateRoot() == null ? Worker.DEFAULT_STATE_ROOT : path("headnode.stateRoot", h.stateRoot());
        String uplink = b.uplinkInterface();
        if (uplink != null && !IFACE.matcher(uplink).matches())
            throw DomainError.badField("uplinkInterface", "must be an interface name matching " + IFACE.pattern());
        String known = ref("knownHostsRef", b.knownHostsRef());
        return new LinuxZoneSettings(plane, strategy, oc, b.addressPool(), subnetPrefix, first, last,
                new LinuxZoneSettings.Headnode(hname, mgmt, port, h.sshUser(), key, data, root), uplink, known);
    }

    OpenStackZoneSettings validate(OpenStackSettingsBody b, String password) {
        String url = b.keystoneUrl();
        if (url == null || url.isEmpty()) throw DomainError.badField("keystoneUrl", "required");
        try {
            URI u = new URI(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null || u.getUserInfo() != null)
                throw DomainError.badField("keystoneUrl", "must be an http:// or https:// URL with a host, like https://keystone.example.org:5000/v3");
        } catch (URISyntaxException e) {
            throw DomainError.badField("keystoneUrl", "is not a URL: " + e.getReason());
        }
        require("region", b.region(), NOVA_AZ);
        String userDomain = b.userDomain() == null ? "Default" : b.userDomain();
        String projectDomain = b.projectDomain() == null ? "Default" : b.projectDomain();
        require("userDomain", userDomain, OS_NAME);
        require("projectDomain", projectDomain, OS_NAME);
        require("username", b.username(), OS_NAME);
        if (password == null || password.isEmpty()) throw DomainError.badField("password", "required");
        if (password.length() > 1024) throw DomainError.badField("password", "must be at most 1024 characters");
        require("project", b.project(), OS_NAME);
        if (b.externalNetwork() != null) require("externalNetwork", b.externalNetwork(), OS_NAME);
        return new OpenStackZoneSettings(url, b.region(), userDomain, projectDomain, b.username(), password, b.project(), b.externalNetwork());
    }

    private static <E extends Enum<E>> E enumValue(String field, String v, Class<E> type, E dflt) {
        if (v == null) {
            if (dflt != null) return dflt;
            throw DomainError.badField(field, "required: one of " + Arrays.toString(type.getEnumConstants()));
        }
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(v)) return e;
        throw DomainError.badField(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static double ratio(String field, Double v, double dflt) {
        if (v == null) return dflt;
        if (!(v >= 1.0 && v <= 64.0)) throw DomainError.badField(field, "must be between 1 and 64");
        return v;
    }

    /** Checks "a.b.c.d/n" with n 8..30 and no host bits set; returns n. */
    static int cidr(String field, String v) {
        if (v == null || v.isEmpty()) throw DomainError.badField(field, "required, like 10.64.0.0/16");
        int slash = v.indexOf('/');
        if (slash < 0) throw DomainError.badField(field, "must be a CIDR block like 10.64.0.0/16");
        String addr = v.substring(0, slash), bits = v.substring(slash + 1);
        if (!isIpv4(addr)) throw DomainError.badField(field, "'" + clip(addr) + "' is not an IPv4 address");
        if (!bits.matches("\\d{1,2}")) throw DomainError.badField(field, "prefix '" + clip(bits) + "' is not a number");
        int n = Integer.parseInt(bits);
        if (n < 8 || n > 30) throw DomainError.badField(field, "prefix /" + n + " must be between /8 and /30");
        long ip = ipv4Value(addr), mask = n == 0 ? 0 : (0xFFFFFFFFL << (32 - n)) & 0xFFFFFFFFL;
        if ((ip & ~mask & 0xFFFFFFFFL) != 0)
            throw DomainError.badField(field, v + " has host bits set; the network is " + dotted(ip & mask) + "/" + n);
        return n;
    }

    private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");

    static boolean isIpv4(String v) { return v != null && IPV4.matcher(v).matches(); }

    private static String ipv4(String field, String v) {
        if (v == null || v.isEmpty()) throw DomainError.badField(field, "required");
        if (!isIpv4(v)) throw DomainError.badField(field, "'" + clip(v) + "' is not an IPv4 address");
        return v;
    }

    private static long ipv4Value(String v) {
        long out = 0;
        for (String p : v.split("\\.")) out = out << 8 | Integer.parseInt(p);
        return out;
    }

    private static String dotted(long v) {
        return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
    }

    private static final Pattern STATE_PATH = Pattern.compile("^/[A-Za-z0-9._/-]{1,200}$");

    private static String path(String field, String v) {
        if (v == null || !STATE_PATH.matcher(v).matches() || v.contains(".."))
            throw DomainError.badField(field, "must be an absolute path of [A-Za-z0-9._/-] without '..'");
        return v;
    }

    /** A reference to a file the headnode server reads (a private key, a known_hosts file): safe characters, and the file must be there. */
    private String ref(String field, String v) {
        require(field, v, KEY_REF);
        if (v.contains("..")) throw DomainError.badField(field, "must not contain '..'");
        Path p = resolveRef(v);
        if (!Files.isRegularFile(p) || !Files.isReadable(p))
            throw DomainError.badField(field, "no readable file at " + p + (Path.of(v).isAbsolute() ? "" : " (relative references are read from the data folder)"));
        return v;
    }

    // ---- reachability -------------------------------------------------------------------------

    /** Connects over SSH to the zone's headnode and every worker (in parallel) and says, per host, whether it answered. */
    public List<HostCheck> check(String zoneName) {
        Zone z = get(zoneName);
        if (z.platform().equals(Zone.OPENSTACK)) {
            OpenStackZoneSettings s = openStackSettings(zoneName).orElseThrow(() -> conflictNoSettings(zoneName));
            try {
                verifier.verify(z, s);
                return List.of(new HostCheck("keystone", "keystone", true, "the service account '" + s.username() + "' was accepted"));
            } catch (RuntimeException e) {
                return List.of(new HostCheck("keystone", "keystone", false, redact(e.getMessage(), s.password())));
            }
        }
        LinuxZoneSettings s = linuxSettings(zoneName).orElseThrow(() -> conflictNoSettings(zoneName));
        record Target(String name, String role, String address, int port, String user, String keyRef) {}
        List<Target> targets = new ArrayList<>();
        var h = s.headnode();
        targets.add(new Target(h.name(), "headnode", h.mgmtAddress(), h.sshPort(), h.sshUser(), h.sshKeyRef()));
        for (Worker w : store.workers(zoneName)) targets.add(new Target(w.name(), "worker", w.mgmtAddress(), w.sshPort(), w.sshUser(), w.sshKeyRef()));
        Path knownHosts = resolveRef(s.knownHostsRef());
        Map<String, SshSessions> sessions = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, targets.size()));
        try {
            List<Future<HostCheck>> answers = new ArrayList<>();
            for (Target t : targets) {
                answers.add(pool.submit(() -> {
                    try {
                        SshSessions ssh = sessions.computeIfAbsent(t.keyRef(), k -> new SshSessions(knownHosts, resolveRef(k), CHECK_TIMEOUT));
                        String out = ssh.shell(new SshEndpoint(t.name(), t.address(), t.port(), t.user())).check(Script.create().run("uname", "-srn"));
                        return new HostCheck(t.name(), t.role(), true, "answered: " + out.strip());
                    } catch (RuntimeException e) {
                        return new HostCheck(t.name(), t.role(), false, String.valueOf(e.getMessage()));
                    }
                }));
            }
            List<HostCheck> out = new ArrayList<>();
            for (Future<HostCheck> f : answers) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while checking zone " + zoneName, e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            sessions.values().forEach(SshSessions::close);
        }
    }

    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private static DomainError conflictNoSettings(String zoneName) {
        return DomainError.conflict("no-settings", "zone '" + clip(zoneName) + "' has no settings yet: PUT /api/v1/zones/" + clip(zoneName) + "/settings first", null);
    }

    private static String redact(String message, String secret) {
        String m = String.valueOf(message);
        return secret == null || secret.isEmpty() ? m : m.replace(secret, "***");
    }

    public void deleteWorker(Principal by, String zoneName, String workerName) {
        Worker w = worker(zoneName, workerName);
        store.deleteWorker(w.id());
        audit.record(by, "worker.delete", zoneName + "/" + workerName, null);
    }

    private static void require(String field, String v, Pattern p) {
        if (v == null || v.isEmpty()) throw DomainError.badField(field, "required");
        if (!p.matcher(v).matches()) throw DomainError.badField(field, "must match " + p.pattern());
    }

    private static int range(String field, Integer v, int min, int max) {
        return range(field, v, min, max, "");
    }

    private static int range(String field, Integer v, int min, int max, String why) {
        if (v == null) throw DomainError.badField(field, "required");
        if (v < min || v > max) throw DomainError.badField(field, "must be between " + min + " and " + max + why);
        return v;
    }

    static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
