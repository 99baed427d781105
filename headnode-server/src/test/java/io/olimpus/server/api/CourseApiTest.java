package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.mail.TestSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.olimpus.server.api.ApiTestBase.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Courses end to end over HTTP, on both stores, with a real SMTP server started by the test:
 * an instructor creates a course, imports a roster (the new students' one-time passwords arrive
 * by mail and on a sheet that downloads once), the students must change the password first.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class CourseApiTest {
    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
    static TestSmtpServer smtp;
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;

    @Parameter
    Store store;

    @BeforeParameterizedClassInvocation
    static void start(Store store) throws Exception {
        smtp = new TestSmtpServer(Set.of("bounce@example.org"), null, null);
        server = TestServer.start(store, c -> c.withSmtp(smtp.settings()));
        api = server.client;
        fx = new Fixtures(api);
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        if (server != null) server.close();
        if (smtp != null) smtp.close();
        server = null;
    }

    private Fixtures.Account instructor() { return fx.user("inst", Map.of("role", "instructor")); }

    private long course(String token, String zone) {
        var r = api.post("/courses", token, Map.of("name", Fixtures.unique("net"), "zone", zone, "maxVms", 5, "maxVcpus", 5, "maxRamMb", 4096));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private ApiClient.Res csv(String path, String token, String csv) {
        return api.send("POST", path, token, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    /** Every mail that arrives within the wait, until {@code n} came; keyed by recipient. */
    private static Map<String, TestSmtpServer.Received> mails(int n) throws InterruptedException {
        Map<String, TestSmtpServer.Received> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            TestSmtpServer.Received m = smtp.next(MAIL_WAIT);
            assertThat(m).as("mail " + (i + 1) + " of " + n).isNotNull();
            out.put(m.to().get(0), m);
        }
        return out;
    }

    @Test
    void anInstructorCreatesAndChangesTheirCourseAndBadFieldsAreNamed() {
        var inst = instructor();
        String zone = fx.zone();
        var bad = problem(api.post("/courses", inst.token(), Map.of("name", "Redes 1", "zone", "nozone-" + store.name().toLowerCase(), "maxVms", -1)), 400);
        assertThat(bad.json().get("errors").toString()).contains("\"field\":\"name\"").contains("\"field\":\"zone\"").contains("\"field\":\"maxVms\"")
                .contains("no zone named");
        var student = fx.user("stu");
        problem(api.post("/courses", student.token(), Map.of("name", Fixtures.unique("c"), "zone", zone)), 403);

        var r = api.post("/courses", inst.token(), Map.of("name", Fixtures.unique("redes"), "zone", zone));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode c = r.json();
        assertThat(c.get("owner").asText()).isEqualTo(inst.username());
        assertThat(c.get("quota").get("maxVms").asInt()).isEqualTo(10);  // the default user quota
        var dup = problem(api.post("/courses", fx.admin, Map.of("name", c.get("name").asText(), "zone", zone)), 409);
        assertThat(dup.json().get("field").asText()).isEqualTo("name");

        var patched = api.patch("/courses/" + c.get("id").asLong(), inst.token(), Map.of("maxVms", 4, "maxVcpus", 8, "maxRamMb", 2048));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("quota").toString()).isEqualTo("{\"maxVms\":4,\"maxVcpus\":8,\"maxRamMb\":2048}");

        var notStudent = problem(api.post("/courses", fx.admin, Map.of("name", Fixtures.unique("c"), "zone", zone, "owner", student.username())), 400);
        assertThat(notStudent.json().get("field").asText()).isEqualTo("owner");
        var forOther = api.post("/courses", fx.admin, Map.of("name", Fixtures.unique("c"), "zone", zone, "owner", inst.username()));
        assertThat(forOther.status()).as(forOther.toString()).isEqualTo(201);
        assertThat(forOther.json().get("owner").asText()).isEqualTo(inst.username());

        List<String> mine = new ArrayList<>();
        api.get("/courses", inst.token()).json().get("items").forEach(i -> mine.add(i.get("name").asText()));
        assertThat(mine).containsExactlyInAnyOrder(c.get("name").asText(), forOther.json().get("name").asText());
        assertThat(api.get("/courses", instructor().token()).json().get("items")).isEmpty();

        var owns = problem(api.delete("/users/" + inst.username(), fx.admin), 409);
        assertThat(owns.json().get("detail").asText()).contains("owns 2 course(s)");
        assertThat(api.delete("/courses/" + c.get("id").asLong(), inst.token()).status()).isEqualTo(204);
        problem(api.get("/courses/" + c.get("id").asLong(), inst.token()), 404);
    }

    @Test
    void aRosterCreatesStudentsWhoseOneTimePasswordsArriveByMailAndMustBeChanged() throws Exception {
        var inst = instructor();
        long id = course(inst.token(), fx.zone());
        var existing = fx.user("old");
        String a = Fixtures.unique("ana"), b = Fixtures.unique("bruno"), c = Fixtures.unique("carla");
        var r = csv("/courses/" + id + "/roster", inst.token(), "username,email\n" + a + "," + a + "@example.org\n" + b + ",bounce@example.org\n"
                + c + ",\n" + existing.username() + "," + existing.username() + "@example.org\n");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.header("Cache-Control")).contains("no-store");
        Map<String, JsonNode> created = new HashMap<>();
        r.json().get("created").forEach(s -> created.put(s.get("username").asText(), s));
        assertThat(created).containsOnlyKeys(a, b, c);
        assertThat(r.json().get("enrolled").toString()).contains(existing.username());
        assertThat(created.get(a).get("mailed").asBoolean()).isTrue();
        assertThat(created.get(b).get("mailed").asBoolean()).isFalse();
        assertThat(created.get(b).get("mailProblem").asText()).contains("550");
        assertThat(created.get(c).get("mailed").asBoolean()).isFalse();
        assertThat(created.get(c).get("mailProblem").asText()).contains("no email");

        Map<String, TestSmtpServer.Received> inbox = mails(1);
        TestSmtpServer.Received mail = inbox.get(a + "@example.org");
        assertThat(mail).as("a mail to " + a + "@example.org").isNotNull();
        String password = created.get(a).get("password").asText();
        assertThat(mail.body()).contains("Username: " + a).contains("One-time password: " + password);
        assertThat(mail.header("Subject")).contains("course");

        var roster = api.get("/courses/" + id + "/students", inst.token());
        assertThat(roster.json().get("items")).hasSize(4);
        assertThat(roster.toString()).contains(a + "@example.org");
        assertThat(api.get("/courses/" + id, inst.token()).json().get("students").asInt()).isEqualTo(4);

        var login = api.post("/auth/login", null, Map.of("username", a, "password", password));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("mustChangePassword").asBoolean()).isTrue();
        String token = login.json().get("token").asText();
        var blocked = problem(api.get("/slices", token), 403);
        assertThat(blocked.json().get("type").asText()).endsWith("password-change-required");
        assertThat(blocked.json().get("detail").asText()).contains("POST /api/v1/auth/password");
        assertThat(api.get("/auth/me", token).status()).isEqualTo(200);
        assertThat(api.post("/auth/password", token, Map.of("currentPassword", password, "newPassword", "my-own-pass-1")).status()).isEqualTo(204);
        assertThat(api.get("/slices", token).status()).isEqualTo(200);
        var courses = api.get("/courses", token);
        assertThat(courses.json().get("items")).hasSize(1);  // a student sees the course they are in
        var again = api.post("/auth/login", null, Map.of("username", a, "password", "my-own-pass-1"));
        assertThat(again.json().has("mustChangePassword")).isFalse();
        // the existing user keeps their password and is not asked to change it
        assertThat(api.get("/slices", existing.token()).status()).isEqualTo(200);
    }

    @Test
    void aCourseIsHandedToAnotherInstructorByItsOwnerOrAnAdminAndTheMoveIsAudited() {
        var inst = instructor();
        var colleague = instructor();
        var student = fx.user("stu");
        String zone = fx.zone();
        long id = course(inst.token(), zone);
        String path = "/courses/" + id;

        // Only an instructor or admin who can log in may own it; each refusal names the field and what to do.
        var missing = problem(api.patch(path, inst.token(), Map.of("owner", "nobody-" + Fixtures.unique("x"))), 400);
        assertThat(missing.json().toString()).contains("\"field\":\"owner\"").contains("no user named");
        var toStudent = problem(api.patch(path, inst.token(), Map.of("owner", student.username())), 400);
        assertThat(toStudent.json().toString()).contains("\"field\":\"owner\"").contains("is a student").contains("PATCH /api/v1/users/" + student.username());
        var off = instructor();
        assertThat(api.patch("/users/" + off.username(), fx.admin, Map.of("disabled", true)).status()).isEqualTo(200);
        var toDisabled = problem(api.patch(path, inst.token(), Map.of("owner", off.username())), 400);
        assertThat(toDisabled.json().toString()).contains("\"field\":\"owner\"").contains("disabled");
        problem(api.patch(path, inst.token(), Map.of("owner", "Not A Name")), 400);
        assertThat(api.get(path, inst.token()).json().get("owner").asText()).isEqualTo(inst.username());
        // Somebody else's course is not there for them, and a student may not change any.
        problem(api.patch(path, colleague.token(), Map.of("owner", colleague.username())), 404);
        problem(api.patch(path, student.token(), Map.of("owner", student.username())), 403);

        // The owner hands it over, with its roster: the former owner no longer sees it nor reads the students' slices.
        assertThat(api.post(path + "/students", inst.token(), Map.of("usernames", List.of(student.username()))).status()).isEqualTo(200);
        var moved = api.patch(path, inst.token(), Map.of("owner", colleague.username()));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("owner").asText()).isEqualTo(colleague.username());
        problem(api.get(path, inst.token()), 404);
        assertThat(api.get(path + "/students", colleague.token()).body()).contains(student.username());
        assertThat(api.get("/courses", inst.token()).json().get("items")).isEmpty();

        // An admin hands it back (to an admin, here themselves: admins may own courses).
        var back = api.patch(path, fx.admin, Map.of("owner", "admin"));
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().get("owner").asText()).isEqualTo("admin");
        problem(api.get(path, colleague.token()), 404);

        String audit = api.get("/audit?action=course.transfer&limit=1000", fx.admin).body();
        String name = moved.json().get("name").asText();
        assertThat(audit).contains(name).contains("from " + inst.username() + " to " + colleague.username()).contains("from " + colleague.username() + " to admin");
        assertThat(api.delete(path, fx.admin).status()).isEqualTo(204);
    }

    @Test
    void aSpanishCourseMailsItsStudentsInSpanishAndAnEnglishOneInEnglish() throws Exception {
        var inst = instructor();
        String zone = fx.zone();
        var bad = problem(api.post("/courses", inst.token(), Map.of("name", Fixtures.unique("c"), "zone", zone, "language", "fr")), 400);
        assertThat(bad.json().toString()).contains("\"field\":\"language\"").contains("en, es");

        var es = api.post("/courses", inst.token(), Map.of("name", Fixtures.unique("redes"), "zone", zone, "language", "es"));
        assertThat(es.status()).as(es.toString()).isEqualTo(201);
        assertThat(es.json().get("language").asText()).isEqualTo("es");
        long en = course(inst.token(), zone);
        assertThat(api.get("/courses/" + en, inst.token()).json().get("language").asText()).isEqualTo("en");

        String ana = Fixtures.unique("ana"), bob = Fixtures.unique("bob");
        var r1 = csv("/courses/" + es.json().get("id").asLong() + "/roster", inst.token(), "username,email\n" + ana + "," + ana + "@example.org\n");
        assertThat(r1.status()).as(r1.toString()).isEqualTo(201);
        var r2 = csv("/courses/" + en + "/roster", inst.token(), "username,email\n" + bob + "," + bob + "@example.org\n");
        assertThat(r2.status()).as(r2.toString()).isEqualTo(201);
        Map<String, TestSmtpServer.Received> inbox = mails(2);

        TestSmtpServer.Received spanish = inbox.get(ana + "@example.org");
        assertThat(spanish).as("the mail to " + ana).isNotNull();
        String anaPassword = r1.json().get("created").get(0).get("password").asText();
        assertThat(decodedSubject(spanish.header("Subject"))).isEqualTo("Tu cuenta de Olimpus para el curso " + es.json().get("name").asText());
        assertThat(spanish.body()).contains("Hola, " + ana).contains("estás matriculado en el curso " + es.json().get("name").asText())
                .contains("Usuario: " + ana).contains("Contraseña de un solo uso: " + anaPassword).doesNotContain("One-time password");

        TestSmtpServer.Received english = inbox.get(bob + "@example.org");
        assertThat(english).as("the mail to " + bob).isNotNull();
        assertThat(decodedSubject(english.header("Subject"))).isEqualTo("Your Olimpus account for the course " + api.get("/courses/" + en, inst.token()).json().get("name").asText());
        assertThat(english.body()).contains("Hello " + bob).contains("One-time password: " + r2.json().get("created").get(0).get("password").asText())
                .doesNotContain("Contraseña");

        // The language changes with the course; a reset's mail follows it.
        var patched = api.patch("/courses/" + en, inst.token(), Map.of("language", "es"));
        assertThat(patched.json().get("language").asText()).isEqualTo("es");
        problem(api.patch("/courses/" + en, inst.token(), Map.of("language", "ES ")), 400);
        var reset = api.post("/courses/" + en + "/students/" + bob + "/password", inst.token(), Map.of());
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        TestSmtpServer.Received again = mails(1).get(bob + "@example.org");
        assertThat(again.body()).contains("Contraseña de un solo uso: " + reset.json().get("password").asText());
    }

    /** A Subject header as the mail program shows it: an RFC 2047 UTF-8 base64 word decoded, plain text as is. */
    private static String decodedSubject(String header) {
        if (!header.startsWith("=?UTF-8?B?")) return header;
        return new String(java.util.Base64.getDecoder().decode(header.substring(10, header.length() - 2)), StandardCharsets.UTF_8);
    }

    @Test
    void everyBadRowIsReportedAtOnceAndNothingIsCreated() {
        var inst = instructor();
        long id = course(inst.token(), fx.zone());
        String good = Fixtures.unique("good"), dup = Fixtures.unique("dup");
        var r = problem(csv("/courses/" + id + "/roster", inst.token(), "username,email,role,maxVms\n"
                + good + "," + good + "@example.org,,\n"
                + "Bad Name,x@example.org,,\n"
                + dup + ",not-an-address,,\n"
                + dup + ",,admin,\n"
                + Fixtures.unique("q") + ",,,7\n"
                + "only,two\n"), 400);
        String errors = r.json().get("errors").toString();
        assertThat(errors).contains("line 3: username").contains("line 4: email").contains("line 5: role").contains("line 5: username")
                .contains("line 6: maxVms").contains("only an admin").contains("line 7: columns");
        assertThat(r.json().get("errors")).hasSize(6);
        problem(api.get("/users/" + good, fx.admin), 404);
        assertThat(api.get("/courses/" + id + "/students", inst.token()).json().get("items")).isEmpty();
        var header = problem(csv("/courses/" + id + "/roster", inst.token(), "username,phone\nx,1\n"), 400);
        assertThat(header.json().get("reason").asText()).contains("unknown column").contains("email");
        problem(api.send("POST", "/courses/" + id + "/roster", inst.token(), "{}".getBytes(StandardCharsets.UTF_8), "application/json"), 415);
    }

    @Test
    void theCredentialsSheetDownloadsOnceAndAResetPutsOneOnANewSheet() throws Exception {
        var inst = instructor();
        long id = course(inst.token(), fx.zone());
        problem(api.post("/courses/" + id + "/credentials", inst.token(), null), 409);  // nothing to hand out yet
        String a = Fixtures.unique("dora"), b = Fixtures.unique("eva");
        var r = csv("/courses/" + id + "/roster", inst.token(), "username\n" + a + "\n" + b + "\n");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        Map<String, String> passwords = new HashMap<>();
        r.json().get("created").forEach(s -> passwords.put(s.get("username").asText(), s.get("password").asText()));

        var sheet = api.post("/courses/" + id + "/credentials", inst.token(), null);
        assertThat(sheet.status()).as(sheet.toString()).isEqualTo(200);
        assertThat(sheet.contentType()).startsWith("text/csv");
        assertThat(sheet.body()).startsWith("username,password\n")
                .contains("\"" + a + "\",\"" + passwords.get(a) + "\"").contains("\"" + b + "\",\"" + passwords.get(b) + "\"");
        assertThat(api.get("/courses/" + id, inst.token()).json().get("credentialsHandedOutAt").asLong()).isPositive();

        var second = problem(api.post("/courses/" + id + "/credentials", fx.admin, null), 409);
        assertThat(second.json().get("type").asText()).endsWith("credentials-handed-out");
        assertThat(second.json().get("detail").asText()).contains("already handed out").contains("/students/{username}/password");

        var reset = api.post("/courses/" + id + "/students/" + a + "/password", inst.token(), null);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        String fresh = reset.json().get("password").asText();
        assertThat(fresh).isNotEqualTo(passwords.get(a));
        assertThat(api.post("/auth/login", null, Map.of("username", a, "password", passwords.get(a))).status()).isEqualTo(401);
        assertThat(api.post("/auth/login", null, Map.of("username", a, "password", fresh)).json().get("mustChangePassword").asBoolean()).isTrue();
        var next = api.post("/courses/" + id + "/credentials", inst.token(), null);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("username,password\n\"" + a + "\",\"" + fresh + "\"\n");

        var staff = instructor();
        assertThat(api.post("/courses/" + id + "/students", inst.token(), Map.of("usernames", List.of(staff.username()))).status()).isEqualTo(200);
        var notStudent = problem(api.post("/courses/" + id + "/students/" + staff.username() + "/password", inst.token(), null), 409);
        assertThat(notStudent.json().get("detail").asText()).contains("only an admin");
    }

    @Test
    void existingUsersAreEnrolledByNameAndRemoved() {
        var inst = instructor();
        long id = course(inst.token(), fx.zone());
        var s1 = fx.user("s");
        var unknown = problem(api.post("/courses/" + id + "/students", inst.token(), Map.of("usernames", List.of(s1.username(), "nobody-here", "Bad"))), 400);
        assertThat(unknown.json().get("errors").toString()).contains("usernames[1]").contains("no user named 'nobody-here'").contains("usernames[2]");
        assertThat(api.get("/courses/" + id + "/students", inst.token()).json().get("items")).isEmpty();

        var ok = api.post("/courses/" + id + "/students", inst.token(), Map.of("usernames", List.of(s1.username(), s1.username())));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("items")).hasSize(1);
        assertThat(api.get("/courses/" + id, s1.token()).status()).isEqualTo(200);
        problem(api.get("/courses/" + id + "/students", s1.token()), 403);

        assertThat(api.delete("/courses/" + id + "/students/" + s1.username(), inst.token()).status()).isEqualTo(204);
        problem(api.delete("/courses/" + id + "/students/" + s1.username(), inst.token()), 404);
        problem(api.get("/courses/" + id, s1.token()), 404);
    }

    @Test
    void anInstructorReadsTheirStudentsSlicesButCannotChangeThem() {
        var inst = instructor();
        String zone = fx.zone();
        long id = course(inst.token(), zone);
        var s1 = fx.user("s");
        long slice = fx.slice(s1.token(), zone, fx.flavor(1, 256, 1), fx.image());
        problem(api.get("/slices/" + slice, inst.token()), 404);
        assertThat(api.post("/courses/" + id + "/students", inst.token(), Map.of("usernames", List.of(s1.username()))).status()).isEqualTo(200);
        assertThat(api.get("/slices/" + slice, inst.token()).status()).isEqualTo(200);
        var listed = api.get("/slices?owner=" + s1.username(), inst.token());
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().get("items")).hasSize(1);
        problem(api.delete("/slices/" + slice, inst.token()), 404);
        problem(api.get("/slices?owner=" + fx.user("x").username(), inst.token()), 403);
    }
}
