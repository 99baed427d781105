package io.olimpus.server.platform.openstack;

import io.olimpus.model.topology.Resources;
import io.olimpus.server.engine.driver.DriverException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.olimpus.server.platform.openstack.FakeKeystone.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flavors and images made present in a scripted Nova and Glance (MockWebServer): what is created, what is remembered. */
class CatalogSyncTest {
    MockWebServer cloud;
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Nova's flavors (name to JSON) and Glance's images (id to JSON), as the tests set them up or the sync creates them. */
    final Map<String, String> flavors = new ConcurrentHashMap<>(), images = new ConcurrentHashMap<>();
    volatile byte[] uploaded;
    volatile String uploadToken;
    volatile int uploadStatus = 204;
    ApiCalls calls;
    CatalogSync sync;

    @BeforeEach
    void start() throws IOException {
        cloud = FakeKeystone.cloud(r -> {
            String path = r.getPath(), method = r.getMethod();
            requests.add(method + " " + path);
            if (path.startsWith("/v3/auth/tokens"))
                return json(201, FakeKeystone.tokenJson(base(), "p-svc", "olimpus", FakeKeystone.FAR_FUTURE)).addHeader("X-Subject-Token", "tok");
            if (method.equals("GET") && path.startsWith("/v2.1/flavors/detail"))
                return json(200, "{\"flavors\":[" + String.join(",", flavors.values()) + "]}");
            if (method.equals("POST") && path.equals("/v2.1/flavors")) {
                String f = r.getBody().readUtf8().replaceAll("\\s", "");
                String name = f.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
                String made = f.replaceAll("^\\{\"flavor\":\\{", "{\"id\":\"f-" + name + "\",").replaceAll("}}$", "}");
                flavors.put(name, made);
                return json(200, "{\"flavor\":" + made + "}");
            }
            if (method.equals("GET") && path.startsWith("/v2/images?"))
                return json(200, "{\"images\":[" + String.join(",", images.values()) + "]}");
            if (method.equals("POST") && path.equals("/v2/images")) {
                images.put("i-1", "{\"id\":\"i-1\",\"name\":\"" + OpenStackTestBed.IMAGE + "\",\"status\":\"queued\"}");
                return json(201, images.get("i-1"));
            }
            if (method.equals("PUT") && path.equals("/v2/images/i-1/file")) {
                uploaded = r.getBody().readByteArray();
                uploadToken = r.getHeader("X-Auth-Token");
                if (uploadStatus >= 300) return json(uploadStatus, "{\"message\": \"Request Entity\n Too Large\"}");
                images.put("i-1", "{\"id\":\"i-1\",\"name\":\"" + OpenStackTestBed.IMAGE + "\",\"status\":\"active\"}");
                return new MockResponse().setResponseCode(uploadStatus);
            }
            String resource = path.replaceAll("\\?format=json$", "");
            if (method.equals("GET") && resource.equals("/v2/images/i-1")) return json(200, images.get("i-1"));
            if (method.equals("DELETE") && resource.equals("/v2/images/i-1")) {
                images.remove("i-1");
                return new MockResponse().setResponseCode(204);
            }
            return json(404, "{\"itemNotFound\":{\"message\":\"no such thing: " + path + "\",\"code\":404}}");
        });
        calls = new ApiCalls();
        OpenStackZone zone = new OpenStackZone("unit", URI.create(base() + "/v3"), "RegionOne", "Default", "olimpus", "pw", "olimpus", "nova", null);
        sync = new CatalogSync(OpenStackTestBed.catalog(), new KeystoneSession(zone, calls), calls);
    }

    @AfterEach
    void stop() throws IOException {
        sync.close();
        cloud.shutdown();
    }

    String base() { return "http://127.0.0.1:" + cloud.getPort(); }

