package io.olimpus.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A course file names the zone "Golden Zone" and the image "cirros-0.6.2-x86_64-disk.img", which
 * no catalog name can be. Once an admin gives the entries those aliases, the file is stored as
 * written, read as the entries, with a warning saying so; aliases are checked like any input.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class AliasApiTest extends ApiTestBase {

    /** A ring as the course file names things. */
    static ObjectNode courseRing(String name, String zone, String flavor, String image) {
        return Fixtures.ring(name, zone, 3, flavor, image);
    }

    @Test
    void aDesignNamingAliasesIsStoredWithTheEntriesNamesOnceAnAdminSetThem() {
        String zone = fx.zone(), image = fx.image(), flavor = fx.flavor(1, 512, 5);
        var ana = fx.user("ana");
        String fileImage = "cirros-0.6.2-x86_64-disk-" + zone + ".img";   // unique per run: aliases are global
        String fileZone = "Golden Zone " + zone;

        var before = problem(api.post("/slices", ana.token(), courseRing(Fixtures.unique("lab"), fileZone, flavor, fileImage)), 422);
        assertThat(before.body()).contains("UNKNOWN_ZONE").contains("UNKNOWN_IMAGE");

        var z = api.put("/zones/" + zone + "/aliases", fx.admin, Map.of("aliases", List.of(fileZone, "Zona Dorada " + zone, fileZone.toUpperCase())));
        assertThat(z.status()).as(z.toString()).isEqualTo(200);
        assertThat(z.json().get("aliases")).as("the same alias in another case is kept once").hasSize(2);
        assertThat(api.put("/images/" + image + "/aliases", fx.admin, Map.of("aliases", List.of(fileImage))).status()).isEqualTo(200);

        var r = api.post("/slices", ana.token(), courseRing(Fixtures.unique("lab"), "  " + fileZone.toLowerCase() + " ", flavor, fileImage));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("warnings").toString()).contains("CATALOG_ALIAS").contains("'" + zone + "'").contains("'" + image + "'");
        long id = r.json().get("slice").get("id").asLong();
        var detail = api.get("/slices/" + id, ana.token()).json();
        assertThat(detail.toString()).contains("\"zone\":\"" + zone + "\"").contains("\"image\":\"" + image + "\"")
                .doesNotContain(fileImage);

        // Students read them (the designer maps files with them), per entry and all at once.
        assertThat(api.get("/zones/" + zone + "/aliases", ana.token()).json().get("aliases").toString()).contains(fileZone);
        assertThat(api.get("/aliases", ana.token()).json().get("items").toString())
                .contains("{\"kind\":\"image\",\"alias\":\"" + fileImage + "\",\"name\":\"" + image + "\"}");

        // [] removes them: the file is refused again.
        assertThat(api.put("/images/" + image + "/aliases", fx.admin, Map.of("aliases", List.of())).status()).isEqualTo(200);
        problem(api.post("/slices", ana.token(), courseRing(Fixtures.unique("lab"), fileZone, flavor, fileImage)), 422);
    }

    @Test
    void badAliasesAreRefusedNamingTheAliasAndNothingIsHalfStored() {
        String zone = fx.zone(), other = fx.zone();
        String taken = "Aula " + zone;
        assertThat(api.put("/zones/" + zone + "/aliases", fx.admin, Map.of("aliases", List.of(taken))).status()).isEqualTo(200);

        var conflict = problem(api.put("/zones/" + other + "/aliases", fx.admin, Map.of("aliases", List.of("Free " + other, " " + taken.toLowerCase()))), 409);
        assertThat(conflict.json().get("detail").asText()).contains("already an alias of zone '" + zone + "'");
        assertThat(conflict.json().get("field").asText()).isEqualTo("aliases[1]");
        assertThat(api.get("/zones/" + other + "/aliases", fx.admin).json().get("aliases")).as("all or nothing").isEmpty();

        var valid = problem(api.put("/zones/" + other + "/aliases", fx.admin, Map.of("aliases", List.of("lab-zone"))), 400);
        assertThat(valid.json().get("field").asText()).isEqualTo("aliases[0]");
        assertThat(valid.json().get("detail").asText()).contains("valid name itself");
        problem(api.put("/zones/" + other + "/aliases", fx.admin, Map.of("aliases", List.of("   "))), 400);
        problem(api.put("/zones/" + other + "/aliases", fx.admin, Map.of("aliases", List.of("x".repeat(101) + " Y"))), 400);
        problem(api.put("/zones/" + other + "/aliases", fx.admin, Map.of("aliases", List.of("Tab\there"))), 400);
        problem(api.put("/zones/" + other + "/aliases", fx.admin, Map.of()), 400);
        problem(api.put("/images/" + Fixtures.unique("nope") + "/aliases", fx.admin, Map.of("aliases", List.of("Some Image"))), 404);
        var student = fx.user("bo");
        problem(api.put("/zones/" + other + "/aliases", student.token(), Map.of("aliases", List.of("Mine"))), 403);
    }
}
