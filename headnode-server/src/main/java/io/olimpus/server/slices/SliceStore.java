package io.olimpus.server.slices;

import io.olimpus.server.catalog.CatalogUsage;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.List;
import java.util.Optional;

/**
 * The slices table and its normalized children slice_vms, slice_switches and slice_links, written
 * together in one transaction. The engine reads a slice's VMs and links from here and moves its status.
 */
public final class SliceStore implements CatalogUsage {
    static final String SELECT = "select s.id, s.owner_id, u.username, s.name, s.zone, s.status, s.vm_count, s.vcpus, s.ram_mb,"
            + " s.version, s.created_at, s.updated_at from slices s join users u on u.id = s.owner_id";
    static final RowMapper<Slice> MAPPER = (rs, c) -> new Slice(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
            rs.getString(5), SliceStatus.valueOf(rs.getString(6)), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
            rs.getLong(11), rs.getLong(12));

    /** A slice's design, normalized, as the service hands it to the store. */
    public record Design(String name, String zone, String topologyJson, List<SliceVm> vms, List<SliceSwitch> switches, List<SliceLink> links) {
        public int vcpus() { return vms.stream().mapToInt(SliceVm::vcpus).sum(); }
        public int ramMb() { return vms.stream().mapToInt(SliceVm::ramMb).sum(); }
    }

    /** What an owner's slices hold: VMs, vCPUs, RAM in MB. */
    public record Usage(int vms, int vcpus, int ramMb) {}

    private final Jdbi jdbi;
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<Long, java.util.concurrent.atomic.AtomicLong> ownerGenerations =
            new java.util.concurrent.ConcurrentHashMap<>();

    public SliceStore(Jdbi jdbi) { this.jdbi = jdbi; }

    /**
     * A number that changes after every committed write to slices (this store is their only writer
     * in the headnode): whoever read it before a query may reuse that query's answer while it is
     * unchanged. {@code ownerId} null: any slice; otherwise only that owner's slices count.
     */
    public long generation(Long ownerId) {
        if (ownerId == null) return generation.get();
        var g = ownerGenerations.get(ownerId);
        return g == null ? 0 : g.get();
    }

