package io.olimpus.model.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.TopologyLimits;
import io.olimpus.model.topology.VmSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a design from another tool's file: gives nodes valid, unique Olimpus names, ids and
 * positions, and keeps the report of everything that changed or was left behind.
 */
final class ForeignImport {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<String, NodeLook> looks = new LinkedHashMap<>();
    private final List<Note> notes = new ArrayList<>();
    private final List<ExchangeNote> report = new ArrayList<>();
    private final UniqueNames names = new UniqueNames();
    private final Map<String, String> idByForeignName = new HashMap<>();
    private final Map<String, Node> byId = new HashMap<>();

    void note(String element, String message) { report.add(new ExchangeNote(element, message)); }

    /** Adds a VM named {@code foreignName} in the source file; returns its Olimpus id. */
    String vm(String foreignName, VmSpec spec, String path) {
        return add(foreignName, path, id -> Node.vm(id, uniqueName(foreignName, "node"), spec));
    }

    String switchNode(String foreignName, String path) {
        return add(foreignName, path, id -> Node.switchNode(id, uniqueName(foreignName, "switch")));
    }

    private String add(String foreignName, String path, java.util.function.Function<String, Node> make) {
        if (idByForeignName.containsKey(foreignName))
            throw new TopologyFileException(path, "node '" + Names.clip(foreignName) + "' appears twice");
        if (nodes.size() >= TopologyLimits.MAX_NODES)
            throw new TopologyFileException(path, "more than the limit of " + TopologyLimits.MAX_NODES + " nodes");
        String id = "n" + (nodes.size() + 1);
        Node n = make.apply(id);
        nodes.add(n);
        byId.put(id, n);
        idByForeignName.put(foreignName, id);
        return id;
    }

    /** The Olimpus id of the node the source calls {@code foreignName}, or null. */
    String idOf(String foreignName) { return idByForeignName.get(foreignName); }

    Node node(String id) { return byId.get(id); }

    void replace(Node n) {
        nodes.replaceAll(o -> o.id().equals(n.id()) ? n : o);
        byId.put(n.id(), n);
    }

    void link(String a, String b) { links.add(new Link("l" + (links.size() + 1), a, b)); }

    void place(String id, double x, double y) { looks.put(id, NodeLook.at(x, y)); }

    void look(String id, NodeLook look) { looks.put(id, look); }

    void canvasNote(String text, double x, double y) { notes.add(new Note(text, x, y)); }

    /** A valid name no node has yet; a change is reported. */
    private String uniqueName(String foreign, String what) {
        String name = names.take(foreign);
        if (!name.equals(foreign)) note(what + " " + Names.clip(foreign), "renamed to '" + name + "' (names are lowercase letters, digits and '-')");
        return name;
    }

    LabImport build(String rawName, String zone, LabFormat format) {
        String name = rawName == null || rawName.isBlank() ? "imported" : rawName;
        String valid = Names.isValid(name) ? name : Names.sanitize(name);
        if (!valid.equals(name)) report.add(0, new ExchangeNote("slice " + Names.clip(name), "renamed to '" + valid + "'"));
        Topology t = new Topology(valid, zone, nodes, links);
        Presentation p = looks.isEmpty() && notes.isEmpty() ? Presentation.EMPTY : new Presentation(looks, notes);
        return new LabImport(new TopologyDocument(t, p), format, report);
    }

    // ---- lenient scalar access: other tools write "100", 100 and 100.0 for the same thing ----

    /** Nothing there: absent, null, or an empty value ({@code r4:} in YAML reads as ""). */
    static boolean isEmpty(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || (v.isTextual() && v.textValue().isEmpty());
    }

    /** A scalar as text (numbers and booleans too); null for absent, null or a collection. */
    static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainerNode()) return null;
        return v.asText();
    }

    /** A number, also when written as a string; null when absent or not a number. */
    static Double number(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (v.isNumber()) return Double.isFinite(v.doubleValue()) ? v.doubleValue() : null;
        if (v.isTextual()) {
            try {
                double d = Double.parseDouble(v.textValue().trim());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Reports an image choice that was not a plain keep. */
    void reportChoice(String element, ImageMapping.Choice c) {
        if (c.how() != null) note(element, c.how());
    }
}
