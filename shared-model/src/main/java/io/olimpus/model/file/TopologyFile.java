package io.olimpus.model.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.NodeKind;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.TopologyLimits;
import io.olimpus.model.topology.VmSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Olimpus topology file, also the wire format of a slice's design. Version 1:
 * <pre>
 * { "format": "olimpus-topology/1",
 *   "topology": { "name", "zone"?, "nodes": [ {"id","name","kind":"vm"|"switch","flavor"?,"image"?,"zone"?,
 *                  "internet"?,"requirement"?:{"vcpus","ramMb","diskGb"}} ], "links": [ {"id","a","b",
 *                  "impairment"?:{"delayMs"?,"jitterMs"?,"lossPercent"?,"rateMbit"?}} ] },
 *   "presentation"?: { "nodes": { "&lt;id&gt;": {"x","y","color"?,"note"?} }, "notes": [ {"text","x","y"} ], "areas"?: [ {"name","x","y","width","height"} ] } }
 * </pre>
 * Fields are written in a fixed order and nulls are left out, so files diff cleanly; reading
 * refuses unknown fields and newer versions, naming the path of the first bad field.
 */
public final class TopologyFile {
    public static final String FORMAT_NAME = "olimpus-topology";
    public static final int VERSION = 1;
    public static final String FORMAT = FORMAT_NAME + "/" + VERSION;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TopologyFile() {}

