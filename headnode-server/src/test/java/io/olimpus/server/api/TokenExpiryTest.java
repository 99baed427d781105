package io.olimpus.server.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A token stops working when it expires, even while its caller is cached. */
class TokenExpiryTest {
    @Test
    void anExpiredTokenIsRefused() throws Exception {
        try (TestServer s = TestServer.start(Store.H2, c -> c.withTokenTtl(Duration.ofMillis(1500)))) {
            String token = s.client.login("admin", TestServer.ADMIN_PASSWORD);
            assertThat(s.client.get("/auth/me", token).status()).isEqualTo(200);
            Thread.sleep(1700);
            var r = s.client.get("/auth/me", token);
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
        }
    }
}
