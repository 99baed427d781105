package io.olimpus.server.deploy;

import io.olimpus.server.engine.driver.CaptureLimits;
import io.olimpus.server.engine.driver.PacketCapture;
import io.olimpus.server.errors.DomainError;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A started capture on a link, relayed as pcap to whoever asked: the global header is read before
 * the answer is committed (so a capture that cannot start is an ordinary refusal, not an empty
 * file), then records are copied whole, each flushed at once. The limits are enforced here too,
 * record by record: a byte bound never cuts a record in half, and a deadline closes the capture
 * even when the platform's own bound did not end it. Closing stops the capture on the platform.
 */
public final class LinkCapture implements AutoCloseable {
    /** How long tcpdump (or a platform's tool) may take to write its file header. */
    static final long START_MS = 15_000;
    /** How long after the seconds bound the platform gets to end the capture itself. */
    static final long GRACE_MS = 5_000;
    private static final int GLOBAL_HEADER = 24, RECORD_HEADER = 16;
    /** Larger than any snapshot length tcpdump uses (262144): a record claiming more is not pcap. */
    private static final int MAX_RECORD = 1 << 20;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capture-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** What a relay carried and why it stopped. */
    public record Result(int packets, long bytes, String endedBy) {}

    private final PacketCapture capture;
    private final CaptureLimits limits;
    private final byte[] header;
    private final boolean bigEndian;
    private final long startedAt;
    private final ScheduledFuture<?> deadline;
    private volatile boolean timedOut;

    private LinkCapture(PacketCapture capture, CaptureLimits limits, byte[] header, long startedAt) {
        this.capture = capture;
        this.limits = limits;
        this.header = header;
        this.startedAt = startedAt;
        this.bigEndian = (header[0] & 0xff) == 0xa1;
        this.deadline = TIMER.schedule(() -> {
            timedOut = true;
            capture.close();
        }, limits.seconds() * 1000L + GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the capture's pcap header; a capture that ends or stays silent before it is closed
     * and refused with what its tool said.
     */
    static LinkCapture start(PacketCapture capture, CaptureLimits limits) {
        long started = System.nanoTime();
        ScheduledFuture<?> giveUp = TIMER.schedule(capture::close, START_MS, TimeUnit.MILLISECONDS);
        byte[] header;
        try {
            header = capture.pcap().readNBytes(GLOBAL_HEADER);
        } catch (IOException e) {
            header = new byte[0];
        } finally {
            giveUp.cancel(false);
        }
        if (header.length < GLOBAL_HEADER || !isPcap(header)) {
            capture.close();
            String said = firstLine(capture.diagnostics());
            throw DomainError.conflict("capture-failed", "the capture on " + capture.where() + " did not start"
                    + (said.isEmpty() ? "" : " (" + said + ")") + "; check that the link's VMs run, then try again", "link");
        }
        return new LinkCapture(capture, limits, header, started);
    }

    /** Milliseconds from asking the platform to the pcap header: the time to first byte, for the log. */
    public long startMillis() { return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt); }

    public String where() { return capture.where(); }

    /** The header, then whole records until a limit, the capture's end, or a failed write (the client left). */
    public Result relay(OutputStream out) {
        int packets = 0;
        long bytes = GLOBAL_HEADER;
        InputStream in = capture.pcap();
        try {
            out.write(header);
            out.flush();
        } catch (IOException e) {
            return new Result(0, 0, "client gone");
        }
        byte[] rec = new byte[RECORD_HEADER];
        while (true) {
            if (packets >= limits.packets()) return new Result(packets, bytes, "packets");
            byte[] body;
            try {
                if (in.readNBytes(rec, 0, RECORD_HEADER) < RECORD_HEADER) return new Result(packets, bytes, timedOut ? "seconds" : "capture ended");
                int length = intAt(rec, 8);
                if (length < 0 || length > MAX_RECORD) return new Result(packets, bytes, "not pcap");
                body = in.readNBytes(length);
                if (body.length < length) return new Result(packets, bytes, timedOut ? "seconds" : "capture ended");
            } catch (IOException e) {
                return new Result(packets, bytes, timedOut ? "seconds" : "capture ended");
            }
            if (bytes + RECORD_HEADER + body.length > limits.bytes()) return new Result(packets, bytes, "bytes");
            try {
                out.write(rec);
                out.write(body);
                out.flush();
            } catch (IOException e) {
                return new Result(packets, bytes, "client gone");
            }
            packets++;
            bytes += RECORD_HEADER + body.length;
        }
    }

    private int intAt(byte[] b, int at) {
        int b0 = b[at] & 0xff, b1 = b[at + 1] & 0xff, b2 = b[at + 2] & 0xff, b3 = b[at + 3] & 0xff;
        return bigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0;
    }

    /** The pcap magic in either byte order, micro- or nanosecond timestamps. */
    static boolean isPcap(byte[] h) {
        int m = (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
        return m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    @Override
    public void close() {
        deadline.cancel(false);
        capture.close();
    }
}
