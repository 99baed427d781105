package io.olimpus.server.http;

import io.javalin.config.JettyConfig;

/**
 * How long a request may take to arrive. Javalin reads a body on a server thread; a client that
 * sends it a byte every few seconds used to hold that thread for as long as it liked, and about
 * 250 of them took every thread (health timed out for 40 s). A body must now arrive at
 * {@link #MIN_REQUEST_BYTES_PER_SECOND} on average from its first byte, and no read may wait
 * longer than {@link #READ_IDLE_MS}; a slower client gets 408 and its thread back. Responses
 * have no minimum rate: job event streams are long and quiet by nature.
 */
public final class JettyLimits {
    /** Far below any real link (an 8 GiB image at this rate would take three months), far above a trickle. */
    public static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
    public static final long READ_IDLE_MS = 10_000;

    private JettyLimits() {}

    public static void apply(JettyConfig jetty) {
        jetty.modifyHttpConfiguration(http -> {
            http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
            http.setIdleTimeout(READ_IDLE_MS);
        });
    }
}