    private <T> T changed(long ownerId, T result) {
        ownerGenerations.computeIfAbsent(ownerId, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        generation.incrementAndGet();
        return result;
    }

    private long ownerOf(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select owner_id from slices where id = :id").bind("id", sliceId).mapTo(Long.class).findOne()).orElse(-1L);
    }

    public Slice insert(long ownerId, Design d, long now) {
        return changed(ownerId, jdbi.inTransaction(h -> {
            long id = h.createUpdate("insert into slices (owner_id, name, zone, status, vm_count, vcpus, ram_mb, topology_json, version, created_at, updated_at)"
                            + " values (:o, :n, :z, 'DRAFT', :vms, :cpu, :ram, :json, 1, :now, :now)")
                    .bind("o", ownerId).bind("n", d.name()).bind("z", d.zone()).bind("vms", d.vms().size())
                    .bind("cpu", d.vcpus()).bind("ram", d.ramMb()).bind("json", d.topologyJson()).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            writeChildren(h, id, d);
            return h.createQuery(SELECT + " where s.id = :id").bind("id", id).map(MAPPER).one();
        }));
    }

    /**
     * Replaces the design if the stored version is still {@code basedOn} (null: whatever it is);
     * returns false when the slice is gone, the engine is working on it (DEPLOYING, UNDEPLOYING) or
     * its version is another. The version is compared and bumped by the one UPDATE, which the
     * database runs one at a time per row, so of concurrent changes based on one version exactly
     * one succeeds (no lost update), on H2 as on MariaDB.
     */
    public boolean update(long sliceId, Design d, long now, Integer basedOn) {
        return changed(ownerOf(sliceId), jdbi.inTransaction(h -> {
            var update = h.createUpdate("update slices set name = :n, zone = :z, vm_count = :vms, vcpus = :cpu, ram_mb = :ram, topology_json = :json,"
                            + " version = version + 1, updated_at = :now where id = :id and status not in ('DEPLOYING', 'UNDEPLOYING')"
                            + (basedOn == null ? "" : " and version = :basedOn"))
                    .bind("n", d.name()).bind("z", d.zone()).bind("vms", d.vms().size()).bind("cpu", d.vcpus()).bind("ram", d.ramMb())
                    .bind("json", d.topologyJson()).bind("now", now).bind("id", sliceId);
            if (basedOn != null) update.bind("basedOn", basedOn);
            int n = update.execute();
            if (n == 0) return false;
            for (String t : List.of("slice_vms", "slice_switches", "slice_links"))
                h.createUpdate("delete from " + t + " where slice_id = :id").bind("id", sliceId).execute();
            writeChildren(h, sliceId, d);
            return true;
        }));
    }

    private static void writeChildren(Handle h, long id, Design d) {
        if (!d.vms().isEmpty()) {
            PreparedBatch b = h.prepareBatch("insert into slice_vms (slice_id, node_id, name, flavor, image, zone, internet, vcpus, ram_mb, disk_gb)"
                    + " values (:s, :node, :name, :flavor, :image, :zone, :internet, :cpu, :ram, :disk)");
            for (SliceVm v : d.vms())
                b.bind("s", id).bind("node", v.nodeId()).bind("name", v.name()).bind("flavor", v.flavor()).bind("image", v.image())
                        .bind("zone", v.zone()).bind("internet", v.internet()).bind("cpu", v.vcpus()).bind("ram", v.ramMb()).bind("disk", v.diskGb()).add();
            b.execute();
        }
        if (!d.switches().isEmpty()) {
            PreparedBatch b = h.prepareBatch("insert into slice_switches (slice_id, node_id, name) values (:s, :node, :name)");
            for (SliceSwitch s : d.switches()) b.bind("s", id).bind("node", s.nodeId()).bind("name", s.name()).add();
            b.execute();
        }
        if (!d.links().isEmpty()) {
            PreparedBatch b = h.prepareBatch("insert into slice_links (slice_id, link_id, a_node_id, b_node_id) values (:s, :l, :a, :b)");
            for (SliceLink l : d.links()) b.bind("s", id).bind("l", l.linkId()).bind("a", l.aNodeId()).bind("b", l.bNodeId()).add();
            b.execute();
        }
    }

    public Optional<Slice> get(long id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " where s.id = :id").bind("id", id).map(MAPPER).findOne());
    }

    /** The slices of these ids that exist, in id order. */
    public List<Slice> byIds(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery(SELECT + " where s.id in (<ids>) order by s.id").bindList("ids", List.copyOf(ids))
                .map(MAPPER).list());
    }

    public Optional<String> topologyJson(long id) {
        return jdbi.withHandle(h -> h.createQuery("select topology_json from slices where id = :id").bind("id", id).mapTo(String.class).findOne());
    }

    /** The slice's own cloud-config, if it has one. */
    public Optional<String> cloudConfig(long id) {
        return jdbi.withHandle(h -> h.createQuery("select cloud_config from slices where id = :id").bind("id", id)
                .mapTo(String.class).findOne().filter(c -> c != null && !c.isEmpty()));
    }

    /** Sets or (null) clears the slice's own cloud-config; false when the slice no longer exists. */
    public boolean setCloudConfig(long id, String cloudConfig) {
        return jdbi.withHandle(h -> h.createUpdate("update slices set cloud_config = :c where id = :id").bind("c", cloudConfig).bind("id", id).execute()) == 1;
    }

    public Optional<Long> idByOwnerAndName(long ownerId, String name) {
        return jdbi.withHandle(h -> h.createQuery("select id from slices where owner_id = :o and name = :n")
                .bind("o", ownerId).bind("n", name).mapTo(Long.class).findOne());
    }

    /** The WHERE clause of a filter: only the conditions that narrow, so every parameter is typed. */
    private static String where(SliceFilter f) {
        List<String> c = new java.util.ArrayList<>();
        if (f.ownerId() != null) c.add("s.owner_id = :owner");
        if (f.status() != null) c.add("s.status = :status");
        if (f.zone() != null) c.add("s.zone = :zone");
        if (f.namePrefix() != null) c.add("s.name like :prefix");
        return c.isEmpty() ? "" : " where " + String.join(" and ", c);
    }

    public List<Slice> list(SliceFilter f, int limit, int offset) {
        return jdbi.withHandle(h -> bind(h.createQuery(SELECT + where(f) + " order by s.id limit :limit offset :offset"), f)
                .bind("limit", limit).bind("offset", offset).map(MAPPER).list());
    }

    public long count(SliceFilter f) {
        return jdbi.withHandle(h -> bind(h.createQuery("select count(*) from slices s" + where(f)), f).mapTo(Long.class).one());
    }

    private static org.jdbi.v3.core.statement.Query bind(org.jdbi.v3.core.statement.Query q, SliceFilter f) {
        if (f.ownerId() != null) q.bind("owner", f.ownerId());
        if (f.status() != null) q.bind("status", f.status().name());
        if (f.zone() != null) q.bind("zone", f.zone());
        // Names follow ^[a-z][a-z0-9-]*$, so a valid prefix holds no LIKE wildcard.
        if (f.namePrefix() != null) q.bind("prefix", f.namePrefix() + "%");
        return q;
    }

    /** Deletes a slice that is DRAFT or FAILED (nothing of it runs); false when it is gone or in another status. */
    public boolean delete(long id) {
        long owner = ownerOf(id);
        return changed(owner, jdbi.inTransaction(h -> {
            int n = h.createUpdate("delete from slices where id = :id and status in ('DRAFT', 'FAILED')").bind("id", id).execute();
            if (n == 0) return false;  // children are deleted by their foreign keys' cascade
            return true;
        }));
    }

    /** Moves a slice from one status to another only if it is still in {@code from}; for the engine. */
    public boolean compareAndSetStatus(long id, SliceStatus from, SliceStatus to, long now) {
        return changed(ownerOf(id), jdbi.withHandle(h -> h.createUpdate("update slices set status = :to, updated_at = :now where id = :id and status = :from")
                .bind("to", to.name()).bind("from", from.name()).bind("now", now).bind("id", id).execute()) > 0);
    }

    public List<SliceVm> vms(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select * from slice_vms where slice_id = :id order by node_id").bind("id", sliceId)
                .map((rs, c) -> new SliceVm(rs.getLong("slice_id"), rs.getString("node_id"), rs.getString("name"), rs.getString("flavor"),
                        rs.getString("image"), rs.getString("zone"), rs.getBoolean("internet"), rs.getInt("vcpus"), rs.getInt("ram_mb"), rs.getInt("disk_gb")))
                .list());
    }

    public List<SliceSwitch> switches(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select * from slice_switches where slice_id = :id order by node_id").bind("id", sliceId)
                .map((rs, c) -> new SliceSwitch(rs.getLong("slice_id"), rs.getString("node_id"), rs.getString("name"))).list());
    }

    public List<SliceLink> links(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select * from slice_links where slice_id = :id order by link_id").bind("id", sliceId)
                .map((rs, c) -> new SliceLink(rs.getLong("slice_id"), rs.getString("link_id"), rs.getString("a_node_id"), rs.getString("b_node_id"))).list());
    }

    /** What an owner's slices that hold resources (any status but DRAFT) use, leaving one slice out. */
    /** A slice of an owner that is not a draft, with what its design holds. */
    public record Held(long sliceId, SliceStatus status, Usage usage) {}

    /** The owner's slices but drafts and one: what may hold resources, for the quota. */
    public List<Held> heldBy(long ownerId, long exceptSliceId) {
        return jdbi.withHandle(h -> h.createQuery("select id, status, vm_count, vcpus, ram_mb from slices where owner_id = :o and status <> 'DRAFT' and id <> :x")
                .bind("o", ownerId).bind("x", exceptSliceId)
                .map((rs, c) -> new Held(rs.getLong(1), SliceStatus.valueOf(rs.getString(2)), new Usage(rs.getInt(3), rs.getInt(4), rs.getInt(5)))).list());
    }

    public long countOwnedBy(long userId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from slices where owner_id = :o").bind("o", userId).mapTo(Long.class).one());
    }

    @Override
    public long slicesUsingFlavor(String flavor) {
        return jdbi.withHandle(h -> h.createQuery("select count(distinct slice_id) from slice_vms where flavor = :f").bind("f", flavor).mapTo(Long.class).one());
    }

    @Override
    public long slicesUsingImage(String image) {
        return jdbi.withHandle(h -> h.createQuery("select count(distinct slice_id) from slice_vms where image = :i").bind("i", image).mapTo(Long.class).one());
    }

    @Override
    public long slicesInZone(String zone) {
        return jdbi.withHandle(h -> h.createQuery("select count(distinct s.id) from slices s left join slice_vms v on v.slice_id = s.id"
                + " where s.zone = :z or v.zone = :z").bind("z", zone).mapTo(Long.class).one());
    }
}