    static String flavor(String id, String name, int vcpus, int ram, int disk) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"vcpus\":" + vcpus + ",\"ram\":" + ram + ",\"disk\":" + disk + "}";
    }

    List<String> cloudRequests() { return requests.stream().filter(r -> !r.startsWith("POST /v3/auth/tokens")).toList(); }

    @Test
    void aFlavorIsCreatedWithTheCatalogsSizeOnceAndRemembered() {
        assertThat(sync.flavorId(OpenStackTestBed.FLAVOR, Resources.ZERO)).isEqualTo("f-" + OpenStackTestBed.FLAVOR);
        assertThat(sync.flavorId(OpenStackTestBed.FLAVOR, Resources.ZERO)).isEqualTo("f-" + OpenStackTestBed.FLAVOR);
        assertThat(cloudRequests()).hasSize(2).last().isEqualTo("POST /v2.1/flavors");
        assertThat(flavors.get(OpenStackTestBed.FLAVOR)).contains("\"vcpus\":1", "\"ram\":64", "\"disk\":1");
        assertThat(calls.perService()).containsEntry("Nova", 2L);
    }

    @Test
    void aFlavorTheCatalogDoesNotKnowGetsThePlansSizeWithAtLeastOneVcpu() {
        sync.flavorId("custom", new Resources(0, 128, 2));
        assertThat(flavors.get("custom")).contains("\"vcpus\":1", "\"ram\":128", "\"disk\":2");
    }

    @Test
    void novasFlavorOfTheSameNameIsUsedWhenItsSizeMatchesAndRefusedWhenNot() {
        flavors.put(OpenStackTestBed.FLAVOR, flavor("f-9", OpenStackTestBed.FLAVOR, 1, 64, 1));
        flavors.put("other", flavor("f-8", "other", 2, 64, 1));
        assertThat(sync.flavorId(OpenStackTestBed.FLAVOR, Resources.ZERO)).isEqualTo("f-9");
        assertThatThrownBy(() -> sync.flavorId("other", new Resources(1, 64, 1))).isInstanceOf(DriverException.class)
                .hasMessage("Nova's flavor other has 2 vCPU, 64 MB RAM, 1 GB disk, but the catalog says 1 vCPU, 64 MB, 1 GB");
        assertThat(cloudRequests()).noneMatch(r -> r.startsWith("POST"));
    }

    @Test
    void anImageIsStreamedIntoGlanceFromTheCatalogOnceAndRemembered() {
        assertThat(sync.imageId(OpenStackTestBed.IMAGE)).isEqualTo("i-1");
        assertThat(uploaded).isEqualTo(OpenStackTestBed.IMAGE_BYTES);
        assertThat(uploadToken).isEqualTo("tok");
        assertThat(sync.imageId(OpenStackTestBed.IMAGE)).isEqualTo("i-1");
        assertThat(cloudRequests()).containsExactly("GET /v2/images?name=" + OpenStackTestBed.IMAGE, "POST /v2/images",
                "PUT /v2/images/i-1/file", "GET /v2/images/i-1");
        assertThat(calls.perService()).containsEntry("Glance", 4L);
    }

    @Test
    void anActiveImageInGlanceIsUsedAsItIs() {
        images.put("i-7", "{\"id\":\"i-7\",\"name\":\"" + OpenStackTestBed.IMAGE + "\",\"status\":\"active\"}");
        assertThat(sync.imageId(OpenStackTestBed.IMAGE)).isEqualTo("i-7");
        assertThat(uploaded).isNull();
    }

    @Test
    void aRefusedUploadDeletesTheUnfinishedImageAndIsTriedAgainNextTime() {
        uploadStatus = 413;
        assertThatThrownBy(() -> sync.imageId(OpenStackTestBed.IMAGE)).isInstanceOf(DriverException.class)
                .hasMessage("Glance refused the bytes of image " + OpenStackTestBed.IMAGE + " (HTTP 413): {\"message\": \"Request Entity Too Large\"}");
        assertThat(cloudRequests()).last().asString().startsWith("DELETE /v2/images/i-1");
        assertThat(images).isEmpty();

        uploadStatus = 204;
        assertThat(sync.imageId(OpenStackTestBed.IMAGE)).isEqualTo("i-1");
    }

    @Test
    void anImageTheCatalogDoesNotHaveIsNamed() {
        assertThatThrownBy(() -> sync.imageId("nope")).isInstanceOf(DriverException.class)
                .hasMessage("the catalog has no image nope: no image nope");
        assertThat(requests).isEmpty();
    }
}
