package io.olimpus.server.catalog;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** The flavors table. */
public final class FlavorStore {
    private static final RowMapper<Flavor> MAPPER = (rs, c) -> new Flavor(rs.getLong("id"), rs.getString("name"),
            rs.getInt("vcpus"), rs.getInt("ram_mb"), rs.getInt("disk_gb"), rs.getLong("created_at"));
    private final Jdbi jdbi;

    public FlavorStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public Flavor insert(String name, int vcpus, int ramMb, int diskGb, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("insert into flavors (name, vcpus, ram_mb, disk_gb, created_at) values (:n, :c, :r, :d, :now)")
                .bind("n", name).bind("c", vcpus).bind("r", ramMb).bind("d", diskGb).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Flavor(id, name, vcpus, ramMb, diskGb, now);
    }

    public List<Flavor> all() {
        return jdbi.withHandle(h -> h.createQuery("select * from flavors order by vcpus, ram_mb, disk_gb, name").map(MAPPER).list());
    }

    public Optional<Flavor> byName(String name) {
        return jdbi.withHandle(h -> h.createQuery("select * from flavors where name = :n").bind("n", name).map(MAPPER).findOne());
    }

    public boolean delete(String name) {
        return jdbi.withHandle(h -> h.createUpdate("delete from flavors where name = :n").bind("n", name).execute()) > 0;
    }
}
