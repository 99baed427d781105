package io.olimpus.server.deploy;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.engine.driver.Console;
import io.olimpus.server.http.Api;
import io.olimpus.server.http.Http;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A VM's console over a WebSocket (noVNC speaks RFB in binary frames): the bytes of the driver's
 * console stream go out as binary frames and binary frames come back into it, until either side
 * closes, which closes the other. One pump thread per connection (blocked on the stream's reads);
 * a send waits for the previous one, so a slow viewer slows the VM's stream, never fills memory.
 * A read-only socket ({@link Input}) decides here, on the server, what of the viewer's bytes
 * reach the VM: whatever its client hides or not, a watcher's keys never arrive.
 */
public final class ConsoleSocket implements Api.Socket {
    /** Checks (before the upgrade) or opens (after it) the console of a VM of a slice for a caller. */
    @FunctionalInterface
    public interface Target<T> {
        T apply(Principal caller, long sliceId, String vmName);
    }

    /** What of the viewer's bytes reach the VM. */
    public enum Input {
        /** Everything: the VM's owner at the keyboard. */
        ALL,
        /** RFB read-only: the handshake and what receiving the screen needs; no keys, pointer or cut text ({@link RfbViewOnly}). */
        RFB_VIEW_ONLY,
        /** Nothing: a terminal watched, not typed into. */
        NONE
    }

    private static final Logger log = LoggerFactory.getLogger(ConsoleSocket.class);
    /** Close codes in the private range: the reason text says what happened. */
    static final int NO_CONSOLE = 4404, CONSOLE_ENDED = 1000, READ_ONLY_REFUSED = 4403;

    private final Target<?> check;
    private final Target<Console> opener;
    private final Input input;
    private final Map<String, Console> open = new ConcurrentHashMap<>();
    /** Per connection of an {@link Input#RFB_VIEW_ONLY} socket: where its viewer is in the protocol. */
    private final Map<String, RfbViewOnly> viewOnly = new ConcurrentHashMap<>();

    ConsoleSocket(DeploymentService deployments) {
        this((c, id, vm) -> { deployments.checkConsole(c, id, vm); return null; }, deployments::console);
    }

    public ConsoleSocket(Target<?> check, Target<Console> opener) { this(check, opener, Input.ALL); }

    public ConsoleSocket(Target<?> check, Target<Console> opener, Input input) {
        this.check = check;
        this.opener = opener;
        this.input = input;
    }

    @Override
    public void check(io.javalin.http.Context ctx, Principal caller) {
        check.apply(caller, Http.idParam(ctx, "id"), ctx.pathParam("vm"));
    }

    @Override
    public void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            Console console;
            try {
                console = opener.apply(Api.caller(ctx), Long.parseLong(ctx.pathParam("id")), ctx.pathParam("vm"));
            } catch (RuntimeException e) {
                ctx.closeSession(NO_CONSOLE, truncate(e.getMessage()));
                return;
            }
            if (input == Input.RFB_VIEW_ONLY) viewOnly.put(ctx.sessionId(), new RfbViewOnly());
            open.put(ctx.sessionId(), console);
            // An idle screen sends nothing: pings keep proxies and the idle timeout from closing the viewer.
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            Thread t = new Thread(() -> pump(ctx, console), "console-" + ctx.sessionId());
            t.setDaemon(true);
            t.start();
        });
        ws.onBinaryMessage(ctx -> {
            Console console = open.get(ctx.sessionId());
            if (console == null || input == Input.NONE) return;
            ByteBuffer data = ctx.data();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            if (input == Input.RFB_VIEW_ONLY) {
                RfbViewOnly filter = viewOnly.get(ctx.sessionId());
                if (filter == null) return;
                try {
                    bytes = filter.pass(bytes);
                } catch (RfbViewOnly.Refused e) {
                    // The viewer hears why first: closing the VM's stream would have the pump close it as "the VM's console closed".
                    if (ctx.session.isOpen()) ctx.closeSession(READ_ONLY_REFUSED, truncate(e.getMessage()));
                    release(ctx.sessionId());
                    return;
                }
                if (bytes.length == 0) return;
            }
            try {
                OutputStream out = console.out();
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                end(ctx, "the console stream closed");
            }
        });
        ws.onClose(ctx -> release(ctx.sessionId()));
        ws.onError(ctx -> release(ctx.sessionId()));
    }

    private void pump(WsContext ctx, Console console) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = console.in();
            int n;
            while ((n = in.read(buf)) > 0) {
                Callback.Completable sent = new Callback.Completable();
                ctx.session.sendBinary(ByteBuffer.wrap(buf, 0, n), sent);
                sent.get();
            }
            end(ctx, "the VM's console closed");
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.debug("console {} ended: {}", ctx.sessionId(), e.toString());
            end(ctx, "the console stream failed");
        }
    }

    private void end(WsContext ctx, String why) {
        release(ctx.sessionId());
        if (ctx.session.isOpen()) ctx.closeSession(CONSOLE_ENDED, why);
    }

    private void release(String sessionId) {
        viewOnly.remove(sessionId);
        Console c = open.remove(sessionId);
        if (c != null) {
            try { c.close(); } catch (RuntimeException e) { log.debug("closing console {}: {}", sessionId, e.toString()); }
        }
    }

    /** A close reason is at most 123 bytes. */
    private static String truncate(String s) {
        if (s == null) return "no console";
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }
}
