package io.olimpus.server.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.olimpus.server.errors.DomainError;

import java.io.IOException;

/**
 * The server's one JSON mapper: strict on the way in (unknown fields, wrong types, duplicate keys,
 * trailing garbage and numbers-as-strings are refused), compact on the way out. It lives outside
 * the HTTP layer because stores (stored plans, zone settings) read and write with it too, and a
 * store must not depend on HTTP. {@link #invalid} says what is wrong with refused JSON in the
 * services' terms; {@code http.Json} turns that into a problem document.
 */
public final class StrictJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static {
        // Strings stay strings, numbers stay numbers: "4" is not a vCPU count.
        MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }

    private StrictJson() {}

    /**
     * What is wrong with JSON that this mapper refused, as a refusal of the field to blame
     * ({@code invalid-field}) or of the whole document ({@code invalid-json}), for services and
     * platforms that read JSON they were given; the HTTP layer makes it a 400 problem.
     */
    public static DomainError invalid(IOException e) {
        if (e instanceof UnrecognizedPropertyException u)
            return DomainError.badField(path(u), "unknown field");
        if (e instanceof InvalidFormatException f)
            return DomainError.badField(path(f), "expected " + typeName(f.getTargetType()) + ", got " + describe(f.getValue()));
        if (e instanceof MismatchedInputException m) {
            String p = path(m);
            String reason = m.getTargetType() == null ? "wrong type" : "expected " + typeName(m.getTargetType());
            if (m.getOriginalMessage() != null && m.getOriginalMessage().contains("Trailing token"))
                return DomainError.badRequest("invalid-json", "unexpected content after the JSON value");
            return p.isEmpty() ? DomainError.badRequest("invalid-json", "the body is not the expected JSON object: " + reason)
                    : DomainError.badField(p, reason);
        }
        StreamConstraintsException limit = e instanceof StreamConstraintsException c ? c
                : e.getCause() instanceof StreamConstraintsException c ? c : null;
        if (limit != null)
            // Jackson's own words name its classes ("StreamReadConstraints.getMaxNestingDepth()"): say it in the client's terms.
            return DomainError.badRequest("invalid-json", "the JSON " + limitHit(limit.getOriginalMessage()) + "; send a smaller document");
        if (e instanceof JsonMappingException m) {
            // A value the target type refused to be built from; Jackson's message names Java classes, so only the path is kept.
            String p = path(m);
            return p.isEmpty() ? DomainError.badRequest("invalid-json", "the body is not the expected JSON object")
                    : DomainError.badField(p, "this value cannot be read here");
        }
        if (e instanceof JsonProcessingException j) {
            var loc = j.getLocation();
            return DomainError.badRequest("invalid-json", "malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + clip(j.getOriginalMessage()));
        }
        return DomainError.badRequest("invalid-json", "the body could not be read");
    }

    /** Which of the reader's limits a document broke, in words. */
    private static String limitHit(String message) {
        String m = message == null ? "" : message;
        if (m.contains("nesting depth")) return "nests too deeply (at most 1000 levels of arrays and objects)";
        if (m.contains("Name length")) return "has a field name that is too long";
        if (m.contains("Number value length")) return "has a number with too many digits";
        if (m.contains("String value length")) return "has a string that is too long";
        return "is too large in one place";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) sb.append('[').append(ref.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static String typeName(Class<?> t) {
        if (t == null) return "another type";
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "an integer";
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (t == String.class) return "a string";
        if (t.isEnum()) return "one of " + java.util.Arrays.toString(t.getEnumConstants()).toLowerCase();
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) return "an array";
        return "an object";
    }

    private static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return "\"" + io.olimpus.model.topology.Names.clip(s) + "\"";
        return io.olimpus.model.topology.Names.clip(String.valueOf(v));
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
