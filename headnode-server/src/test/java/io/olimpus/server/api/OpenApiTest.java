package io.olimpus.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.http.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document describes exactly the registered routes, with who may call each, and
 * the bodies they read and write: every wire record is a schema of its name with the same fields,
 * types and required fields, and every route's documented bodies are the wire types it uses.
 */
class OpenApiTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception { server = TestServer.start(Store.H2); }

    @AfterAll
    static void stop() throws Exception { server.close(); }

    @Test
    void everyRegisteredRouteIsDescribedAndNothingElse() {
        var r = server.client.get("/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<Route> routes = server.running.routes();
        assertThat(routes).hasSizeGreaterThan(30);

        var registered = new TreeSet<String>();
        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            registered.add(route.method() + " " + route.path());
            JsonNode op = doc.path("paths").path(route.openApiPath()).path(route.method().toLowerCase(Locale.ROOT));
            if (op.isMissingNode()) { wrong.add("undocumented: " + route.method() + " " + route.path()); continue; }
            if (!op.path("x-olimpus-access").asText().equals(route.access().name().toLowerCase(Locale.ROOT)))
                wrong.add(route.method() + " " + route.path() + " is documented as " + op.path("x-olimpus-access").asText() + " but is " + route.access());
            if (op.path("summary").asText().isBlank()) wrong.add(route.method() + " " + route.path() + " has no summary");
            boolean secured = op.path("security").size() > 0;
            if (secured != (route.access() != io.olimpus.server.http.Access.PUBLIC))
                wrong.add(route.method() + " " + route.path() + ": security does not match access " + route.access());
            if (route.path().contains("{") && !op.has("parameters")) wrong.add(route.method() + " " + route.path() + " documents no path parameter");
        }
        var documented = new TreeSet<String>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertThat(wrong).isEmpty();
        assertThat(documented).isEqualTo(registered);
    }

    @Test
    void everySchemaReferenceResolves() {
        JsonNode doc = server.client.get("/openapi.json", null).json();
        List<String> missing = new ArrayList<>();
        walk(doc, doc, missing);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyWireRecordIsASchemaWithTheSameFields() {
        JsonNode doc = server.client.get("/openapi.json", null).json();
        List<String> wrong = new ArrayList<>();
        WireSchemas schemas = new WireSchemas(doc, wrong);
        schemas.checkAll();
        assertThat(wrong).isEmpty();
    }

    @Test
    void aDocumentThatDriftedFromTheRecordsIsCaught() {
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) server.client.get("/openapi.json", null).json();
        var schemas = (com.fasterxml.jackson.databind.node.ObjectNode) doc.path("components").path("schemas");
        ((com.fasterxml.jackson.databind.node.ObjectNode) schemas.path("Worker").path("properties")).remove("sshPort");
        ((com.fasterxml.jackson.databind.node.ObjectNode) schemas.path("User").path("properties")).putObject("role").putArray("enum").add("root");
        ((com.fasterxml.jackson.databind.node.ObjectNode) schemas.path("DeployEvent.Finished").path("properties").path("type")).put("const", "Done");
        List<String> wrong = new ArrayList<>();
        new WireSchemas(doc, wrong).checkAll();
        assertThat(wrong).anyMatch(w -> w.startsWith("Worker: properties")).anyMatch(w -> w.startsWith("User.role"))
                .anyMatch(w -> w.startsWith("DeployEvent.Finished.type"));
    }

    @Test
    void everyRouteDocumentsTheWireTypesItReadsAndWrites() {
        JsonNode doc = server.client.get("/openapi.json", null).json();
        var bodies = WireSchemas.Bodies.ofRoutes();
        var registered = new TreeSet<String>();
        for (Route r : server.running.routes()) registered.add(r.method() + " " + r.openApiPath());
        assertThat(new TreeSet<>(bodies.keySet())).as("every route has its bodies listed, and no other").isEqualTo(registered);
        List<String> wrong = new ArrayList<>();
        WireSchemas schemas = new WireSchemas(doc, wrong);
        bodies.forEach((route, b) -> schemas.checkRoute(route, b));
        assertThat(wrong).isEmpty();
    }

    private static void walk(JsonNode root, JsonNode n, List<String> missing) {
        if (n.isObject()) {
            if (n.has("$ref")) {
                String ref = n.get("$ref").asText();
                JsonNode target = root.at(ref.substring(1));
                if (target.isMissingNode()) missing.add(ref);
            }
            n.elements().forEachRemaining(c -> walk(root, c, missing));
        } else if (n.isArray()) n.elements().forEachRemaining(c -> walk(root, c, missing));
    }
}
