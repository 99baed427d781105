package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.server.slices.SliceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class SliceApiTest extends ApiTestBase {

    @Test
    void aSevenVmRingIsStoredWithItsDesignAndNormalizedRows() {
        var u = fx.user("ringo");
        String zone = fx.zone(), flavor = fx.flavor(2, 1024, 10), image = fx.image();
        ObjectNode doc = Fixtures.ring("ring7", zone, 7, flavor, image);
        var r = api.post("/slices", u.token(), doc);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode s = r.json().get("slice");
        assertThat(s.get("status").asText()).isEqualTo("DRAFT");
        assertThat(s.get("vmCount").asInt()).isEqualTo(7);
        assertThat(s.get("vcpus").asInt()).isEqualTo(14);
        assertThat(s.get("ramMb").asInt()).isEqualTo(7168);
        assertThat(s.get("owner").asText()).isEqualTo(u.username());
        assertThat(r.json().get("warnings")).isEmpty();
        long id = s.get("id").asLong();
        assertThat(r.header("Location")).endsWith("/slices/" + id);

        var read = api.get("/slices/" + id, u.token());
        assertThat(read.status()).isEqualTo(200);
        ((ObjectNode) doc.get("presentation")).putArray("notes");  // the stored file is the normalized one
        assertThat(read.json().get("design")).isEqualTo(doc);

        var stores = server.running.stores().slices();
        assertThat(stores.vms(id)).hasSize(7).allSatisfy(vm -> {
            assertThat(vm.flavor()).isEqualTo(flavor);
            assertThat(vm.vcpus()).isEqualTo(2);
            assertThat(vm.diskGb()).isEqualTo(10);
        });
        assertThat(stores.links(id)).hasSize(7).anySatisfy(l -> {
            assertThat(l.linkId()).isEqualTo("l7");
            assertThat(l.aNodeId()).isEqualTo("n7");
            assertThat(l.bNodeId()).isEqualTo("n1");
        });
        assertThat(stores.get(id).orElseThrow().zone()).isEqualTo(zone);
    }

    @Test
    void idsThatDifferOnlyByCaseAccentOrTrailingSpaceAreDistinctOnEveryStore() {
        var u = fx.user("idcase");
        String zone = fx.zone(), flavor = fx.flavor(1, 256, 1), image = fx.image();
        ObjectNode doc = Fixtures.ring("idcase", zone, 4, flavor, image);
        String[] ids = {"a", "A", "\u00e1", "a "};
        var nodes = doc.get("topology").get("nodes");
        var links = doc.get("topology").get("links");
        for (int i = 0; i < 4; i++) {
            ((ObjectNode) nodes.get(i)).put("id", ids[i]);
            ((ObjectNode) links.get(i)).put("id", ids[i]).put("a", ids[i]).put("b", ids[(i + 1) % 4]);
        }
        ((ObjectNode) doc.get("presentation")).putObject("nodes");
        var r = api.post("/slices", u.token(), doc);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long id = r.json().get("slice").get("id").asLong();
        var stores = server.running.stores().slices();
        assertThat(stores.vms(id)).extracting(v -> v.nodeId()).containsExactlyInAnyOrder(ids);
        assertThat(stores.links(id)).extracting(l -> l.linkId()).containsExactlyInAnyOrder(ids);
        // A real conflict still names the real field.
        var again = problem(api.post("/slices", u.token(), Fixtures.ring("idcase", zone, 3, flavor, image)), 409);
        assertThat(again.json().get("field").asText()).isEqualTo("topology.name");
    }

    @Test
    void aLinksPropertiesAreStoredAndReadBackAndOutOfRangeOnesAreRefusedNamingTheLink() {
        var u = fx.user("shaper");
        String zone = fx.zone(), flavor = fx.flavor(1, 256, 1), image = fx.image();
        ObjectNode doc = Fixtures.ring("shaped", zone, 3, flavor, image);
        ((ObjectNode) doc.get("topology").get("links").get(0)).putObject("impairment").put("delayMs", 50.0).put("lossPercent", 2.5).put("rateMbit", 0.2);
        var r = api.post("/slices", u.token(), doc);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode link = api.get("/slices/" + r.json().get("slice").get("id").asLong(), u.token()).json().get("design").get("topology").get("links").get(0);
        assertThat(link.get("impairment").toString()).isEqualTo("{\"delayMs\":50.0,\"lossPercent\":2.5,\"rateMbit\":0.2}");

        ((ObjectNode) doc.get("topology").get("links").get(1)).putObject("impairment").put("lossPercent", 120.0);
        doc.with("topology").put("name", "shaped2");
        var bad = problem(api.post("/slices", u.token(), doc), 422);
        JsonNode p = find(bad.json().get("problems"), "INVALID_LINK_PROPERTY");
        assertThat(p.get("message").asText()).isEqualTo("link l2: loss 120 % is over 100 %");
        assertThat(p.get("linkIds").toString()).isEqualTo("[\"l2\"]");
    }

    @Test
    void everyProblemIsReturnedAtOncePointingAtNodesAndLinks() {
        var u = fx.user("probs", Map.of("maxVms", 2));
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        ObjectNode doc = Fixtures.ring("bad", "no-such-zone", 3, flavor, image);
        ArrayNode nodes = (ArrayNode) doc.get("topology").get("nodes");
        ((ObjectNode) nodes.get(0)).put("flavor", "huge");
        ((ObjectNode) nodes.get(1)).put("image", "windows");
        ((ObjectNode) nodes.get(2)).put("name", "vm1");
        ((ObjectNode) doc.get("topology").get("links").get(2)).put("b", "n9");
        var r = problem(api.post("/slices", u.token(), doc), 422);
        List<String> codes = new ArrayList<>();
        r.json().get("problems").forEach(p -> codes.add(p.get("code").asText()));
        assertThat(codes).contains("UNKNOWN_ZONE", "UNKNOWN_FLAVOR", "UNKNOWN_IMAGE", "DUPLICATE_NAME", "DANGLING_LINK");
        // The quota is no reason to refuse a draft: it is enforced when the slice deploys.
        assertThat(codes).doesNotContain("QUOTA_EXCEEDED");
        JsonNode unknownFlavor = find(r.json().get("problems"), "UNKNOWN_FLAVOR");
        assertThat(unknownFlavor.get("nodeIds").toString()).isEqualTo("[\"n1\"]");
        assertThat(find(r.json().get("problems"), "UNKNOWN_IMAGE").get("nodeIds").toString()).isEqualTo("[\"n2\"]");
        assertThat(find(r.json().get("problems"), "DANGLING_LINK").get("linkIds").toString()).contains("l3");
        assertThat(r.json().get("field").asText()).isEqualTo("topology");
        assertThat(api.get("/slices", u.token()).json().get("total").asInt()).isZero();
    }

    static JsonNode find(JsonNode problems, String code) {
        for (JsonNode p : problems) if (p.get("code").asText().equals(code)) return p;
        throw new AssertionError("no " + code + " in " + problems);
    }

    @Test
    void aFileErrorNamesThePathOfTheBadField() {
        var u = fx.user("filer");
        ObjectNode doc = Fixtures.ring("f", null, 3, "x", "y");
        ((ObjectNode) doc.get("topology").get("nodes").get(1)).put("kind", "router");
        var r = problem(api.post("/slices", u.token(), doc), 400);
        assertThat(r.json().get("field").asText()).isEqualTo("topology.nodes[1].kind");
        doc = Fixtures.ring("f", null, 3, "x", "y");
        doc.put("format", "olimpus-topology/9");
        assertThat(problem(api.post("/slices", u.token(), doc), 400).json().get("field").asText()).isEqualTo("format");
        doc = Fixtures.ring("f", null, 3, "x", "y");
        ((ObjectNode) doc.get("topology").get("nodes").get(0)).put("colour", "red");
        assertThat(problem(api.post("/slices", u.token(), doc), 400).json().get("field").asText()).startsWith("topology.nodes[0]");
    }

    @Test
    void aRawRequirementIsMappedToTheSmallestCoveringFlavor() {
        var u = fx.user("req", Map.of("maxVcpus", 1000, "maxRamMb", 1_000_000));
        String small = fx.flavor(1, 64, 1);
        String big = fx.flavor(64, 65536, 500);
        String mid = fx.flavor(40, 2048, 2);
        ObjectNode doc = Fixtures.ring(Fixtures.unique("rq"), null, 3, small, fx.image());
        ObjectNode n1 = (ObjectNode) doc.get("topology").get("nodes").get(0);
        n1.remove("flavor");
        n1.putObject("requirement").put("vcpus", 32).put("ramMb", 1024).put("diskGb", 1);
        var r = api.post("/slices", u.token(), doc);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        var vm = server.running.stores().slices().vms(r.json().get("slice").get("id").asLong()).get(0);
        assertThat(vm.flavor()).isEqualTo(mid).isNotEqualTo(big);
        assertThat(vm.vcpus()).isEqualTo(40);
    }

    @Test
    void aDraftOverTheQuotaIsSavedWithAWarningThatSaysWhatToDo() {
        var u = fx.user("draftq", Map.of("maxVms", 2));
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        var r = api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("dq"), null, 3, flavor, image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode w = find(r.json().get("warnings"), "QUOTA_EXCEEDED");
        assertThat(w.get("severity").asText()).isEqualTo("warning");
        assertThat(w.get("message").asText()).startsWith("the design has 3 VMs; your quota allows 2")
                .contains("draft is saved").contains("ask your teacher to raise your quota");
        assertThat(w.get("nodeIds")).hasSize(3);
    }

    @Test
    void quotaCountsTheOwnersDeployedSlices() {
        var u = fx.user("quota", Map.of("maxVms", 5));
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        var first = api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("q"), null, 3, flavor, image));
        long id = first.json().get("slice").get("id").asLong();
        // Drafts do not hold resources: a second 3-VM design is fine.
        assertThat(api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("q"), null, 3, flavor, image)).status()).isEqualTo(201);
        // Once the engine runs the first, only 2 VMs are left.
        assertThat(server.running.stores().slices().compareAndSetStatus(id, SliceStatus.DRAFT, SliceStatus.RUNNING, System.currentTimeMillis())).isTrue();
        var r = api.post("/slices", u.token(), Fixtures.ring(Fixtures.unique("q"), null, 3, flavor, image));
        assertThat(r.status()).as("a draft over the quota is still saved").isEqualTo(201);
        assertThat(r.json().get("warnings").toString()).contains("QUOTA_EXCEEDED").contains("already hold 3 VMs");
        // A running slice cannot be deleted.
        problem(api.delete("/slices/" + id, u.token()), 409);
    }

    @Test
    void updateReplacesTheDesignAndBumpsTheVersion() {
        var u = fx.user("upd");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        var created = api.post("/slices", u.token(), Fixtures.ring("up", null, 3, flavor, image));
        long id = created.json().get("slice").get("id").asLong();
        var r = api.put("/slices/" + id, u.token(), Fixtures.ring("up2", null, 5, flavor, image), "\"1\"");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("slice").get("version").asInt()).isEqualTo(2);
        assertThat(r.json().get("slice").get("name").asText()).isEqualTo("up2");
        assertThat(server.running.stores().slices().vms(id)).hasSize(5);
        assertThat(server.running.stores().slices().links(id)).hasSize(5);
        api.post("/slices", u.token(), Fixtures.ring("other", null, 3, flavor, image));
        problem(api.put("/slices/" + id, u.token(), Fixtures.ring("other", null, 3, flavor, image), "\"2\""), 409);
        problem(api.post("/slices", u.token(), Fixtures.ring("up2", null, 3, flavor, image)), 409);
    }

    @Test
    void listShowsOwnSlicesFiltersAndPages() {
        var a = fx.user("lister");
        var b = fx.user("lister");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        for (int i = 0; i < 5; i++) api.post("/slices", a.token(), Fixtures.ring("lab" + i, null, 3, flavor, image));
        api.post("/slices", b.token(), Fixtures.ring("lab0", null, 3, flavor, image));
        var page = api.get("/slices?limit=2&offset=1", a.token());
        assertThat(page.json().get("total").asInt()).isEqualTo(5);
        assertThat(page.json().get("items")).hasSize(2);
        assertThat(page.json().get("items").get(0).get("name").asText()).isEqualTo("lab1");
        assertThat(api.get("/slices?q=lab4", a.token()).json().get("total").asInt()).isEqualTo(1);
        assertThat(api.get("/slices?status=RUNNING", a.token()).json().get("total").asInt()).isZero();
        problem(api.get("/slices?status=running", a.token()), 400);
        problem(api.get("/slices?limit=0", a.token()), 400);
        problem(api.get("/slices?owner=" + b.username(), a.token()), 403);
        assertThat(api.get("/slices?owner=" + b.username(), fx.admin).json().get("total").asInt()).isEqualTo(1);
        assertThat(api.get("/slices?limit=1000", fx.admin).json().get("total").asInt()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void nobodyButTheOwnerAndAdminsSeesOrTouchesASlice() {
        var owner = fx.user("own");
        var other = fx.user("own");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        long id = fx.slice(owner.token(), null, flavor, image);
        problem(api.get("/slices/" + id, other.token()), 404);
        problem(api.put("/slices/" + id, other.token(), Fixtures.ring("steal", null, 3, flavor, image), "\"1\""), 404);
        problem(api.delete("/slices/" + id, other.token()), 404);
        assertThat(api.get("/slices/" + id, owner.token()).status()).isEqualTo(200);
        assertThat(api.get("/slices/" + id, fx.admin).status()).isEqualTo(200);
        problem(api.get("/slices/999999999", owner.token()), 404);
        assertThat(problem(api.get("/slices/abc", owner.token()), 400).json().get("field").asText()).isEqualTo("id");
    }

    @Test
    void anAdminMayStoreASliceForAUser() {
        var u = fx.user("forme");
        var other = fx.user("notme");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        var r = api.post("/slices?owner=" + u.username(), fx.admin, Fixtures.ring("given", null, 3, flavor, image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("slice").get("owner").asText()).isEqualTo(u.username());
        problem(api.post("/slices?owner=" + u.username(), other.token(), Fixtures.ring("given2", null, 3, flavor, image)), 403);
    }

    @Test
    void warningsAreReturnedButDoNotBlock() {
        var u = fx.user("warn");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        ObjectNode doc = Fixtures.ring("warned", null, 3, flavor, image);
        ((ArrayNode) doc.get("topology").get("nodes")).addObject().put("id", "n4").put("name", "lonely").put("kind", "vm")
                .put("flavor", flavor).put("image", image);
        var r = api.post("/slices", u.token(), doc);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("warnings").toString()).contains("ISOLATED_VM").contains("n4");
    }

    @Test
    void aListShowsEveryChangeAtOnceDespiteTheListCache() {
        var u = fx.user("fresh");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        assertThat(api.get("/slices", u.token()).json().get("total").asInt()).isZero();
        long id = fx.slice(u.token(), null, flavor, image);
        var after = api.get("/slices", u.token());
        assertThat(after.json().get("total").asInt()).isEqualTo(1);
        assertThat(after.json().get("items").get(0).get("status").asText()).isEqualTo("DRAFT");
        // The engine moves the status through the store: the very next list shows it.
        server.running.stores().slices().compareAndSetStatus(id, SliceStatus.DRAFT, SliceStatus.FAILED, System.currentTimeMillis());
        assertThat(api.get("/slices", u.token()).json().get("items").get(0).get("status").asText()).isEqualTo("FAILED");
        assertThat(api.delete("/slices/" + id, u.token()).status()).isEqualTo(204);
        assertThat(api.get("/slices", u.token()).json().get("total").asInt()).isZero();
    }

    @Test
    void whileTheEngineWorksTheDesignIsFrozenAndDeletingTakesTheNormalizedRowsToo() {
        var u = fx.user("busy");
        String flavor = fx.flavor(1, 256, 1), image = fx.image();
        long id = fx.slice(u.token(), null, flavor, image);
        var store = server.running.stores().slices();
        assertThat(store.compareAndSetStatus(id, SliceStatus.DRAFT, SliceStatus.DEPLOYING, System.currentTimeMillis())).isTrue();
        assertThat(problem(api.put("/slices/" + id, u.token(), Fixtures.ring("changed", null, 3, flavor, image), "\"1\""), 409).json().get("field").asText())
                .isEqualTo("status");
        problem(api.delete("/slices/" + id, u.token()), 409);
        assertThat(store.compareAndSetStatus(id, SliceStatus.DRAFT, SliceStatus.RUNNING, System.currentTimeMillis())).isFalse();
        assertThat(store.compareAndSetStatus(id, SliceStatus.DEPLOYING, SliceStatus.FAILED, System.currentTimeMillis())).isTrue();
        assertThat(store.vms(id)).hasSize(3);
        assertThat(api.delete("/slices/" + id, u.token()).status()).isEqualTo(204);
        assertThat(store.vms(id)).isEmpty();
        assertThat(store.links(id)).isEmpty();
        problem(api.get("/slices/" + id, u.token()), 404);
    }
}
