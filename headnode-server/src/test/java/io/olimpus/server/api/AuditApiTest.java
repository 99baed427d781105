package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class AuditApiTest extends ApiTestBase {

    @Test
    void whoDidWhatNewestFirstFilteredByActorAndAction() {
        var u = fx.user("audited");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        long id = fx.slice(u.token(), null, flavor, image);
        assertThat(api.delete("/slices/" + id, u.token()).status()).isEqualTo(204);

        var mine = api.get("/audit?actor=" + u.username(), fx.admin);
        assertThat(mine.status()).isEqualTo(200);
        JsonNode items = mine.json().get("items");
        assertThat(items.get(0).get("action").asText()).isEqualTo("slice.delete");
        assertThat(items.get(1).get("action").asText()).isEqualTo("slice.create");
        assertThat(items.get(0).get("target").asText()).startsWith(u.username() + "/");
        assertThat(items.get(0).get("at").asLong()).isGreaterThanOrEqualTo(items.get(1).get("at").asLong());
        items.forEach(e -> assertThat(e.get("actor").asText()).isEqualTo(u.username()));

        var flavors = api.get("/audit?action=flavor.create&limit=1000", fx.admin);
        assertThat(flavors.body()).contains("\"target\":\"" + flavor + "\"").contains("\"actor\":\"admin\"");
        assertThat(api.get("/audit?limit=1", fx.admin).json().get("items")).hasSize(1);
        problem(api.get("/audit", u.token()), 403);
        assertThat(api.post("/flavors", fx.admin, Map.of("name", flavor, "vcpus", 1, "ramMb", 256, "diskGb", 1)).status()).isEqualTo(409);
    }
}
