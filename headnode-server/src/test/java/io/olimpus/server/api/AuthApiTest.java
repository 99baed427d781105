package io.olimpus.server.api;

import io.olimpus.server.auth.LoginThrottle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class AuthApiTest extends ApiTestBase {

    @Test
    void loginGivesAnExpiringBearerTokenAndMeSaysWhoIAm() {
        var acc = fx.user("alice");
        var r = api.post("/auth/login", null, Map.of("username", acc.username(), "password", acc.password()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(r.json().get("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis() + 3_600_000L);
        assertThat(r.json().get("user").has("password")).isFalse();
        var me = api.get("/auth/me", r.json().get("token").asText());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo(acc.username());
        assertThat(me.json().get("role").asText()).isEqualTo("user");
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSame401() {
        var acc = fx.user("bob");
        var wrong = problem(api.post("/auth/login", null, Map.of("username", acc.username(), "password", "not-the-password")), 401);
        var unknown = problem(api.post("/auth/login", null, Map.of("username", "nobody-here", "password", "whatever-123")), 401);
        assertThat(wrong.json().get("detail").asText()).isEqualTo(unknown.json().get("detail").asText());
    }

    @Test
    void logoutEndsTheTokenAtOnce() {
        var acc = fx.user("carol");
        assertThat(api.get("/auth/me", acc.token()).status()).isEqualTo(200);
        assertThat(api.post("/auth/logout", acc.token(), null).status()).isEqualTo(204);
        problem(api.get("/auth/me", acc.token()), 401);
    }

    @Test
    void aGarbageOrMissingTokenIs401WithWwwAuthenticate() {
        var r = problem(api.get("/auth/me", "garbage"), 401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(problem(api.get("/auth/me", null), 401).header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void repeatedFailuresSlowTheNextAttemptsDownEvenWithTheRightPassword() {
        var acc = fx.user("dave");
        for (int i = 0; i < 5; i++) problem(api.post("/auth/login", null, Map.of("username", acc.username(), "password", "guess-" + i)), 401);
        var r = problem(api.post("/auth/login", null, Map.of("username", acc.username(), "password", acc.password())), 429);
        assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 2);
        // Another user is not affected.
        var other = fx.user("erin");
        assertThat(api.post("/auth/login", null, Map.of("username", other.username(), "password", other.password())).status()).isEqualTo(200);
    }

    @Test
    void failuresFromOneAddressNeverLockTheOwnerOutFromAnother() throws Exception {
        var acc = fx.user("hank");
        // An attacker on another loopback address (127.0.0.2) guesses six times.
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++)
            assertThat(loginFrom("127.0.0.2", acc.username(), "guess-" + i)).startsWith("HTTP/1.1 401");
        assertThat(loginFrom("127.0.0.2", acc.username(), acc.password())).startsWith("HTTP/1.1 429").contains("Retry-After:");
        // The owner, from their own address, is not held back at all.
        assertThat(api.post("/auth/login", null, Map.of("username", acc.username(), "password", acc.password())).status()).isEqualTo(200);
        // The admin neither.
        assertThat(api.login("admin", TestServer.ADMIN_PASSWORD)).isNotBlank();
    }

    @Test
    void anAddressSprayingMadeUpNamesIsSlowedBeforeAnyPasswordIsChecked() throws Exception {
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++)
            assertThat(loginFrom("127.0.0.3", "nobody-" + i, "whatever-123")).startsWith("HTTP/1.1 401");
        assertThat(loginFrom("127.0.0.3", "nobody-x", "whatever-123")).startsWith("HTTP/1.1 429").contains("from your address");
        var acc = fx.user("ivan");
        assertThat(api.post("/auth/login", null, Map.of("username", acc.username(), "password", acc.password())).status()).isEqualTo(200);
    }

    /** A login sent from {@code localAddress} (a loopback address other than the client's usual one); returns the raw answer. */
    static String loginFrom(String localAddress, String username, String password) throws Exception {
        var url = java.net.URI.create(server.running.baseUrl());
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        try (var socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(localAddress, 0));
            socket.connect(new java.net.InetSocketAddress(url.getHost(), url.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            String req = "POST /api/v1/auth/login HTTP/1.1\r\nHost: " + url.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
            socket.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aDisabledUserCannotLogInAndLosesTheirSessions() {
        var acc = fx.user("frank");
        assertThat(api.patch("/users/" + acc.username(), fx.admin, Map.of("disabled", true)).status()).isEqualTo(200);
        problem(api.get("/auth/me", acc.token()), 401);
        problem(api.post("/auth/login", null, Map.of("username", acc.username(), "password", acc.password())), 401);
        assertThat(api.patch("/users/" + acc.username(), fx.admin, Map.of("disabled", false)).status()).isEqualTo(200);
        assertThat(api.post("/auth/login", null, Map.of("username", acc.username(), "password", acc.password())).status()).isEqualTo(200);
    }

    @Test
    void healthChecksTheDatabase() {
        var r = api.get("/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("database").asText()).isEqualTo("ok");
    }

    @Test
    void passwordsNeverAppearInTheAuditLog() {
        var acc = fx.user("gina");
        var audit = api.get("/audit?limit=1000", fx.admin);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).contains(acc.username()).doesNotContain(acc.password()).doesNotContain(TestServer.ADMIN_PASSWORD);
    }

    @Test
    void aUserChangesTheirOwnPasswordAndTheirOtherSessionsEnd() {
        var acc = fx.user("chpw");
        String second = api.login(acc.username(), acc.password());
        var wrong = problem(api.post("/auth/password", acc.token(), Map.of("currentPassword", "not-it-at-all", "newPassword", "brand-new-pass")), 400);
        assertThat(wrong.json().get("field").asText()).isEqualTo("currentPassword");
        var weak = problem(api.post("/auth/password", acc.token(), Map.of("currentPassword", acc.password(), "newPassword", "short")), 400);
        assertThat(weak.json().get("field").asText()).isEqualTo("newPassword");
        assertThat(api.post("/auth/password", acc.token(), Map.of("currentPassword", acc.password(), "newPassword", "brand-new-pass")).status()).isEqualTo(204);
        assertThat(api.get("/auth/me", acc.token()).status()).isEqualTo(200);
        problem(api.get("/auth/me", second), 401);
        problem(api.post("/auth/login", null, Map.of("username", acc.username(), "password", acc.password())), 401);
        assertThat(api.login(acc.username(), "brand-new-pass")).isNotBlank();
    }
}
