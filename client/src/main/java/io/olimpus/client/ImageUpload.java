package io.olimpus.client;

import io.olimpus.wire.Wire;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One file streamed to POST /images/{name}/files with its length announced, so a cancelled
 * (cut-off) upload is one the server recognises and throws away. Progress is counted as bytes
 * are handed to the socket.
 */
public final class ImageUpload {
    /** Hears (bytes sent, bytes in all) on the upload's thread; called often, keep it cheap. */
    @FunctionalInterface
    public interface Progress {
        void sent(long bytes, long total);
    }

    private static final int CHUNK = 64 * 1024;
    private final Call call;
    private final long total;
    private final CompletableFuture<Wire.Image> result = new CompletableFuture<>();

    private ImageUpload(Call call, long total) {
        this.call = call;
        this.total = total;
    }

    static ImageUpload start(OlimpusClient client, String name, Path file, Progress progress) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        RequestBody body = new RequestBody() {
            @Override public MediaType contentType() { return OlimpusClient.OCTETS; }
            @Override public long contentLength() { return size; }
            // Never sent twice: a retry would restart a half-sent disk.
            @Override public boolean isOneShot() { return true; }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                byte[] buf = new byte[CHUNK];
                long sent = 0;
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sink.write(buf, 0, n);
                        sent += n;
                        if (progress != null) progress.sent(sent, size);
                    }
                }
            }
        };
        var url = client.base().newBuilder().addPathSegment("images").addPathSegment(name).addPathSegment("files").build();
        Call call = client.http().newBuilder().writeTimeout(java.time.Duration.ofMinutes(2)).readTimeout(java.time.Duration.ofMinutes(10)).build()
                .newCall(new Request.Builder().url(url).post(body).build());
        ImageUpload up = new ImageUpload(call, size);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                up.result.completeExceptionally(c.isCanceled() ? new CancellationException("upload of " + name + " cancelled") : client.transport(e));
            }

            @Override
            public void onResponse(Call c, Response r) {
                try (r) {
                    String text = r.body() == null ? "" : r.body().string();
                    if (r.isSuccessful()) up.result.complete(OlimpusClient.JSON.readValue(text, Wire.Image.class));
                    else up.result.completeExceptionally(client.problem(r.code(), text, false));
                } catch (IOException e) {
                    up.result.completeExceptionally(client.transport(e));
                }
            }
        });
        return up;
    }

    /** The image as stored (with this file), or a {@link ClientException}, or a {@link CancellationException}. */
    public CompletableFuture<Wire.Image> result() { return result; }

    public long total() { return total; }

    /** Stops sending; the server discards what it received. */
    public void cancel() {
        call.cancel();
    }
}
