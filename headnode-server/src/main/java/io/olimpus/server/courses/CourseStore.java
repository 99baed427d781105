package io.olimpus.server.courses;

import io.olimpus.server.users.User;
import io.olimpus.server.users.UserStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The courses, course_students and course_credentials tables. */
public final class CourseStore {
    private static final String COLS = "c.id, c.name, c.owner_id, u.username as owner_name, c.zone, c.max_vms, c.max_vcpus, c.max_ram_mb, c.created_at,"
            + " c.credentials_handed_out_at, (select count(*) from course_students s where s.course_id = c.id) as students";
    private static final String FROM = " from courses c join users u on u.id = c.owner_id";
    private static final RowMapper<Course> MAPPER = (rs, ctx) -> new Course(rs.getLong("id"), rs.getString("name"), rs.getLong("owner_id"),
            rs.getString("owner_name"), rs.getString("zone"), new CourseQuota(rs.getInt("max_vms"), rs.getInt("max_vcpus"), rs.getInt("max_ram_mb")),
            rs.getInt("students"), rs.getLong("created_at"), (Long) rs.getObject("credentials_handed_out_at", Long.class));

    /** A one-time password still to hand out, sealed as stored. */
    public record SealedCredential(long userId, String username, String sealedPassword) {}

    private final Jdbi jdbi;

    public CourseStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public Course insert(String name, long ownerId, String zone, CourseQuota q, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("insert into courses (name, owner_id, zone, max_vms, max_vcpus, max_ram_mb, created_at)"
                        + " values (:n, :o, :z, :vms, :cpu, :ram, :now)")
                .bind("n", name).bind("o", ownerId).bind("z", zone).bind("vms", q.maxVms()).bind("cpu", q.maxVcpus()).bind("ram", q.maxRamMb())
                .bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return byId(id).orElseThrow();
    }

