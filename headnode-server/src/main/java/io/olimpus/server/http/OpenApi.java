package io.olimpus.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The API's OpenAPI 3.1 document, written by hand next to the routes (src/main/resources/openapi.json). */
public final class OpenApi {
    private static volatile byte[] document;

    private OpenApi() {}

    public static byte[] document() {
        byte[] d = document;
        if (d == null) {
            try (InputStream in = OpenApi.class.getResourceAsStream("/openapi.json")) {
                if (in == null) throw new IllegalStateException("openapi.json is missing from the jar");
                document = d = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return d;
    }
}
