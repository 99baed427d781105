package io.olimpus.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** A Jackson complaint about a request body as the 400 problem that names the field; see {@link StrictJson#invalid}. */
    public static ApiException translate(IOException e) {
        return Problems.of(StrictJson.invalid(e));
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
