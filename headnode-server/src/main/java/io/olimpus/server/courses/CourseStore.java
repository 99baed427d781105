package io.olimpus.server.courses;

import io.olimpus.server.users.User;
import io.olimpus.server.users.UserStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The courses, course_students and course_credentials tables. */
public final class CourseStore {
    private static final String COLS = "c.id, c.name, c.owner_id, u.username as owner_name, c.zone, c.max_vms, c.max_vcpus, c.max_ram_mb, c.created_at,"
            + " c.credentials_handed_out_at, c.language, (select count(*) from course_students s where s.course_id = c.id) as students";
    private static final String FROM = " from courses c join users u on u.id = c.owner_id";
    private static final RowMapper<Course> MAPPER = (rs, ctx) -> new Course(rs.getLong("id"), rs.getString("name"), rs.getLong("owner_id"),
            rs.getString("owner_name"), rs.getString("zone"), new CourseQuota(rs.getInt("max_vms"), rs.getInt("max_vcpus"), rs.getInt("max_ram_mb")),
            rs.getInt("students"), rs.getLong("created_at"), (Long) rs.getObject("credentials_handed_out_at", Long.class),
            CourseLanguage.stored(rs.getString("language")));

    /** A one-time password still to hand out, sealed as stored. */
    public record SealedCredential(long userId, String username, String sealedPassword) {}

    private final Jdbi jdbi;

    public CourseStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public Course insert(String name, long ownerId, String zone, CourseQuota q, CourseLanguage language, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("insert into courses (name, owner_id, zone, max_vms, max_vcpus, max_ram_mb, language, created_at)"
                        + " values (:n, :o, :z, :vms, :cpu, :ram, :lang, :now)")
                .bind("n", name).bind("o", ownerId).bind("z", zone).bind("vms", q.maxVms()).bind("cpu", q.maxVcpus()).bind("ram", q.maxRamMb())
                .bind("lang", language.code()).bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
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

    /** Changes a course's fields; {@code ownerId} hands it to another user (the caller checked they may own it). */
    public void update(long id, String name, String zone, CourseQuota q, CourseLanguage language, long ownerId) {
        jdbi.useHandle(h -> h.createUpdate("update courses set name = :n, zone = :z, max_vms = :vms, max_vcpus = :cpu, max_ram_mb = :ram,"
                        + " language = :lang, owner_id = :o where id = :id")
                .bind("n", name).bind("z", zone).bind("vms", q.maxVms()).bind("cpu", q.maxVcpus()).bind("ram", q.maxRamMb())
                .bind("lang", language.code()).bind("o", ownerId).bind("id", id).execute());
    }

    public void delete(long id) {
        jdbi.useHandle(h -> h.createUpdate("delete from courses where id = :id").bind("id", id).execute());
    }

    /** Why a user cannot be deleted because of their courses, or null: a course keeps its owner. */
    public String whyUserCannotGo(long userId) {
        long owned = countOwnedBy(userId);
        return owned == 0 ? null : "owns " + owned + " course(s); delete them first (DELETE /api/v1/courses/{id}), or disable the user instead";
    }

    public long countOwnedBy(long ownerId) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from courses where owner_id = :o").bind("o", ownerId).mapTo(Long.class).one());
    }

    /** An enrolled student, the email their one-time passwords go to (or null), and since when. */
    public record Student(User user, String email, long enrolledAt) {}

    /** The enrolled students, by username. */
    public List<Student> roster(long courseId) {
        return jdbi.withHandle(h -> h.createQuery("select " + UserStore.COLS + ", s.email as s_email, s.enrolled_at as s_enrolled from users"
                        + " join course_students s on s.user_id = users.id where s.course_id = :c order by username")
                .bind("c", courseId).map((rs, ctx) -> new Student(UserStore.MAPPER.map(rs, ctx), rs.getString("s_email"), rs.getLong("s_enrolled"))).list());
    }

    /** One enrolled student, or empty. */
    public Optional<Student> student(long courseId, long userId) {
        return roster(courseId).stream().filter(s -> s.user().id() == userId).findFirst();
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

    /**
     * Enrols users (by id, each with the email to mail them at, or null); one already enrolled
     * keeps their enrolment, with the email updated when one is given. Returns how many were added.
     */
    public int enrol(long courseId, Map<Long, String> emails, long now) {
        return jdbi.inTransaction(h -> enrol(h, courseId, emails, now));
    }

    private static int enrol(Handle h, long courseId, Map<Long, String> emails, long now) {
        int added = 0;
        for (var e : emails.entrySet()) {
            long u = e.getKey();
            boolean there = h.createQuery("select count(*) from course_students where course_id = :c and user_id = :u")
                    .bind("c", courseId).bind("u", u).mapTo(Long.class).one() > 0;
            if (there) {
                if (e.getValue() != null)
                    h.createUpdate("update course_students set email = :e where course_id = :c and user_id = :u")
                            .bind("e", e.getValue()).bind("c", courseId).bind("u", u).execute();
                continue;
            }
            h.createUpdate("insert into course_students (course_id, user_id, enrolled_at, email) values (:c, :u, :now, :e)")
                    .bind("c", courseId).bind("u", u).bind("now", now).bind("e", e.getValue()).execute();
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

    /** Seals a one-time password for the store, bound to its course and user. */
    public interface Sealer { String seal(long courseId, long userId, String password); }

    /**
     * A roster import in one transaction: the new users, then every listed user enrolled (with
     * their email), then the new ones' sealed one-time passwords. {@code emails} is keyed by
     * username and covers new and existing users alike.
     */
    public List<User> importRoster(long courseId, List<UserStore.NewUser> newUsers, List<String> passwords, Map<Long, String> existing,
                                   Map<String, String> emails, Sealer sealer, long now) {
        return jdbi.inTransaction(h -> {
            List<User> created = newUsers.stream().map(u -> UserStore.insert(h, u, now)).toList();
            Map<Long, String> all = new java.util.LinkedHashMap<>(existing);
            created.forEach(u -> all.put(u.id(), emails.get(u.username())));
            enrol(h, courseId, all, now);
            for (int i = 0; i < created.size(); i++) putCredential(h, courseId, created.get(i).id(), sealer.seal(courseId, created.get(i).id(), passwords.get(i)), now);
            return created;
        });
    }

    private static void putCredential(Handle h, long courseId, long userId, String sealed, long now) {
        h.createUpdate("delete from course_credentials where course_id = :c and user_id = :u").bind("c", courseId).bind("u", userId).execute();
        h.createUpdate("insert into course_credentials (course_id, user_id, password_sealed, created_at) values (:c, :u, :p, :now)")
                .bind("c", courseId).bind("u", userId).bind("p", sealed).bind("now", now).execute();
        h.createUpdate("update courses set credentials_handed_out_at = null where id = :c").bind("c", courseId).execute();  // a new sheet to hand out
    }

    /** Sets a student's new one-time password and keeps it for the sheet, in one transaction (an instructor's reset). */
    public void resetCredential(long courseId, long userId, String hash, String sealed, long now) {
        jdbi.useTransaction(h -> {
            UserStore.setPasswordHash(h, userId, hash, true);
            putCredential(h, courseId, userId, sealed, now);
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
