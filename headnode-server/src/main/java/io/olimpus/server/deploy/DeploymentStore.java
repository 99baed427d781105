package io.olimpus.server.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.plan.ClusterAllocations;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.engine.plan.NetworkPlan;
import io.olimpus.server.engine.plan.NicPlan;
import io.olimpus.server.engine.plan.VmPlan;
import io.olimpus.server.json.StrictJson;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Plans, allocations, jobs with their events, and the resource journal, in the server's database. */
public final class DeploymentStore {
    private static final RowMapper<DeployJob> JOB = (rs, c) -> new DeployJob(rs.getLong("id"), rs.getLong("slice_id"),
            DeployJob.Kind.valueOf(rs.getString("kind")), DeployJob.State.valueOf(rs.getString("state")), rs.getString("message"),
            rs.getString("requested_by"), rs.getLong("started_at"), (Long) rs.getObject("finished_at", Long.class));
    private static final RowMapper<ResourceRef> REF = (rs, c) -> new ResourceRef(rs.getString("kind"), rs.getString("name"),
            rs.getString("host").isEmpty() ? null : rs.getString("host"), rs.getString("owner"), rs.getInt("teardown_rank"));

    private final Jdbi jdbi;

    public DeploymentStore(Jdbi jdbi) { this.jdbi = jdbi; }

    // ---- plans ------------------------------------------------------------------------------

