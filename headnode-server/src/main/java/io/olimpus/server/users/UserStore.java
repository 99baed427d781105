package io.olimpus.server.users;

import io.olimpus.server.auth.Role;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** The users table. */
public final class UserStore {
    public static final String COLS = "id, username, role, disabled, max_vms, max_vcpus, max_ram_mb, max_slices, max_nodes, max_links, created_at";
    public static final RowMapper<User> MAPPER = (rs, c) -> new User(rs.getLong("id"), rs.getString("username"),
            Role.valueOf(rs.getString("role")), rs.getBoolean("disabled"),
            new Quota(rs.getInt("max_vms"), rs.getInt("max_vcpus"), rs.getInt("max_ram_mb"),
                    rs.getInt("max_slices"), rs.getInt("max_nodes"), rs.getInt("max_links")), rs.getLong("created_at"));

    /** A new user's row: the hash is computed by the caller. */
    public record NewUser(String username, String passwordHash, Role role, Quota quota, boolean mustChangePassword) {
        public NewUser(String username, String passwordHash, Role role, Quota quota) { this(username, passwordHash, role, quota, false); }
    }

    private final Jdbi jdbi;

    public UserStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public Jdbi jdbi() { return jdbi; }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from users").mapTo(Long.class).one());
    }

    public User insert(NewUser u, long now) {
        return jdbi.inTransaction(h -> insert(h, u, now));
    }

    /** Inserts every user or none (a roster import is all-or-nothing). */
    public List<User> insertAll(List<NewUser> users, long now) {
        return jdbi.inTransaction(h -> users.stream().map(u -> insert(h, u, now)).toList());
    }

    /** Inserts one user in the caller's transaction (a course's roster creates its students and enrols them in one). */
    public static User insert(Handle h, NewUser u, long now) {
        long id = h.createUpdate("insert into users (username, password_hash, role, disabled, max_vms, max_vcpus, max_ram_mb, max_slices, max_nodes, max_links, created_at, must_change_password)"
                        + " values (:u, :p, :r, false, :vms, :cpu, :ram, :slices, :nodes, :links, :now, :m)")
                .bind("u", u.username()).bind("p", u.passwordHash()).bind("r", u.role().name())
                .bind("vms", u.quota().maxVms()).bind("cpu", u.quota().maxVcpus()).bind("ram", u.quota().maxRamMb())
                .bind("slices", u.quota().maxSlices()).bind("nodes", u.quota().maxNodes()).bind("links", u.quota().maxLinks()).bind("now", now).bind("m", u.mustChangePassword())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return new User(id, u.username(), u.role(), false, u.quota(), now);
    }

    public Optional<User> byName(String username) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLS + " from users where username = :u").bind("u", username).map(MAPPER).findOne());
    }

    public Optional<User> byId(long id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLS + " from users where id = :id").bind("id", id).map(MAPPER).findOne());
    }

    /** The stored bcrypt hash of an enabled or disabled user, for login. */
    public Optional<String> passwordHash(long userId) {
        return jdbi.withHandle(h -> h.createQuery("select password_hash from users where id = :id").bind("id", userId).mapTo(String.class).findOne());
    }

    public List<User> list(String prefix, int limit, int offset) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("select " + COLS + " from users" + (prefix == null ? "" : " where username like :p") + " order by username limit :l offset :o");
            if (prefix != null) q.bind("p", prefix + "%");
            return q.bind("l", limit).bind("o", offset).map(MAPPER).list();
        });
    }

    /** Users whose name starts with {@code prefix} (a valid name part, so it holds no LIKE wildcard), or all. */
    public long countMatching(String prefix) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("select count(*) from users" + (prefix == null ? "" : " where username like :p"));
            if (prefix != null) q.bind("p", prefix + "%");
            return q.mapTo(Long.class).one();
        });
    }

    public void update(User u) {
        jdbi.useHandle(h -> h.createUpdate("update users set role = :r, disabled = :d, max_vms = :vms, max_vcpus = :cpu, max_ram_mb = :ram,"
                        + " max_slices = :slices, max_nodes = :nodes, max_links = :links where id = :id")
                .bind("r", u.role().name()).bind("d", u.disabled()).bind("vms", u.quota().maxVms())
                .bind("cpu", u.quota().maxVcpus()).bind("ram", u.quota().maxRamMb()).bind("slices", u.quota().maxSlices())
                .bind("nodes", u.quota().maxNodes()).bind("links", u.quota().maxLinks()).bind("id", u.id()).execute());
    }

    /** Sets a password the user chose (or an admin set): it is no longer a one-time password. */
    public void setPasswordHash(long userId, String hash) {
        setPasswordHash(userId, hash, false);
    }

    /** Sets a password; {@code oneTime}: the user must change it at their next login before anything else. */
    public void setPasswordHash(long userId, String hash, boolean oneTime) {
        jdbi.useHandle(h -> setPasswordHash(h, userId, hash, oneTime));
    }

    /** The same in the caller's transaction (a course keeps the new one-time password for its sheet with it). */
    public static void setPasswordHash(Handle h, long userId, String hash, boolean oneTime) {
        h.createUpdate("update users set password_hash = :p, must_change_password = :m where id = :id")
                .bind("p", hash).bind("m", oneTime).bind("id", userId).execute();
    }

    /** Whether the user's password is a one-time password they have not changed yet. */
    public boolean mustChangePassword(long userId) {
        return jdbi.withHandle(h -> h.createQuery("select must_change_password from users where id = :id").bind("id", userId).mapTo(Boolean.class).findOne().orElse(false));
    }

    /** The user's OpenSSH public key (their VMs' ssh_authorized_keys), if they set one. */
    public Optional<String> sshPublicKey(long userId) {
        return jdbi.withHandle(h -> h.createQuery("select ssh_public_key from users where id = :id").bind("id", userId)
                .mapTo(String.class).findOne().filter(k -> k != null && !k.isEmpty()));
    }

    /** Sets or (null) clears the user's public key; false when the user no longer exists. */
    public boolean setSshPublicKey(long userId, String key) {
        return jdbi.withHandle(h -> h.createUpdate("update users set ssh_public_key = :k where id = :id").bind("k", key).bind("id", userId).execute()) == 1;
    }

    public void delete(long userId) {
        jdbi.useHandle(h -> h.createUpdate("delete from users where id = :id").bind("id", userId).execute());
    }

    public long countAdmins() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from users where role = 'ADMIN' and disabled = false").mapTo(Long.class).one());
    }
}
