package io.olimpus.server.courses;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import io.olimpus.server.http.Json;
import io.olimpus.server.http.ResponseHeaders;
import io.olimpus.wire.Wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * /courses: instructors (and admins) manage their courses, rosters and the credentials sheet;
 * a student reads the courses they are enrolled in.
 */
public final class CourseRoutes {
    private CourseRoutes() {}

    public static void register(Api api, CourseService courses) {
        api.get("/courses", Access.USER, (ctx, caller) ->
                Http.json(ctx, new Wire.Page<>(courses.list(caller).stream().map(CourseRoutes::wire).toList(), null, null, null)));
        api.post("/courses", Access.INSTRUCTOR, (ctx, caller) -> {
            Wire.NewCourse r = Json.read(ctx, Wire.NewCourse.class);
            Course c = courses.create(caller, new CourseService.CourseRequest(r.name(), r.zone(), r.maxVms(), r.maxVcpus(), r.maxRamMb(), r.owner(), r.language()));
            ctx.header("Location", Api.PREFIX + "/courses/" + c.id());
            Http.json(ctx, 201, wire(c));
        });
        api.get("/courses/{id}", Access.USER, (ctx, caller) -> Http.json(ctx, wire(courses.get(caller, Http.idParam(ctx, "id")))));
        api.patch("/courses/{id}", Access.INSTRUCTOR, (ctx, caller) -> {
            Wire.CoursePatch p = Json.read(ctx, Wire.CoursePatch.class);
            Http.json(ctx, wire(courses.update(caller, Http.idParam(ctx, "id"),
                    new CourseService.CoursePatch(p.name(), p.zone(), p.maxVms(), p.maxVcpus(), p.maxRamMb(), p.owner(), p.language()))));
        });
        api.delete("/courses/{id}", Access.INSTRUCTOR, (ctx, caller) -> {
            courses.delete(caller, Http.idParam(ctx, "id"));
            ctx.status(204);
        });
        api.get("/courses/{id}/students", Access.INSTRUCTOR, (ctx, caller) ->
                Http.json(ctx, roster(courses.roster(caller, Http.idParam(ctx, "id")))));
        api.post("/courses/{id}/students", Access.INSTRUCTOR, (ctx, caller) -> {
            Wire.Enrolment e = Json.read(ctx, Wire.Enrolment.class);
            long id = Http.idParam(ctx, "id");
            courses.enrol(caller, id, e.usernames());
            Http.json(ctx, roster(courses.roster(caller, id)));
        });
        api.delete("/courses/{id}/students/{username}", Access.INSTRUCTOR, (ctx, caller) -> {
            courses.removeStudent(caller, Http.idParam(ctx, "id"), ctx.pathParam("username"));
            ctx.status(204);
        });
        api.post("/courses/{id}/students/{username}/password", Access.INSTRUCTOR, (ctx, caller) -> {
            CourseService.Handed h = courses.resetStudentPassword(caller, Http.idParam(ctx, "id"), ctx.pathParam("username"));
            ResponseHeaders.noStore(ctx);  // it carries a password
            Http.json(ctx, wire(h));
        });
        api.post("/courses/{id}/roster", Access.INSTRUCTOR, (ctx, caller) -> {
            String csv = Http.csvBody(ctx);
            CourseService.Imported r = courses.importRoster(caller, Http.idParam(ctx, "id"), csv);
            ResponseHeaders.noStore(ctx);
            Http.json(ctx, 201, new Wire.RosterImported(r.created().stream().map(CourseRoutes::wire).toList(),
                    r.enrolled().stream().map(u -> u.username()).toList()));
        });
        api.post("/courses/{id}/credentials", Access.INSTRUCTOR, (ctx, caller) -> {
            long id = Http.idParam(ctx, "id");
            List<CourseService.Credential> sheet = courses.takeCredentials(caller, id);
            ResponseHeaders.noStore(ctx);
            ctx.header("Content-Disposition", "attachment; filename=\"course-" + id + "-credentials.csv\"");
            ctx.status(200).contentType("text/csv; charset=utf-8").result(csv(sheet).getBytes(StandardCharsets.UTF_8));
        });
    }

    /** The sheet: one line per student, each field quoted (a password given in a roster may hold a comma or a quote). */
    static String csv(List<CourseService.Credential> sheet) {
        StringBuilder b = new StringBuilder("username,password\n");
        for (CourseService.Credential c : sheet) b.append(quoted(c.username())).append(',').append(quoted(c.password())).append('\n');
        return b.toString();
    }

    private static String quoted(String field) { return '"' + field.replace("\"", "\"\"") + '"'; }

    private static Wire.Page<Wire.Student> roster(List<CourseStore.Student> students) {
        return new Wire.Page<>(students.stream().map(s -> new Wire.Student(s.user().id(), s.user().username(), s.user().disabled(), s.email(), s.enrolledAt())).toList(),
                null, null, null);
    }

    public static Wire.Course wire(Course c) {
        return new Wire.Course(c.id(), c.name(), c.ownerName(), c.zone(), new Wire.CourseQuota(c.quota().maxVms(), c.quota().maxVcpus(), c.quota().maxRamMb()),
                c.students(), c.createdAt(), c.credentialsHandedOutAt(), c.language().code());
    }

    static Wire.HandedOut wire(CourseService.Handed h) {
        return new Wire.HandedOut(h.user().username(), h.email(), h.password(), h.mailed(), h.mailProblem());
    }
}
