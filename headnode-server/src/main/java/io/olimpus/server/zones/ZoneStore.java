package io.olimpus.server.zones;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.secrets.SecretBox;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** The zones and workers tables. */
public final class ZoneStore implements ZoneDirectory {
    private static final RowMapper<Zone> ZONE = (rs, c) -> new Zone(rs.getLong("id"), rs.getString("name"), rs.getString("platform"),
            rs.getString("nova_az"), rs.getLong("created_at"));
    private static final RowMapper<Worker> WORKER = (rs, c) -> new Worker(rs.getLong("id"), rs.getString("zone_name"), rs.getString("name"),
            rs.getString("mgmt_address"), rs.getString("ssh_user"), rs.getString("ssh_key_ref"),
            new Resources(rs.getInt("vcpus"), rs.getInt("ram_mb"), rs.getInt("disk_gb")), rs.getBoolean("kvm"), rs.getLong("created_at"),
            rs.getString("data_address"), rs.getInt("ssh_port"), rs.getString("state_root"), rs.getBoolean("is_up"));
    private static final RowMapper<WorkerView> VIEW = (rs, c) -> {
        long seenAt = rs.getLong("last_seen_at");
        Long seen = rs.wasNull() ? null : seenAt;
        return WorkerView.of(WORKER.map(rs, c), seen, rs.getString("down_reason"));
    };
    private static final String WORKER_SELECT = "select w.*, z.name as zone_name from workers w join zones z on z.id = w.zone_id";

    private final Jdbi jdbi;
    private final SecretBox secrets;

    /** {@code secrets} seals the settings' secret column: no password is ever written to it in the clear. */
    public ZoneStore(Jdbi jdbi, SecretBox secrets) {
        this.jdbi = jdbi;
        this.secrets = secrets;
    }

    /** What a zone's sealed secret is bound to: its own row, so a value copied to another zone's row does not open. */
    private static String boundTo(long zoneId) { return "zone_settings.secret/" + zoneId; }

    public Zone insert(String name, String platform, String novaAz, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("insert into zones (name, platform, nova_az, created_at) values (:n, :p, :az, :now)")
                .bind("n", name).bind("p", platform).bind("az", novaAz).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Zone(id, name, platform, novaAz, now);
    }

    public List<Zone> all() {
        return jdbi.withHandle(h -> h.createQuery("select * from zones order by name").map(ZONE).list());
    }

    @Override
    public Optional<Zone> byName(String name) {
        return jdbi.withHandle(h -> h.createQuery("select * from zones where name = :n").bind("n", name).map(ZONE).findOne());
    }

