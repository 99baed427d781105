package io.olimpus.client;

import io.olimpus.client.ClientException.Kind;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.wire.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.olimpus.client.testing.ServerFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** An instructor's course calls (issue 15) against a real headnode started in this JVM. */
class CourseClientTest {
    static RealServer server;
    static OlimpusClient admin;
    static OlimpusClient teacher;
    static String zone;

    @BeforeAll
    static void start() throws Exception {
        server = RealServer.start();
        admin = server.admin();
        zone = admin.createZone(new Wire.NewZone(ServerFixtures.unique("zone"), "linux", null)).name();
        String name = ServerFixtures.unique("teacher");
        admin.createUser(new Wire.NewUser(name, "teacher-secret-1", "instructor", null, null, null));
        teacher = server.loggedIn(name, "teacher-secret-1");
    }

    @AfterAll
    static void stop() {
        if (teacher != null) teacher.close();
        if (admin != null) admin.close();
        if (server != null) server.close();
    }


    @Test
    void anInstructorMakesACourseImportsARosterAndTakesTheSheetOnce() {
        Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("net"), zone, 3, 3, 1536, null));
        assertThat(teacher.courses()).extracting(Wire.Course::id).contains(c.id());
        assertThat(teacher.course(c.id()).quota().maxVms()).isEqualTo(3);

        String a = ServerFixtures.unique("stu"), b = ServerFixtures.unique("stu");
        Wire.RosterImported r = teacher.importRoster(c.id(), "username,email\n" + a + "," + a + "@example.org\n" + b + ",\n");
        assertThat(r.created()).extracting(Wire.HandedOut::username).containsExactly(a, b);
        assertThat(r.created().get(0).password()).isNotBlank();
        assertThat(teacher.roster(c.id())).extracting(Wire.Student::username).containsExactlyInAnyOrder(a, b);

        String sheet = teacher.takeCredentials(c.id());
        assertThat(sheet).startsWith("username,password\n").contains("\"" + a + "\"", "\"" + b + "\"");
        ClientException again = failure(() -> teacher.takeCredentials(c.id()));
        assertThat(again.kind()).isEqualTo(Kind.CONFLICT);

        teacher.removeStudent(c.id(), b);
        assertThat(teacher.roster(c.id())).extracting(Wire.Student::username).containsExactly(a);
        assertThat(teacher.enrol(c.id(), List.of(b))).extracting(Wire.Student::username).containsExactlyInAnyOrder(a, b);
        assertThat(teacher.resetStudentPassword(c.id(), b).password()).isNotBlank();

        assertThat(teacher.patchCourse(c.id(), new Wire.CoursePatch(null, null, 4, null, null)).quota().maxVms()).isEqualTo(4);
        teacher.deleteCourse(c.id());
        assertThat(failure(() -> teacher.course(c.id())).kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void aRefusedRosterNamesEveryBadRowAndImportsNothing() {
        Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("os"), zone, null, null, null, null));
        String good = ServerFixtures.unique("stu");
        ClientException e = failure(() -> teacher.importRoster(c.id(),
                "username,email\n" + good + "," + good + "@example.org\nBad Name!,x@example.org\n" + ServerFixtures.unique("stu") + ",not-an-email\n"));
        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.fieldErrors()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(e.fieldErrors()).extracting(ClientException.FieldError::field).anyMatch(f -> f.startsWith("line 3")).anyMatch(f -> f.startsWith("line 4"));
        assertThat(teacher.roster(c.id())).isEmpty();
    }

    @Test
    void aStudentSeesTheirCourseButCannotManageIt() {
        Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("db"), zone, null, null, null, null));
        String s = ServerFixtures.unique("stu");
        admin.createUser(new Wire.NewUser(s, "student-secret-1", "user", null, null, null));
        teacher.enrol(c.id(), List.of(s));
        try (OlimpusClient student = OlimpusClient.connect(server.baseUrl())) {
            student.login(s, "student-secret-1");
            assertThat(student.courses()).extracting(Wire.Course::name).containsExactly(c.name());
            assertThat(failure(() -> student.roster(c.id())).kind()).isEqualTo(Kind.FORBIDDEN);
        }
    }

    @Test
    void aLabIsPublishedForecastOpenedFollowedRetriedResetAndClosed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ServerFixtures fx = new ServerFixtures(server, admin);
        String lz = fx.linuxZoneGoingNowhere(), flavor = fx.flavor(), image = fx.image(dir);
        Wire.Course c = teacher.createCourse(new Wire.NewCourse(ServerFixtures.unique("lab"), lz, 4, 4, 4096, null));
        String s1 = ServerFixtures.unique("stu"), s2 = ServerFixtures.unique("stu");
        teacher.importRoster(c.id(), "username\n" + s1 + "\n" + s2 + "\n");

        LabWire.Lab lab = teacher.createLab(c.id(), "net1", ServerFixtures.ring("net1", lz, 3, flavor, image), null, null, true, true, 30, false);
        assertThat(teacher.labs(c.id())).extracting(LabWire.Lab::name).containsExactly("net1");
        assertThat(teacher.lab(lab.id()).idleMinutes()).isEqualTo(30);
        LabWire.Forecast f = teacher.forecast(lab.id(), null);
        assertThat(f.students()).isEqualTo(2);
        assertThat(f.totalVms()).isEqualTo(6);
        assertThat(f.message()).contains("2 students");
        assertThat(teacher.forecast(lab.id(), 1000).fits()).isFalse();

        var boards = new java.util.concurrent.LinkedBlockingQueue<LabWire.Board>();
        try (AutoCloseable follow = teacher.followBoard(lab.id(), boards::add, e -> {})) {
            LabWire.Board opened = teacher.openLab(lab.id());
            assertThat(opened.rows()).extracting(LabWire.BoardRow::student).containsExactlyInAnyOrder(s1, s2);
            // The zone's headnode listens nowhere: both deploys fail, each with its reason, neither stopping the other.
            LabWire.Board failed = null;
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < until) {
                LabWire.Board b = boards.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                if (b != null && b.counts().getOrDefault("FAILED", 0) == 2) { failed = b; break; }
            }
            assertThat(failed).as("a streamed board with both copies failed").isNotNull();
            assertThat(failed.rows()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
        }
        assertThat(teacher.retryFailed(lab.id()).rows()).hasSize(2);
        assertThat(teacher.resetLab(lab.id(), s1).rows()).hasSize(2);
        assertThat(failure(() -> teacher.resetLab(lab.id(), "nobody-here")).kind()).isIn(Kind.NOT_FOUND, Kind.INVALID);

        try (OlimpusClient student = OlimpusClient.connect(server.baseUrl())) {
            String sheet = teacher.takeCredentials(c.id());
            String pw = sheet.lines().filter(l -> l.startsWith("\"" + s1 + "\"")).findFirst().orElseThrow().split(",")[1].replace("\"", "");
            student.login(s1, pw);
            student.changePassword(pw, "student-new-pass-1");
            student.login(s1, "student-new-pass-1");
            assertThat(student.myLabs()).extracting(LabWire.StudentLab::name).containsExactly("net1");
            assertThat(student.myLabs().get(0).sliceId()).isNotNull();
        }
        // Closing waits for no deploy: the copies end as drafts whatever they were.
        assertThat(teacher.closeLab(lab.id()).labId()).isEqualTo(lab.id());
    }
}
