package io.olimpus.desktop.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The headnode's wire types (headnode-server/src/main/resources/openapi.json), as records.
 * Unknown fields are ignored so a newer server does not break an older desktop; absent optional
 * request fields are left out (a PATCH changes only what it names).
 */
public final class Wire {
    private Wire() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Health(String status, String database) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Session(String token, long expiresAt, User user) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Quota(Integer maxVms, Integer maxVcpus, Integer maxRamMb) {}

    /** {@code password} only when the server generated one, once. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(long id, String username, String role, boolean disabled, Quota quota, long createdAt, String password) {
        public boolean admin() { return "admin".equals(role); }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewUser(String username, String password, String role, Integer maxVms, Integer maxVcpus, Integer maxRamMb) {}

    /** Only the non-null fields change. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserPatch(String role, Boolean disabled, Integer maxVms, Integer maxVcpus, Integer maxRamMb) {
        public static UserPatch disabled(boolean d) { return new UserPatch(null, d, null, null, null); }
        public static UserPatch quota(int vms, int vcpus, int ramMb) { return new UserPatch(null, null, vms, vcpus, ramMb); }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page<T>(List<T> items, Integer total, Integer limit, Integer offset) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Imported(List<User> created) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GeneratedPassword(String password) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Flavor(long id, String name, int vcpus, int ramMb, int diskGb, long createdAt) {}

    public record NewFlavor(String name, int vcpus, int ramMb, int diskGb) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImageFile(String role, String sha256, long sizeBytes) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(long id, String name, String kind, String diskFormat, boolean ready, long sizeBytes,
                        List<ImageFile> files, long createdAt) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Zone(long id, String name, String platform, String novaAz, long createdAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewZone(String name, String platform, String novaAz) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Capacity(int vcpus, int ramMb, int diskGb) {}

    /** A worker with what monitoring last saw: up, when (epoch ms), and why it is down. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Worker(long id, String zone, String name, String mgmtAddress, int sshPort, String sshUser, String sshKeyRef,
                        String dataAddress, String stateRoot, Capacity capacity, boolean kvm, long createdAt, boolean up,
                        Long lastSeenAt, String downReason) {}

    /** A worker to add; {@code dataAddress}, {@code sshPort} (22) and {@code stateRoot} may be null for the server's defaults. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewWorker(String name, String mgmtAddress, String sshUser, String sshKeyRef, int vcpus, int ramMb, int diskGb,
                            Boolean kvm, String dataAddress, Integer sshPort, String stateRoot) {
        public NewWorker(String name, String mgmtAddress, String sshUser, String sshKeyRef, int vcpus, int ramMb, int diskGb, Boolean kvm) {
            this(name, mgmtAddress, sshUser, sshKeyRef, vcpus, ramMb, diskGb, kvm, null, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sample(long at, double cpuPercent, long memUsedMb, long memTotalMb, long diskUsedMb, long diskTotalMb) {
        public double memPercent() { return memTotalMb == 0 ? 0 : 100.0 * memUsedMb / memTotalMb; }
        public double diskPercent() { return diskTotalMb == 0 ? 0 : 100.0 * diskUsedMb / diskTotalMb; }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WorkerSamples(String zone, String worker, boolean up, List<Sample> items) {}

    /** DRAFT, DEPLOYING, RUNNING, FAILED or UNDEPLOYING. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Slice(long id, String owner, String name, String zone, String status, int vmCount, int vcpus, int ramMb,
                        long version, long createdAt, long updatedAt) {}

    /** A slice with its design: an olimpus-topology/1 document (read it with TopologyFile.fromJson). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SliceDetail(long id, String owner, String name, String zone, String status, int vmCount, int vcpus, int ramMb,
                              long version, long createdAt, long updatedAt, JsonNode design) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DesignProblem(String code, String severity, String message, List<String> nodeIds, List<String> linkIds) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Saved(Slice slice, List<DesignProblem> warnings) {}

    /** The plan (networks, VMs with worker and NICs) and its difference against what runs, as the server sent them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preview(JsonNode plan, JsonNode diff, List<DesignProblem> problems) {}

    /** kind DEPLOY or UNDEPLOY; state RUNNING, SUCCEEDED, ROLLED_BACK or INCOMPLETE. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeployJob(long id, long sliceId, String kind, String state, String message, String requestedBy,
                            long startedAt, Long finishedAt) {
        public boolean finished() { return !"RUNNING".equals(state); }
    }

    /**
     * One event of a job: {@code type} is Progress, VmChanged, ResourceCreated, ResourceDeleted,
     * RollingBack or Finished; {@code data} is the whole event, read through the accessors below.
     */
    public record JobEvent(int seq, String type, JsonNode data) {
        public boolean finished() { return "Finished".equals(type); }
        /** Progress: steps done and in all, and what is being done. */
        public int done() { return data.path("done").asInt(); }
        public int total() { return data.path("total").asInt(); }
        public String step() { return text("step"); }
        /** VmChanged: which VM and its new state (QUEUED, CREATING, BOOTING, RUNNING, STOPPED, FAILED, DELETING, DELETED). */
        public String vmId() { return text("vmId"); }
        public String vmName() { return text("vmName"); }
        public String state() { return text("state"); }
        public String detail() { return text("detail"); }
        /** RollingBack: why. */
        public String reason() { return text("reason"); }
        /** Finished: SUCCEEDED, ROLLED_BACK or INCOMPLETE, and the message. */
        public String outcome() { return text("outcome"); }
        public String message() { return text("message"); }

        private String text(String f) {
            JsonNode n = data.get(f);
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobEventRow(int seq, long at, JsonNode event) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobView(DeployJob job, List<JobEventRow> events) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Nic(String network, String mac, String ip) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    /** {@code consoleKind}: "vnc" (the server's console WebSocket) or "browser" (the cloud's page, from {@code consoleUrl}). */
    public record VmView(String vmId, String name, String worker, String state, String detail, List<Nic> nics, String console, String consoleKind) {}
    public record ConsoleUrl(String url) {}

    public record PowerAction(String action) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditEntry(long id, long at, String actor, String action, String target, String detail) {}

    /** What runs on one worker of a zone: its slices and, per slice, the VMs placed there. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WorkerLoad(String worker, List<PlacedSlice> slices) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlacedSlice(long id, String name, String owner, String status, List<String> vms) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Placements(String zone, List<WorkerLoad> workers) {}
}
