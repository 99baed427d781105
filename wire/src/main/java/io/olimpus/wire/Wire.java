package io.olimpus.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * The headnode API's bodies (under /api/v1), as the server writes them and clients read them. Each
 * record here is a schema of the same name in the server's openapi.json, checked field by field by
 * a test; routes map their domain objects to these, so the compiler keeps the two sides together.
 *
 * <p>Records carry no reading policy: the server reads requests strictly (unknown fields refused)
 * and a client reads answers leniently (unknown fields ignored, so a newer server does not break it),
 * each through its own ObjectMapper. Fields a request leaves null keep the server's default.
 *
 * <p>A field is always present when its type is primitive or it is marked {@link Required}; the
 * others may be absent (the server leaves out nulls). The OpenAPI document says the same.
 */
public final class Wire {
    private Wire() {}

    /**
     * A field a request must carry (the server names it when it is missing) or an answer always
     * has, though its type is a reference. Documentation only: the server's own checks refuse.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Required {}

    // ---- statuses ---------------------------------------------------------------------------

    /** {@code admin} runs the cloud; {@code user} is a student with their own slices. */
    public enum Role {
        @JsonProperty("admin") ADMIN,
        @JsonProperty("instructor") INSTRUCTOR,
        @JsonProperty("user") USER
    }

    /** Where a slice is in its life: only DRAFT exists until a deploy; the server moves the rest. */
    public enum SliceStatus { DRAFT, DEPLOYING, RUNNING, FAILED, UNDEPLOYING }

    /** A VM's life as users see it. */
    public enum VmState { QUEUED, CREATING, BOOTING, RUNNING, STOPPED, FAILED, DELETING, DELETED }

    public enum JobKind { DEPLOY, UNDEPLOY }

    /** RUNNING until the job ends; INCOMPLETE means resources are left and undeploy must run again. */
    public enum JobState { RUNNING, SUCCEEDED, ROLLED_BACK, INCOMPLETE }

    /** How a job ended, as its last event says. */
    public enum JobOutcome { SUCCEEDED, ROLLED_BACK, INCOMPLETE }

    /** How a VM's console opens: the server's WebSocket carrying RFB, or the cloud's own page in a browser. */
    public enum ConsoleKind {
        @JsonProperty("vnc") VNC,
        @JsonProperty("browser") BROWSER
    }

    public enum Severity {
        @JsonProperty("error") ERROR,
        @JsonProperty("warning") WARNING
    }

    // ---- health and session -----------------------------------------------------------------

    /** {@code status} "ok" or "failing"; {@code database} says why when it fails. */
    public record Health(String status, String database) {}

    public record LoginRequest(@Required String username, @Required String password) {}

    /** {@code tokenType} is always "Bearer"; {@code expiresAt} in epoch ms. */
    /** {@code mustChangePassword} true: the password is a one-time password; only POST /auth/password works until it is changed (else null). */
    public record LoginResponse(String token, String tokenType, long expiresAt, User user, Boolean mustChangePassword) {
        public LoginResponse(String token, String tokenType, long expiresAt, User user) { this(token, tokenType, expiresAt, user, null); }
    }

    public record PasswordChange(@Required String currentPassword, @Required String newPassword) {}

    /**
     * A new password for a user; none: the server generates one and answers it once.
     * {@code yourPassword}: the acting admin's own current password, required when the user is an admin.
     */
    public record PasswordReset(String password, String yourPassword) {
        public PasswordReset(String password) { this(password, null); }
    }

    public record GeneratedPassword(String password) {}

    // ---- users ------------------------------------------------------------------------------

    /**
     * A user's limits: deployed VMs, vCPUs and RAM; and what they may store as drafts: slices, and
     * nodes (VMs and switches) and links in one design.
     */
    public record Quota(int maxVms, int maxVcpus, int maxRamMb, int maxSlices, int maxNodes, int maxLinks) {}

    /** {@code password} only when the server generated one, once. */
    /**
     * {@code sshPublicKey}: the user's OpenSSH public key, installed in every VM they deploy; shown
     * only to the user themself (GET and PATCH /auth/me), null elsewhere or when none is set.
     */
    public record User(long id, String username, Role role, boolean disabled, Quota quota, long createdAt, String password, String sshPublicKey) {
        public User(long id, String username, Role role, boolean disabled, Quota quota, long createdAt, String password) {
            this(id, username, role, disabled, quota, createdAt, password, null);
        }
        public boolean admin() { return role == Role.ADMIN; }
    }