    public Optional<DeploymentPlan> plan(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select plan_json from slice_plans where slice_id = :s").bind("s", sliceId)
                .mapTo(String.class).findOne()).map(DeploymentStore::readPlan);
    }

    /** Every stored plan of a zone but one slice's: what the zone's workers already hold. */
    public List<DeploymentPlan> otherPlans(String zone, long exceptSliceId) {
        return jdbi.withHandle(h -> h.createQuery("select plan_json from slice_plans where zone = :z and slice_id <> :s")
                .bind("z", zone).bind("s", exceptSliceId).mapTo(String.class).list()).stream().map(DeploymentStore::readPlan).toList();
    }

    /** A slice's stored plan. */
    public record SlicePlan(long sliceId, DeploymentPlan plan) {}

    /** Every stored plan of a zone, by slice id: what runs on the zone's workers. */
    public List<SlicePlan> plansInZone(String zone) {
        return jdbi.withHandle(h -> h.createQuery("select slice_id, plan_json from slice_plans where zone = :z order by slice_id")
                .bind("z", zone).map((rs, c) -> new SlicePlan(rs.getLong(1), readPlan(rs.getString(2)))).list());
    }

    /**
     * The slices that own something on a zone's platform or may be about to: a stored plan there,
     * resources in the journal, or a job running. What the platform holds beyond them is a leftover.
     */
    public java.util.Set<Long> slicesHolding(String zone) {
        return jdbi.withHandle(h -> new java.util.TreeSet<>(h.createQuery("select slice_id from slice_plans where zone = :z"
                        + " union select slice_id from slice_resources union select slice_id from deploy_jobs where state = 'RUNNING'")
                .bind("z", zone).mapTo(Long.class).list()));
    }

    public void savePlan(long sliceId, DeploymentPlan plan, long now) {
        String json = writePlan(plan);
        // A class deploy stores many first plans at once. Deleting a plan that is not there locks the
        // gap between neighbouring slice ids on MariaDB, and two such saves then deadlocked on their
        // inserts; a plain read takes no lock, so a first plan is inserted and a later one updated.
        // A deadlock's victim (the database may still pick one) is run again, as for claims and releases.
        io.olimpus.server.db.Deadlock.retry(5, () -> jdbi.useTransaction(h -> {
            boolean stored = h.createQuery("select count(*) from slice_plans where slice_id = :s").bind("s", sliceId).mapTo(Integer.class).one() > 0;
            h.createUpdate(stored ? "update slice_plans set zone = :z, plan_json = :j, updated_at = :now where slice_id = :s"
                            : "insert into slice_plans (slice_id, zone, plan_json, updated_at) values (:s, :z, :j, :now)")
                    .bind("s", sliceId).bind("z", plan.zone()).bind("j", json).bind("now", now).execute();
        }));
    }

    public void deletePlan(long sliceId) {
        jdbi.useHandle(h -> h.createUpdate("delete from slice_plans where slice_id = :s").bind("s", sliceId).execute());
    }

    static DeploymentPlan readPlan(String json) {
        try {
            return StrictJson.MAPPER.readValue(json, DeploymentPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored plan cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    static String writePlan(DeploymentPlan plan) {
        try {
            return StrictJson.MAPPER.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- allocations ------------------------------------------------------------------------

    /** What every other slice of the zone holds. */
    public ClusterAllocations allocationsExcept(String zone, long sliceId) {
        return jdbi.withHandle(h -> {
            Set<Integer> segs = new HashSet<>(h.createQuery("select segment_id from alloc_segments where zone = :z and slice_id <> :s")
                    .bind("z", zone).bind("s", sliceId).mapTo(Integer.class).list());
            List<Ipv4Block> subnets = h.createQuery("select cidr from alloc_subnets where zone = :z and slice_id <> :s")
                    .bind("z", zone).bind("s", sliceId).mapTo(String.class).list().stream().map(Ipv4Block::parse).toList();
            // MACs are unique everywhere: two zones may share a layer-2 fabric.
            Set<String> macs = new HashSet<>(h.createQuery("select mac from alloc_macs where slice_id <> :s").bind("s", sliceId).mapTo(String.class).list());
            return new ClusterAllocations(segs, macs, subnets);
        });
    }

    /**
     * Claims every id of the plan for the slice in one transaction; ids the slice already holds are
     * kept. Throws a unique violation (see {@link io.olimpus.server.db.Unique}) when another slice
     * claimed one first: the caller re-plans.
     */
    public void claim(long sliceId, DeploymentPlan plan) {
        jdbi.useTransaction(h -> {
            Set<Integer> segs = new HashSet<>(h.createQuery("select segment_id from alloc_segments where slice_id = :s").bind("s", sliceId).mapTo(Integer.class).list());
            Set<String> cidrs = new HashSet<>(h.createQuery("select cidr from alloc_subnets where slice_id = :s").bind("s", sliceId).mapTo(String.class).list());
            Set<String> macs = new HashSet<>(h.createQuery("select mac from alloc_macs where slice_id = :s").bind("s", sliceId).mapTo(String.class).list());
            for (NetworkPlan n : plan.networks()) {
                if (segs.add(n.segmentId()))
                    h.createUpdate("insert into alloc_segments (zone, segment_id, slice_id) values (:z, :id, :s)")
                            .bind("z", plan.zone()).bind("id", n.segmentId()).bind("s", sliceId).execute();
                if (cidrs.add(n.cidr()))
                    h.createUpdate("insert into alloc_subnets (zone, cidr, slice_id) values (:z, :c, :s)")
                            .bind("z", plan.zone()).bind("c", n.cidr()).bind("s", sliceId).execute();
            }
            for (VmPlan v : plan.vms())
                for (NicPlan nic : v.nics())
                    if (macs.add(nic.mac()))
                        h.createUpdate("insert into alloc_macs (mac, slice_id) values (:m, :s)").bind("m", nic.mac()).bind("s", sliceId).execute();
        });
    }

    /** Releases what the slice holds beyond {@code keep} (null: everything). */
    public void releaseExcept(long sliceId, DeploymentPlan keep) {
        Set<Integer> segs = new HashSet<>();
        Set<String> cidrs = new HashSet<>(), macs = new HashSet<>();
        if (keep != null) {
            for (NetworkPlan n : keep.networks()) { segs.add(n.segmentId()); cidrs.add(n.cidr()); }
            for (VmPlan v : keep.vms()) for (NicPlan nic : v.nics()) macs.add(nic.mac());
        }
        // Class deploys undeploy many slices at once: MariaDB may pick one release as a deadlock's victim; it is run again.
        io.olimpus.server.db.Deadlock.retry(5, () -> jdbi.useTransaction(h -> {
            for (Integer seg : h.createQuery("select segment_id from alloc_segments where slice_id = :s").bind("s", sliceId).mapTo(Integer.class).list())
                if (!segs.contains(seg)) h.createUpdate("delete from alloc_segments where slice_id = :s and segment_id = :id").bind("s", sliceId).bind("id", seg).execute();
            for (String c : h.createQuery("select cidr from alloc_subnets where slice_id = :s").bind("s", sliceId).mapTo(String.class).list())
                if (!cidrs.contains(c)) h.createUpdate("delete from alloc_subnets where slice_id = :s and cidr = :c").bind("s", sliceId).bind("c", c).execute();
            for (String m : h.createQuery("select mac from alloc_macs where slice_id = :s").bind("s", sliceId).mapTo(String.class).list())
                if (!macs.contains(m)) h.createUpdate("delete from alloc_macs where mac = :m").bind("m", m).execute();
        }));
    }

    /** Segment ids, subnets and MACs the slice holds: zero once it is undeployed. */
    public int allocationCount(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select (select count(*) from alloc_segments where slice_id = :s) + (select count(*) from alloc_subnets"
                + " where slice_id = :s) + (select count(*) from alloc_macs where slice_id = :s)").bind("s", sliceId).mapTo(Integer.class).one());
    }

    // ---- jobs and events --------------------------------------------------------------------

    /** A new running job; {@code plan} is what it applies (the plan a restarted server rolls back by). */
    public DeployJob insertJob(long sliceId, DeployJob.Kind kind, String by, DeploymentPlan plan, long now) {
        return jdbi.withHandle(h -> {
            long id = h.createUpdate("insert into deploy_jobs (slice_id, kind, state, requested_by, plan_json, started_at) values (:s, :k, 'RUNNING', :by, :p, :now)")
                    .bind("s", sliceId).bind("k", kind.name()).bind("by", by).bind("p", writePlan(plan)).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return job(h, id).orElseThrow();
        });
    }

    public void finishJob(long jobId, DeployJob.State state, String message, long now) {
        jdbi.useHandle(h -> h.createUpdate("update deploy_jobs set state = :st, message = :m, finished_at = :now where id = :id")
                .bind("st", state.name()).bind("m", clip(message, 2000)).bind("now", now).bind("id", jobId).execute());
    }

    public Optional<DeployJob> job(long id) { return jdbi.withHandle(h -> job(h, id)); }

    private static Optional<DeployJob> job(Handle h, long id) {
        return h.createQuery("select * from deploy_jobs where id = :id").bind("id", id).map(JOB).findOne();
    }

    public DeploymentPlan jobPlan(long jobId) {
        return readPlan(jdbi.withHandle(h -> h.createQuery("select plan_json from deploy_jobs where id = :id").bind("id", jobId).mapTo(String.class).one()));
    }

    public Optional<DeployJob> latestJob(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select * from deploy_jobs where slice_id = :s order by id desc limit 1").bind("s", sliceId).map(JOB).findOne());
    }

    public List<DeployJob> runningJobs() {
        return jdbi.withHandle(h -> h.createQuery("select * from deploy_jobs where state = 'RUNNING' order by id").map(JOB).list());
    }

    public void addEvent(long jobId, int seq, long at, String json) {
        jdbi.useHandle(h -> h.createUpdate("insert into job_events (job_id, seq, at, event_json) values (:j, :n, :at, :e)")
                .bind("j", jobId).bind("n", seq).bind("at", at).bind("e", clip(json, 4000)).execute());
    }

    public record StoredEvent(int seq, long at, String json) {}

    public List<StoredEvent> events(long jobId, int afterSeq) {
        return jdbi.withHandle(h -> h.createQuery("select seq, at, event_json from job_events where job_id = :j and seq > :n order by seq")
                .bind("j", jobId).bind("n", afterSeq).map((rs, c) -> new StoredEvent(rs.getInt(1), rs.getLong(2), rs.getString(3))).list());
    }

    public int lastSeq(long jobId) {
        return jdbi.withHandle(h -> h.createQuery("select coalesce(max(seq), 0) from job_events where job_id = :j").bind("j", jobId).mapTo(Integer.class).one());
    }

    /** What a failed VM of a job left (see {@link io.olimpus.server.engine.driver.VmEvidence}). */
    public record StoredEvidence(String vmId, String vmName, String console, String platformLog, long at) {}

    /** Keeps a VM's evidence with the job; a second report for the same VM replaces the first. */
    public void saveEvidence(long jobId, StoredEvidence e) {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from job_evidence where job_id = :j and vm_id = :v").bind("j", jobId).bind("v", e.vmId()).execute();
            h.createUpdate("insert into job_evidence (job_id, vm_id, vm_name, console, platform_log, at) values (:j, :v, :n, :c, :p, :at)")
                    .bind("j", jobId).bind("v", e.vmId()).bind("n", e.vmName()).bind("c", e.console()).bind("p", e.platformLog())
                    .bind("at", e.at()).execute();
        });
    }

    public List<StoredEvidence> evidence(long jobId) {
        return jdbi.withHandle(h -> h.createQuery("select vm_id, vm_name, console, platform_log, at from job_evidence where job_id = :j order by at, vm_name")
                .bind("j", jobId).map((rs, c) -> new StoredEvidence(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5))).list());
    }

    // ---- resource journal -------------------------------------------------------------------

    public void recordResource(long sliceId, long jobId, ResourceRef r, long now) {
        jdbi.useHandle(h -> {
            // Idempotent: a retried create reports the same resource again.
            int n = h.createUpdate("update slice_resources set owner = :o, teardown_rank = :r where slice_id = :s and kind = :k and name = :n and host = :h")
                    .bind("o", r.owner()).bind("r", r.teardownRank()).bind("s", sliceId).bind("k", r.kind()).bind("n", r.name())
                    .bind("h", r.host() == null ? "" : r.host()).execute();
            if (n == 0)
                h.createUpdate("insert into slice_resources (slice_id, kind, name, host, owner, teardown_rank, job_id, created_at)"
                                + " values (:s, :k, :n, :h, :o, :r, :j, :now)")
                        .bind("s", sliceId).bind("k", r.kind()).bind("n", r.name()).bind("h", r.host() == null ? "" : r.host())
                        .bind("o", r.owner()).bind("r", r.teardownRank()).bind("j", jobId).bind("now", now).execute();
        });
    }

    public void forgetResource(long sliceId, ResourceRef r) {
        jdbi.useHandle(h -> h.createUpdate("delete from slice_resources where slice_id = :s and kind = :k and name = :n and host = :h")
                .bind("s", sliceId).bind("k", r.kind()).bind("n", r.name()).bind("h", r.host() == null ? "" : r.host()).execute());
    }

    public List<ResourceRef> resources(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select * from slice_resources where slice_id = :s").bind("s", sliceId).map(REF).list());
    }

    /** The slice's resources that jobs other than {@code jobId} created: what existed before that job. */
    public List<ResourceRef> resourcesBefore(long sliceId, long jobId) {
        return jdbi.withHandle(h -> h.createQuery("select * from slice_resources where slice_id = :s and job_id <> :j")
                .bind("s", sliceId).bind("j", jobId).map(REF).list());
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
