package io.olimpus.client;

import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A lab's live board over server-sent events (GET /labs/{id}/board/events): every "board" event is
 * the whole board, so a listener that missed one loses nothing by reading the next. The server
 * ends a stream once nothing is being made, queued, deploying or undeploying (so scripts that follow a class
 * deploy see it end); a board on a screen must outlive that, so a stream that ends is opened again
 * a second later until the caller closes the follower.
 */
final class BoardFollower {
    private BoardFollower() {}

    /** How long after a finished stream the next one is opened: a settled board is read about once a second. */
    private static final long REOPEN_MS = 1000;

    private static final ScheduledExecutorService REOPEN = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "olimpus-board-reopen");
        t.setDaemon(true);
        return t;
    });

    static AutoCloseable start(OlimpusClient client, long labId, Consumer<LabWire.Board> onBoard, Consumer<ClientException> onFailure) {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<EventSource> current = new AtomicReference<>();
        AtomicReference<Runnable> open = new AtomicReference<>();
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
                if (!closed.get()) REOPEN.schedule(() -> open.get().run(), REOPEN_MS, TimeUnit.MILLISECONDS);
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
        var factory = EventSources.createFactory(http);
        open.set(() -> {
            if (closed.get()) return;
            current.set(factory.newEventSource(req, sse));
            if (closed.get()) current.get().cancel();
        });
        open.get().run();
        return () -> {
            if (closed.compareAndSet(false, true)) current.get().cancel();
        };
    }
}