    /** The caller's own profile change (PATCH /auth/me): {@code sshPublicKey} a key line sets it, "" clears it, null leaves it. */
    public record ProfilePatch(String sshPublicKey) {}

    /**
     * A slice's own cloud-config (GET/PUT /slices/{id}/cloud-config), merged into what the server
     * gives each VM (hostname, the owner's key, a password); null or "" when it has none.
     */
    public record CloudConfig(String cloudConfig) {}

    /** {@code role} "admin" or "user" (checked by the server, which names the field when it is neither). */
    public record NewUser(@Required String username, String password, String role, Integer maxVms, Integer maxVcpus, Integer maxRamMb,
                          Integer maxSlices, Integer maxNodes, Integer maxLinks) {
        /** With the server's default draft limits. */
        public NewUser(String username, String password, String role, Integer maxVms, Integer maxVcpus, Integer maxRamMb) {
            this(username, password, role, maxVms, maxVcpus, maxRamMb, null, null, null);
        }
    }

    /** Only the non-null fields change. */
    public record UserPatch(String role, Boolean disabled, Integer maxVms, Integer maxVcpus, Integer maxRamMb,
                            Integer maxSlices, Integer maxNodes, Integer maxLinks) {
        /** Leaves the draft limits as they are. */
        public UserPatch(String role, Boolean disabled, Integer maxVms, Integer maxVcpus, Integer maxRamMb) {
            this(role, disabled, maxVms, maxVcpus, maxRamMb, null, null, null);
        }
        public static UserPatch disabled(boolean d) { return new UserPatch(null, d, null, null, null); }
        public static UserPatch quota(int vms, int vcpus, int ramMb) { return new UserPatch(null, null, vms, vcpus, ramMb); }
        /** Changes only the draft limits: slices stored, nodes and links in one design. */
        public static UserPatch draftLimits(int slices, int nodes, int links) { return new UserPatch(null, null, null, null, null, slices, nodes, links); }
    }

    /** The users a roster import created (all of its lines, or none). */
    public record Imported(List<User> created) {}

    /** One page of a list; {@code total}, {@code limit} and {@code offset} only where the list pages. */
    public record Page<T>(@Required List<T> items, Long total, Integer limit, Integer offset) {}

    // ---- catalog ----------------------------------------------------------------------------

    public record Flavor(long id, String name, int vcpus, int ramMb, int diskGb, long createdAt) {}

    public record NewFlavor(@Required String name, @Required Integer vcpus, @Required Integer ramMb, @Required Integer diskGb) {}

    /** {@code role} disk, kernel or initrd. */
    public record ImageFile(String role, String sha256, long sizeBytes) {}

    /**
     * {@code kind} disk (with {@code diskFormat} qcow2 or raw) or kernel (a kernel and an initrd).
     * {@code virtualSizeBytes}: a disk's size as its guest sees it (a flavor's disk must hold it);
     * {@code bootSeconds}: how long a VM of the image may take to boot, when an admin set it
     * (otherwise the zone's budget applies).
     */
    public record Image(long id, String name, String kind, String diskFormat, boolean ready, long sizeBytes,
                        List<ImageFile> files, long createdAt, Long virtualSizeBytes, Integer bootSeconds) {}

    /** PATCH /images/{name}: {@code bootSeconds} sets the image's boot budget; null clears it. */
    public record ImagePatch(Integer bootSeconds) {}

    /**
     * Another name of a catalog entry, set by an admin: designs that say {@code alias} (whatever
     * its case) mean the {@code kind} (zone, image, flavor) named {@code name}.
     */
    public record CatalogAlias(String kind, String alias, String name) {}

    /** The aliases of one catalog entry (PUT replaces them all; [] removes them). */
    public record AliasList(@Required List<String> aliases) {}

    // ---- zones and workers ------------------------------------------------------------------

    /** {@code platform} names the zone's kind ("linux", "openstack"). */
    public record Zone(long id, String name, String platform, String novaAz, long createdAt) {}

    public record NewZone(@Required String name, @Required String platform, String novaAz) {}

    public record Resources(int vcpus, int ramMb, int diskGb) {}

