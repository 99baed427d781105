package io.olimpus.desktop.console;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The client side of the RFB protocol (VNC, RFC 6143, versions 3.3 to 3.8), without any UI: feed
 * it the server's bytes with {@link #receive} in chunks of any size and it answers through the
 * output, keeps the {@link Framebuffer} current and tells its {@link Listener}. Security type
 * None only (what QEMU offers behind the headnode's forwarding); pixels as 32-bit true colour,
 * Raw and CopyRect encodings, DesktopSize for screen-mode changes.
 *
 * <p>{@link #receive} is called by one thread at a time (the pipe's); {@link #key},
 * {@link #pointer} and {@link #refresh} may be called from any other thread.
 */
public final class RfbSession {
    /** What the session reports; all calls come on the thread that called {@link #receive}. */
    public interface Listener {
        /** The handshake finished: the screen has this size and name. */
        default void connected(String desktopName, int width, int height) {}

        /** The screen changed size (and is black until the next update). */
        default void resized(int width, int height) {}

        /** These pixels changed. */
        default void updated(int x, int y, int width, int height) {}

        /** One FramebufferUpdate message was fully applied. */
        default void frameComplete() {}

        default void bell() {}

        /** The server refused the connection or broke the protocol; the session is dead. */
        default void failed(String reason) {}
    }

    /** Where the session is in the protocol. */
    public enum Phase { VERSION, SECURITY, SECURITY_RESULT, SERVER_INIT, RUNNING, FAILED }

    static final int ENC_RAW = 0, ENC_COPYRECT = 1, ENC_DESKTOP_SIZE = -223;
    static final int SEC_NONE = 1;
    private static final int MAX_TEXT = 1 << 20;

    private final Framebuffer fb;
    private final Consumer<byte[]> out;
    private final Listener listener;
    private final Object sendLock = new Object();

    private volatile Phase phase = Phase.VERSION;
    private int minor;                    // negotiated 3.x
    private String name = "";

    // Receive buffer: unread bytes are buf[start, end).
    private byte[] buf = new byte[8192];
    private int start, end;

    // Inside a FramebufferUpdate: rectangles left, and the raw rectangle being streamed in.
    private enum In { MESSAGE, RECT_HEADER, RAW, COPYRECT, SKIP }
    private In in = In.MESSAGE;
    private int rectsLeft;
    private boolean resizedInFrame;
    private int rx, ry, rw, rh;
    private long rawDone, rawTotal, skipLeft;

    public RfbSession(Framebuffer fb, Consumer<byte[]> out, Listener listener) {
        this.fb = fb;
        this.out = out;
        this.listener = listener;
    }

    public Phase phase() { return phase; }

    public String desktopName() { return name; }

    /** Feeds bytes from the server. */
    public void receive(byte[] data, int off, int len) {
        if (phase == Phase.FAILED) return;
        append(data, off, len);
        try {
            while (phase != Phase.FAILED && step()) { /* consume as much as is complete */ }
        } catch (ProtocolException e) {
            fail(e.getMessage());
        }
    }

    public void receive(byte[] data) { receive(data, 0, data.length); }

    /** A key went down or up; {@code keysym} is an X11 keysym ({@link KeySyms}). Ignored before the handshake ends. */
    public void key(int keysym, boolean down) {
        if (phase != Phase.RUNNING) return;
        send(new byte[]{4, (byte) (down ? 1 : 0), 0, 0, (byte) (keysym >>> 24), (byte) (keysym >>> 16), (byte) (keysym >>> 8), (byte) keysym});
    }

    /** The pointer is at (x,y) of the framebuffer with these buttons down (bit 0 left, 1 middle, 2 right, 3/4 wheel up/down). */
    public void pointer(int x, int y, int buttons) {
        if (phase != Phase.RUNNING) return;
        x = Math.max(0, Math.min(x, 65535));
        y = Math.max(0, Math.min(y, 65535));
        send(new byte[]{5, (byte) buttons, (byte) (x >> 8), (byte) x, (byte) (y >> 8), (byte) y});
    }

    /** Asks for the whole screen again (non-incremental update). */
    public void refresh() {
        if (phase == Phase.RUNNING) requestUpdate(false);
    }

    // ---- receiving ------------------------------------------------------------------------------

    private void append(byte[] data, int off, int len) {
        if (end + len > buf.length) {
            int unread = end - start;
            if (unread + len > buf.length) {
                byte[] bigger = new byte[Math.max(buf.length * 2, unread + len)];
                System.arraycopy(buf, start, bigger, 0, unread);
                buf = bigger;
            } else {
                System.arraycopy(buf, start, buf, 0, unread);
            }
            start = 0;
            end = unread;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    private int available() { return end - start; }

    private int u8(int at) { return buf[start + at] & 0xFF; }

    private int u16(int at) { return u8(at) << 8 | u8(at + 1); }

    private int s32(int at) { return u16(at) << 16 | u16(at + 2); }

    private long u32(int at) { return s32(at) & 0xFFFFFFFFL; }

    private String text(int at, int len) { return new String(buf, start + at, len, StandardCharsets.ISO_8859_1); }

    private void consume(int n) { start += n; if (start == end) start = end = 0; }

    /** A string prefixed by its u32 length at {@code at}: its total size, or -1 while incomplete. */
    private int lengthPrefixed(int at) throws ProtocolException {
        if (available() < at + 4) return -1;
        long len = u32(at);
        if (len > MAX_TEXT) throw new ProtocolException("the server sent a " + len + "-byte text");
        return available() < at + 4 + len ? -1 : at + 4 + (int) len;
    }

    /** Handles one complete item if it is there; false when more bytes are needed. */
    private boolean step() throws ProtocolException {
        switch (phase) {
            case VERSION: return version();
            case SECURITY: return security();
            case SECURITY_RESULT: return securityResult();
            case SERVER_INIT: return serverInit();
            case RUNNING: return running();
            default: return false;
        }
    }

    private boolean version() throws ProtocolException {
        if (available() < 12) return false;
        String v = text(0, 12);
        if (!v.matches("RFB \\d{3}\\.\\d{3}\n")) throw new ProtocolException("not a VNC server (it said \"" + v.trim() + "\")");
        int major = Integer.parseInt(v.substring(4, 7)), m = Integer.parseInt(v.substring(8, 11));
        if (major < 3) throw new ProtocolException("VNC version " + v.trim() + " is too old");
        minor = major > 3 || m >= 8 ? 8 : m >= 7 ? 7 : 3;
        consume(12);
        send(String.format("RFB 003.%03d\n", minor).getBytes(StandardCharsets.US_ASCII));
        phase = Phase.SECURITY;
        return true;
    }

    private boolean security() throws ProtocolException {
        if (minor == 3) {                      // 3.3: the server picks, as a u32
            if (available() < 4) return false;
            long type = u32(0);
            if (type == 0) return refusal(4);
            if (type != SEC_NONE) throw new ProtocolException(securityName((int) type) + " is not supported (only no authentication)");
            consume(4);
            clientInit();
            return true;
        }
        if (available() < 1) return false;
        int n = u8(0);
        if (n == 0) return refusal(1);
        if (available() < 1 + n) return false;
        boolean none = false;
        StringBuilder offered = new StringBuilder();
        for (int i = 0; i < n; i++) {
            none |= u8(1 + i) == SEC_NONE;
            offered.append(i == 0 ? "" : ", ").append(securityName(u8(1 + i)));
        }
        if (!none) throw new ProtocolException("the console asks for " + offered + "; only no authentication is supported");
        consume(1 + n);
        send(new byte[]{SEC_NONE});
        if (minor == 8) phase = Phase.SECURITY_RESULT;
        else clientInit();
        return true;
    }

    /** The server's reason for refusing, a u32-prefixed string at {@code at}. */
    private boolean refusal(int at) throws ProtocolException {
        int total = lengthPrefixed(at);
        if (total < 0) return false;
        throw new ProtocolException("the console refused the connection: " + text(at + 4, total - at - 4));
    }

    private boolean securityResult() throws ProtocolException {
        if (available() < 4) return false;
        if (u32(0) == 0) {
            consume(4);
            clientInit();
            return true;
        }
        int total = lengthPrefixed(4);
        if (total < 0) return false;
        throw new ProtocolException("the console refused the connection: " + text(8, total - 8));
    }

    private void clientInit() {
        send(new byte[]{1});                  // shared: other viewers stay connected
        phase = Phase.SERVER_INIT;
    }

    private boolean serverInit() throws ProtocolException {
        int total = lengthPrefixed(20);
        if (total < 0) return false;
        int w = u16(0), h = u16(2);
        name = new String(buf, start + 24, total - 24, StandardCharsets.UTF_8);
        consume(total);
        fb.resize(w, h);
        send(setPixelFormat());
        send(setEncodings(ENC_COPYRECT, ENC_RAW, ENC_DESKTOP_SIZE));
        phase = Phase.RUNNING;
        listener.connected(name, w, h);
        requestUpdate(false);
        return true;
    }

    private boolean running() throws ProtocolException {
        switch (in) {
            case MESSAGE: return message();
            case RECT_HEADER: return rectHeader();
            case RAW: return raw();
            case COPYRECT: return copyRect();
            case SKIP: return skip();
            default: return false;
        }
    }

    private boolean message() throws ProtocolException {
        if (available() < 1) return false;
        int type = u8(0);
        switch (type) {
            case 0 -> {                          // FramebufferUpdate
                if (available() < 4) return false;
                rectsLeft = u16(2);
                resizedInFrame = false;
                consume(4);
                in = In.RECT_HEADER;
                if (rectsLeft == 0) endFrame();
            }
            case 1 -> {                          // SetColourMapEntries: not used with true colour; skipped
                if (available() < 6) return false;
                skipLeft = 6L * u16(4);
                consume(6);
                in = In.SKIP;
            }
            case 2 -> {                          // Bell
                consume(1);
                listener.bell();
            }
            case 3 -> {                          // ServerCutText: the guest's clipboard, not used
                if (available() < 8) return false;
                skipLeft = u32(4);
                consume(8);
                in = In.SKIP;
            }
            default -> throw new ProtocolException("unknown message type " + type + " from the server");
        }
        return true;
    }

    private boolean rectHeader() throws ProtocolException {
        if (rectsLeft == 0) { in = In.MESSAGE; return true; }
        if (available() < 12) return false;
        rx = u16(0); ry = u16(2); rw = u16(4); rh = u16(6);
        int encoding = s32(8);
        consume(12);
        switch (encoding) {
            case ENC_RAW -> {
                rawDone = 0;
                rawTotal = (long) rw * rh;
                in = In.RAW;
            }
            case ENC_COPYRECT -> in = In.COPYRECT;
            case ENC_DESKTOP_SIZE -> {
                fb.resize(rw, rh);
                resizedInFrame = true;
                listener.resized(rw, rh);
                rectDone(false);
            }
            default -> throw new ProtocolException("the server used encoding " + encoding + ", which was not asked for");
        }
        return true;
    }

    private boolean raw() {
        int pixels = (int) Math.min(available() / 4, rawTotal - rawDone);
        if (pixels == 0 && rawDone < rawTotal) return false;
        if (pixels > 0) {
            fb.putBgrx(rx, ry, rw, rawDone, pixels, buf, start);
            consume(pixels * 4);
            rawDone += pixels;
        }
        if (rawDone == rawTotal) rectDone(true);
        return true;
    }

    private boolean copyRect() throws ProtocolException {
        if (available() < 4) return false;
        int sx = u16(0), sy = u16(2);
        consume(4);
        if (!fb.copy(sx, sy, rx, ry, rw, rh))
            throw new ProtocolException("CopyRect from " + sx + "," + sy + " to " + rx + "," + ry + " (" + rw + "x" + rh + ") is off the screen");
        rectDone(true);
        return true;
    }

    private boolean skip() {
        if (available() == 0 && skipLeft > 0) return false;
        int n = (int) Math.min(available(), skipLeft);
        consume(n);
        skipLeft -= n;
        if (skipLeft == 0) in = In.MESSAGE;
        return true;
    }

    private void rectDone(boolean drawn) {
        if (drawn && rw > 0 && rh > 0) listener.updated(rx, ry, rw, rh);
        rectsLeft--;
        in = In.RECT_HEADER;
        if (rectsLeft == 0) endFrame();
    }

    private void endFrame() {
        in = In.MESSAGE;
        listener.frameComplete();
        // The next update is asked for only now, so a slow viewer paces the server. After a
        // resize the whole (new, black) screen is needed, not just what changed.
        requestUpdate(!resizedInFrame);
    }

    // ---- sending --------------------------------------------------------------------------------

    private void requestUpdate(boolean incremental) {
        int w = fb.width(), h = fb.height();
        send(new byte[]{3, (byte) (incremental ? 1 : 0), 0, 0, 0, 0, (byte) (w >> 8), (byte) w, (byte) (h >> 8), (byte) h});
    }

    /** 32 bits per pixel, depth 24, little-endian true colour, red at bit 16: BGRX in memory. */
    static byte[] setPixelFormat() {
        return new byte[]{0, 0, 0, 0, 32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0};
    }

    static byte[] setEncodings(int... encodings) {
        byte[] m = new byte[4 + 4 * encodings.length];
        m[0] = 2;
        m[2] = (byte) (encodings.length >> 8);
        m[3] = (byte) encodings.length;
        for (int i = 0; i < encodings.length; i++) {
            int e = encodings[i];
            m[4 + 4 * i] = (byte) (e >>> 24); m[5 + 4 * i] = (byte) (e >>> 16); m[6 + 4 * i] = (byte) (e >>> 8); m[7 + 4 * i] = (byte) e;
        }
        return m;
    }

    private void send(byte[] bytes) {
        synchronized (sendLock) { out.accept(bytes); }
    }

    private void fail(String reason) {
        phase = Phase.FAILED;
        listener.failed(reason);
    }

    private static String securityName(int type) {
        return switch (type) {
            case 1 -> "no authentication";
            case 2 -> "a VNC password";
            case 16 -> "Tight security";
            case 18 -> "TLS";
            case 19 -> "VeNCrypt";
            case 30 -> "Apple authentication";
            default -> "security type " + type;
        };
    }

    /** The server broke the protocol or refused us. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) { super(message); }
    }
}
