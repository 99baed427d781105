package io.olimpus.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.wire.Wire;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares openapi.json with the wire records: a record's schema has its name, its fields as
 * properties with matching types, and as required exactly the fields that are always there
 * (primitive or {@link Wire.Required}); a nested record is a $ref to its own schema. Each
 * difference is added to the list given, as a sentence naming the schema and field.
 */
final class WireSchemas {
    /** Schemas that are not wire records: the problem document, the shared model's design file, the platforms' settings. */
    static final Set<String> NOT_RECORDS = Set.of("Problem", "TopologyDocument", "ZoneSettings", "LinuxZoneSettings", "OpenStackZoneSettings");
    /** Records that are no body of their own: a stream's message (its id and data), and a passed-through JSON value. */
    static final Set<Class<?>> NOT_BODIES = Set.of(Wire.JobEvent.class, Wire.RawJson.class, Wire.Page.class);

    private static final String REF = "#/components/schemas/";
    private final JsonNode doc;
    private final List<String> wrong;

    WireSchemas(JsonNode doc, List<String> wrong) {
        this.doc = doc;
        this.wrong = wrong;
    }

    // ---- what a body is -------------------------------------------------------------------------

    /** A body's shape: a wire type, a list or page of one, free JSON (a design, settings), or none. */
    sealed interface Shape {}

    record Of(Type type) implements Shape {}

    record PageOf(Class<?> item) implements Shape {}

    record AnyJson() implements Shape {}

    record NoJson() implements Shape {}

    record Bodies(Shape request, Shape response) {
        static final Shape NONE = new NoJson();
        static final Shape ANY = new AnyJson();

        static Shape of(Class<?> c) { return new Of(c); }

        static Shape page(Class<?> c) { return new PageOf(c); }

        static Shape list(Class<?> c) {
            return new Of(new ParameterizedType() {
                public Type[] getActualTypeArguments() { return new Type[]{c}; }
                public Type getRawType() { return List.class; }
                public Type getOwnerType() { return null; }
            });
        }