    /** A worker with what monitoring last saw: up, when (epoch ms), and why it is down. */
    public record Worker(long id, String zone, String name, String mgmtAddress, int sshPort, String sshUser, String sshKeyRef,
                         String dataAddress, String stateRoot, Resources capacity, boolean kvm, long createdAt, boolean up,
                         Long lastSeenAt, String downReason) {}

    /** A worker to add; {@code dataAddress}, {@code sshPort} (22) and {@code stateRoot} may be null for the server's defaults. */
    public record NewWorker(@Required String name, @Required String mgmtAddress, @Required String sshUser, @Required String sshKeyRef,
                            @Required Integer vcpus, @Required Integer ramMb, @Required Integer diskGb,
                            Boolean kvm, String dataAddress, Integer sshPort, String stateRoot) {
        public NewWorker(String name, String mgmtAddress, String sshUser, String sshKeyRef, int vcpus, int ramMb, int diskGb, Boolean kvm) {
            this(name, mgmtAddress, sshUser, sshKeyRef, vcpus, ramMb, diskGb, kvm, null, null, null);
        }
    }

    /** One host's answer to a zone check: reached over SSH or not, and what it said. */
    public record HostCheck(String host, String role, boolean ok, String detail) {}

    public record ZoneCheck(boolean ok, @Required List<HostCheck> hosts) {}

    /** One resource a zone's platform holds that no slice owns: its kind, the platform's id and name, what holds it, and why it is nobody's. */
    public record Leftover(@Required String kind, @Required String id, String name, String container, @Required String reason) {}

    /** A zone's leftovers; after a clean-up {@code items} is what is still there, {@code removed} what went, {@code failures} why the rest stayed. */
    public record Leftovers(@Required String zone, @Required String platform, @Required List<Leftover> items, @Required List<Leftover> removed,
                            @Required List<String> failures) {}

    public record Sample(long at, double cpuPercent, long memUsedMb, long memTotalMb, long diskUsedMb, long diskTotalMb) {
        public double memPercent() { return memTotalMb == 0 ? 0 : 100.0 * memUsedMb / memTotalMb; }
        public double diskPercent() { return diskTotalMb == 0 ? 0 : 100.0 * diskUsedMb / diskTotalMb; }
    }

    public record WorkerSamples(@Required String zone, @Required String worker, boolean up, @Required List<Sample> items) {}

    /** One slice on one worker, with the names of its VMs there. */
    public record PlacedSlice(long id, String name, String owner, SliceStatus status, List<String> vms) {}

    public record WorkerLoad(String worker, List<PlacedSlice> slices) {}

    /** What runs on each worker of a zone. */
    public record Placements(@Required String zone, @Required List<WorkerLoad> workers) {}

    // ---- slices -----------------------------------------------------------------------------

    /** A slice without its design; {@code vcpus} and {@code ramMb} sum its VMs' flavors. */
    public record Slice(long id, long ownerId, String owner, String name, String zone, SliceStatus status, int vmCount, int vcpus, int ramMb,
                        long version, long createdAt, long updatedAt) {}

    /** A slice with its design, an olimpus-topology/1 document, as stored. */
    public record SliceDetail(long id, String owner, String name, String zone, SliceStatus status, int vmCount, int vcpus, int ramMb,
                              long version, long createdAt, long updatedAt, RawJson design) {}

    /**
     * A JSON value passed through as it is (a design document): written verbatim by the server;
     * a client registers a reader that keeps the value's text.
     */
    public record RawJson(String json) {
        @JsonValue
        @JsonRawValue
        public String json() { return json; }
    }

    /** {@code code} a ProblemCode name of the shared model; {@code nodeIds}, {@code linkIds} what to mark. */
    public record DesignProblem(String code, Severity severity, String message, List<String> nodeIds, List<String> linkIds) {}

    /** The answer to a create or update: the slice and the warnings its design still has. */
    public record Saved(Slice slice, List<DesignProblem> warnings) {}

    // ---- plans ------------------------------------------------------------------------------

    public record NicPlan(int index, String linkId, String networkId, String mac, String ip) {}

    /** A VM as it will run: where ({@code workerId}, empty on a cloud), its flavor, image and NICs. */
    public record VmPlan(String vmId, String name, String workerId, String flavor, Resources resources, String image,
                         boolean internet, List<NicPlan> nics) {}

