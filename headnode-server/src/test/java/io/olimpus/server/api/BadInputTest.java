package io.olimpus.server.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a careless or hostile client sends: every answer is a 4xx problem naming the field, never a 500 or a stack trace. */
@ParameterizedClass(name = "{0}")
@EnumSource(Store.class)
class BadInputTest extends ApiTestBase {
    static final List<String> SHELL_NAMES = List.of("a;rm -rf /", "$(reboot)", "`id`", "vm1 && halt", "x|nc", "../../etc", "Vm1", "a b",
            "name\nnext", "ünïcode", "a".repeat(32), "-lead", "1abc", "", "a'b", "a\"b", "a>b", "a*");

    @Test
    void malformedJsonIs400() {
        var r = problem(api.sendJson("POST", "/flavors", fx.admin, "{\"name\": \"x\", "), 400);
        assertThat(r.json().get("type").asText()).endsWith("invalid-json");
        problem(api.sendJson("POST", "/flavors", fx.admin, "{\"name\":\"a\"} trailing"), 400);
        problem(api.sendJson("POST", "/flavors", fx.admin, "[1,2]"), 400);
        problem(api.sendJson("POST", "/flavors", fx.admin, "null"), 400);
        problem(api.sendJson("POST", "/flavors", fx.admin, ""), 400);
        problem(api.sendJson("POST", "/flavors", fx.admin, "{\"name\":\"a\",\"name\":\"b\",\"vcpus\":1,\"ramMb\":64,\"diskGb\":1}"), 400);
        problem(api.sendJson("POST", "/slices", fx.admin, "{not json"), 400);
    }

    @Test
    void wrongTypesNameTheField() {
        for (var bad : List.<Map<String, Object>>of(Map.of("name", "ok", "vcpus", "4", "ramMb", 64, "diskGb", 1),
                Map.of("name", "ok", "vcpus", 1.5, "ramMb", 64, "diskGb", 1),
                Map.of("name", "ok", "vcpus", true, "ramMb", 64, "diskGb", 1),
                Map.of("name", "ok", "vcpus", List.of(1), "ramMb", 64, "diskGb", 1))) {
            var r = problem(api.post("/flavors", fx.admin, bad), 400);
            assertThat(r.json().get("field").asText()).as(r.toString()).isEqualTo("vcpus");
        }
        var r = problem(api.post("/flavors", fx.admin, Map.of("name", 12, "vcpus", 1, "ramMb", 64, "diskGb", 1)), 400);
        assertThat(r.json().get("field").asText()).isEqualTo("name");
        var kvm = problem(api.post("/zones/" + fx.zone() + "/workers", fx.admin, Map.of("name", "w", "kvm", "yes")), 400);
        assertThat(kvm.json().get("field").asText()).isEqualTo("kvm");
        var nested = problem(api.post("/slices", fx.admin, Map.of("format", "olimpus-topology/1", "topology", Map.of("name", "x", "nodes", "many", "links", List.of()))), 400);
        assertThat(nested.json().get("field").asText()).isEqualTo("topology.nodes");
    }

    @Test
    void unknownFieldsAreRefused() {
        var r = problem(api.post("/flavors", fx.admin, Map.of("name", "ok", "vcpus", 1, "ramMb", 64, "diskGb", 1, "gpu", 1)), 400);
        assertThat(r.json().get("field").asText()).isEqualTo("gpu");
        assertThat(r.json().get("reason").asText()).isEqualTo("unknown field");
        var u = problem(api.post("/users", fx.admin, Map.of("username", "okname", "isAdmin", true)), 400);
        assertThat(u.json().get("field").asText()).isEqualTo("isAdmin");
        problem(api.patch("/users/admin", fx.admin, Map.of("password", "x")), 400);
    }

