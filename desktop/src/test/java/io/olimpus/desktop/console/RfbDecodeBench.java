package io.olimpus.desktop.console;

import java.util.Arrays;

/**
 * How fast the decoder applies full-screen Raw updates (what QEMU sends for a changed screen) when
 * the bytes arrive in 64 KiB chunks, the pump size of the server's console socket. Prints
 * "BENCH" lines for docs/benchmarks.md. Run: see docs/benchmarks.md (Console viewer).
 */
public final class RfbDecodeBench {
    private RfbDecodeBench() {}

    public static void main(String[] args) {
        int w = 1280, h = 800, frames = 200;
        RfbSessionTest.Server s = RfbSessionTest.Server.qemu(w, h, "bench");
        byte[] handshake = s.bytes();
        RfbSessionTest.Server f = new RfbSessionTest.Server().update(1).rect(0, 0, w, h, RfbSession.ENC_RAW).rawPixels(w * h, i -> i * 2654435761L > 0 ? i : -i);
        byte[] frame = f.bytes();
        for (int round = 0; round < 3; round++) {
            Framebuffer fb = new Framebuffer();
            int[] done = {0};
            RfbSession session = new RfbSession(fb, b -> {}, new RfbSession.Listener() {
                public void frameComplete() { done[0]++; }
            });
            session.receive(handshake);
            long t0 = System.nanoTime();
            for (int n = 0; n < frames; n++)
                for (int at = 0; at < frame.length; at += 65536)
                    session.receive(Arrays.copyOfRange(frame, at, Math.min(frame.length, at + 65536)));
            double secs = (System.nanoTime() - t0) / 1e9;
            if (done[0] != frames) throw new IllegalStateException("decoded " + done[0] + " of " + frames);
            System.out.printf("BENCH console raw %dx%d in 64 KiB chunks, round %d: %.2f ms/frame, %.0f MB/s%n",
                    w, h, round + 1, secs * 1000 / frames, frame.length * (double) frames / secs / 1e6);
        }
    }
}
