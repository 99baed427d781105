package io.olimpus.server.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class UserApiTest extends ApiTestBase {

    ApiClient.Res csv(String body) {
        return api.send("POST", "/users/import", fx.admin, body.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    @Test
    void createWithGeneratedPasswordShownOnce() {
        String name = Fixtures.unique("gen");
        var r = api.post("/users", fx.admin, Map.of("username", name, "maxVms", 3));
        assertThat(r.status()).isEqualTo(201);
        String pw = r.json().get("password").asText();
        assertThat(pw).hasSize(16);
        assertThat(r.json().get("quota").get("maxVms").asInt()).isEqualTo(3);
        assertThat(r.json().get("quota").get("maxVcpus").asInt()).isEqualTo(20);
        assertThat(api.login(name, pw)).isNotBlank();
        var read = api.get("/users/" + name, fx.admin);
        assertThat(read.json().has("password")).isFalse();
    }

    @Test
    void duplicateUsernameIs409() {
        var acc = fx.user("dup");
        var r = problem(api.post("/users", fx.admin, Map.of("username", acc.username())), 409);
        assertThat(r.json().get("field").asText()).isEqualTo("username");
    }

    @Test
    void listFiltersByPrefixAndPages() {
        for (int i = 0; i < 3; i++) fx.user("pagey");
        var r = api.get("/users?q=pagey&limit=2", fx.admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("items")).hasSize(2);
        assertThat(r.json().get("total").asLong()).isGreaterThanOrEqualTo(3);
        var next = api.get("/users?q=pagey&limit=2&offset=2", fx.admin);
        assertThat(next.json().get("items").get(0).get("username").asText())
                .isNotIn(r.json().get("items").get(0).get("username").asText(), r.json().get("items").get(1).get("username").asText());
    }

    @Test
    void aUserReadsThemselvesButNotOthers() {
        var a = fx.user("self");
        var b = fx.user("self");
        assertThat(api.get("/users/" + a.username(), a.token()).status()).isEqualTo(200);
        problem(api.get("/users/" + b.username(), a.token()), 404);
    }

    @Test
    void patchQuotaAndRole() {
        var a = fx.user("patchy");
        var r = api.patch("/users/" + a.username(), fx.admin, Map.of("maxVms", 2, "maxVcpus", 4, "maxRamMb", 2048, "role", "admin"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("role").asText()).isEqualTo("admin");
        assertThat(r.json().get("quota").get("maxRamMb").asInt()).isEqualTo(2048);
        var bad = problem(api.patch("/users/" + a.username(), fx.admin, Map.of("role", "root")), 400);
        assertThat(bad.json().get("field").asText()).isEqualTo("role");
        var neg = problem(api.patch("/users/" + a.username(), fx.admin, Map.of("maxVms", -1)), 400);
        assertThat(neg.json().get("field").asText()).isEqualTo("maxVms");
    }

    @Test
    void anAdminCannotDisableThemselves() {
        problem(api.patch("/users/admin", fx.admin, Map.of("disabled", true)), 409);
    }

    @Test
    void resetPasswordGeneratesANewOneAndEndsSessions() {
        var a = fx.user("reset");
        var r = api.post("/users/" + a.username() + "/password", fx.admin, null);
        assertThat(r.status()).isEqualTo(200);
        String pw = r.json().get("password").asText();
        problem(api.get("/auth/me", a.token()), 401);
        problem(api.post("/auth/login", null, Map.of("username", a.username(), "password", a.password())), 401);
        assertThat(api.login(a.username(), pw)).isNotBlank();
        assertThat(api.post("/users/" + a.username() + "/password", fx.admin, Map.of("password", "chosen-password")).status()).isEqualTo(204);
        assertThat(api.login(a.username(), "chosen-password")).isNotBlank();
        var weak = problem(api.post("/users/" + a.username() + "/password", fx.admin, Map.of("password", "short")), 400);
        assertThat(weak.json().get("field").asText()).isEqualTo("password");
    }

    @Test
    void resettingAnAdminsPasswordNeedsTheActingAdminsOwnPassword() {
        var other = fx.user("adm", Map.of("role", "admin"));
        String path = "/users/" + other.username() + "/password";
        var missing = problem(api.post(path, fx.admin, Map.of("password", "taken-over-1")), 403);
        assertThat(missing.json().get("field").asText()).isEqualTo("yourPassword");
        assertThat(missing.json().get("detail").asText()).contains("yourPassword");
        var wrong = problem(api.post(path, fx.admin, Map.of("password", "taken-over-1", "yourPassword", "not-the-admin-password")), 403);
        assertThat(wrong.json().get("field").asText()).isEqualTo("yourPassword");
        problem(api.post(path, fx.admin, null), 403);
        // Refused resets changed nothing: the other admin still logs in, their session still works.
        assertThat(api.get("/auth/me", other.token()).status()).isEqualTo(200);
        assertThat(api.login(other.username(), other.password())).isNotBlank();

        assertThat(api.post(path, fx.admin, Map.of("password", "handed-over-1", "yourPassword", TestServer.ADMIN_PASSWORD)).status()).isEqualTo(204);
        assertThat(api.login(other.username(), "handed-over-1")).isNotBlank();
        var generated = api.post(path, fx.admin, Map.of("yourPassword", TestServer.ADMIN_PASSWORD));
        assertThat(generated.status()).as(generated.toString()).isEqualTo(200);
        assertThat(api.login(other.username(), generated.json().get("password").asText())).isNotBlank();
        // A student's password is still reset without it.
        var student = fx.user("stu");
        assertThat(api.post("/users/" + student.username() + "/password", fx.admin, null).status()).isEqualTo(200);
    }

    @Test
    void rosterImportCreatesEveryone() {
        String a = Fixtures.unique("stu"), b = Fixtures.unique("stu");
        var r = csv("username,password,role,maxVms\n" + a + ",pass-word-1,user,4\n\n\"" + b + "\",,,\n");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("created")).hasSize(2);
        assertThat(r.json().get("created").get(0).has("password")).isFalse();
        String generated = r.json().get("created").get(1).get("password").asText();
        assertThat(api.login(a, "pass-word-1")).isNotBlank();
        assertThat(api.login(b, generated)).isNotBlank();
        assertThat(r.json().get("created").get(0).get("quota").get("maxVms").asInt()).isEqualTo(4);
    }

    @Test
    void rosterImportIsAllOrNothingAndReportsEveryBadRow() {
        String ok = Fixtures.unique("stu");
        var existing = fx.user("stu");
        var r = problem(csv("username,maxVms\n" + ok + ",3\nBad Name,1\n" + existing.username() + ",2\n" + ok + ",x\n"), 400);
        var errors = r.json().get("errors");
        assertThat(errors.toString()).contains("line 3: username").contains("line 4: username").contains("line 5: maxVms").contains("line 5: username");
        problem(api.get("/users/" + ok, fx.admin), 404);
        var header = problem(csv("username,shell\nx1,rm\n"), 400);
        assertThat(header.json().get("field").asText()).contains("shell");
        problem(api.send("POST", "/users/import", fx.admin, "username\nabc\n".getBytes(), "application/json"), 415);
    }

    @Test
    void deleteUserRefusedWhileTheyOwnSlices() {
        var a = fx.user("owner");
        long id = fx.slice(a.token(), null, fx.flavor(1, 256, 1), fx.image());
        problem(api.delete("/users/" + a.username(), fx.admin), 409);
        assertThat(api.delete("/slices/" + id, a.token()).status()).isEqualTo(204);
        assertThat(api.delete("/users/" + a.username(), fx.admin).status()).isEqualTo(204);
        problem(api.get("/auth/me", a.token()), 401);
    }
}
