package io.olimpus.client;

import io.olimpus.wire.Wire;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job's events over server-sent events (GET /jobs/{id}/events), read by OkHttp's SSE parser: each
 * message's id is the event's seq, its name the event's type and its data the event itself, read as
 * a {@link Wire.DeployEvent}. The server replays every event after Last-Event-ID and ends the
 * stream once the job is finished; a stream cut before {@link Wire.DeployEvent.Finished} is
 * reported as a failure (the caller may follow again from the last seq it saw).
 */
public final class JobFollower implements AutoCloseable {
    /** Hears a job's events in order on one background thread. */
    public interface Listener {
        void onEvent(Wire.JobEvent event);

        /** The stream failed before the job finished (server gone, session expired, job not found). */
        default void onFailure(ClientException e) {}
    }

    private final EventSource source;
    private final AtomicBoolean closed;

    private JobFollower(EventSource source, AtomicBoolean closed) {
        this.source = source;
        this.closed = closed;
    }

    static JobFollower start(OlimpusClient client, long jobId, int afterSeq, Listener listener) {
        Request.Builder req = new Request.Builder().url(client.base().resolve("jobs/" + jobId + "/events"))
                .header("Accept", "text/event-stream");
        if (afterSeq > 0) req.header("Last-Event-ID", Integer.toString(afterSeq));
        AtomicInteger lastSeq = new AtomicInteger(afterSeq);
        AtomicBoolean finished = new AtomicBoolean();
        // Set before the request starts: an early answer (e.g. 404) can arrive before start returns.
        AtomicBoolean closed = new AtomicBoolean();
        EventSourceListener sse = new EventSourceListener() {
            @Override
            public void onEvent(EventSource es, String id, String type, String data) {
                int seq = id == null ? lastSeq.get() + 1 : Integer.parseInt(id.trim());
                lastSeq.set(seq);
                Wire.DeployEvent event;
                try {
                    event = OlimpusClient.JSON.readValue(data, Wire.DeployEvent.class);
                } catch (IOException e) {
                    return;  // an event this client does not know (a newer server's): nothing to show
                }
                Wire.JobEvent ev = new Wire.JobEvent(seq, event);
                if (ev.finished()) finished.set(true);
                if (!closed.get()) listener.onEvent(ev);
            }

            @Override
            public void onClosed(EventSource es) {
                if (!finished.get() && !closed.get())
                    listener.onFailure(new ClientException(ClientException.Kind.UNREACHABLE,
                            "The server stopped sending the job's progress before it finished (after event " + lastSeq.get() + ").",
                            0, null, null, null, null, null));
            }

            @Override
            public void onFailure(EventSource es, Throwable t, Response response) {
                if (closed.get()) return;
                ClientException e;
                if (response != null && !response.isSuccessful()) {
                    String body;
                    try {
                        body = response.body() == null ? "" : response.body().string();
                    } catch (IOException io) {
                        body = "";
                    }
                    e = client.problem(response.code(), body, false);
                } else if (t instanceof IOException io) {
                    e = client.transport(io);
                } else {
                    e = new ClientException(ClientException.Kind.SERVER, "The job's progress could not be read: "
                            + (t == null ? "unexpected answer" : t.getMessage()), response == null ? 0 : response.code(), null, null, null, null, t);
                }
                listener.onFailure(e);
            }
        };
        // No read timeout: a job can be quiet for long; the server sends a comment every 15 s anyway.
        var http = client.http().newBuilder().readTimeout(java.time.Duration.ZERO).build();
        return new JobFollower(EventSources.createFactory(http).newEventSource(req.build(), sse), closed);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) source.cancel();
    }
}
