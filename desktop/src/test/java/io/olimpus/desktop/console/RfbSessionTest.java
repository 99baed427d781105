package io.olimpus.desktop.console;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The RFB decoder fed with a scripted server, in every chunking from one byte at a time to all at once. */
class RfbSessionTest {
    /** What the session said and reported. */
    static final class Recorder implements RfbSession.Listener {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        int frames;

        void send(byte[] b) { sent.writeBytes(b); }

        public void connected(String name, int w, int h) { events.add("connected " + name + " " + w + "x" + h); }
        public void resized(int w, int h) { events.add("resized " + w + "x" + h); }
        public void updated(int x, int y, int w, int h) { events.add("updated " + x + "," + y + " " + w + "x" + h); }
        public void frameComplete() { frames++; events.add("frame"); }
        public void bell() { events.add("bell"); }
        public void failed(String reason) { events.add("failed " + reason); }
    }

    /** Builds what a server sends. */
    static final class Server {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Server raw(String s) { b.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1)); return this; }
        Server u8(int v) { b.write(v); return this; }
        Server u16(int v) { return u8(v >> 8 & 0xFF).u8(v & 0xFF); }
        Server s32(int v) { return u16(v >>> 16).u16(v & 0xFFFF); }
        Server text(String s) { byte[] t = s.getBytes(StandardCharsets.UTF_8); s32(t.length); b.writeBytes(t); return this; }

        /** QEMU's greeting and a 3.8 handshake with security None, then ServerInit. */
        static Server qemu(int w, int h, String name) {
            Server s = new Server().raw("RFB 003.008\n").u8(1).u8(RfbSession.SEC_NONE).s32(0);
            s.u16(w).u16(h);
            s.b.writeBytes(new byte[]{32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
            return s.text(name);
        }

        Server update(int rects) { return u8(0).u8(0).u16(rects); }

        Server rect(int x, int y, int w, int h, int encoding) { return u16(x).u16(y).u16(w).u16(h).s32(encoding); }

        /** A raw rectangle whose pixel (i) has colour f(i), sent as BGRX. */
        Server rawPixels(int count, java.util.function.IntUnaryOperator colour) {
            for (int i = 0; i < count; i++) {
                int c = colour.applyAsInt(i);
                u8(c & 0xFF).u8(c >> 8 & 0xFF).u8(c >> 16 & 0xFF).u8(0);
            }
            return this;
        }

        byte[] bytes() { return b.toByteArray(); }
    }

    /** Feeds {@code bytes} in chunks whose sizes come from {@code sizes} (cycled). */
    static void feed(RfbSession s, byte[] bytes, int... sizes) {
        int at = 0, i = 0;
        while (at < bytes.length) {
            int n = Math.min(sizes[i++ % sizes.length], bytes.length - at);
            s.receive(Arrays.copyOfRange(bytes, at, at + n));
            at += n;
        }
    }

    static int colour(int i) { return (i * 2654435761L) % 0xFFFFFF > 0 ? (int) ((i * 2654435761L) & 0xFFFFFF) : 0x123456; }

    /** A whole conversation: handshake, a raw frame, CopyRect, bell, clipboard, colour map, a resize and a frame after it. */
    static byte[] conversation() {
        Server s = Server.qemu(8, 6, "QEMU (vm1)");
        s.update(1).rect(0, 0, 8, 6, RfbSession.ENC_RAW).rawPixels(48, RfbSessionTest::colour);
        s.update(2).rect(2, 1, 3, 2, RfbSession.ENC_RAW).rawPixels(6, i -> 0xFF0000 + i)
                .rect(4, 3, 3, 2, RfbSession.ENC_COPYRECT).u16(2).u16(1);      // copies the red block down-right
        s.u8(2);                                                                // bell
        s.u8(3).u8(0).u8(0).u8(0).text("clipboard text");                     // ServerCutText (skipped)
        s.u8(1).u8(0).u16(0).u16(2);                                           // SetColourMapEntries, 2 entries (skipped)
        s.b.writeBytes(new byte[12]);
        s.update(1).rect(0, 0, 4, 3, RfbSession.ENC_DESKTOP_SIZE);
        s.update(1).rect(0, 0, 4, 3, RfbSession.ENC_RAW).rawPixels(12, i -> 0x00FF00 | i);
        s.update(0);
        return s.bytes();
    }

    void checkConversation(int... chunks) {
        Recorder r = new Recorder();
        Framebuffer fb = new Framebuffer();
        RfbSession s = new RfbSession(fb, r::send, r);
        feed(s, conversation(), chunks);

        assertThat(r.events).as("chunks %s", Arrays.toString(chunks)).containsExactly(
                "connected QEMU (vm1) 8x6",
                "updated 0,0 8x6", "frame",
                "updated 2,1 3x2", "updated 4,3 3x2", "frame",
                "bell",
                "resized 4x3", "frame",
                "updated 0,0 4x3", "frame",
                "frame");
        assertThat(s.phase()).isEqualTo(RfbSession.Phase.RUNNING);
        assertThat(fb.width()).isEqualTo(4);
        for (int i = 0; i < 12; i++) assertThat(fb.pixel(i % 4, i / 4)).isEqualTo(0xFF00FF00 | i);

        // What the client said: version, security None, shared ClientInit, pixel format, encodings,
        // then a full request, incremental ones after each frame, a full one after the resize.
        ByteBuffer out = ByteBuffer.wrap(r.sent.toByteArray());
        byte[] version = new byte[12];
        out.get(version);
        assertThat(new String(version, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
        assertThat(out.get()).isEqualTo((byte) 1);
        assertThat(out.get()).as("shared").isEqualTo((byte) 1);
        byte[] pf = new byte[20];
        out.get(pf);
        assertThat(pf).isEqualTo(RfbSession.setPixelFormat());
        assertThat(pf[4]).as("bits per pixel").isEqualTo((byte) 32);
        assertThat(pf[7]).as("true colour").isEqualTo((byte) 1);
        byte[] enc = new byte[16];
        out.get(enc);
        assertThat(enc).isEqualTo(RfbSession.setEncodings(1, 0, -223));
        List<String> requests = new ArrayList<>();
        while (out.hasRemaining()) {
            assertThat(out.get()).as("message type").isEqualTo((byte) 3);
            int incremental = out.get();
            requests.add((incremental == 1 ? "inc " : "full ") + out.getShort() + "," + out.getShort() + " " + out.getShort() + "x" + out.getShort());
        }
        assertThat(requests).containsExactly("full 0,0 8x6", "inc 0,0 8x6", "inc 0,0 8x6", "full 0,0 4x3", "inc 0,0 4x3", "inc 0,0 4x3");
    }

    @Test
    void theWholeConversationDecodesTheSameInEveryChunking() {
        int total = conversation().length;
        for (int size = 1; size <= 64; size++) checkConversation(size);
        checkConversation(total);
        checkConversation(3, 1, 7, 2, 11, 5, 1, 1, 13);
        Random rnd = new Random(42);
        for (int run = 0; run < 200; run++) {
            int[] sizes = new int[20];
            for (int i = 0; i < sizes.length; i++) sizes[i] = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 150);
            checkConversation(sizes);
        }
    }

    @Test
    void pixelsAreStoredWhereAndInTheColourTheServerSent() {
        Recorder r = new Recorder();
        Framebuffer fb = new Framebuffer();
        RfbSession s = new RfbSession(fb, r::send, r);
        Server srv = Server.qemu(8, 6, "x");
        srv.update(1).rect(0, 0, 8, 6, RfbSession.ENC_RAW).rawPixels(48, RfbSessionTest::colour);
        feed(s, srv.bytes(), 5);
        for (int i = 0; i < 48; i++) assertThat(fb.pixel(i % 8, i / 8)).as("pixel %d", i).isEqualTo(0xFF000000 | colour(i));

        // CopyRect moves what is there, including when source and target overlap.
        srv = new Server().update(1).rect(1, 1, 6, 4, RfbSession.ENC_COPYRECT).u16(0).u16(0);
        feed(s, srv.bytes(), 3);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 6; x++)
                assertThat(fb.pixel(1 + x, 1 + y)).as("%d,%d", x, y).isEqualTo(0xFF000000 | colour(y * 8 + x));
        assertThat(fb.pixel(0, 0)).isEqualTo(0xFF000000 | colour(0));
    }

    @Test
    void keysAndPointerBecomeRfbMessagesOnlyAfterTheHandshake() {
        Recorder r = new Recorder();
        RfbSession s = new RfbSession(new Framebuffer(), r::send, r);
        s.key(KeySyms.RETURN, true);
        assertThat(r.sent.size()).as("nothing before the handshake").isZero();
        feed(s, Server.qemu(640, 480, "q").bytes(), 4);
        r.sent.reset();
        s.key(KeySyms.RETURN, true);
        s.key(KeySyms.RETURN, false);
        s.pointer(300, 200, 0b101);
        assertThat(r.sent.toByteArray()).containsExactly(
                4, 1, 0, 0, 0, 0, (byte) 0xff, 0x0d,
                4, 0, 0, 0, 0, 0, (byte) 0xff, 0x0d,
                5, 5, 1, 44, 0, (byte) 200);
    }

    @Test
    void olderServersAreSpokenToInTheirVersion() {
        Recorder r = new Recorder();
        RfbSession s = new RfbSession(new Framebuffer(), r::send, r);
        Server srv = new Server().raw("RFB 003.003\n").s32(1).u16(2).u16(2);
        srv.b.writeBytes(new byte[16]);
        feed(s, srv.text("old").bytes(), 1);
        assertThat(new String(r.sent.toByteArray(), 0, 12, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.003\n");
        assertThat(r.sent.toByteArray()[12]).as("ClientInit follows at once in 3.3").isEqualTo((byte) 1);
        assertThat(r.events).containsExactly("connected old 2x2");

        r = new Recorder();
        s = new RfbSession(new Framebuffer(), r::send, r);
        srv = new Server().raw("RFB 003.007\n").u8(2).u8(2).u8(1).u16(1).u16(1);
        srv.b.writeBytes(new byte[16]);
        feed(s, srv.text("seven").bytes(), 2);
        byte[] sent = r.sent.toByteArray();
        assertThat(new String(sent, 0, 12, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.007\n");
        assertThat(sent[12]).as("None picked").isEqualTo((byte) 1);
        assertThat(sent[13]).as("no SecurityResult in 3.7: ClientInit").isEqualTo((byte) 1);
        assertThat(r.events).containsExactly("connected seven 1x1");
    }

    @Test
    void refusalsAndBrokenStreamsFailWithAReasonAPersonCanRead() {
        assertThat(failure(new Server().raw("HTTP/1.1 404").bytes())).startsWith("not a VNC server");
        assertThat(failure(new Server().raw("RFB 003.008\n").u8(0).text("too many clients").bytes()))
                .isEqualTo("the console refused the connection: too many clients");
        assertThat(failure(new Server().raw("RFB 003.008\n").u8(1).u8(2).bytes()))
                .isEqualTo("the console asks for a VNC password; only no authentication is supported");
        assertThat(failure(new Server().raw("RFB 003.008\n").u8(1).u8(1).s32(1).text("go away").bytes()))
                .isEqualTo("the console refused the connection: go away");
        assertThat(failure(Server.qemu(4, 4, "q").update(1).rect(0, 0, 1, 1, 16).bytes()))
                .contains("encoding 16");
        assertThat(failure(Server.qemu(4, 4, "q").update(1).rect(2, 2, 3, 3, RfbSession.ENC_COPYRECT).u16(0).u16(0).bytes()))
                .contains("off the screen");
        assertThat(failure(Server.qemu(4, 4, "q").u8(99).bytes())).contains("unknown message type 99");
    }

    private static String failure(byte[] bytes) {
        Recorder r = new Recorder();
        RfbSession s = new RfbSession(new Framebuffer(), r::send, r);
        feed(s, bytes, 1);
        assertThat(s.phase()).isEqualTo(RfbSession.Phase.FAILED);
        String last = r.events.get(r.events.size() - 1);
        assertThat(last).startsWith("failed ");
        s.receive(new byte[]{0, 0, 0, 0});
        assertThat(r.events.get(r.events.size() - 1)).as("nothing after a failure").isEqualTo(last);
        return last.substring("failed ".length());
    }
}
