package io.olimpus.server.http;

import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Small request and response helpers shared by every handler. */
public final class Http {
    private static final String BODY = "olimpus.body";
    private static final String LIMIT = "olimpus.bodyLimit";
    private static final String LIMIT_HINT = "olimpus.bodyLimitHint";

    private Http() {}

    static void setBodyLimit(Context ctx, long limit) { ctx.attribute(LIMIT, limit); }

    /**
     * Lowers this request's body limit below the server's JSON limit, for a route whose bodies are
     * smaller; call before reading the body. {@code whatToDo} ends the 413's detail.
     */
    public static void limitBody(Context ctx, long limit, String whatToDo) {
        Long current = ctx.attribute(LIMIT);
        if (current != null && limit >= current) return;
        ctx.attribute(LIMIT, limit);
        ctx.attribute(LIMIT_HINT, whatToDo);
    }

    /** The request body, refused with 413 past the configured JSON size limit (checked before and while reading). */
    public static byte[] body(Context ctx) {
        byte[] cached = ctx.attribute(BODY);
        if (cached != null) return cached;
        Long limitAttr = ctx.attribute(LIMIT);
        long limit = limitAttr == null ? 1 << 20 : limitAttr;
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > limit) {
                swallow(in, declared);
                throw tooLarge(limit, ctx.attribute(LIMIT_HINT));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] buf = new byte[16384];
            long total = 0;
            // A declared body is read to its length and no further: Jetty checks the minimum data rate at the
            // start of every read, so one more read for the end of the stream, after a stall of this thread on a
            // busy machine, judged a whole small body as "too slow" (408 for 20 bytes after a 20 ms pause).
            for (int n; (declared < 0 || total < declared)
                    && (n = in.read(buf, 0, declared < 0 ? buf.length : (int) Math.min(buf.length, declared - total))) > 0; ) {
                total += n;
                if (total > limit) {
                    swallow(in, Long.MAX_VALUE);
                    throw tooLarge(limit, ctx.attribute(LIMIT_HINT));
                }
                out.write(buf, 0, n);
            }
            byte[] body = out.toByteArray();
            ctx.attribute(BODY, body);
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("incomplete-body", "the request body could not be read to its end");
        }
    }

    /** Past this, a refused body is not read to its end and the connection is dropped instead. */
    static final long MAX_SWALLOW = 16L << 20;

    /**
     * Reads and drops what is left of a refused body (up to {@link #MAX_SWALLOW}), so that a client
     * still sending it gets the 413 answer instead of a reset connection.
     */
    public static void swallow(InputStream in, long declared) {
        if (declared > MAX_SWALLOW) return;
        byte[] buf = new byte[65536];
        long left = MAX_SWALLOW;
        try {
            for (int n; left > 0 && (n = in.read(buf)) > 0; ) left -= n;
        } catch (IOException ignored) {
            // the client gave up; nothing to answer
        }
    }

    private static ApiException tooLarge(long limit, String whatToDo) {
        return new ApiException(413, "body-too-large", "the request body is larger than the limit of " + limit + " bytes"
                + (whatToDo == null ? "" : "; " + whatToDo),
                null, null, java.util.Map.of("limitBytes", limit));
    }

    public static void json(Context ctx, int status, Object value) {
        jsonBytes(ctx, status, Json.write(value));
    }

    /** Already serialized JSON. */
    public static void jsonBytes(Context ctx, int status, byte[] json) {
        jsonBytes(ctx, status, json, null);
    }

    /** Bodies from this size on are gzipped for clients that accept it. */
    static final int GZIP_FROM = 1024;

    /**
     * Already serialized JSON, and optionally its gzip (computed here when needed and null). The
     * length is sent up front, so large answers are not chunked: a client that accepts gzip gets the
     * gzip with its own length (Javalin leaves a response alone once it has a Content-Encoding).
     */
    public static void jsonBytes(Context ctx, int status, byte[] json, byte[] gzipped) {
        ctx.status(status).contentType("application/json").header("Vary", "Accept-Encoding");
        boolean gzipOk = acceptsGzip(ctx.header("Accept-Encoding"));
        if (gzipOk && json.length >= GZIP_FROM) {
            byte[] z = gzipped != null ? gzipped : gzip(json);
            ctx.header("Content-Encoding", "gzip").header("Content-Length", Integer.toString(z.length)).result(z);
        } else if (!gzipOk) {
            ctx.header("Content-Length", Integer.toString(json.length)).result(json);  // nothing will compress it
        } else {
            ctx.result(json);  // small: Javalin does not compress it, Jetty sends its length
        }
    }

    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (!p[0].trim().equalsIgnoreCase("gzip") && !p[0].trim().equals("*")) continue;
            for (int i = 1; i < p.length; i++) {
                String q = p[i].trim();
                if (q.startsWith("q=")) {
                    try {
                        if (Double.parseDouble(q.substring(2)) <= 0) return false;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }

    public static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            try (var z = new java.util.zip.GZIPOutputStream(out, 8192)) {
                z.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void json(Context ctx, Object value) { json(ctx, 200, value); }

    public static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) return dflt;
        int v;
        try {
            v = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badField(name, "expected an integer, got \"" + clip(raw) + "\"");
        }
        if (v < min || v > max) throw ApiException.badField(name, "must be between " + min + " and " + max);
        return v;
    }

    public static long idParam(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long v = Long.parseLong(raw);
            if (v <= 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badField(name, "expected a positive integer id, got \"" + clip(raw) + "\"");
        }
    }

    /** A CSV request body (a roster): text/csv (or text/plain) in UTF-8, else 415 or 400 saying what to send. */
    public static String csvBody(Context ctx) {
        String ct = ctx.contentType();
        if (ct == null || !(ct.startsWith("text/csv") || ct.startsWith("text/plain")))
            throw new ApiException(415, "unsupported-media-type", "send the roster as text/csv", "Content-Type", "expected text/csv", null);
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body(ctx))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badField("body", "the CSV is not valid UTF-8");
        }
    }

    static String clip(String s) { return s.length() > 64 ? s.substring(0, 64) + "…" : s; }
}
