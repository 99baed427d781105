package io.olimpus.client;

import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

import java.io.IOException;

/**
 * A VM's console as a byte pipe: the server's WebSocket (GET /slices/{id}/vms/{vm}/console)
 * carries the VM's VNC (RFB) bytes in binary frames both ways, or (.../serial) its serial
 * console's terminal bytes, or (.../ssh) a TCP connection to the VM's SSH port. What the listener hears arrives
 * in order on one background thread.
 */
public final class ConsolePipe implements AutoCloseable {
    /** Hears the console's bytes and its end. */
    public interface Listener {
        default void onOpen() {}

        void onBytes(byte[] bytes);

        /** The console ended normally or the server closed it ({@code reason} says why, e.g. the VM is not running). */
        void onClosed(int code, String reason);

        /** The pipe broke or could not be opened. */
        void onFailure(ClientException e);
    }

    private final WebSocket socket;

    private ConsolePipe(WebSocket socket) {
        this.socket = socket;
    }

    /** {@code kind}: "console" (the graphical console, RFB), "serial" (the serial console, terminal bytes), their read-only views "console-watch" and "serial-watch", or "ssh" (the VM's port 22). */
    static ConsolePipe open(OlimpusClient client, long sliceId, String vm, String kind, Listener listener) {
        var url = client.base().newBuilder().addPathSegments("slices/" + sliceId + "/vms").addPathSegment(vm).addPathSegment(kind).build();
        Request req = new Request.Builder().url(url).build();
        var http = client.http().newBuilder().readTimeout(java.time.Duration.ZERO).build();
        WebSocket ws = http.newWebSocket(req, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                listener.onOpen();
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                listener.onBytes(bytes.toByteArray());
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null);
                listener.onClosed(code, reason);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                if (response != null && response.code() != 101) {
                    listener.onFailure(refusal(client, req, response));
                } else if (t instanceof IOException io) {
                    listener.onFailure(client.transport(io));
                } else {
                    listener.onFailure(new ClientException(ClientException.Kind.SERVER, "The console connection failed: " + t,
                            0, null, null, null, null, t));
                }
            }
        });
        return new ConsolePipe(ws);
    }

    /**
     * Why the upgrade was refused. A refused upgrade may come without a body; a plain GET of the
     * same route runs the same checks and answers the problem document that says why.
     */
    private static ClientException refusal(OlimpusClient client, Request req, Response response) {
        String body = "";
        try {
            body = response.body() == null ? "" : response.body().string();
        } catch (IOException e) {
            // fall through to asking again
        }
        if (body.isBlank()) {
            try (Response again = client.http().newCall(req).execute()) {
                if (again.code() == response.code() && again.body() != null) body = again.body().string();
            } catch (IOException e) {
                // keep the status alone
            }
        }
        return client.problem(response.code(), body, false);
    }

    /** Queues bytes for the VM (keyboard, mouse, RFB replies); false once the pipe is closed. */
    public boolean send(byte[] bytes) {
        return socket.send(ByteString.of(bytes));
    }

    public boolean send(byte[] bytes, int offset, int length) {
        return socket.send(ByteString.of(bytes, offset, length));
    }

    /** Bytes queued for the server and not yet sent: a fast sender waits while this is large (a full queue closes the pipe). */
    public long queued() {
        return socket.queueSize();
    }

    @Override
    public void close() {
        socket.close(1000, "viewer closed");
    }
}
