package io.olimpus.server.api;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a test class once per store. Subclasses carry
 * {@code @ParameterizedClass @EnumSource(Store.class)}; the server is shared by the tests of one run.
 */
abstract class ApiTestBase {
    static TestServer server;
    static ApiClient api;
    static Fixtures fx;

    @Parameter
    Store store;

    @BeforeParameterizedClassInvocation
    static void startServer(Store store) throws Exception {
        server = TestServer.start(store);
        api = server.client;
        fx = new Fixtures(api);
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        if (server != null) server.close();
        server = null;
    }

    /** Asserts an RFC 9457 problem with this status, and returns it. */
    static ApiClient.Res problem(ApiClient.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("type").asText()).startsWith("https://");
        assertThat(r.json().get("detail").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }
}
