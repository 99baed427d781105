package io.olimpus.model.file;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;

/** Typed, path-aware access to a JSON object, so every error names the exact field at fault. */
final class JsonFields {
    private final JsonNode node;
    private final String path;

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The JSON document's tree; a syntax error names the line and column. */
    static JsonNode parse(com.fasterxml.jackson.databind.ObjectMapper mapper, String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new TopologyFileException("", "not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + ": " + e.getOriginalMessage());
        }
    }

    static JsonFields object(JsonNode node, String path) {
        if (node == null || !node.isObject()) throw new TopologyFileException(path, "expected an object, got " + kindOf(node));
        return new JsonFields(node, path);
    }

    String path() { return path; }

    JsonNode node() { return node; }

    String child(String field) { return path.isEmpty() ? field : path + "." + field; }

    /** Refuses fields this version of the format does not define: a typo must not pass silently. */
    JsonFields only(List<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw new TopologyFileException(child(f), "unknown field (allowed: " + String.join(", ", allowed) + ")");
        }
        return this;
    }

    JsonNode raw(String field) { return node.get(field); }

    boolean has(String field) { return node.has(field) && !node.get(field).isNull(); }

    String requiredString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new TopologyFileException(child(field), "is required");
        if (!v.isTextual()) throw new TopologyFileException(child(field), "expected a string, got " + kindOf(v));
        return v.textValue();
    }

    String optionalString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new TopologyFileException(child(field), "expected a string, got " + kindOf(v));
        return v.textValue();
    }

    boolean optionalBoolean(String field, boolean dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) throw new TopologyFileException(child(field), "expected true or false, got " + kindOf(v));
        return v.booleanValue();
    }

    double requiredNumber(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new TopologyFileException(child(field), "is required");
        if (!v.isNumber()) throw new TopologyFileException(child(field), "expected a number, got " + kindOf(v));
        double d = v.doubleValue();
        if (!Double.isFinite(d)) throw new TopologyFileException(child(field), "must be a finite number");
        return d;
    }

    /** A finite number, or null when absent. */
    Double optionalNumber(String field) {
        return has(field) ? requiredNumber(field) : null;
    }

    int requiredNonNegativeInt(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new TopologyFileException(child(field), "is required");
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new TopologyFileException(child(field), "expected a whole number, got " + kindOf(v));
        if (v.intValue() < 0) throw new TopologyFileException(child(field), "must not be negative");
        return v.intValue();
    }

    JsonNode requiredArray(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new TopologyFileException(child(field), "is required");
        if (!v.isArray()) throw new TopologyFileException(child(field), "expected an array, got " + kindOf(v));
        return v;
    }

    static String kindOf(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "nothing";
        if (v.isTextual()) return "a string";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "an array";
        return "an object";
    }
}
