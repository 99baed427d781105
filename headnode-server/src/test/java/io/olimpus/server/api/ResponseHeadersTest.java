package io.olimpus.server.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13, item 13 (part): answers that carry a secret are never cached, no answer may be
 * content-sniffed, and a wrong method on a real path is 405 with Allow, not 404.
 */
class ResponseHeadersTest {
    static TestServer server;
    static ApiClient api;

    @BeforeAll
    static void up() throws Exception {
        server = TestServer.start(Store.H2);
        api = server.client;
    }

    @AfterAll
    static void down() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void theLoginAnswerAndGeneratedPasswordsAreNotStored() {
        var login = api.post("/auth/login", null, Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).isEqualTo("no-store");
        String admin = login.json().get("token").asText();

        var created = api.post("/users", admin, Map.of("username", "hdrs1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("password").asText()).isNotBlank();
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");

        var reset = api.post("/users/hdrs1/password", admin, null);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(reset.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void everyAnswerSaysNosniffEvenJettysOwnErrors() throws Exception {
        assertThat(api.get("/health", null).header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(api.get("/no-such-thing", null).header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(api.post("/auth/login", null, "{").header("X-Content-Type-Options")).isEqualTo("nosniff");
        // A request Jetty refuses before Javalin sees it (an illegal URI).
        String raw = rawRequest("GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw.toLowerCase()).contains("x-content-type-options: nosniff");
    }

    @Test
    void aWrongMethodOnAnExistingPathIs405WithAllow() {
        var r = api.delete("/health", null);
        ApiTestBase.problem(r, 405);
        assertThat(r.header("Allow")).contains("GET");
        assertThat(r.json().get("detail").asText()).contains("DELETE").contains("GET");

        var login = api.get("/auth/login", null);
        ApiTestBase.problem(login, 405);
        assertThat(login.header("Allow")).contains("POST");

        // A path that does not exist stays 404.
        ApiTestBase.problem(api.delete("/no-such-thing", null), 404);
    }

    private static String rawRequest(String request) throws Exception {
        int port = server.running.port();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
