package io.olimpus.server.labs;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** The labs, lab_slices and user_activity tables. */
public final class LabStore {
    private static final String COLS = "id, course_id, name, opens_at, closes_at, deploy_at_open, undeploy_at_close, idle_minutes, students_may_edit, state, created_at";
    private static final RowMapper<Lab> MAPPER = (rs, ctx) -> new Lab(rs.getLong("id"), rs.getLong("course_id"), rs.getString("name"),
            rs.getObject("opens_at", Long.class), rs.getObject("closes_at", Long.class),
            new Lab.Options(rs.getBoolean("deploy_at_open"), rs.getBoolean("undeploy_at_close"), rs.getObject("idle_minutes", Integer.class),
                    rs.getBoolean("students_may_edit")), Lab.State.valueOf(rs.getString("state")), rs.getLong("created_at"));

    /** A student's copy of a lab. */
    public record Copy(long labId, long userId, String username, long sliceId) {}

    private final Jdbi jdbi;

    public LabStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public Lab insert(long courseId, String name, String templateJson, Long opensAt, Long closesAt, Lab.Options o, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("insert into labs (course_id, name, template_json, opens_at, closes_at, deploy_at_open, undeploy_at_close,"
                        + " idle_minutes, students_may_edit, state, created_at) values (:c, :n, :t, :o, :cl, :d, :u, :i, :e, 'PUBLISHED', :now)")
                .bind("c", courseId).bind("n", name).bind("t", templateJson).bind("o", opensAt).bind("cl", closesAt).bind("d", o.deployAtOpen())
                .bind("u", o.undeployAtClose()).bind("i", o.idleMinutes()).bind("e", o.studentsMayEdit()).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return byId(id).orElseThrow();
    }

    public Optional<Lab> byId(long id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLS + " from labs where id = :id").bind("id", id).map(MAPPER).findOne());
    }

    public List<Lab> ofCourse(long courseId) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLS + " from labs where course_id = :c order by id").bind("c", courseId).map(MAPPER).list());
    }

    /** Labs that are not closed: what the scheduler looks at. */
    public List<Lab> notClosed() {
        return jdbi.withHandle(h -> h.createQuery("select " + COLS + " from labs where state <> 'CLOSED' order by id").map(MAPPER).list());
    }

    public String template(long labId) {
        return jdbi.withHandle(h -> h.createQuery("select template_json from labs where id = :id").bind("id", labId).mapTo(String.class).one());
    }

    /** Moves a lab from one state to another; false when it was not in {@code from} (someone else moved it first). */
    public boolean compareAndSetState(long labId, Lab.State from, Lab.State to) {
        return jdbi.withHandle(h -> h.createUpdate("update labs set state = :to where id = :id and state = :from")
                .bind("to", to.name()).bind("id", labId).bind("from", from.name()).execute()) == 1;
    }

    public void delete(long labId) {
        jdbi.useHandle(h -> h.createUpdate("delete from labs where id = :id").bind("id", labId).execute());
    }

    public void link(long labId, long userId, long sliceId) {
        jdbi.useHandle(h -> h.createUpdate("insert into lab_slices (lab_id, user_id, slice_id) values (:l, :u, :s)")
                .bind("l", labId).bind("u", userId).bind("s", sliceId).execute());
    }

    public List<Copy> copies(long labId) {
        return jdbi.withHandle(h -> h.createQuery("select ls.lab_id, ls.user_id, u.username, ls.slice_id from lab_slices ls join users u on u.id = ls.user_id"
                        + " where ls.lab_id = :l order by u.username")
                .bind("l", labId).map((rs, c) -> new Copy(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4))).list());
    }

    /** The lab a slice is a copy of, if any. */
    public Optional<Long> labOfSlice(long sliceId) {
        return jdbi.withHandle(h -> h.createQuery("select lab_id from lab_slices where slice_id = :s").bind("s", sliceId).mapTo(Long.class).findOne());
    }

    /** A user's copies, with their lab: what a student's list of labs shows. */
    public List<Copy> copiesOf(long userId) {
        return jdbi.withHandle(h -> h.createQuery("select ls.lab_id, ls.user_id, u.username, ls.slice_id from lab_slices ls join users u on u.id = ls.user_id"
                        + " where ls.user_id = :u order by ls.lab_id")
                .bind("u", userId).map((rs, c) -> new Copy(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4))).list());
    }

    // ---- activity ---------------------------------------------------------------------------

    public void touch(long userId, long at) {
        jdbi.useHandle(h -> {
            if (h.createUpdate("update user_activity set last_at = :a where user_id = :u and last_at < :a").bind("a", at).bind("u", userId).execute() == 0
                    && h.createQuery("select count(*) from user_activity where user_id = :u").bind("u", userId).mapTo(Integer.class).one() == 0)
                h.createUpdate("insert into user_activity (user_id, last_at) select id, :a from users where id = :u").bind("u", userId).bind("a", at).execute();
        });
    }

    public Optional<Long> lastActivity(long userId) {
        return jdbi.withHandle(h -> h.createQuery("select last_at from user_activity where user_id = :u").bind("u", userId).mapTo(Long.class).findOne());
    }
}
