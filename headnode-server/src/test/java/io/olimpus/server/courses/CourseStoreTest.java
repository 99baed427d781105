package io.olimpus.server.courses;

import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.audit.AuditStore;
import io.olimpus.server.auth.AuthService;
import io.olimpus.server.auth.Passwords;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.auth.Role;
import io.olimpus.server.auth.TokenStore;
import io.olimpus.server.db.Database;
import io.olimpus.server.db.Unique;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.mail.Mailer;
import io.olimpus.server.secrets.SecretBox;
import io.olimpus.server.users.Quota;
import io.olimpus.server.users.User;
import io.olimpus.server.users.UserService;
import io.olimpus.server.users.UserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The course store and service on the V7_1 schema, on embedded H2 (MySQL mode) and on MariaDB
 * (127.0.0.1:3306, root, empty password; a fresh database dropped after each test).
 */
class CourseStoreTest {
    private static final String MARIADB = "jdbc:mysql://127.0.0.1:3306/";
    private static final Quota QUOTA = new Quota(10, 20, 20480, 20, 200, 400);

    Database db;
    String mariaDb;
    Path dir;
    UserStore users;
    CourseStore store;
    CourseService service;
    User owner, ana, staff;

    private void open(String kind) throws Exception {
        dir = Files.createTempDirectory("olimpus-courses-");
        String url = Database.embeddedUrl(dir);
        if (kind.equals("mariadb")) {
            mariaDb = "olimpus_c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = DriverManager.getConnection(MARIADB, "root", "")) {
                c.createStatement().execute("create database " + mariaDb + " character set utf8mb4");
            } catch (SQLException e) {
                if ("true".equals(System.getenv("CI"))) throw new AssertionError("CI requires MariaDB on 127.0.0.1:3306", e);
                Assumptions.abort("MariaDB on 127.0.0.1:3306 does not answer: " + e.getMessage());
            }
            url = MARIADB + mariaDb;
        }
        db = Database.open(url, kind.equals("mariadb") ? "root" : null, kind.equals("mariadb") ? "" : null, 4);
        Clock clock = Clock.systemUTC();
        users = new UserStore(db.jdbi());
        AuditLog audit = new AuditLog(new AuditStore(db.jdbi()), clock);
        Passwords passwords = new Passwords(4);
        AuthService auth = new AuthService(users, new TokenStore(db.jdbi()), passwords, audit, clock, Duration.ofHours(1));
        UserService userService = new UserService(users, passwords, auth, audit, clock, QUOTA);
        store = new CourseStore(db.jdbi());
        service = new CourseService(store, new CourseAccess(store), users, userService, zone -> zone.equals("lab"), Mailer.NONE,
                SecretBox.withRandomKey(), audit, clock, QUOTA);
        owner = users.insert(new UserStore.NewUser("prof", "x", Role.INSTRUCTOR, QUOTA), 1);
        ana = users.insert(new UserStore.NewUser("ana", "x", Role.USER, QUOTA), 1);
        staff = users.insert(new UserStore.NewUser("other-prof", "x", Role.INSTRUCTOR, QUOTA), 1);
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) db.close();
        if (mariaDb != null) try (Connection c = DriverManager.getConnection(MARIADB, "root", "")) {
            c.createStatement().execute("drop database if exists " + mariaDb);
        }
        if (dir != null) try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Principal as(User u) { return new Principal(u.id(), u.username(), u.role()); }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mariadb"})
    void enrolmentDecidesWhatAnInstructorReadsAndWhatQuotaAStudentGets(String kind) throws Exception {
        open(kind);
        Course c = service.create(as(owner), new CourseService.CourseRequest("redes", "lab", 3, 6, 3072, null));
        CourseAccess access = service.access();
        assertThat(access.canRead(as(owner), ana.id())).isFalse();
        assertThatThrownBy(() -> service.quotaFor(c.id(), ana.id())).isInstanceOf(DomainError.class).hasMessageContaining("does not exist");

        service.enrol(as(owner), c.id(), List.of("ana"));
        assertThat(access.canRead(as(owner), ana.id())).isTrue();
        assertThat(access.canRead(as(staff), ana.id())).isFalse();
        assertThat(access.canRead(as(ana), owner.id())).isFalse();  // a student reads nobody's but their own
        assertThat(service.quotaFor(c.id(), ana.id())).isEqualTo(new CourseQuota(3, 6, 3072));
        assertThat(service.zoneOf(c.id())).isEqualTo("lab");
        assertThat(store.enrolledIn(ana.id())).extracting(Course::name).containsExactly("redes");
        assertThatThrownBy(() -> access.requireOwner(as(staff), c.id())).isInstanceOf(DomainError.class)
                .extracting(e -> ((DomainError) e).kind()).isEqualTo(DomainError.Kind.NOT_FOUND);
        assertThat(access.requireVisible(as(ana), c.id()).id()).isEqualTo(c.id());

        service.update(as(owner), c.id(), new CourseService.CoursePatch(null, null, 5, null, null));
        assertThat(service.quotaFor(c.id(), ana.id())).isEqualTo(new CourseQuota(5, 6, 3072));
        assertThat(store.whyUserCannotGo(owner.id())).contains("owns 1 course");
        assertThat(store.whyUserCannotGo(ana.id())).isNull();

        service.removeStudent(as(owner), c.id(), "ana");
        assertThat(access.canRead(as(owner), ana.id())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mariadb"})
    void aRosterWhoseInsertFailsLeavesNoUserNoEnrolmentAndNoPassword(String kind) throws Exception {
        open(kind);
        Course c = store.insert("so", owner.id(), "lab", new CourseQuota(1, 1, 512), CourseLanguage.DEFAULT, 1);
        // the second new user clashes with one created meanwhile: the whole import must roll back
        var rows = List.of(new UserStore.NewUser("bea", "h", Role.USER, QUOTA, true), new UserStore.NewUser("ana", "h", Role.USER, QUOTA, true));
        assertThatThrownBy(() -> store.importRoster(c.id(), rows, List.of("pw-bea", "pw-ana"), Map.of(staff.id(), "s@example.org"), Map.of(),
                (course, user, pw) -> "sealed:" + pw, 2)).matches(Unique::isViolation);
        assertThat(users.byName("bea")).isEmpty();
        assertThat(store.roster(c.id())).isEmpty();
        assertThat(store.takeCredentials(c.id(), 3)).isEmpty();

        List<User> created = store.importRoster(c.id(), rows.subList(0, 1), List.of("pw-bea"), Map.of(staff.id(), "s@example.org"),
                Map.of("bea", "bea@example.org"), (course, user, pw) -> "sealed:" + pw, 2);
        assertThat(created).extracting(User::username).containsExactly("bea");
        assertThat(users.mustChangePassword(created.get(0).id())).isTrue();
        assertThat(store.roster(c.id())).extracting(s -> s.user().username() + " " + s.email())
                .containsExactly("bea bea@example.org", "other-prof s@example.org");
        assertThat(store.takeCredentials(c.id(), 4)).extracting(CourseStore.SealedCredential::sealedPassword).containsExactly("sealed:pw-bea");
        assertThat(store.takeCredentials(c.id(), 5)).isEmpty();
        assertThat(store.byId(c.id()).orElseThrow().credentialsHandedOutAt()).isEqualTo(4L);

        store.delete(c.id());  // the enrolment goes with the course; the students stay
        assertThat(users.byName("bea")).isPresent();
        assertThat(store.enrolledIn(created.get(0).id())).isEmpty();
    }
}
