package io.olimpus.server.courses;

import io.olimpus.model.topology.Names;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Passwords;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.auth.Role;
import io.olimpus.server.db.Unique;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.mail.Mailer;
import io.olimpus.server.secrets.SecretBox;
import io.olimpus.server.users.Quota;
import io.olimpus.server.users.User;
import io.olimpus.server.users.UserService;
import io.olimpus.server.users.UserStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Courses: an instructor's (or an admin's) course with a zone and a per-student quota, its
 * enrolment (a roster import that creates the missing students, enrolling existing users,
 * removing students) and the hand-out of new students' one-time passwords, by mail and once as a
 * sheet.
 */
public final class CourseService {
    /** A new course; null limits take the server's default user quota, a null owner is the caller, a null language English. */
    public record CourseRequest(String name, String zone, Integer maxVms, Integer maxVcpus, Integer maxRamMb, String owner, String language) {
        public CourseRequest(String name, String zone, Integer maxVms, Integer maxVcpus, Integer maxRamMb, String owner) {
            this(name, zone, maxVms, maxVcpus, maxRamMb, owner, null);
        }
    }

    /** A change to a course; null fields stay as they are; {@code owner} hands the course to another instructor or admin. */
    public record CoursePatch(String name, String zone, Integer maxVms, Integer maxVcpus, Integer maxRamMb, String owner, String language) {
        public CoursePatch(String name, String zone, Integer maxVms, Integer maxVcpus, Integer maxRamMb) {
            this(name, zone, maxVms, maxVcpus, maxRamMb, null, null);
        }
    }

    /**
     * A student as an import or a reset left them: {@code password} is their new one-time password
     * (null for an existing user), {@code mailed} whether it went out by mail, else why not.
     */
    public record Handed(User user, String email, String password, boolean mailed, String mailProblem) {}

    /** What a roster import did: the students it created and the existing users it enrolled. */
    public record Imported(List<Handed> created, List<User> enrolled) {}

    /** One line of the credentials sheet. */
    public record Credential(String username, String password) {}

    private static final int MAX_LIMIT = 100_000;

    private final CourseStore store;
    private final CourseAccess access;
    private final UserStore users;
    private final UserService userService;
    private final Predicate<String> zoneExists;
    private final Mailer mailer;
    private final SecretBox box;
    private final AuditLog audit;
    private final Clock clock;
    private final Quota defaultQuota;

    public CourseService(CourseStore store, CourseAccess access, UserStore users, UserService userService, Predicate<String> zoneExists,
                         Mailer mailer, SecretBox box, AuditLog audit, Clock clock, Quota defaultQuota) {
        this.store = store;
        this.access = access;
        this.users = users;
        this.userService = userService;
        this.zoneExists = zoneExists;
        this.mailer = mailer;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
        this.defaultQuota = defaultQuota;
    }

    public CourseAccess access() { return access; }

    public Course create(Principal by, CourseRequest r) {
        requireTeacher(by);
        Map<String, String> problems = new LinkedHashMap<>();
        checkName(r.name(), problems);
        checkZone(r.zone(), problems);
        CourseQuota q = quota(new CourseQuota(defaultQuota.maxVms(), defaultQuota.maxVcpus(), defaultQuota.maxRamMb()),
                r.maxVms(), r.maxVcpus(), r.maxRamMb(), problems);
        User owner = owner(by, r.owner(), problems);
        CourseLanguage language = language(r.language(), CourseLanguage.DEFAULT, problems);
        if (!problems.isEmpty()) throw UserService.invalid(problems);
        try {
            Course c = store.insert(r.name(), owner.id(), r.zone(), q, language, clock.millis());
            audit.record(by, "course.create", c.name(), "owner " + owner.username() + ", zone " + c.zone() + ", " + describe(q) + ", mails in " + language.code());
            return c;
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("course-exists", "a course named '" + r.name() + "' already exists; choose another name", "name");
            throw e;
        }
    }