        /** Every route of the API with the bodies its handler reads and writes (the routes' code is the source). */
        static Map<String, Bodies> ofRoutes() {
            Map<String, Bodies> m = new LinkedHashMap<>();
            m.put("GET /health", new Bodies(NONE, of(Wire.Health.class)));
            m.put("GET /openapi.json", new Bodies(NONE, ANY));
            m.put("POST /auth/login", new Bodies(of(Wire.LoginRequest.class), of(Wire.LoginResponse.class)));
            m.put("POST /auth/logout", new Bodies(NONE, NONE));
            m.put("GET /auth/me", new Bodies(NONE, of(Wire.User.class)));
            m.put("PATCH /auth/me", new Bodies(of(Wire.ProfilePatch.class), of(Wire.User.class)));
            m.put("POST /auth/password", new Bodies(of(Wire.PasswordChange.class), NONE));
            m.put("GET /users", new Bodies(NONE, page(Wire.User.class)));
            m.put("POST /users", new Bodies(of(Wire.NewUser.class), of(Wire.User.class)));
            m.put("POST /users/import", new Bodies(NONE, of(Wire.Imported.class)));
            m.put("GET /users/{username}", new Bodies(NONE, of(Wire.User.class)));
            m.put("PATCH /users/{username}", new Bodies(of(Wire.UserPatch.class), of(Wire.User.class)));
            m.put("DELETE /users/{username}", new Bodies(NONE, NONE));
            m.put("POST /users/{username}/password", new Bodies(of(Wire.PasswordReset.class), of(Wire.GeneratedPassword.class)));
            m.put("GET /aliases", new Bodies(NONE, page(Wire.CatalogAlias.class)));
            for (String path : java.util.List.of("/flavors/{name}/aliases", "/images/{name}/aliases", "/zones/{zone}/aliases")) {
                m.put("GET " + path, new Bodies(NONE, of(Wire.AliasList.class)));
                m.put("PUT " + path, new Bodies(of(Wire.AliasList.class), of(Wire.AliasList.class)));
            }
            m.put("GET /flavors", new Bodies(NONE, page(Wire.Flavor.class)));
            m.put("POST /flavors", new Bodies(of(Wire.NewFlavor.class), of(Wire.Flavor.class)));
            m.put("GET /flavors/{name}", new Bodies(NONE, of(Wire.Flavor.class)));
            m.put("DELETE /flavors/{name}", new Bodies(NONE, NONE));
            m.put("GET /images", new Bodies(NONE, page(Wire.Image.class)));
            m.put("GET /images/{name}", new Bodies(NONE, of(Wire.Image.class)));
            m.put("PATCH /images/{name}", new Bodies(of(Wire.ImagePatch.class), of(Wire.Image.class)));
            m.put("POST /images/{name}/files", new Bodies(NONE, of(Wire.Image.class)));
            m.put("DELETE /images/{name}", new Bodies(NONE, NONE));
            m.put("GET /zones", new Bodies(NONE, page(Wire.Zone.class)));
            m.put("POST /zones", new Bodies(of(Wire.NewZone.class), of(Wire.Zone.class)));
            m.put("GET /zones/{zone}", new Bodies(NONE, of(Wire.Zone.class)));
            m.put("DELETE /zones/{zone}", new Bodies(NONE, NONE));
            m.put("GET /zones/{zone}/settings", new Bodies(NONE, ANY));
            m.put("PUT /zones/{zone}/settings", new Bodies(ANY, ANY));
            m.put("POST /zones/{zone}/check", new Bodies(NONE, of(Wire.ZoneCheck.class)));
            m.put("GET /zones/{zone}/leftovers", new Bodies(NONE, of(Wire.Leftovers.class)));
            m.put("DELETE /zones/{zone}/leftovers", new Bodies(NONE, of(Wire.Leftovers.class)));
            m.put("GET /zones/{zone}/workers", new Bodies(NONE, page(Wire.Worker.class)));
            m.put("POST /zones/{zone}/workers", new Bodies(of(Wire.NewWorker.class), of(Wire.Worker.class)));
            m.put("GET /zones/{zone}/workers/{worker}", new Bodies(NONE, of(Wire.Worker.class)));
            m.put("DELETE /zones/{zone}/workers/{worker}", new Bodies(NONE, NONE));
            m.put("GET /zones/{zone}/placements", new Bodies(NONE, of(Wire.Placements.class)));
            m.put("GET /workers/{zone}/{worker}/samples", new Bodies(NONE, of(Wire.WorkerSamples.class)));
            m.put("GET /slices", new Bodies(NONE, page(Wire.Slice.class)));
            m.put("POST /slices", new Bodies(ANY, of(Wire.Saved.class)));
            m.put("GET /slices/{id}", new Bodies(NONE, of(Wire.SliceDetail.class)));
            m.put("PUT /slices/{id}", new Bodies(ANY, of(Wire.Saved.class)));
            m.put("GET /slices/{id}/cloud-config", new Bodies(NONE, of(Wire.CloudConfig.class)));
            m.put("PUT /slices/{id}/cloud-config", new Bodies(of(Wire.CloudConfig.class), of(Wire.CloudConfig.class)));
            m.put("DELETE /slices/{id}", new Bodies(NONE, NONE));
            m.put("GET /audit", new Bodies(NONE, page(Wire.AuditEntry.class)));
            // The settings by their config file's names ("lab.concurrency"), which no record component can carry.
            m.put("GET /settings", new Bodies(NONE, ANY));
            m.put("PUT /settings", new Bodies(ANY, ANY));
            m.put("GET /slices/{id}/plan", new Bodies(NONE, of(Wire.Preview.class)));
            m.put("POST /slices/{id}/deploy", new Bodies(NONE, of(Wire.DeployJob.class)));
            m.put("POST /slices/{id}/undeploy", new Bodies(NONE, of(Wire.DeployJob.class)));
            m.put("GET /slices/{id}/job", new Bodies(NONE, of(Wire.DeployJob.class)));
            m.put("GET /slices/{id}/vms", new Bodies(NONE, list(Wire.VmView.class)));
            m.put("POST /slices/{id}/vms/{vm}/power", new Bodies(of(Wire.PowerRequest.class), NONE));
            m.put("GET /slices/{id}/vms/{vm}/console", new Bodies(NONE, NONE));
            m.put("POST /slices/{id}/vms/{vm}/console-ticket", new Bodies(NONE, of(Wire.SocketTicket.class)));
            m.put("GET /slices/{id}/vms/{vm}/console-url", new Bodies(NONE, of(Wire.ConsoleUrl.class)));
            m.put("GET /slices/{id}/vms/{vm}/serial", new Bodies(NONE, NONE));
            m.put("POST /slices/{id}/vms/{vm}/serial-ticket", new Bodies(NONE, of(Wire.SocketTicket.class)));
            m.put("GET /slices/{id}/vms/{vm}/console-watch", new Bodies(NONE, NONE));
            m.put("POST /slices/{id}/vms/{vm}/console-watch-ticket", new Bodies(NONE, of(Wire.SocketTicket.class)));
            m.put("GET /slices/{id}/vms/{vm}/serial-watch", new Bodies(NONE, NONE));
            m.put("POST /slices/{id}/vms/{vm}/serial-watch-ticket", new Bodies(NONE, of(Wire.SocketTicket.class)));
            m.put("GET /slices/{id}/vms/{vm}/ssh", new Bodies(NONE, NONE));
            m.put("POST /slices/{id}/vms/{vm}/ssh-ticket", new Bodies(NONE, of(Wire.SocketTicket.class)));
            m.put("GET /jobs/{id}", new Bodies(NONE, of(Wire.JobView.class)));
            // A stream of Wire.DeployEvent, each message's data one event (its schema is checked with the records).
            m.put("GET /jobs/{id}/events", new Bodies(NONE, NONE));
            m.put("GET /jobs/{id}/evidence", new Bodies(NONE, of(Wire.JobEvidence.class)));
            // A pcap file, not JSON (application/vnd.tcpdump.pcap).
            m.put("GET /slices/{id}/links/{link}/capture", new Bodies(NONE, NONE));
            m.put("GET /courses", new Bodies(NONE, page(Wire.Course.class)));
            m.put("POST /courses", new Bodies(of(Wire.NewCourse.class), of(Wire.Course.class)));
            m.put("GET /courses/{id}", new Bodies(NONE, of(Wire.Course.class)));
            m.put("PATCH /courses/{id}", new Bodies(of(Wire.CoursePatch.class), of(Wire.Course.class)));
            m.put("DELETE /courses/{id}", new Bodies(NONE, NONE));
            m.put("GET /courses/{id}/students", new Bodies(NONE, page(Wire.Student.class)));
            m.put("POST /courses/{id}/students", new Bodies(of(Wire.Enrolment.class), page(Wire.Student.class)));
            m.put("DELETE /courses/{id}/students/{username}", new Bodies(NONE, NONE));
            m.put("POST /courses/{id}/students/{username}/password", new Bodies(NONE, of(Wire.HandedOut.class)));
            // A CSV roster in; a CSV sheet (text/csv) out.
            m.put("POST /courses/{id}/roster", new Bodies(NONE, of(Wire.RosterImported.class)));
            m.put("POST /courses/{id}/credentials", new Bodies(NONE, NONE));
            // Labs (issue 15): shapes documented inline in openapi.json (docs/labs.md), not wire records.
            m.put("POST /courses/{id}/labs", new Bodies(ANY, ANY));
            m.put("GET /courses/{id}/labs", new Bodies(NONE, ANY));
            m.put("GET /labs", new Bodies(NONE, ANY));
            m.put("GET /labs/{id}", new Bodies(NONE, ANY));
            m.put("DELETE /labs/{id}", new Bodies(NONE, NONE));
            m.put("POST /labs/{id}/assign", new Bodies(NONE, ANY));
            m.put("GET /labs/{id}/forecast", new Bodies(NONE, ANY));
            for (String action : java.util.List.of("open", "close", "retry")) m.put("POST /labs/{id}/" + action, new Bodies(NONE, ANY));
            m.put("POST /labs/{id}/reset", new Bodies(ANY, ANY));
            m.put("GET /labs/{id}/board", new Bodies(NONE, ANY));
            m.put("GET /labs/{id}/board/events", new Bodies(NONE, NONE));
            return m;
        }
    }

