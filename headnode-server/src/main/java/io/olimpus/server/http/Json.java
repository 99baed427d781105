package io.olimpus.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import io.olimpus.server.json.StrictJson;

import java.io.IOException;

/**
 * JSON at the HTTP edge: request bodies read with the server's one strict mapper ({@link StrictJson}),
 * every Jackson complaint turned into a 400 problem naming the field, answers written compactly.
 */
public final class Json {
    /** The same mapper as {@link StrictJson#MAPPER}; code outside the HTTP layer uses that name. */
    public static final ObjectMapper MAPPER = StrictJson.MAPPER;

    private Json() {}

    /** Reads the request body as {@code type}, turning every Jackson complaint into a 400 problem naming the field. */
    public static <T> T read(Context ctx, Class<T> type) {
        byte[] body = Http.body(ctx);
        if (body.length == 0) throw ApiException.badRequest("empty-body", "the request needs a JSON body");
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw ApiException.badRequest("invalid-json", "the body must be a JSON object, not null");
            return value;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    public static JsonNode readTree(Context ctx) {
        byte[] body = Http.body(ctx);
        if (body.length == 0) throw ApiException.badRequest("empty-body", "the request needs a JSON body");
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    public static ApiException translate(IOException e) {
        if (e instanceof UnrecognizedPropertyException u)
            return ApiException.badField(path(u), "unknown field");
        if (e instanceof InvalidFormatException f)
            return ApiException.badField(path(f), "expected " + typeName(f.getTargetType()) + ", got " + describe(f.getValue()));
        if (e instanceof MismatchedInputException m) {
            String p = path(m);
            String reason = m.getTargetType() == null ? "wrong type" : "expected " + typeName(m.getTargetType());
            if (m.getOriginalMessage() != null && m.getOriginalMessage().contains("Trailing token"))
                return ApiException.badRequest("invalid-json", "unexpected content after the JSON value");
            return p.isEmpty() ? ApiException.badRequest("invalid-json", "the body is not the expected JSON object: " + reason)
                    : ApiException.badField(p, reason);
        }
        if (e instanceof JsonProcessingException j) {
            var loc = j.getLocation();
            return ApiException.badRequest("invalid-json", "malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + clip(j.getOriginalMessage()));
        }
        return ApiException.badRequest("invalid-json", "the body could not be read");
    }

    private static String path(MismatchedInputException e) {
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
        if (v instanceof String s) return "\"" + clip(s) + "\"";
        return clip(String.valueOf(v));
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    /** The value as JSON, ending with a newline so that answers read well in a terminal. */
    public static byte[] write(Object value) {
        try {
            var out = new java.io.ByteArrayOutputStream(256);
            MAPPER.writeValue(out, value);
            out.write('\n');
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