    /** Admins: every course; instructors: the courses they own; students: the courses they are enrolled in. */
    public List<Course> list(Principal by) {
        if (by.isAdmin()) return store.list(null);
        if (by.role() == Role.INSTRUCTOR) return store.list(by.userId());
        return store.enrolledIn(by.userId());
    }

    public Course get(Principal by, long id) { return access.requireVisible(by, id); }

    public Course update(Principal by, long id, CoursePatch p) {
        Course c = access.requireOwner(by, id);
        Map<String, String> problems = new LinkedHashMap<>();
        String name = p.name() == null ? c.name() : p.name();
        String zone = p.zone() == null ? c.zone() : p.zone();
        if (p.name() != null) checkName(name, problems);
        if (p.zone() != null) checkZone(zone, problems);
        CourseQuota q = quota(c.quota(), p.maxVms(), p.maxVcpus(), p.maxRamMb(), problems);
        CourseLanguage language = language(p.language(), c.language(), problems);
        User newOwner = p.owner() == null || p.owner().equals(c.ownerName()) ? null : newOwner(p.owner(), problems);
        if (!problems.isEmpty()) throw UserService.invalid(problems);
        try {
            store.update(id, name, zone, q, language, newOwner == null ? c.ownerId() : newOwner.id());
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("course-exists", "a course named '" + name + "' already exists; choose another name", "name");
            throw e;
        }
        audit.record(by, "course.update", name, "zone " + zone + ", " + describe(q) + ", mails in " + language.code());
        // Its own entry: who gave whom the course (and with it the students' slices to read and the labs to run).
        if (newOwner != null) audit.record(by, "course.transfer", name, "from " + c.ownerName() + " to " + newOwner.username());
        return store.byId(id).orElseThrow(() -> CourseAccess.notFound(id));
    }

    public void delete(Principal by, long id) {
        Course c = access.requireOwner(by, id);
        store.delete(id);
        audit.record(by, "course.delete", c.name(), c.students() + " students were enrolled");
    }

    public List<CourseStore.Student> roster(Principal by, long id) {
        access.requireOwner(by, id);
        return store.roster(id);
    }

    /** Enrols existing users by name; every unknown name is reported at once and nobody is enrolled then. */
    public List<User> enrol(Principal by, long id, List<String> usernames) {
        Course c = access.requireOwner(by, id);
        if (usernames == null || usernames.isEmpty()) throw DomainError.badField("usernames", "required: the names of the users to enrol");
        if (usernames.size() > UserService.MAX_ROSTER_ROWS) throw DomainError.badField("usernames", "more than " + UserService.MAX_ROSTER_ROWS + " users at once");
        Map<String, String> problems = new LinkedHashMap<>();
        Map<Long, String> ids = new LinkedHashMap<>();
        List<User> found = new ArrayList<>();
        for (int i = 0; i < usernames.size(); i++) {
            String u = usernames.get(i);
            String why = Names.whyInvalid(u);
            if (why != null) { problems.put("usernames[" + i + "]", why + " (pattern " + Names.REGEX + ")"); continue; }
            User user = users.byName(u).orElse(null);
            if (user == null) { problems.put("usernames[" + i + "]", "no user named '" + u + "'; import them with a roster (POST /api/v1/courses/" + id + "/roster) to create them"); continue; }
            if (ids.put(user.id(), null) == null) found.add(user);
        }
        if (!problems.isEmpty()) throw UserService.invalid(problems);
        int added = store.enrol(id, ids, clock.millis());
        audit.record(by, "course.enrol", c.name(), added + " of " + found.size() + " users newly enrolled");
        return found;
    }

    public void removeStudent(Principal by, long id, String username) {
        Course c = access.requireOwner(by, id);
        User u = users.byName(username).orElse(null);
        if (u == null || !store.unenrol(id, u.id())) throw DomainError.notFound("student '" + clip(username) + "' of course '" + c.name() + "'");
        audit.record(by, "course.unenrol", c.name(), u.username());
    }

