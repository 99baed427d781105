package io.olimpus.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors Jetty answers itself, before a request reaches Javalin (a malformed URI, headers too
 * large, ...), in the same problem format as the API's own, instead of Jetty's HTML page.
 */
public final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", Problems.TYPE_BASE + Problems.typeOf(code));
        p.put("title", Problems.title(code));
        p.put("status", code);
        String reason = HttpStatus.getMessage(code);
        p.put("detail", message == null || message.isBlank() ? reason : clip(message));
        try {
            p.put("instance", request.getHttpURI().getPath());
        } catch (RuntimeException e) {
            // a URI too broken to have a path
        }
        byte[] body = Json.write(p);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        // Errors met before a request is parsed skip the connector's customizers (ResponseHeaders).
        response.getHeaders().put(ResponseHeaders.NOSNIFF_NAME, ResponseHeaders.NOSNIFF_VALUE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String clip(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