    public void delete(long zoneId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from zone_settings where zone_id = :z").bind("z", zoneId).execute();
            h.createUpdate("delete from worker_samples where worker_id in (select id from workers where zone_id = :z)").bind("z", zoneId).execute();
            h.createUpdate("delete from workers where zone_id = :z").bind("z", zoneId).execute();
            h.createUpdate("delete from zones where id = :z").bind("z", zoneId).execute();
        });
    }

    public Worker insertWorker(Zone zone, String name, String mgmt, String user, String keyRef, Resources cap, boolean kvm, long now,
                               String dataAddress, int sshPort, String stateRoot) {
        long id = jdbi.withHandle(h -> h.createUpdate("insert into workers (zone_id, name, mgmt_address, ssh_user, ssh_key_ref, vcpus, ram_mb, disk_gb, kvm, created_at,"
                        + " data_address, ssh_port, state_root, is_up) values (:z, :n, :m, :u, :k, :c, :r, :d, :kvm, :now, :da, :port, :root, true)")
                .bind("z", zone.id()).bind("n", name).bind("m", mgmt).bind("u", user).bind("k", keyRef)
                .bind("c", cap.vcpus()).bind("r", cap.ramMb()).bind("d", cap.diskGb()).bind("kvm", kvm).bind("now", now)
                .bind("da", dataAddress).bind("port", sshPort).bind("root", stateRoot)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Worker(id, zone.name(), name, mgmt, user, keyRef, cap, kvm, now, dataAddress, sshPort, stateRoot, true);
    }

    /** The workers of a zone, by name: what the engine places a Linux slice's VMs on. */
    @Override
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

    /** The API's view of a zone's workers: with when monitoring last saw each and why it is down. */
    public List<WorkerView> workerViews(String zoneName) {
        return jdbi.withHandle(h -> h.createQuery(WORKER_SELECT + " where z.name = :z order by w.name").bind("z", zoneName).map(VIEW).list());
    }

    public Optional<WorkerView> workerView(String zoneName, String workerName) {
        return jdbi.withHandle(h -> h.createQuery(WORKER_SELECT + " where z.name = :z and w.name = :n")
                .bind("z", zoneName).bind("n", workerName).map(VIEW).findOne());
    }

    @Override
    public Optional<Worker> workerById(long id) {
        return jdbi.withHandle(h -> h.createQuery(WORKER_SELECT + " where w.id = :id").bind("id", id).map(WORKER).findOne());
    }

    /** Monitoring: the worker answered at {@code at}. */
    public void seen(long workerId, long at) {
        jdbi.useHandle(h -> h.createUpdate("update workers set last_seen_at = :at where id = :id").bind("at", at).bind("id", workerId).execute());
    }

    /** Monitoring: the worker went up (reason dropped) or down (reason kept for the admin). */
    public void setAvailability(long workerId, boolean up, String downReason) {
        jdbi.useHandle(h -> h.createUpdate("update workers set is_up = :up, down_reason = :r where id = :id")
                .bind("up", up).bind("r", up ? null : clip(downReason, 1000)).bind("id", workerId).execute());
    }

    /** Stores a zone's settings; {@code secret} arrives in the clear and is written sealed. */
    public void putSettings(long zoneId, String platform, String body, String clearSecret, long now) {
        String secret = secrets.seal(clearSecret, boundTo(zoneId));
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("update zone_settings set platform = :p, body = :b, secret = :s, updated_at = :now where zone_id = :z")
                    .bind("p", platform).bind("b", body).bind("s", secret).bind("now", now).bind("z", zoneId).execute();
            if (n == 0) h.createUpdate("insert into zone_settings (zone_id, platform, body, secret, updated_at) values (:z, :p, :b, :s, :now)")
                    .bind("p", platform).bind("b", body).bind("s", secret).bind("now", now).bind("z", zoneId).execute();
        });
    }

    @Override
    public Optional<StoredSettings> settings(String zoneName) {
        return jdbi.withHandle(h -> h.createQuery("select s.* from zone_settings s join zones z on z.id = s.zone_id where z.name = :z")
                .bind("z", zoneName).map((rs, c) -> new StoredSettings(rs.getString("platform"), rs.getString("body"),
                        secrets.stored(rs.getString("secret"), boundTo(rs.getLong("zone_id"))), rs.getLong("updated_at"))).findOne());
    }

    /**
     * Seals the secrets an older server stored in the clear; returns how many. Each row changes
     * only if it still holds the clear value read, so a settings write meanwhile is kept.
     */
    public int sealClearSecrets() {
        return jdbi.inTransaction(h -> {
            int n = 0;
            for (var row : h.createQuery("select zone_id, secret from zone_settings where secret is not null")
                    .map((rs, c) -> java.util.Map.entry(rs.getLong("zone_id"), rs.getString("secret"))).list()) {
                if (SecretBox.isSealed(row.getValue()) || row.getValue().isEmpty()) continue;
                n += h.createUpdate("update zone_settings set secret = :sealed where zone_id = :z and secret = :clear")
                        .bind("sealed", secrets.seal(row.getValue(), boundTo(row.getKey()))).bind("z", row.getKey())
                        .bind("clear", row.getValue()).execute();
            }
            return n;
        });
    }

    /** The zones whose stored secret does not open with this server's key (it was replaced or lost). */
    public List<String> zonesWithUnreadableSecrets() {
        return jdbi.withHandle(h -> h.createQuery("select z.name, s.zone_id, s.secret from zone_settings s join zones z on z.id = s.zone_id"
                        + " where s.secret is not null order by z.name")
                .map((rs, c) -> {
                    try {
                        secrets.open(rs.getString("secret"), boundTo(rs.getLong("zone_id")));
                        return null;
                    } catch (SecretBox.Unreadable e) {
                        return rs.getString("name");
                    }
                }).list().stream().filter(java.util.Objects::nonNull).toList());
    }

    /** The zones that have settings, by name: the ones monitoring may watch. */
    @Override
    public List<Zone> zonesWithSettings() {
        return jdbi.withHandle(h -> h.createQuery("select z.* from zones z join zone_settings s on s.zone_id = z.id order by z.name").map(ZONE).list());
    }

    private static String clip(String s, int max) {
        if (s == null) return null;
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    public void deleteWorker(long workerId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from worker_samples where worker_id = :id").bind("id", workerId).execute();
            h.createUpdate("delete from workers where id = :id").bind("id", workerId).execute();
        });
    }
}