    /**
     * Imports a roster, all or nothing: CSV with the columns of the user import ({@link
     * UserService#ROSTER_COLUMNS}) plus {@code email}. Missing users are created as students with a
     * one-time password (given, or generated) that they must change at first login; existing users
     * are enrolled as they are. Every bad row is reported at once, as {@code line N: column}. The new
     * students' passwords are mailed to their email and kept, sealed, for one download of the sheet.
     */
    public Imported importRoster(Principal by, long id, String csv) {
        Course c = access.requireOwner(by, id);
        UserService.Roster roster = UserService.parseRoster(csv, Set.of("email"));
        int width = roster.columns().size();
        Map<String, String> problems = new LinkedHashMap<>();
        List<UserService.Prepared> newRows = new ArrayList<>();
        Map<Long, String> existing = new LinkedHashMap<>();
        List<User> enrolled = new ArrayList<>();
        Map<String, String> emails = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (int i = roster.headerLine(); i < roster.rows().size(); i++) {
            String[] f = roster.rows().get(i);
            if (f == null) continue;
            if (++count > UserService.MAX_ROSTER_ROWS) throw DomainError.badField("body", "more than " + UserService.MAX_ROSTER_ROWS + " students in one roster");
            String at = "line " + (i + 1) + ": ";
            if (f.length != width) { problems.put(at + "columns", "has " + f.length + " fields, the header has " + width); continue; }
            Map<String, String> line = new LinkedHashMap<>();
            UserService.NewUserRequest req = roster.request(f, line, at);
            String username = req.username();
            String email = roster.get(f, "email");
            if (email != null && Mailer.whyInvalidAddress(email) != null) line.put(at + "email", Mailer.whyInvalidAddress(email));
            if (req.role() != null && !"user".equals(req.role()))
                line.put(at + "role", "a course roster creates students only: leave it empty or write 'user' (an admin changes a role with PATCH /api/v1/users/{username})");
            if (!by.isAdmin())
                for (String limit : List.of("maxVms", "maxVcpus", "maxRamMb", "maxSlices", "maxNodes", "maxLinks"))
                    if (roster.get(f, limit) != null)
                        line.put(at + limit, "only an admin sets a user's own limits; the course's quota (PATCH /api/v1/courses/" + id + ") applies to its labs");
            if (username != null && !seen.add(username)) line.put(at + "username", "'" + username + "' appears more than once in the roster");
            User known = username == null || Names.whyInvalid(username) != null ? null : users.byName(username).orElse(null);
            if (known != null && req.password() != null)
                line.put(at + "password", "user '" + username + "' already exists and keeps their password; leave it empty (reset it with POST /api/v1/courses/"
                        + id + "/students/" + username + "/password)");
            UserService.Prepared row = null;
            if (known == null && line.isEmpty()) row = userService.check(req, line, at);
            problems.putAll(line);
            if (!line.isEmpty()) continue;
            if (email != null) emails.put(username, email);
            if (known != null) { existing.put(known.id(), email); enrolled.add(known); }
            else newRows.add(row);
        }
        if (!problems.isEmpty()) throw UserService.invalid(problems);
        if (newRows.isEmpty() && existing.isEmpty()) throw DomainError.badField("body", "the roster lists no student");
        List<UserStore.NewUser> hashed = userService.hashAll(newRows, true);
        List<String> passwords = newRows.stream().map(UserService.Prepared::password).toList();
        List<User> created;
        try {
            created = store.importRoster(id, hashed, passwords, existing, emails, this::seal, clock.millis());
        } catch (RuntimeException e) {
            if (Unique.isViolation(e)) throw DomainError.conflict("user-exists", "a user of the roster was created meanwhile; nothing was imported, send the roster again", "username");
            throw e;
        }
        List<Handed> out = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) out.add(handOut(c, created.get(i), emails.get(created.get(i).username()), passwords.get(i)));
        audit.record(by, "course.import", c.name(), created.size() + " students created, " + enrolled.size() + " existing users enrolled, "
                + out.stream().filter(Handed::mailed).count() + " mails sent");
        return new Imported(out, enrolled);
    }

    /**
     * Gives an enrolled student a new one-time password: mailed when their email is known, and on
     * the next sheet. Only a student's: an instructor's or an admin's password is reset by an admin.
     */
    public Handed resetStudentPassword(Principal by, long id, String username) {
        Course c = access.requireOwner(by, id);
        User u = users.byName(username).orElse(null);
        CourseStore.Student s = u == null ? null : store.student(id, u.id()).orElse(null);
        if (s == null) throw DomainError.notFound("student '" + clip(username) + "' of course '" + c.name() + "'");
        if (u.role() != Role.USER)
            throw DomainError.conflict("not-a-student", "'" + u.username() + "' is " + (u.role() == Role.ADMIN ? "an admin" : "an instructor")
                    + "; only an admin resets their password (POST /api/v1/users/" + u.username() + "/password)", "username");
        String pw = Passwords.generate();
        store.resetCredential(id, u.id(), userService.hash(pw), seal(id, u.id(), pw), clock.millis());
        userService.endSessions(u.id());
        Handed h = handOut(c, u, s.email(), pw);
        audit.record(by, "course.password-reset", c.name(), u.username() + (h.mailed() ? ", mailed" : ""));
        return h;
    }

    /**
     * The sheet of one-time passwords not handed out yet, once: the passwords are forgotten as they
     * are returned. A second download is refused with when the sheet went out and how to give a
     * student a new password.
     */
    public List<Credential> takeCredentials(Principal by, long id) {
        Course c = access.requireOwner(by, id);
        List<CourseStore.SealedCredential> taken = store.takeCredentials(id, clock.millis());
        if (taken.isEmpty()) {
            Long at = store.byId(id).map(Course::credentialsHandedOutAt).orElse(null);
            String how = "to give a student a new one-time password, reset it: POST /api/v1/courses/" + id + "/students/{username}/password"
                    + " (it is mailed and goes on a new sheet)";
            if (at == null) throw DomainError.conflict("no-credentials", "course '" + c.name() + "' has no one-time passwords to hand out: none of its students was created by a roster import; " + how, null);
            throw new DomainError(DomainError.Kind.CONFLICT, "credentials-handed-out", "the one-time passwords of course '" + c.name() + "' were already handed out at "
                    + Instant.ofEpochMilli(at) + " and are not kept; " + how, null, null, Map.of("handedOutAt", at));
        }
        audit.record(by, "course.credentials", c.name(), taken.size() + " one-time passwords downloaded");
        return taken.stream().map(t -> new Credential(t.username(), box.open(t.sealedPassword(), bound(id, t.userId())))).toList();
    }

    /** The limits of one student's slices of a course (for the labs): the course's per-student quota; 404 when they are not enrolled. */
    public CourseQuota quotaFor(long courseId, long studentId) {
        Course c = store.byId(courseId).orElseThrow(() -> CourseAccess.notFound(courseId));
        if (!store.isEnrolled(courseId, studentId)) throw DomainError.notFound("student " + studentId + " of course '" + c.name() + "'");
        return c.quota();
    }

    /** The zone a course's labs run in. */
    public String zoneOf(long courseId) {
        return store.byId(courseId).map(Course::zone).orElseThrow(() -> CourseAccess.notFound(courseId));
    }

    /** The enrolled students of a course, without an access check: for the labs feature, after its own. */
    public List<CourseStore.Student> students(long courseId) { return store.roster(courseId); }

    private Handed handOut(Course c, User u, String email, String password) {
        if (email == null) return new Handed(u, null, password, false, "no email in the roster; hand out the sheet (POST /api/v1/courses/" + c.id() + "/credentials)");
        if (!mailer.configured()) return new Handed(u, email, password, false, "no SMTP server configured (smtp.host); hand out the sheet (POST /api/v1/courses/" + c.id() + "/credentials)");
        try {
            mailer.send(CourseMail.credentials(c, u, email, password));
            return new Handed(u, email, password, true, null);
        } catch (Mailer.MailException e) {
            return new Handed(u, email, password, false, e.getMessage());
        }
    }

    private String seal(long courseId, long userId, String password) { return box.seal(password, bound(courseId, userId)); }

    private static String bound(long courseId, long userId) { return "course_credentials:" + courseId + ":" + userId; }

    private static void requireTeacher(Principal by) {
        if (!by.canTeach()) throw DomainError.forbidden("only an instructor or an admin manages courses");
    }

    /** The course's owner: the caller, or for an admin an instructor (or admin) named by username. */
    private User owner(Principal by, String ownerName, Map<String, String> problems) {
        if (ownerName == null || ownerName.equals(by.username()))
            return users.byId(by.userId()).orElseThrow(() -> DomainError.unauthorized("your account no longer exists"));
        if (!by.isAdmin()) throw DomainError.forbidden("only an admin creates a course for another instructor");
        return newOwner(ownerName, problems);
    }

    /**
     * The user a course is given to: an instructor or an admin, enabled (a disabled one could not
     * log in to run it). Otherwise a problem on {@code owner} saying what to do, and null.
     */
    private User newOwner(String ownerName, Map<String, String> problems) {
        String why = Names.whyInvalid(ownerName);
        if (why != null) { problems.put("owner", why + " (pattern " + Names.REGEX + ")"); return null; }
        User u = users.byName(ownerName).orElse(null);
        if (u == null) { problems.put("owner", "no user named '" + clip(ownerName) + "'; GET /api/v1/users lists them"); return null; }
        if (u.role() == Role.USER) {
            problems.put("owner", "'" + u.username() + "' is a student; make them an instructor first: PATCH /api/v1/users/" + u.username() + " {\"role\":\"instructor\"}");
            return null;
        }
        if (u.disabled()) {
            problems.put("owner", "'" + u.username() + "' is disabled and could not run the course; enable them first: PATCH /api/v1/users/" + u.username() + " {\"disabled\":false}");
            return null;
        }
        return u;
    }

    private static CourseLanguage language(String code, CourseLanguage kept, Map<String, String> problems) {
        if (code == null) return kept;
        CourseLanguage l = CourseLanguage.byCode(code);
        if (l == null) problems.put("language", "'" + clip(code) + "' is not a language the course's mails are written in; use one of " + CourseLanguage.codes());
        return l == null ? kept : l;
    }

    private static void checkName(String name, Map<String, String> problems) {
        String why = Names.whyInvalid(name);
        if (why != null) problems.put("name", why + " (pattern " + Names.REGEX + ")");
    }

    private void checkZone(String zone, Map<String, String> problems) {
        String why = Names.whyInvalid(zone);
        if (why != null) problems.put("zone", why + " (pattern " + Names.REGEX + ")");
        else if (!zoneExists.test(zone)) problems.put("zone", "no zone named '" + zone + "'; GET /api/v1/zones lists them");
    }

    private static CourseQuota quota(CourseQuota base, Integer vms, Integer vcpus, Integer ram, Map<String, String> problems) {
        return new CourseQuota(limit(vms, base.maxVms(), MAX_LIMIT, "maxVms", problems), limit(vcpus, base.maxVcpus(), 1_000_000, "maxVcpus", problems),
                limit(ram, base.maxRamMb(), Integer.MAX_VALUE, "maxRamMb", problems));
    }

    private static int limit(Integer given, int kept, int max, String field, Map<String, String> problems) {
        if (given == null) return kept;
        if (given < 0 || given > max) problems.put(field, max == Integer.MAX_VALUE ? "must not be negative" : "must be between 0 and " + max);
        return given;
    }

    private static String describe(CourseQuota q) {
        return "per student " + q.maxVms() + " VMs, " + q.maxVcpus() + " vCPUs, " + q.maxRamMb() + " MB";
    }

    private static String clip(String s) {
        if (s == null) return "";
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