    // ---- the checks -------------------------------------------------------------------------------

    /** Every wire record is the schema of its name, every event a schema of DeployEvent's oneOf, and no other schema is left over. */
    void checkAll() {
        Set<String> expected = new TreeSet<>(NOT_RECORDS);
        for (Class<?> c : Wire.class.getDeclaredClasses()) {
            if (c.isRecord() && !NOT_BODIES.contains(c)) {
                expected.add(name(c));
                checkRecord(c, Set.of());
            }
            if (c.isEnum() && doc.path("components").path("schemas").has(name(c))) {
                expected.add(name(c));
                checkEnum(doc.path("components").path("schemas").path(name(c)), c, name(c));
            }
        }
        expected.add(name(Wire.DeployEvent.class));
        checkEvents(expected);
        Set<String> documented = new TreeSet<>();
        doc.path("components").path("schemas").fieldNames().forEachRemaining(documented::add);
        for (String d : documented) if (!expected.contains(d)) wrong.add("schema " + d + " is no wire record");
        for (String e : expected) if (!documented.contains(e)) wrong.add("wire record " + e + " has no schema");
    }

    void checkRoute(String route, Bodies b) {
        String[] mp = route.split(" ", 2);
        JsonNode op = doc.path("paths").path(mp[1]).path(mp[0].toLowerCase(java.util.Locale.ROOT));
        if (op.isMissingNode()) { wrong.add(route + " is not documented"); return; }
        checkBody(route + " request", op.path("requestBody").path("content").path("application/json").path("schema"), b.request());
        List<JsonNode> answers = new ArrayList<>();
        op.path("responses").fields().forEachRemaining(r -> {
            if (r.getKey().startsWith("2")) answers.add(r.getValue().path("content").path("application/json").path("schema"));
        });
        if (answers.isEmpty() && !(b.response() instanceof NoJson)) wrong.add(route + " documents no success answer");
        for (JsonNode a : answers) if (!(a.isMissingNode() && !(b.response() instanceof NoJson))) checkBody(route + " answer", a, b.response());
        if (!(b.response() instanceof NoJson) && answers.stream().allMatch(JsonNode::isMissingNode))
            wrong.add(route + " answer: documents no JSON body but answers " + b.response());
    }

