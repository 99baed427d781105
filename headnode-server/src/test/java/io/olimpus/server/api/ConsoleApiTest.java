package io.olimpus.server.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The console WebSocket refuses before the upgrade, as plain HTTP, whoever may not open it:
 * no token (401), someone else's slice (404, as if it did not exist), a slice not running (409).
 * The token comes as a header; browsers get a one-use ticket (POST .../console-ticket, same checks)
 * and pass it as {@code ?ticket=}. A session token in the URL ({@code ?token=}) is refused.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class ConsoleApiTest extends ApiTestBase {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theUpgradeIsRefusedUnlessTheCallerMayOpenTheConsole() throws Exception {
        var owner = fx.user("cnown");
        var other = fx.user("cnoth");
        String zone = fx.zone(), flavor = fx.flavor(1, 256, 1), image = fx.image();
        long slice = fx.slice(owner.token(), zone, flavor, image);
        String path = "/slices/" + slice + "/vms/n1/console";

        assertThat(upgrade(path, null, null)).isEqualTo(401);
        assertThat(upgrade(path, null, "not-a-token")).isEqualTo(401);
        assertThat(upgrade(path, "not-a-token", null)).isEqualTo(401);
        assertThat(upgrade(path, other.token(), null)).isEqualTo(404);
        assertThat(upgrade(path, null, other.token())).as("a token in the URL is refused before anything else").isEqualTo(401);
        assertThat(upgrade("/slices/" + (slice + 100000) + "/vms/n1/console", owner.token(), null)).isEqualTo(404);
        // The owner passes the access check; the slice is only stored, not running.
        assertThat(upgrade(path, owner.token(), null)).isEqualTo(409);
        assertThat(upgrade(path, null, owner.token())).isEqualTo(401);
        assertThat(upgrade(path, null, fx.admin)).isEqualTo(401);

        // The ticket route runs the same checks before it issues anything.
        problem(api.post(path + "-ticket", null, null), 401);
        problem(api.post(path + "-ticket", other.token(), null), 404);
        problem(api.post(path + "-ticket", owner.token(), null), 409);

        // A plain GET (no upgrade) runs the same checks.
        problem(api.get(path, null), 401);
        problem(api.get(path, other.token()), 404);
        problem(api.get(path, owner.token()), 409);
    }

    /** The HTTP status the server answered the WebSocket upgrade with (101 when it opened). */
    private static int upgrade(String path, String bearer, String queryToken) throws Exception {
        String url = api.base().replaceFirst("^http", "ws") + path
                + (queryToken == null ? "" : "?token=" + URLEncoder.encode(queryToken, StandardCharsets.UTF_8));
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).subprotocols("binary");
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        try {
            WebSocket ws = b.buildAsync(URI.create(url), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            fail("the upgrade failed without an HTTP answer", e);
            return -1;
        }
    }
}
