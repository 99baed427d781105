package io.olimpus.server.api;

import io.olimpus.server.app.Server;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What API tests that deploy without a cloud stand on: a server on one store with a scripted
 * platform, one zone of it, a flavor of 1 vCPU, 256 MB and 1 GB, and an image.
 */
public record ScriptedZone(TestServer server, ScriptedPlatform platform, Fixtures fx, String zone, String flavor, String image)
        implements AutoCloseable {

    public static ScriptedZone start(Store store, String zonePrefix) throws IOException { return start(store, zonePrefix, c -> c); }

    /** With the server's config changed first (e.g. its lab settings). */
    public static ScriptedZone start(Store store, String zonePrefix, java.util.function.UnaryOperator<io.olimpus.server.app.Config> customize) throws IOException {
        ScriptedPlatform platform = new ScriptedPlatform();
        TestServer server = TestServer.start(store, customize, new Server.Extensions(FakeKeystone.INSTANCE).withPlatform(platform));
        Fixtures fx = new Fixtures(server.client);
        String zone = Fixtures.unique(zonePrefix);
        var z = server.client.post("/zones", fx.admin, Map.of("name", zone, "platform", "scripted"));
        assertThat(z.status()).as(z.toString()).isEqualTo(201);
        return new ScriptedZone(server, platform, fx, zone, fx.flavor(1, 256, 1), fx.image());
    }

    public ApiClient api() { return server.client; }

    @Override
    public void close() throws IOException { server.close(); }
}