    private void checkBody(String where, JsonNode schema, Shape shape) {
        if (shape instanceof NoJson) {
            if (!schema.isMissingNode()) wrong.add(where + ": documents a JSON body, but there is none");
        } else if (schema.isMissingNode()) {
            wrong.add(where + ": documents no JSON body, but it is " + shape);
        } else if (shape instanceof Of o) {
            checkType(where, schema, o.type());
        } else if (shape instanceof PageOf p) {
            checkPage(where, schema, p.item());
        }
    }

    private void checkPage(String where, JsonNode s, Class<?> item) {
        Set<String> props = fields(s.path("properties"));
        if (!props.contains("items") || !Set.of("items", "total", "limit", "offset").containsAll(props))
            wrong.add(where + ": a page has items and maybe total, limit, offset; documented " + props);
        if (!strings(s.path("required")).equals(Set.of("items"))) wrong.add(where + ": a page requires items only");
        for (String p : props) {
            JsonNode ps = s.path("properties").path(p);
            if (p.equals("items")) checkType(where + ".items", ps, Bodies.list(item) instanceof Of o ? o.type() : null);
            else checkType(where + "." + p, ps, Long.class);
        }
    }

    private void checkRecord(Class<?> r, Set<String> extra) {
        String n = name(r);
        JsonNode s = doc.path("components").path("schemas").path(n);
        if (s.isMissingNode()) return;  // reported by checkAll
        if (!"object".equals(s.path("type").asText())) wrong.add(n + ": not an object");
        Set<String> fields = new LinkedHashSet<>(extra);
        Set<String> required = new TreeSet<>(extra);
        for (RecordComponent c : r.getRecordComponents()) {
            fields.add(c.getName());
            if (c.getType().isPrimitive() || c.isAnnotationPresent(Wire.Required.class)) required.add(c.getName());
        }
        Set<String> props = fields(s.path("properties"));
        if (!props.equals(fields)) wrong.add(n + ": properties " + props + " but the record has " + fields);
        Set<String> req = strings(s.path("required"));
        if (!req.equals(required)) wrong.add(n + ": required " + req + " but always present are " + required);
        for (RecordComponent c : r.getRecordComponents())
            if (s.path("properties").has(c.getName())) checkType(n + "." + c.getName(), s.path("properties").path(c.getName()), c.getGenericType());
    }

