package io.olimpus.client;

import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A capture on a link of a running slice (GET /slices/{id}/links/{link}/capture), read as the
 * pcap file the server streams: {@link #copyTo} writes it whole record by record (a stop never
 * leaves half a packet in the file) and reports each packet; {@link #close} stops it from any
 * thread, which also ends tcpdump on the worker.
 */
public final class LinkCapture implements AutoCloseable {
    /** Hears the count of packets and bytes written so far, after each packet. */
    @FunctionalInterface
    public interface Progress {
        void packets(int packets, long bytes);
    }

    /** What was written: packets and bytes (the 24-byte header included). */
    public record Result(int packets, long bytes) {}

    private static final int GLOBAL_HEADER = 24, RECORD_HEADER = 16, MAX_RECORD = 1 << 20;
    private final Call call;
    private final Response response;
    /** Guards {@link #reading}: okio's sources are not thread-safe, so only the reading thread closes the body while it reads. */
    private final Object lock = new Object();
    private boolean reading;

    private LinkCapture(Call call, Response response) {
        this.call = call;
        this.response = response;
    }

    /** Starts the capture; a refusal (not running, unknown link, an OpenStack zone) is a {@link ClientException} naming the field. Null bounds are the server's defaults. */
    static LinkCapture open(OlimpusClient client, long sliceId, String link, Integer packets, Integer seconds, Long bytes) {
        HttpUrl.Builder url = client.base().newBuilder().addPathSegments("slices/" + sliceId + "/links").addPathSegment(link).addPathSegment("capture");
        if (packets != null) url.addQueryParameter("packets", packets.toString());
        if (seconds != null) url.addQueryParameter("seconds", seconds.toString());
        if (bytes != null) url.addQueryParameter("bytes", bytes.toString());
        var http = client.http().newBuilder().readTimeout(java.time.Duration.ZERO).build();
        Call call = http.newCall(new Request.Builder().url(url.build()).header("Accept", "application/vnd.tcpdump.pcap").build());
        Response r;
        try {
            r = call.execute();
        } catch (IOException e) {
            throw client.transport(e);
        }
        if (!r.isSuccessful()) {
            String body;
            try (r) {
                body = r.body() == null ? "" : r.body().string();
            } catch (IOException e) {
                body = "";
            }
            throw client.problem(r.code(), body, false);
        }
        return new LinkCapture(call, r);
    }

    /**
     * Copies the capture into {@code out} until it ends (a bound on the server, or {@link #close});
     * returns what was written. A stop by {@link #close} is a normal end, not an error.
     */
    public Result copyTo(OutputStream out, Progress progress) throws IOException {
        synchronized (lock) {
            if (call.isCanceled()) return new Result(0, 0);
            reading = true;
        }
        try {
            return copy(out, progress);
        } finally {
            response.close();
            synchronized (lock) { reading = false; }
        }
    }

    private Result copy(OutputStream out, Progress progress) throws IOException {
        InputStream in = response.body().byteStream();
        int packets = 0;
        long bytes = 0;
        try {
            byte[] header = in.readNBytes(GLOBAL_HEADER);
            if (header.length < GLOBAL_HEADER) return new Result(0, 0);
            boolean big = (header[0] & 0xff) == 0xa1;
            out.write(header);
            out.flush();
            bytes = GLOBAL_HEADER;
            byte[] rec = new byte[RECORD_HEADER];
            while (in.readNBytes(rec, 0, RECORD_HEADER) == RECORD_HEADER) {
                int len = big ? (rec[8] & 0xff) << 24 | (rec[9] & 0xff) << 16 | (rec[10] & 0xff) << 8 | (rec[11] & 0xff)
                        : (rec[11] & 0xff) << 24 | (rec[10] & 0xff) << 16 | (rec[9] & 0xff) << 8 | (rec[8] & 0xff);
                if (len < 0 || len > MAX_RECORD) break;
                byte[] body = in.readNBytes(len);
                if (body.length < len) break;
                out.write(rec);
                out.write(body);
                out.flush();
                packets++;
                bytes += RECORD_HEADER + len;
                if (progress != null) progress.packets(packets, bytes);
            }
        } catch (IOException e) {
            if (!call.isCanceled()) throw e;
        }
        return new Result(packets, bytes);
    }

    /**
     * Stops the capture (the server ends tcpdump once the connection is gone). From another
     * thread than the one in {@link #copyTo} it only cancels the call, which is thread-safe; that
     * thread's read then ends and it closes the body itself. Closing the body here too raced with
     * the read inside okio (an IllegalStateException "No deadline" on the stopping thread).
     */
    @Override
    public void close() {
        call.cancel();
        synchronized (lock) {
            if (reading) return;
        }
        response.close();
    }
}