    /** A network as it will exist: segment, subnet, gateway, and the workers it spans. */
    public record NetworkPlan(String networkId, String name, int segmentId, String cidr, String gateway, List<String> workerIds) {}

    /** How a link is shaped: each value absent when the link has none of it (delay and jitter in ms, loss in %, rate in Mbit/s). */
    public record LinkPlan(String linkId, Double delayMs, Double jitterMs, Double lossPercent, Double rateMbit) {}

    /** {@code links}: only the impaired ones. */
    public record Plan(String sliceName, String zone, List<NetworkPlan> networks, List<VmPlan> vms, List<LinkPlan> links) {}

    /** A link reshaped in place on a running slice (no VM replaced); {@code change} reads "link l3: delay 0 -> 50 ms". */
    public record LinkChange(String linkId, String change, LinkPlan before, LinkPlan after) {}

    public record PlanDiff(List<NetworkPlan> addedNetworks, List<NetworkPlan> removedNetworks, List<NetworkPlan> changedNetworks,
                           List<VmPlan> addedVms, List<VmPlan> removedVms, List<VmPlan> changedVms, List<LinkChange> changedLinks) {}

    /** A dry run: the plan and what applying it would change against what runs. */
    public record Preview(Plan plan, PlanDiff diff, List<DesignProblem> problems) {}

    // ---- jobs and VMs -----------------------------------------------------------------------

    /**
     * {@code vmPassword}: the password cloud-init gives the default user of the VMs this deploy
     * creates, in the answer to the deploy request only (never stored by the server, so shown
     * once); null in every other answer, and when the deploy creates no VM.
     */
    public record DeployJob(long id, long sliceId, JobKind kind, JobState state, String message, String requestedBy,
                            long startedAt, Long finishedAt, String vmPassword) {
        public DeployJob(long id, long sliceId, JobKind kind, JobState state, String message, String requestedBy, long startedAt, Long finishedAt) {
            this(id, sliceId, kind, state, message, requestedBy, startedAt, finishedAt, null);
        }
        public boolean finished() { return state != JobState.RUNNING; }
    }

    /** One thing a driver created: its kind, name, host (null: cloud-wide), owning plan element, teardown rank. */
    public record ResourceRef(String kind, String name, String host, String owner, int teardownRank) {}

    /**
     * What a running job tells its watchers, in order; {@code type} names the event (it is also the
     * server-sent event's name). A job ends with exactly one {@link Finished}.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = DeployEvent.Progress.class, name = "Progress"),
            @JsonSubTypes.Type(value = DeployEvent.VmChanged.class, name = "VmChanged"),
            @JsonSubTypes.Type(value = DeployEvent.ResourceCreated.class, name = "ResourceCreated"),
            @JsonSubTypes.Type(value = DeployEvent.ResourceDeleted.class, name = "ResourceDeleted"),
            @JsonSubTypes.Type(value = DeployEvent.RollingBack.class, name = "RollingBack"),
            @JsonSubTypes.Type(value = DeployEvent.Finished.class, name = "Finished")})
    public sealed interface DeployEvent {
        /** Steps done and in all, and what is being done. */
        record Progress(int done, int total, String step) implements DeployEvent {}

        record VmChanged(String vmId, String vmName, VmState state, String detail) implements DeployEvent {}

        record ResourceCreated(ResourceRef ref) implements DeployEvent {}

        record ResourceDeleted(ResourceRef ref) implements DeployEvent {}

        record RollingBack(String reason) implements DeployEvent {}

        record Finished(JobOutcome outcome, String message) implements DeployEvent {}