    @Test
    void hugeBodiesAre413() {
        byte[] big = new byte[5 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        var r = problem(api.send("POST", "/slices", fx.admin, big, "application/json"), 413);
        assertThat(r.json().get("limitBytes").asLong()).as("a design's own limit").isEqualTo(1L << 20);
        var other = problem(api.send("POST", "/flavors", fx.admin, big, "application/json"), 413);
        assertThat(other.json().get("limitBytes").asLong()).as("the server's JSON limit").isEqualTo(4L << 20);
        String longName = "{\"username\":\"" + "a".repeat(5 << 20) + "\"}";
        problem(api.sendJson("POST", "/auth/login", null, longName), 413);
        var csv = new StringBuilder("username\n");
        while (csv.length() < (5 << 20)) csv.append("student").append(csv.length()).append('\n');
        problem(api.send("POST", "/users/import", fx.admin, csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv"), 413);
    }

    @Test
    void namesWithShellMetacharactersAreRefusedEverywhere() {
        String flavor = fx.flavor(1, 128, 1), image = fx.image();
        var owner = fx.user("shell");
        for (String name : SHELL_NAMES) {
            assertField(api.post("/users", fx.admin, Map.of("username", name)), "username", name);
            assertField(api.post("/flavors", fx.admin, Map.of("name", name, "vcpus", 1, "ramMb", 64, "diskGb", 1)), "name", name);
            assertField(api.post("/zones", fx.admin, Map.of("name", name, "platform", "linux")), "name", name);
            var slice = api.post("/slices", owner.token(), Fixtures.ring(name, null, 3, flavor, image));
            assertThat(slice.status()).as(name + ": " + slice).isEqualTo(422);
            assertThat(slice.json().get("problems").toString()).contains("INVALID_TOPOLOGY_NAME");
            var ring = Fixtures.ring(Fixtures.unique("ok"), null, 3, flavor, image);
            ((com.fasterxml.jackson.databind.node.ObjectNode) ring.get("topology").get("nodes").get(0)).put("name", name);
            var vm = api.post("/slices", owner.token(), ring);
            assertThat(vm.status()).as(name + ": " + vm).isEqualTo(422);
            assertThat(vm.json().get("problems").toString()).contains("INVALID_NAME").contains("\"n1\"");
        }
        // In a URL path, an image name is checked the same way.
        var img = problem(api.send("POST", "/images/a%3Brm/files", fx.admin, Fixtures.qcow2(100), "application/octet-stream"), 400);
        assertThat(img.json().get("field").asText()).isEqualTo("name");
        assertThat(api.get("/slices", owner.token()).json().get("total").asInt()).isZero();
    }

    private static void assertField(ApiClient.Res r, String field, String name) {
        assertThat(r.status()).as(name + ": " + r).isEqualTo(400);
        assertThat(r.json().get("field").asText()).as(name).isEqualTo(field);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        problem(api.get("/nope", fx.admin), 404);
        var r = api.send("PATCH", "/health", null, null, null);
        assertThat(r.status()).isIn(404, 405);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void badQueryParametersNameTheParameter() {
        assertThat(problem(api.get("/slices?limit=abc", fx.admin), 400).json().get("field").asText()).isEqualTo("limit");
        assertThat(problem(api.get("/slices?offset=-1", fx.admin), 400).json().get("field").asText()).isEqualTo("offset");
        assertThat(problem(api.get("/slices?q=%27%3B", fx.admin), 400).json().get("field").asText()).isEqualTo("q");
        assertThat(problem(api.get("/audit?actor=a%20b", fx.admin), 400).json().get("field").asText()).isEqualTo("actor");
    }

    @Test
    void errorsJettyAnswersItselfAreProblemsToo() throws Exception {
        for (String request : List.of("GET /api/v1/slices/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")) {
            try (var s = new java.net.Socket("127.0.0.1", server.running.port())) {
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.setSoTimeout(10_000);
                String answer = new String(s.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 4").contains("Content-Type: application/problem+json").doesNotContain("<html");
                assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).startsWith("{\"type\":\"https://olimpus.io/problems/");
            }
        }
    }
}