    private void checkEvents(Set<String> expected) {
        JsonNode s = doc.path("components").path("schemas").path(name(Wire.DeployEvent.class));
        Set<String> refs = new TreeSet<>();
        s.path("oneOf").forEach(o -> refs.add(o.path("$ref").asText().replace(REF, "")));
        Set<String> events = new TreeSet<>();
        for (JsonSubTypes.Type t : Wire.DeployEvent.class.getAnnotation(JsonSubTypes.class).value()) {
            String n = name(t.value());
            events.add(n);
            expected.add(n);
            checkRecord(t.value(), Set.of("type"));
            JsonNode type = doc.path("components").path("schemas").path(n).path("properties").path("type");
            if (!type.path("const").asText().equals(t.name())) wrong.add(n + ".type: must be the const " + t.name() + ", is " + type);
        }
        if (!refs.equals(events)) wrong.add("DeployEvent: oneOf " + refs + " but the events are " + events);
        if (!"type".equals(s.path("discriminator").path("propertyName").asText())) wrong.add("DeployEvent: its discriminator is 'type'");
    }

    private void checkType(String where, JsonNode s, Type t) {
        if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!"array".equals(s.path("type").asText())) wrong.add(where + ": an array, documented " + s);
            else checkType(where + "[]", s.path("items"), p.getActualTypeArguments()[0]);
            return;
        }
        Class<?> c = (Class<?>) t;
        if (c == Wire.RawJson.class) {
            if (!s.has("$ref") && !"object".equals(s.path("type").asText())) wrong.add(where + ": a JSON document, documented " + s);
        } else if (c.isRecord() || c == Wire.DeployEvent.class) {
            if (!(REF + name(c)).equals(s.path("$ref").asText())) wrong.add(where + ": a $ref to " + name(c) + ", documented " + s);
        } else if (c.isEnum()) {
            if (s.has("$ref")) {
                if (!(REF + name(c)).equals(s.path("$ref").asText())) wrong.add(where + ": a $ref to " + name(c) + ", documented " + s);
            } else checkEnum(s, c, where);
        } else if (c == String.class) {
            boolean ok = "string".equals(s.path("type").asText()) || s.path("const").isTextual()
                    || (s.path("enum").isArray() && s.path("enum").size() > 0 && allText(s.path("enum")));
            if (!ok) wrong.add(where + ": a string, documented " + s);
        } else {
            String want = c == int.class || c == long.class || c == Integer.class || c == Long.class ? "integer"
                    : c == double.class || c == Double.class ? "number" : c == boolean.class || c == Boolean.class ? "boolean" : "?" + c;
            if (!want.equals(s.path("type").asText())) wrong.add(where + ": " + want + ", documented " + s);
        }
    }

    private void checkEnum(JsonNode s, Class<?> e, String where) {
        Set<String> names = new TreeSet<>();
        for (Object k : e.getEnumConstants()) names.add(jsonName((Enum<?>) k));
        if (!strings(s.path("enum")).equals(names)) wrong.add(where + ": one of " + names + ", documented " + s);
    }

    private static String jsonName(Enum<?> k) {
        try {
            JsonProperty p = k.getDeclaringClass().getField(k.name()).getAnnotation(JsonProperty.class);
            return p == null ? k.name() : p.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A wire type's schema name: its own, or "DeployEvent.Progress" for an event. */
    static String name(Class<?> c) {
        return c.getEnclosingClass() == Wire.DeployEvent.class ? "DeployEvent." + c.getSimpleName() : c.getSimpleName();
    }

    private static Set<String> fields(JsonNode n) {
        Set<String> out = new LinkedHashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> strings(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static boolean allText(JsonNode n) {
        for (JsonNode v : n) if (!v.isTextual()) return false;
        return true;
    }
}
