package io.olimpus.client;

import io.olimpus.client.ClientException.Kind;
import io.olimpus.client.testing.RealServer;
import io.olimpus.client.testing.ServerFixtures;
import io.olimpus.wire.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An instructor's course calls (issue 15) against a real headnode started in this JVM. */
class CourseClientTest {
    static RealServer server;
    static OlimpusClient admin;
    static OlimpusClient teacher;
    static String zone;

    @BeforeAll
    static void start() throws Exception {
        server = RealServer.start();
        admin = OlimpusClient.connect(server.baseUrl());
        admin.login(RealServer.ADMIN, RealServer.ADMIN_PASSWORD);
        zone = admin.createZone(new Wire.NewZone(ServerFixtures.unique("zone"), "linux", null)).name();
        String name = ServerFixtures.unique("teacher");
        admin.createUser(new Wire.NewUser(name, "teacher-secret-1", "instructor", null, null, null));
        teacher = OlimpusClient.connect(server.baseUrl());
        teacher.login(name, "teacher-secret-1");
    }

    @AfterAll
    static void stop() {
        if (teacher != null) teacher.close();
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    static ClientException failure(Runnable r) {
        ClientException e = catchThrowableOfType(ClientException.class, r::run);
        assertThat(e).as("a ClientException").isNotNull();
        return e;
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
}
