package io.olimpus.server.api;

import io.olimpus.server.http.Access;
import io.olimpus.server.http.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered route × {anonymous, user, other user, instructor, other instructor, admin}.
 * Routes on something a user owns (their slice, their user record) are called on the user's
 * resource: the other user must get 404, as if it did not exist. The user is a student of the
 * instructor's course: the instructor reads (never changes) the user's slices and jobs, the other
 * instructor sees nothing of them nor of the course. A route added without a case here fails the test.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class AuthorizationMatrixTest extends ApiTestBase {
    enum Who { ANONYMOUS, USER, OTHER, INSTRUCTOR, OTHER_INSTRUCTOR, ADMIN }

    /** A request to make; {@code token} null means the caller's own token. */
    record Req(String path, byte[] body, String contentType, String token, Map<String, String> headers) {
        Req(String path, byte[] body, String contentType, String token) { this(path, body, contentType, token, Map.of()); }
        static Req of(String path) { return new Req(path, null, null, null); }
        Req with(String header, String value) { return new Req(path, body, contentType, token, Map.of(header, value)); }
        static Req json(String path, Object body) {
            try {
                return new Req(path, ApiClient.JSON.writeValueAsBytes(body), "application/json", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Whose resource a route touches: nobody's (catalog, lists) or the USER's own. */
    /** NO_PLATFORM: an admin route that the matrix's zone (no platform able to answer) stops at 409 after the access check. */
    /** STUDENT_READ: the USER's own, which their instructor may read too. COURSE: the INSTRUCTOR's course; COURSE_MEMBER: the course, which its student USER may read. */
    /** STUDENT_WATCH: the USER's VM's consoles read-only, which their instructor may open and another instructor is told (403) are not theirs to watch. */
    enum Owner { NONE, USER, USER_NO_PLATFORM, STUDENT_WATCH, NO_PLATFORM, STUDENT_READ, STUDENT_READ_NO_PLATFORM, COURSE, COURSE_MEMBER, COURSE_NO_PLATFORM }

    record Case(Owner owner, Function<Who, Req> make) {}

    Fixtures.Account user, other, instructor, otherInstructor;
    String zone;
    Map<Who, String> tokens = new HashMap<>();

    @Test
    void everyRouteAnswersEveryKindOfCallerAsItShould() throws Exception {
        user = fx.user("mxuser", Map.of("maxSlices", 1000));  // a slice per case and caller
        other = fx.user("mxother");
        tokens.put(Who.USER, user.token());
        tokens.put(Who.OTHER, other.token());
        instructor = fx.user("mxinst", Map.of("role", "instructor"));
        otherInstructor = fx.user("mxoinst", Map.of("role", "instructor"));
        tokens.put(Who.INSTRUCTOR, instructor.token());
        tokens.put(Who.OTHER_INSTRUCTOR, otherInstructor.token());
        tokens.put(Who.ADMIN, fx.admin);
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        zone = fx.zone();
        long course = course();
        assertThat(api.post("/courses/" + course + "/students", instructor.token(), Map.of("usernames", List.of(user.username()))).status()).isEqualTo(200);
        String worker = Fixtures.unique("wk");
        assertThat(api.post("/zones/" + zone + "/workers", fx.admin, ZoneApiTest.worker(worker)).status()).isEqualTo(201);

        Map<String, Object> settings = ZoneSettingsApiTest.linux(server);
        assertThat(api.put("/zones/" + zone + "/settings", fx.admin, settings).status()).isEqualTo(200);

        Map<String, Case> cases = new HashMap<>();
        cases.put("GET /health", new Case(Owner.NONE, w -> Req.of("/health")));
        cases.put("GET /openapi.json", new Case(Owner.NONE, w -> Req.of("/openapi.json")));
        cases.put("POST /auth/login", new Case(Owner.NONE, w -> Req.json("/auth/login", Map.of("username", user.username(), "password", user.password()))));
        cases.put("POST /auth/logout", new Case(Owner.NONE, w -> new Req("/auth/logout", null, null, freshToken(w))));
        cases.put("POST /auth/password", new Case(Owner.NONE, w -> {
            String pw = switch (w) { case USER -> user.password(); case OTHER -> other.password(); case INSTRUCTOR -> instructor.password();
                case OTHER_INSTRUCTOR -> otherInstructor.password(); case ADMIN -> TestServer.ADMIN_PASSWORD; default -> "x"; };
            return Req.json("/auth/password", Map.of("currentPassword", pw, "newPassword", pw));
        }));
        cases.put("GET /auth/me", new Case(Owner.NONE, w -> Req.of("/auth/me")));
        cases.put("PATCH /auth/me", new Case(Owner.NONE, w -> Req.json("/auth/me", Map.of("sshPublicKey", ""))));
        cases.put("GET /users", new Case(Owner.NONE, w -> Req.of("/users")));
        cases.put("POST /users", new Case(Owner.NONE, w -> Req.json("/users", Map.of("username", Fixtures.unique("mxnew")))));
        cases.put("POST /users/import", new Case(Owner.NONE, w -> new Req("/users/import",
                ("username\n" + Fixtures.unique("mxcsv") + "\n").getBytes(StandardCharsets.UTF_8), "text/csv", null)));
        cases.put("GET /users/{username}", new Case(Owner.USER, w -> Req.of("/users/" + user.username())));
        cases.put("PATCH /users/{username}", new Case(Owner.NONE, w -> Req.json("/users/" + freshUser(), Map.of("maxVms", 3))));
        cases.put("POST /users/{username}/password", new Case(Owner.NONE, w -> Req.of("/users/" + freshUser() + "/password")));
        cases.put("DELETE /users/{username}", new Case(Owner.NONE, w -> Req.of("/users/" + freshUser())));
        cases.put("GET /flavors", new Case(Owner.NONE, w -> Req.of("/flavors")));
        cases.put("POST /flavors", new Case(Owner.NONE, w -> Req.json("/flavors", Map.of("name", Fixtures.unique("mxf"), "vcpus", 1, "ramMb", 128, "diskGb", 1))));
        cases.put("GET /flavors/{name}", new Case(Owner.NONE, w -> Req.of("/flavors/" + flavor)));
        cases.put("DELETE /flavors/{name}", new Case(Owner.NONE, w -> Req.of("/flavors/" + fx.flavor(1, 128, 1))));
        cases.put("GET /aliases", new Case(Owner.NONE, w -> Req.of("/aliases")));
        cases.put("GET /flavors/{name}/aliases", new Case(Owner.NONE, w -> Req.of("/flavors/" + flavor + "/aliases")));
        cases.put("PUT /flavors/{name}/aliases", new Case(Owner.NONE, w -> Req.json("/flavors/" + flavor + "/aliases", Map.of("aliases", List.of("Tiny VM")))));
        cases.put("GET /images/{name}/aliases", new Case(Owner.NONE, w -> Req.of("/images/" + image + "/aliases")));
        cases.put("PUT /images/{name}/aliases", new Case(Owner.NONE, w -> Req.json("/images/" + image + "/aliases", Map.of("aliases", List.of("Cirros 0.6.2.img")))));
        cases.put("GET /zones/{zone}/aliases", new Case(Owner.NONE, w -> Req.of("/zones/" + zone + "/aliases")));
        cases.put("PUT /zones/{zone}/aliases", new Case(Owner.NONE, w -> Req.json("/zones/" + zone + "/aliases", Map.of("aliases", List.of("Golden Zone")))));
        cases.put("GET /images", new Case(Owner.NONE, w -> Req.of("/images")));
        cases.put("GET /images/{name}", new Case(Owner.NONE, w -> Req.of("/images/" + image)));
        cases.put("PATCH /images/{name}", new Case(Owner.NONE, w -> Req.json("/images/" + image, Map.of("bootSeconds", 300))));
        cases.put("POST /images/{name}/files", new Case(Owner.NONE, w -> new Req("/images/" + Fixtures.unique("mxi") + "/files",
                Fixtures.qcow2(1024), "application/octet-stream", null)));
        cases.put("DELETE /images/{name}", new Case(Owner.NONE, w -> Req.of("/images/" + fx.image())));
        cases.put("GET /zones", new Case(Owner.NONE, w -> Req.of("/zones")));
        cases.put("POST /zones", new Case(Owner.NONE, w -> Req.json("/zones", Map.of("name", Fixtures.unique("mxz"), "platform", "linux"))));
        cases.put("GET /zones/{zone}", new Case(Owner.NONE, w -> Req.of("/zones/" + zone)));
        cases.put("DELETE /zones/{zone}", new Case(Owner.NONE, w -> Req.of("/zones/" + fx.zone())));
        cases.put("GET /zones/{zone}/settings", new Case(Owner.NONE, w -> Req.of("/zones/" + zone + "/settings")));
        cases.put("PUT /zones/{zone}/settings", new Case(Owner.NONE, w -> Req.json("/zones/" + zone + "/settings", settings)));
        cases.put("POST /zones/{zone}/check", new Case(Owner.NONE, w -> Req.of("/zones/" + zone + "/check")));
        cases.put("GET /zones/{zone}/leftovers", new Case(Owner.NO_PLATFORM, w -> Req.of("/zones/" + zone + "/leftovers")));
        cases.put("DELETE /zones/{zone}/leftovers", new Case(Owner.NO_PLATFORM, w -> Req.of("/zones/" + zone + "/leftovers")));
        cases.put("GET /workers/{zone}/{worker}/samples", new Case(Owner.NONE, w -> Req.of("/workers/" + zone + "/" + worker + "/samples")));
        cases.put("GET /zones/{zone}/placements", new Case(Owner.NONE, w -> Req.of("/zones/" + zone + "/placements")));
        cases.put("GET /zones/{zone}/workers", new Case(Owner.NONE, w -> Req.of("/zones/" + zone + "/workers")));
        cases.put("POST /zones/{zone}/workers", new Case(Owner.NONE, w -> Req.json("/zones/" + zone + "/workers", ZoneApiTest.worker(Fixtures.unique("mxw")))));
        cases.put("GET /zones/{zone}/workers/{worker}", new Case(Owner.NONE, w -> Req.of("/zones/" + zone + "/workers/" + worker)));
        cases.put("DELETE /zones/{zone}/workers/{worker}", new Case(Owner.NONE, w -> {
            String wk = Fixtures.unique("mxw");
            assertThat(api.post("/zones/" + zone + "/workers", fx.admin, ZoneApiTest.worker(wk)).status()).isEqualTo(201);
            return Req.of("/zones/" + zone + "/workers/" + wk);
        }));
        cases.put("GET /slices", new Case(Owner.NONE, w -> Req.of("/slices")));
        cases.put("POST /slices", new Case(Owner.NONE, w -> Req.json("/slices", Fixtures.ring(Fixtures.unique("mx"), zone, 3, flavor, image))));
        cases.put("GET /slices/{id}", new Case(Owner.STUDENT_READ, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image))));
        cases.put("PUT /slices/{id}", new Case(Owner.USER, w -> Req.json("/slices/" + fx.slice(user.token(), zone, flavor, image),
                Fixtures.ring(Fixtures.unique("mx"), zone, 4, flavor, image)).with("If-Match", "\"1\"")));
        cases.put("DELETE /slices/{id}", new Case(Owner.USER, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image))));
        cases.put("GET /slices/{id}/cloud-config", new Case(Owner.STUDENT_READ, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image) + "/cloud-config")));
        cases.put("PUT /slices/{id}/cloud-config", new Case(Owner.USER, w -> Req.json("/slices/" + fx.slice(user.token(), zone, flavor, image) + "/cloud-config",
                Map.of("cloudConfig", "#cloud-config\npackages: [tcpdump]\n"))));
        cases.put("GET /audit", new Case(Owner.NONE, w -> Req.of("/audit")));
        cases.put("GET /settings", new Case(Owner.NONE, w -> Req.of("/settings")));
        cases.put("PUT /settings", new Case(Owner.NONE, w -> Req.json("/settings", Map.of("lab.concurrency", 8))));
        // The matrix's zone has no platform settings, so deploying routes stop at 409 after the access check passed.
        cases.put("GET /slices/{id}/plan", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image) + "/plan")));
        cases.put("POST /slices/{id}/deploy", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image) + "/deploy")));
        cases.put("POST /slices/{id}/undeploy", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image) + "/undeploy")));
        cases.put("GET /slices/{id}/vms", new Case(Owner.STUDENT_READ_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image) + "/vms")));
        cases.put("POST /slices/{id}/vms/{vm}/power", new Case(Owner.USER_NO_PLATFORM, w -> Req.json("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/vms/vm1/power", Map.of("action", "stop"))));
        // The console is a WebSocket; a plain GET runs the same checks (ConsoleApiTest covers the upgrade itself).
        cases.put("GET /slices/{id}/vms/{vm}/console", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/vms/vm1/console")));
        cases.put("POST /slices/{id}/vms/{vm}/console-ticket", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/vms/vm1/console-ticket")));
        cases.put("GET /slices/{id}/vms/{vm}/console-url", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/vms/vm1/console-url")));
        cases.put("GET /slices/{id}/vms/{vm}/serial", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/vms/vm1/serial")));
        cases.put("POST /slices/{id}/vms/{vm}/serial-ticket", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/vms/vm1/serial-ticket")));
        // SSH into a VM is its owner's (and admins'): an instructor, who reads a student's slices, gets 404 like a stranger.
        cases.put("GET /slices/{id}/vms/{vm}/ssh", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/vms/vm1/ssh")));
        cases.put("POST /slices/{id}/vms/{vm}/ssh-ticket", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/vms/vm1/ssh-ticket")));
        // The read-only views: the matrix's slice is a draft, so whoever may watch it is stopped at 409 (not running) after the access check.
        for (String view : List.of("console-watch", "serial-watch")) {
            cases.put("GET /slices/{id}/vms/{vm}/" + view, new Case(Owner.STUDENT_WATCH, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                    + "/vms/vm1/" + view)));
            cases.put("POST /slices/{id}/vms/{vm}/" + view + "-ticket", new Case(Owner.STUDENT_WATCH, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                    + "/vms/vm1/" + view + "-ticket")));
        }
        // A capture runs only on a running slice: the matrix's slices are stored, not deployed, so the owner passes to 409.
        cases.put("GET /slices/{id}/links/{link}/capture", new Case(Owner.USER_NO_PLATFORM, w -> Req.of("/slices/" + fx.slice(user.token(), zone, flavor, image)
                + "/links/l1/capture")));
        cases.put("GET /slices/{id}/job", new Case(Owner.STUDENT_READ, w -> Req.of("/slices/" + finishedJob(fx.slice(user.token(), zone, flavor, image))[0] + "/job")));
        cases.put("GET /jobs/{id}", new Case(Owner.STUDENT_READ, w -> Req.of("/jobs/" + finishedJob(fx.slice(user.token(), zone, flavor, image))[1])));
        cases.put("GET /jobs/{id}/events", new Case(Owner.STUDENT_READ, w -> Req.of("/jobs/" + finishedJob(fx.slice(user.token(), zone, flavor, image))[1] + "/events")));
        cases.put("GET /jobs/{id}/evidence", new Case(Owner.STUDENT_READ, w -> Req.of("/jobs/" + finishedJob(fx.slice(user.token(), zone, flavor, image))[1] + "/evidence")));
        cases.put("GET /courses", new Case(Owner.NONE, w -> Req.of("/courses")));
        cases.put("POST /courses", new Case(Owner.NONE, w -> Req.json("/courses", Map.of("name", Fixtures.unique("mxc"), "zone", zone))));
        cases.put("GET /courses/{id}", new Case(Owner.COURSE_MEMBER, w -> Req.of("/courses/" + course)));
        cases.put("PATCH /courses/{id}", new Case(Owner.COURSE, w -> Req.json("/courses/" + course, Map.of("maxVms", 3))));
        cases.put("DELETE /courses/{id}", new Case(Owner.COURSE, w -> Req.of("/courses/" + course())));
        cases.put("GET /courses/{id}/students", new Case(Owner.COURSE, w -> Req.of("/courses/" + course + "/students")));
        cases.put("POST /courses/{id}/students", new Case(Owner.COURSE, w -> Req.json("/courses/" + course + "/students", Map.of("usernames", List.of(user.username())))));
        cases.put("DELETE /courses/{id}/students/{username}", new Case(Owner.COURSE, w -> {
            long c = course();
            String student = freshUser();
            assertThat(api.post("/courses/" + c + "/students", instructor.token(), Map.of("usernames", List.of(student))).status()).isEqualTo(200);
            return Req.of("/courses/" + c + "/students/" + student);
        }));
        cases.put("POST /courses/{id}/students/{username}/password", new Case(Owner.COURSE, w -> {
            long c = course();
            String student = freshUser();
            assertThat(api.post("/courses/" + c + "/students", instructor.token(), Map.of("usernames", List.of(student))).status()).isEqualTo(200);
            return Req.of("/courses/" + c + "/students/" + student + "/password");
        }));
        cases.put("POST /courses/{id}/roster", new Case(Owner.COURSE, w -> new Req("/courses/" + course + "/roster",
                ("username,email\n" + Fixtures.unique("mxst") + ",st@example.org\n").getBytes(StandardCharsets.UTF_8), "text/csv", null)));
        cases.put("POST /courses/{id}/credentials", new Case(Owner.COURSE, w -> {
            long c = course();
            var r = api.send("POST", "/courses/" + c + "/roster", instructor.token(), ("username\n" + Fixtures.unique("mxst") + "\n").getBytes(StandardCharsets.UTF_8), "text/csv", Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            return Req.of("/courses/" + c + "/credentials");
        }));

        // Labs of the instructor's course; a forecast needs the zone's platform, which the matrix's zone lacks (409 after the access check).
        cases.put("POST /courses/{id}/labs", new Case(Owner.COURSE, w -> Req.json("/courses/" + course + "/labs",
                Map.of("name", Fixtures.unique("mxl"), "template", Fixtures.ring("x", null, 3, flavor, image)))));
        cases.put("GET /courses/{id}/labs", new Case(Owner.COURSE, w -> Req.of("/courses/" + course + "/labs")));
        cases.put("GET /labs", new Case(Owner.NONE, w -> Req.of("/labs")));
        cases.put("GET /labs/{id}", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, false))));
        cases.put("DELETE /labs/{id}", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, false))));
        cases.put("POST /labs/{id}/assign", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, false) + "/assign")));
        cases.put("GET /labs/{id}/forecast", new Case(Owner.COURSE_NO_PLATFORM, w -> Req.of("/labs/" + lab(course, flavor, image, false) + "/forecast")));
        cases.put("POST /labs/{id}/open", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, false) + "/open")));
        cases.put("POST /labs/{id}/close", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, false) + "/close")));
        cases.put("POST /labs/{id}/retry", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, true) + "/retry")));
        cases.put("POST /labs/{id}/reset", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, true) + "/reset")));
        cases.put("GET /labs/{id}/board", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, false) + "/board")));
        cases.put("GET /labs/{id}/board/events", new Case(Owner.COURSE, w -> Req.of("/labs/" + lab(course, flavor, image, false) + "/board/events")));

        List<Route> routes = server.running.routes();
        var registered = new TreeSet<String>();
        for (Route r : routes) registered.add(r.method() + " " + r.path());
        assertThat(new TreeSet<>(cases.keySet())).as("every route has a case and every case a route").isEqualTo(registered);

        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Route route : routes) {
            Case c = cases.get(route.method() + " " + route.path());
            for (Who who : Who.values()) {
                Req req = c.make().apply(who);
                String token = who == Who.ANONYMOUS ? null : req.token() != null ? req.token() : tokens.get(who);
                var res = api.send(route.method(), req.path(), token, req.body(), req.contentType(), req.headers());
                int expected = expected(route.access(), c.owner(), who);
                boolean ok = expected == 200 ? res.status() >= 200 && res.status() < 300 : res.status() == expected;
                if (ok && res.status() >= 400) ok = res.contentType().startsWith("application/problem+json");
                if (!ok) wrong.add(route.method() + " " + req.path() + " as " + who + ": expected " + (expected == 200 ? "2xx" : expected) + ", got " + res);
                checked++;
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).isEqualTo(routes.size() * Who.values().length);
    }

    static int expected(Access access, Owner owner, Who who) {
        if (access == Access.PUBLIC) return 200;
        if (who == Who.ANONYMOUS) return 401;
        if (access == Access.ADMIN) return who == Who.ADMIN ? (owner == Owner.NO_PLATFORM ? 409 : 200) : 403;
        if (access == Access.INSTRUCTOR) {
            if (who == Who.USER || who == Who.OTHER) return 403;
            boolean course = owner == Owner.COURSE || owner == Owner.COURSE_NO_PLATFORM;
            if (course && who == Who.OTHER_INSTRUCTOR) return 404;
            return owner == Owner.COURSE_NO_PLATFORM ? 409 : 200;
        }
        if (owner == Owner.STUDENT_WATCH) return who == Who.OTHER ? 404 : who == Who.OTHER_INSTRUCTOR ? 403 : 409;
        boolean strangers = who == Who.OTHER || who == Who.OTHER_INSTRUCTOR;
        boolean usersOwn = owner == Owner.USER || owner == Owner.USER_NO_PLATFORM;
        boolean studentReadable = owner == Owner.STUDENT_READ || owner == Owner.STUDENT_READ_NO_PLATFORM;
        if ((usersOwn || studentReadable || owner == Owner.COURSE_MEMBER) && strangers) return 404;
        if (usersOwn && who == Who.INSTRUCTOR) return 404;  // an instructor only reads their students' things
        return owner == Owner.USER_NO_PLATFORM || owner == Owner.STUDENT_READ_NO_PLATFORM ? 409 : 200;
    }

    /** A new lab of the course (students deploy their own copies), opened by its instructor when asked. */
    private long lab(long course, String flavor, String image, boolean open) {
        var r = api.post("/courses/" + course + "/labs", instructor.token(), Map.of("name", Fixtures.unique("mxl"),
                "template", Fixtures.ring("x", null, 3, flavor, image), "deployAtOpen", false));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        if (open) assertThat(api.post("/labs/" + id + "/open", instructor.token(), null).status()).isEqualTo(202);
        return id;
    }

    /** A new course of the instructor in the matrix's zone. */
    private long course() {
        var r = api.post("/courses", instructor.token(), Map.of("name", Fixtures.unique("mxcourse"), "zone", zone));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    /** A finished job of the slice, written straight to the store (the matrix has no platform to run one): {slice id, job id}. */
    private long[] finishedJob(long slice) {
        long job = server.running.database().jdbi().withHandle(h -> h.createUpdate("insert into deploy_jobs (slice_id, kind, state, requested_by, started_at, finished_at)"
                + " values (:s, 'DEPLOY', 'ROLLED_BACK', 'matrix', 0, 0)").bind("s", slice).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new long[]{slice, job};
    }

    private String freshUser() { return fx.user("mxt").username(); }

    private String freshToken(Who w) {
        return switch (w) {
            case USER -> api.login(user.username(), user.password());
            case OTHER -> api.login(other.username(), other.password());
            case INSTRUCTOR -> api.login(instructor.username(), instructor.password());
            case OTHER_INSTRUCTOR -> api.login(otherInstructor.username(), otherInstructor.password());
            case ADMIN -> api.login("admin", TestServer.ADMIN_PASSWORD);
            case ANONYMOUS -> null;
        };
    }
}
