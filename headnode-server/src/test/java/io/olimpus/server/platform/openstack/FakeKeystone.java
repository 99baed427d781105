package io.olimpus.server.platform.openstack;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Keystone's answers for tests without a cloud: token bodies whose catalog points at a scripted cloud. */
final class FakeKeystone {
    static final String FAR_FUTURE = "2099-01-01T00:00:00.000000Z";

    private FakeKeystone() {}

    /** A scripted cloud on loopback, answering every request with {@code answer}. */
    static MockWebServer cloud(Function<RecordedRequest, MockResponse> answer) throws IOException {
        MockWebServer cloud = new MockWebServer();
        cloud.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) { return answer.apply(r); }
        });
        cloud.start();
        return cloud;
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    /**
     * The body of POST /v3/auth/tokens: user u-svc in domain Default, scoped to the project, with
     * identity, compute, network and image all served at {@code base} in RegionOne.
     */
    static String tokenJson(String base, String projectId, String projectName, String expiresAt) {
        List<String> services = new ArrayList<>();
        for (String[] s : new String[][]{{"identity", "/v3"}, {"compute", "/v2.1"}, {"network", ""}, {"image", ""}})
            services.add("{\"type\":\"" + s[0] + "\",\"id\":\"" + s[0] + "\",\"name\":\"" + s[0] + "\",\"endpoints\":[{\"id\":\"e" + s[0]
                    + "\",\"interface\":\"public\",\"region\":\"RegionOne\",\"region_id\":\"RegionOne\",\"url\":\"" + base + s[1] + "\"}]}");
        return "{\"token\":{\"methods\":[\"password\"],\"expires_at\":\"" + expiresAt + "\",\"issued_at\":\"2026-01-01T00:00:00.000000Z\","
                + "\"user\":{\"id\":\"u-svc\",\"name\":\"olimpus\",\"domain\":{\"id\":\"default\",\"name\":\"Default\"}},"
                + "\"project\":{\"id\":\"" + projectId + "\",\"name\":\"" + projectName + "\",\"domain\":{\"id\":\"default\",\"name\":\"Default\"}},"
                + "\"roles\":[{\"id\":\"r-admin\",\"name\":\"admin\"}],\"catalog\":[" + String.join(",", services) + "]}}";
    }

    /** A token as openstack4j reads it from Keystone, expiring at {@code expires}. */
    static Token token(String base, String projectId, String tokenId, Instant expires) {
        try {
            KeystoneToken t = ObjectMapperSingleton.getContext(KeystoneToken.class)
                    .readValue(tokenJson(base, projectId, projectId, expires.truncatedTo(ChronoUnit.SECONDS).toString()), KeystoneToken.class);
            t.setId(tokenId);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