        /** The event's name on the wire: its {@code type}, and its server-sent event name. */
        static String typeName(DeployEvent e) {
            for (JsonSubTypes.Type t : DeployEvent.class.getAnnotation(JsonSubTypes.class).value())
                if (t.value() == e.getClass()) return t.name();
            throw new IllegalArgumentException("not a wire event: " + e.getClass());
        }
    }

    /** One stored event of a job: its sequence number (the stream's event id), when (epoch ms), and the event. */
    public record JobEventRow(int seq, long at, DeployEvent event) {}

    /** A job with the events after the one the client last saw. */
    public record JobView(DeployJob job, List<JobEventRow> events) {}

    /**
     * What a failed VM left before the rollback deleted it: the end (at most 4096 characters each)
     * of its serial console and of its platform's log (QEMU's error output on a Linux zone),
     * printable text only; {@code at} is when it was read (epoch ms).
     */
    public record VmEvidence(String vmId, String vmName, String console, String platformLog, long at) {}

    /** The evidence a job kept, one entry per failed VM (none when no VM failed or the platform could say nothing). */
    public record JobEvidence(long jobId, List<VmEvidence> vms) {}

    /** One event as a stream delivers it: its sequence number (the SSE id) and the event (its data). */
    public record JobEvent(int seq, DeployEvent event) {
        public boolean finished() { return event instanceof DeployEvent.Finished; }
    }

    public record Nic(String network, String mac, String ip) {}

    /**
     * A VM as the platform reports it now; {@code console} is the path of its console on this
     * server, {@code serial} the path of its serial console (a text terminal), null where the
     * zone has none.
     */
    public record VmView(String vmId, String name, String worker, VmState state, String detail, List<Nic> nics, String console,
                         ConsoleKind consoleKind, String serial) {}

    public record ConsoleUrl(@Required String url) {}

    /**
     * A one-use ticket that opens one WebSocket (a VM's console) once, before {@code expiresAt}
     * (epoch ms); {@code url} is the WebSocket's path on the server with the ticket in its query.
     */
    public record SocketTicket(@Required String ticket, long expiresAt, @Required String url) {}

    /** {@code action} stop, start or reboot. */
    public record PowerRequest(@Required String action) {}

    public record AuditEntry(long id, long at, String actor, String action, String target, String detail) {}

    // ---- courses (issue 15) ----------------------------------------------------------------------

    /** What each enrolled student may run in the course's labs at once. */
    public record CourseQuota(int maxVms, int maxVcpus, int maxRamMb) {}

    /**
     * A course: its owner (an instructor or admin), the zone its labs run in, the per-student quota,
     * how many students are enrolled, and when the one-time passwords were handed out (null: not yet).
     */
    /** {@code language}: of the mails the course sends its students ("en" or "es"). */
    public record Course(long id, @Required String name, @Required String owner, @Required String zone, @Required CourseQuota quota,
                         int students, long createdAt, Long credentialsHandedOutAt, @Required String language) {}

    /**
     * A new course; null limits take the server's default user quota; {@code owner} (admins only) names its instructor;
     * {@code language} of its mails to students, "en" (null) or "es".
     */
    public record NewCourse(@Required String name, @Required String zone, Integer maxVms, Integer maxVcpus, Integer maxRamMb, String owner,
                            String language) {
        /** In English. */
        public NewCourse(String name, String zone, Integer maxVms, Integer maxVcpus, Integer maxRamMb, String owner) {
            this(name, zone, maxVms, maxVcpus, maxRamMb, owner, null);
        }
    }

    /**
     * A change to a course; null fields stay as they are. {@code owner} hands the course to another instructor
     * (or admin): the course's owner or an admin may.
     */
    public record CoursePatch(String name, String zone, Integer maxVms, Integer maxVcpus, Integer maxRamMb, String owner, String language) {
        /** Keeps the owner and the language. */
        public CoursePatch(String name, String zone, Integer maxVms, Integer maxVcpus, Integer maxRamMb) {
            this(name, zone, maxVms, maxVcpus, maxRamMb, null, null);
        }

        /** Hands the course to {@code owner}, changing nothing else. */
        public static CoursePatch owner(String owner) { return new CoursePatch(null, null, null, null, null, owner, null); }
    }

    /** An enrolled student and the email their one-time passwords are mailed to (null: none given). */
    public record Student(long userId, @Required String username, boolean disabled, String email, long enrolledAt) {}

    /** Existing users to enrol, by name. */
    public record Enrolment(@Required List<String> usernames) {}

    /**
     * A student given a one-time password (shown this once): whether it was mailed to {@code email},
     * else why not ({@code mailProblem}); either way it is on the course's credentials sheet.
     */
    public record HandedOut(@Required String username, String email, @Required String password, boolean mailed, String mailProblem) {}

    /** What a roster import did: the students it created and the existing users it enrolled. */
    public record RosterImported(@Required List<HandedOut> created, @Required List<String> enrolled) {}
}
