package io.olimpus.client;

import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A lab's live board over server-sent events (GET /labs/{id}/board/events): every "board" event is
 * the whole board, so a listener that missed one loses nothing by reading the next. Unlike a job,
 * a board never ends: a stream that closes is a failure the caller may follow again.
 */
final class BoardFollower {
    private BoardFollower() {}

    static AutoCloseable start(OlimpusClient client, long labId, Consumer<LabWire.Board> onBoard, Consumer<ClientException> onFailure) {
        AtomicBoolean closed = new AtomicBoolean();
        Request req = new Request.Builder().url(client.base().resolve("labs/" + labId + "/board/events")).header("Accept", "text/event-stream").build();
        EventSourceListener sse = new EventSourceListener() {
            @Override
            public void onEvent(EventSource es, String id, String type, String data) {
                if (closed.get() || (type != null && !type.equals("board"))) return;
                try {
                    onBoard.accept(OlimpusClient.JSON.readValue(data, LabWire.Board.class));
                } catch (IOException e) {
                    // a board this client cannot read (a newer server's): the next one may be
                }
            }

            @Override
            public void onClosed(EventSource es) {
                if (!closed.get()) onFailure.accept(new ClientException(ClientException.Kind.UNREACHABLE,
                        "The server stopped sending the lab's board; open the lab again to follow it.", 0, null, null, null, null, null));
            }

            @Override
            public void onFailure(EventSource es, Throwable t, Response response) {
                if (closed.get()) return;
                if (response != null && !response.isSuccessful()) {
                    String body;
                    try {
                        body = response.body() == null ? "" : response.body().string();
                    } catch (IOException io) {
                        body = "";
                    }
                    onFailure.accept(client.problem(response.code(), body, false));
                } else if (t instanceof IOException io) {
                    onFailure.accept(client.transport(io));
                } else {
                    onFailure.accept(new ClientException(ClientException.Kind.SERVER, "The lab's board could not be read: "
                            + (t == null ? "unexpected answer" : t.getMessage()), response == null ? 0 : response.code(), null, null, null, null, t));
                }
            }
        };
        // No read timeout: a board can be quiet for long; the server sends a comment every 15 s.
        var http = client.http().newBuilder().readTimeout(java.time.Duration.ZERO).build();
        EventSource source = EventSources.createFactory(http).newEventSource(req, sse);
        return () -> {
            if (closed.compareAndSet(false, true)) source.cancel();
        };
    }
}