    public static String write(TopologyDocument doc) {
        try {
            return JSON.writeValueAsString(toJson(doc)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a tree of plain values cannot fail", e);
        }
    }

    public static TopologyDocument read(String json) {
        return fromJson(JsonFields.parse(JSON, json));
    }

    public static ObjectNode toJson(TopologyDocument doc) {
        ObjectNode root = F.objectNode();
        root.put("format", FORMAT);
        root.set("topology", topologyToJson(doc.topology()));
        Presentation p = doc.presentation();
        if (!p.isEmpty()) {
            ObjectNode pres = root.putObject("presentation");
            ObjectNode looks = pres.putObject("nodes");
            p.nodes().forEach((id, look) -> {
                ObjectNode o = looks.putObject(id);
                o.put("x", look.x());
                o.put("y", look.y());
                if (look.color() != null) o.put("color", look.color());
                if (look.note() != null) o.put("note", look.note());
            });
            ArrayNode notes = pres.putArray("notes");
            for (Note n : p.notes()) notes.addObject().put("text", n.text()).put("x", n.x()).put("y", n.y());
            // Written only when there are some: files without areas stay as they were before areas existed.
            if (!p.areas().isEmpty()) {
                ArrayNode areas = pres.putArray("areas");
                for (Area a : p.areas())
                    areas.addObject().put("name", a.name()).put("x", a.x()).put("y", a.y()).put("width", a.width()).put("height", a.height());
            }
        }
        return root;
    }

    public static ObjectNode topologyToJson(Topology t) {
        ObjectNode o = F.objectNode();
        o.put("name", t.name());
        if (t.zone() != null) o.put("zone", t.zone());
        ArrayNode nodes = o.putArray("nodes");
        for (Node n : t.nodes()) {
            ObjectNode j = nodes.addObject();
            j.put("id", n.id());
            j.put("name", n.name());
            j.put("kind", n.kind().name().toLowerCase());
            if (n.isVm()) {
                VmSpec vm = n.vm();
                if (vm.flavor() != null) j.put("flavor", vm.flavor());
                if (vm.image() != null) j.put("image", vm.image());
                if (vm.zone() != null) j.put("zone", vm.zone());
                if (vm.internet()) j.put("internet", true);
                if (vm.requirement() != null) {
                    Resources r = vm.requirement();
                    j.putObject("requirement").put("vcpus", r.vcpus()).put("ramMb", r.ramMb()).put("diskGb", r.diskGb());
                }
            }
        }
        ArrayNode links = o.putArray("links");
        for (Link l : t.links()) {
            ObjectNode j = links.addObject().put("id", l.id()).put("a", l.a()).put("b", l.b());
            ObjectNode imp = impairmentToJson(l.impairment());
            if (imp != null) j.set("impairment", imp);
        }
        return o;
    }

    /** The values a link's impairment has (0 included, so a file says what its author wrote); null when it has none. */
    public static ObjectNode impairmentToJson(LinkImpairment imp) {
        ObjectNode o = F.objectNode();
        if (imp.delayMs() != null) o.put("delayMs", imp.delayMs());
        if (imp.jitterMs() != null) o.put("jitterMs", imp.jitterMs());
        if (imp.lossPercent() != null) o.put("lossPercent", imp.lossPercent());
        if (imp.rateMbit() != null) o.put("rateMbit", imp.rateMbit());
        return o.isEmpty() ? null : o;
    }

    private static LinkImpairment impairmentFromJson(JsonNode json, String path) {
        JsonFields f = JsonFields.object(json, path).only(List.of("delayMs", "jitterMs", "lossPercent", "rateMbit"));
        return new LinkImpairment(f.optionalNumber("delayMs"), f.optionalNumber("jitterMs"), f.optionalNumber("lossPercent"), f.optionalNumber("rateMbit"));
    }

    public static TopologyDocument fromJson(JsonNode root) {
        JsonFields doc = JsonFields.object(root, "").only(List.of("format", "topology", "presentation"));
        checkFormat(doc.requiredString("format"));
        Topology topology = topologyFromJson(doc.raw("topology"), "topology");
        Presentation presentation = doc.has("presentation") ? presentationFromJson(doc.raw("presentation"), "presentation") : Presentation.EMPTY;
        return new TopologyDocument(topology, presentation);
    }

    /** Only the canonical spelling of a version is one: "+1", "01", "1.0" or other-script digits are not. */
    private static final java.util.regex.Pattern CANONICAL_VERSION = java.util.regex.Pattern.compile("[1-9][0-9]*");

    private static void checkFormat(String format) {
        int slash = format.lastIndexOf('/');
        if (slash < 0 || !format.substring(0, slash).equals(FORMAT_NAME))
            throw new TopologyFileException("format", "expected \"" + FORMAT + "\", got \"" + Names.clip(format) + "\" (not an Olimpus topology file)");
        String version = format.substring(slash + 1);
        if (!CANONICAL_VERSION.matcher(version).matches())
            throw new TopologyFileException("format", "version '" + Names.clip(version) + "' is not a version of this format; accepted: \"" + FORMAT + "\"");
        // Canonical digits compare by length first, so a version too long for an int is simply newer.
        String current = Integer.toString(VERSION);
        int newer = version.length() != current.length() ? Integer.compare(version.length(), current.length()) : version.compareTo(current);
        if (newer > 0)
            throw new TopologyFileException("format", "version " + version + " is newer than this Olimpus reads (" + VERSION + "); please update Olimpus");
        if (newer < 0)
            throw new TopologyFileException("format", "version '" + version + "' is not a version of this format; accepted: \"" + FORMAT + "\"");
    }

    public static Topology topologyFromJson(JsonNode json, String path) {
        JsonFields t = JsonFields.object(json, path).only(List.of("name", "zone", "nodes", "links"));
        String name = t.requiredString("name");
        String zone = t.optionalString("zone");
        JsonNode nodesJson = t.requiredArray("nodes");
        if (nodesJson.size() > TopologyLimits.MAX_NODES)
            throw new TopologyFileException(t.child("nodes"), nodesJson.size() + " nodes, more than the limit of " + TopologyLimits.MAX_NODES);
        List<Node> nodes = new ArrayList<>(nodesJson.size());
        for (int i = 0; i < nodesJson.size(); i++) nodes.add(nodeFromJson(nodesJson.get(i), t.child("nodes") + "[" + i + "]"));
        JsonNode linksJson = t.requiredArray("links");
        List<Link> links = new ArrayList<>(linksJson.size());
        for (int i = 0; i < linksJson.size(); i++) {
            JsonFields l = JsonFields.object(linksJson.get(i), t.child("links") + "[" + i + "]").only(List.of("id", "a", "b", "impairment"));
            LinkImpairment imp = l.has("impairment") ? impairmentFromJson(l.raw("impairment"), l.child("impairment")) : LinkImpairment.NONE;
            links.add(new Link(nonBlank(l, "id"), nonBlank(l, "a"), nonBlank(l, "b"), imp));
        }
        return new Topology(name, zone, nodes, links);
    }

    private static Node nodeFromJson(JsonNode json, String path) {
        JsonFields n = JsonFields.object(json, path)
                .only(List.of("id", "name", "kind", "flavor", "image", "zone", "internet", "requirement"));
        String id = nonBlank(n, "id");
        String name = n.requiredString("name");
        String kind = n.requiredString("kind");
        if (kind.equals("switch")) {
            for (String vmOnly : List.of("flavor", "image", "zone", "internet", "requirement"))
                if (n.has(vmOnly)) throw new TopologyFileException(n.child(vmOnly), "a switch has no " + vmOnly);
            return Node.switchNode(id, name);
        }
        if (!kind.equals("vm")) throw new TopologyFileException(n.child("kind"), "expected \"vm\" or \"switch\", got \"" + Names.clip(kind) + "\"");
        Resources req = null;
        if (n.has("requirement")) {
            JsonFields r = JsonFields.object(n.raw("requirement"), n.child("requirement")).only(List.of("vcpus", "ramMb", "diskGb"));
            req = new Resources(r.requiredNonNegativeInt("vcpus"), r.requiredNonNegativeInt("ramMb"), r.requiredNonNegativeInt("diskGb"));
        }
        return Node.vm(id, name, new VmSpec(n.optionalString("flavor"), n.optionalString("image"), n.optionalString("zone"),
                n.optionalBoolean("internet", false), req));
    }

    private static String nonBlank(JsonFields f, String field) {
        String v = f.requiredString(field);
        if (v.isBlank()) throw new TopologyFileException(f.child(field), "must not be blank");
        return v;
    }

    private static Presentation presentationFromJson(JsonNode json, String path) {
        JsonFields p = JsonFields.object(json, path).only(List.of("nodes", "notes", "areas"));
        Map<String, NodeLook> looks = new LinkedHashMap<>();
        if (p.has("nodes")) {
            JsonFields nodes = JsonFields.object(p.raw("nodes"), p.child("nodes"));
            for (var it = p.raw("nodes").fields(); it.hasNext(); ) {
                var e = it.next();
                JsonFields l = JsonFields.object(e.getValue(), nodes.child(e.getKey())).only(List.of("x", "y", "color", "note"));
                looks.put(e.getKey(), new NodeLook(l.requiredNumber("x"), l.requiredNumber("y"), l.optionalString("color"), l.optionalString("note")));
            }
        }
        List<Note> notes = new ArrayList<>();
        if (p.has("notes")) {
            JsonNode arr = p.requiredArray("notes");
            for (int i = 0; i < arr.size(); i++) {
                JsonFields n = JsonFields.object(arr.get(i), p.child("notes") + "[" + i + "]").only(List.of("text", "x", "y"));
                notes.add(new Note(n.requiredString("text"), n.requiredNumber("x"), n.requiredNumber("y")));
            }
        }
        List<Area> areas = new ArrayList<>();
        if (p.has("areas")) {
            JsonNode arr = p.requiredArray("areas");
            for (int i = 0; i < arr.size(); i++) {
                String at = p.child("areas") + "[" + i + "]";
                JsonFields a = JsonFields.object(arr.get(i), at).only(List.of("name", "x", "y", "width", "height"));
                double w = a.requiredNumber("width"), h = a.requiredNumber("height");
                if (w < 0) throw new TopologyFileException(a.child("width"), "must not be negative");
                if (h < 0) throw new TopologyFileException(a.child("height"), "must not be negative");
                areas.add(new Area(a.requiredString("name"), a.requiredNumber("x"), a.requiredNumber("y"), w, h));
            }
        }
        return new Presentation(looks, notes, areas);
    }
}
