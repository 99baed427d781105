package io.olimpus.server.http;

import io.javalin.config.JettyConfig;
import io.javalin.http.Context;

/**
 * Headers every answer carries, and those only secrets need. Set on the connector (a Jetty
 * customizer), not in a Javalin before-handler, so that Jetty's own error answers (a malformed URI,
 * headers too large) carry them as well.
 */
public final class ResponseHeaders {
    static final String NOSNIFF_NAME = "X-Content-Type-Options", NOSNIFF_VALUE = "nosniff";

    private ResponseHeaders() {}

    /** {@code X-Content-Type-Options: nosniff} on every response: a browser never guesses a JSON body is HTML. */
    public static void apply(JettyConfig jetty) {
        jetty.modifyHttpConfiguration(http -> http.addCustomizer((request, responseHeaders) -> {
            responseHeaders.put(NOSNIFF_NAME, NOSNIFF_VALUE);
            return request;
        }));
    }

    /**
     * For an answer that carries a secret (a login token, a generated password, a console ticket):
     * no cache, proxy or browser history may keep a copy.
     */
    public static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }
}
