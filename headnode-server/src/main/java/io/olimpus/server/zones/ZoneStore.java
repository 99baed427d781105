package io.olimpus.server.zones;

import io.olimpus.model.topology.Resources;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** The zones and workers tables. */
public final class ZoneStore {
    private static final RowMapper<Zone> ZONE = (rs, c) -> new Zone(rs.getLong("id"), rs.getString("name"), rs.getString("platform"),
            rs.getString("nova_az"), rs.getLong("created_at"));
    private static final RowMapper<Worker> WORKER = (rs, c) -> new Worker(rs.getLong("id"), rs.getString("zone_name"), rs.getString("name"),
            rs.getString("mgmt_address"), rs.getString("ssh_user"), rs.getString("ssh_key_ref"),
            new Resources(rs.getInt("vcpus"), rs.getInt("ram_mb"), rs.getInt("disk_gb")), rs.getBoolean("kvm"), rs.getLong("created_at"));
    private static final String WORKER_SELECT = "select w.*, z.name as zone_name from workers w join zones z on z.id = w.zone_id";

    private final Jdbi jdbi;

    public ZoneStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public Zone insert(String name, String platform, String novaAz, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("insert into zones (name, platform, nova_az, created_at) values (:n, :p, :az, :now)")
                .bind("n", name).bind("p", platform).bind("az", novaAz).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Zone(id, name, platform, novaAz, now);
    }

    public List<Zone> all() {
        return jdbi.withHandle(h -> h.createQuery("select * from zones order by name").map(ZONE).list());
    }

    public Optional<Zone> byName(String name) {
        return jdbi.withHandle(h -> h.createQuery("select * from zones where name = :n").bind("n", name).map(ZONE).findOne());
    }

    public void delete(long zoneId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from workers where zone_id = :z").bind("z", zoneId).execute();
            h.createUpdate("delete from zones where id = :z").bind("z", zoneId).execute();
        });
    }

    public Worker insertWorker(Zone zone, String name, String mgmt, String user, String keyRef, Resources cap, boolean kvm, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("insert into workers (zone_id, name, mgmt_address, ssh_user, ssh_key_ref, vcpus, ram_mb, disk_gb, kvm, created_at)"
                        + " values (:z, :n, :m, :u, :k, :c, :r, :d, :kvm, :now)")
                .bind("z", zone.id()).bind("n", name).bind("m", mgmt).bind("u", user).bind("k", keyRef)
                .bind("c", cap.vcpus()).bind("r", cap.ramMb()).bind("d", cap.diskGb()).bind("kvm", kvm).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Worker(id, zone.name(), name, mgmt, user, keyRef, cap, kvm, now);
    }

    /** The workers of a zone, by name: what the engine places a Linux slice's VMs on. */
    public List<Worker> workers(String zoneName) {
        return jdbi.withHandle(h -> h.createQuery(WORKER_SELECT + " where z.name = :z order by w.name").bind("z", zoneName).map(WORKER).list());
    }

    public List<Worker> allWorkers() {
        return jdbi.withHandle(h -> h.createQuery(WORKER_SELECT + " order by z.name, w.name").map(WORKER).list());
    }

    public Optional<Worker> worker(String zoneName, String workerName) {
        return jdbi.withHandle(h -> h.createQuery(WORKER_SELECT + " where z.name = :z and w.name = :n")
                .bind("z", zoneName).bind("n", workerName).map(WORKER).findOne());
    }

    public void deleteWorker(long workerId) {
        jdbi.useHandle(h -> h.createUpdate("delete from workers where id = :id").bind("id", workerId).execute());
    }
}