    public Optional<Course> byId(long id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLS + FROM + " where c.id = :id").bind("id", id).map(MAPPER).findOne());
    }

    /** Every course ({@code ownerId} null) or the courses one instructor owns, by name. */
    public List<Course> list(Long ownerId) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("select " + COLS + FROM + (ownerId == null ? "" : " where c.owner_id = :o") + " order by c.name");
            if (ownerId != null) q.bind("o", ownerId);
            return q.map(MAPPER).list();
        });
    }

    /** The courses a user is enrolled in, by name. */
    public List<Course> enrolledIn(long userId) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLS + FROM + " where c.id in (select course_id from course_students where user_id = :u) order by c.name")
                .bind("u", userId).map(MAPPER).list());
    }

    public void update(long id, String name, String zone, CourseQuota q) {
        jdbi.useHandle(h -> h.createUpdate("update courses set name = :n, zone = :z, max_vms = :vms, max_vcpus = :cpu, max_ram_mb = :ram where id = :id")
                .bind("n", name).bind("z", zone).bind("vms", q.maxVms()).bind("cpu", q.maxVcpus()).bind("ram", q.maxRamMb()).bind("id", id).execute());
    }

    public void delete(long id) {
        jdbi.useHandle(h -> h.createUpdate("delete from courses where id = :id").bind("id", id).execute());
    }

    public long countOwnedBy(long ownerId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from courses where owner_id = :o").bind("o", ownerId).mapTo(Long.class).one());
    }

    /** The enrolled students, by username. */
    public List<User> roster(long courseId) {
        return jdbi.withHandle(h -> h.createQuery("select " + UserStore.COLS + " from users where id in (select user_id from course_students where course_id = :c)"
                + " order by username").bind("c", courseId).map(UserStore.MAPPER).list());
    }

    public boolean isEnrolled(long courseId, long userId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from course_students where course_id = :c and user_id = :u")
                .bind("c", courseId).bind("u", userId).mapTo(Long.class).one() > 0);
    }

    /** Whether {@code studentId} is enrolled in a course that {@code ownerId} owns. */
    public boolean teaches(long ownerId, long studentId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from course_students s join courses c on c.id = s.course_id"
                + " where c.owner_id = :o and s.user_id = :u").bind("o", ownerId).bind("u", studentId).mapTo(Long.class).one() > 0);
    }

    /** Enrols users not enrolled yet; returns how many were added. */
    public int enrol(long courseId, Collection<Long> userIds, long now) {
        return jdbi.inTransaction(h -> enrol(h, courseId, userIds, now));
    }

    private static int enrol(Handle h, long courseId, Collection<Long> userIds, long now) {
        int added = 0;
        for (long u : userIds) {
            boolean there = h.createQuery("select count(*) from course_students where course_id = :c and user_id = :u")
                    .bind("c", courseId).bind("u", u).mapTo(Long.class).one() > 0;
            if (there) continue;
            h.createUpdate("insert into course_students (course_id, user_id, enrolled_at) values (:c, :u, :now)")
                    .bind("c", courseId).bind("u", u).bind("now", now).execute();
            added++;
        }
        return added;
    }

    /** Removes a student from the course (and their unhanded one-time password); false when they were not enrolled. */
    public boolean unenrol(long courseId, long userId) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("delete from course_credentials where course_id = :c and user_id = :u").bind("c", courseId).bind("u", userId).execute();
            return h.createUpdate("delete from course_students where course_id = :c and user_id = :u").bind("c", courseId).bind("u", userId).execute() > 0;
        });
    }

    /** A roster import in one transaction: new users, then every listed user enrolled, then the new ones' sealed passwords. */
    public interface Sealer { String seal(long userId, String password); }

    public List<User> importRoster(long courseId, List<UserStore.NewUser> newUsers, List<String> passwords, Collection<Long> existing, Sealer sealer, long now) {
        return jdbi.inTransaction(h -> {
            List<User> created = newUsers.stream().map(u -> UserStore.insert(h, u, now)).toList();
            List<Long> ids = new java.util.ArrayList<>(existing);
            created.forEach(u -> ids.add(u.id()));
            enrol(h, courseId, ids, now);
            for (int i = 0; i < created.size(); i++) {
                long uid = created.get(i).id();
                h.createUpdate("delete from course_credentials where course_id = :c and user_id = :u").bind("c", courseId).bind("u", uid).execute();
                h.createUpdate("insert into course_credentials (course_id, user_id, password_sealed, created_at) values (:c, :u, :p, :now)")
                        .bind("c", courseId).bind("u", uid).bind("p", sealer.seal(uid, passwords.get(i))).bind("now", now).execute();
            }
            if (!created.isEmpty())  // a new sheet to hand out
                h.createUpdate("update courses set credentials_handed_out_at = null where id = :c").bind("c", courseId).execute();
            return created;
        });
    }

    /** Keeps one student's new one-time password for the sheet (after a reset). */
    public void putCredential(long courseId, long userId, String sealed, long now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from course_credentials where course_id = :c and user_id = :u").bind("c", courseId).bind("u", userId).execute();
            h.createUpdate("insert into course_credentials (course_id, user_id, password_sealed, created_at) values (:c, :u, :p, :now)")
                    .bind("c", courseId).bind("u", userId).bind("p", sealed).bind("now", now).execute();
            h.createUpdate("update courses set credentials_handed_out_at = null where id = :c").bind("c", courseId).execute();
        });
    }

    /**
     * Takes every one-time password still kept for the course, and forgets them, in one
     * transaction: of two downloads at once, one gets the sheet and the other nothing.
     */
    public List<SealedCredential> takeCredentials(long courseId, long now) {
        return jdbi.inTransaction(h -> {
            h.createQuery("select id from courses where id = :c for update").bind("c", courseId).mapTo(Long.class).findOne();
            List<SealedCredential> out = h.createQuery("select k.user_id, u.username, k.password_sealed from course_credentials k join users u on u.id = k.user_id"
                    + " where k.course_id = :c order by u.username").bind("c", courseId)
                    .map((rs, c) -> new SealedCredential(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
            if (!out.isEmpty()) {
                h.createUpdate("delete from course_credentials where course_id = :c").bind("c", courseId).execute();
                h.createUpdate("update courses set credentials_handed_out_at = :now where id = :c").bind("now", now).bind("c", courseId).execute();
            }
            return out;
        });
    }
}
