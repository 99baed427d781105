package io.olimpus.server.deploy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a read-only viewer (an instructor watching a student's VM) may send to the VM's RFB server:
 * the handshake, then only the messages needed to receive the screen (SetPixelFormat,
 * SetEncodings, FramebufferUpdateRequest). Keys, pointer events and cut text (and QEMU's extended
 * key events) are dropped whole, so the VM never sees them; anything else, whose length this
 * parser cannot know, ends the connection rather than pass unread bytes. The viewer's ClientInit
 * always asks to share the display, so a watcher never disconnects the student's own viewer.
 * Fed the client's bytes in whatever pieces the WebSocket delivers; one instance per connection.
 */
final class RfbViewOnly {
    /** The viewer sent something a read-only console does not pass and cannot skip: the connection ends. */
    static final class Refused extends RuntimeException {
        Refused(String why) { super(why); }
    }

    private enum Phase { VERSION, SECURITY, VNC_AUTH, CLIENT_INIT, MESSAGES }

    static final int SET_PIXEL_FORMAT = 0, SET_ENCODINGS = 2, UPDATE_REQUEST = 3, KEY_EVENT = 4, POINTER_EVENT = 5, CUT_TEXT = 6, QEMU = 255;
    private static final int SECURITY_NONE = 1, SECURITY_VNC_AUTH = 2;

    private Phase phase = Phase.VERSION;
    private byte[] held = new byte[0];
    /** Bytes of a dropped message (a long cut text) still to come: skipped as they arrive, never held. */
    private long skipping;
    private long dropped;

    /** How many input messages were dropped so far (for the log and tests). */
    long dropped() { return dropped; }

    /** The part of {@code data} (with what was held from before) that may reach the VM. */
    byte[] pass(byte[] data) {
        byte[] b = held.length == 0 ? data : concat(held, data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        int i = 0;
        while (i < b.length) {
            if (skipping > 0) {
                int n = (int) Math.min(skipping, b.length - i);
                i += n;
                skipping -= n;
                continue;
            }
            int left = b.length - i;
            int used = switch (phase) {
                case VERSION -> version(b, i, left, out);
                case SECURITY -> security(b, i, left, out);
                case VNC_AUTH -> forward(b, i, left, 16, out, Phase.CLIENT_INIT);
                case CLIENT_INIT -> {
                    out.write(1);  // shared: never take the display from the student's own viewer
                    phase = Phase.MESSAGES;
                    yield 1;
                }
                case MESSAGES -> message(b, i, left, out);
            };
            if (used == 0) break;  // the rest of a message is still to come
            i += used;
        }
        held = Arrays.copyOfRange(b, i, b.length);
        return out.toByteArray();
    }

    private int version(byte[] b, int i, int left, ByteArrayOutputStream out) {
        if (left < 12) return 0;
        String v = new String(b, i, 12, StandardCharsets.US_ASCII);
        if (!v.matches("RFB 003\\.00[3-8]\n")) throw new Refused("the viewer's protocol version is not RFB 3.3 to 3.8");
        out.write(b, i, 12);
        // From 3.7 the viewer picks the security type; with 3.3 the server does (QEMU's VNC without a password: none).
        phase = v.charAt(10) >= '7' ? Phase.SECURITY : Phase.CLIENT_INIT;
        return 12;
    }

    private int security(byte[] b, int i, int left, ByteArrayOutputStream out) {
        int type = b[i] & 0xff;
        if (type != SECURITY_NONE && type != SECURITY_VNC_AUTH)
            throw new Refused("a read-only console passes only the 'none' and 'VNC' security types, not " + type);
        out.write(type);
        phase = type == SECURITY_VNC_AUTH ? Phase.VNC_AUTH : Phase.CLIENT_INIT;
        return 1;
    }

    private int forward(byte[] b, int i, int left, int length, ByteArrayOutputStream out, Phase next) {
        if (left < length) return 0;
        out.write(b, i, length);
        phase = next;
        return length;
    }

    /** One client message: forwarded or dropped whole; 0 while it is incomplete. */
    private int message(byte[] b, int i, int left, ByteArrayOutputStream out) {
        int type = b[i] & 0xff;
        switch (type) {
            case SET_PIXEL_FORMAT: return forward(b, i, left, 20, out, Phase.MESSAGES);
            case UPDATE_REQUEST: return forward(b, i, left, 10, out, Phase.MESSAGES);
            case SET_ENCODINGS: {
                if (left < 4) return 0;
                int count = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                return forward(b, i, left, 4 + 4 * count, out, Phase.MESSAGES);
            }
            case KEY_EVENT: return drop(left, 8);
            case POINTER_EVENT: return drop(left, 6);
            case CUT_TEXT: {
                if (left < 8) return 0;
                int length = ((b[i + 4] & 0xff) << 24) | ((b[i + 5] & 0xff) << 16) | ((b[i + 6] & 0xff) << 8) | (b[i + 7] & 0xff);
                // The extended clipboard sends a negative length: that many bytes follow all the same.
                long body = length < 0 ? -(long) length : length;
                dropped++;
                skipping = body;
                return 8;
            }
            case QEMU: {
                if (left < 2) return 0;
                if ((b[i + 1] & 0xff) == 0) return drop(left, 12);  // QEMU's extended key event
                throw new Refused("the viewer sent QEMU message " + (b[i + 1] & 0xff) + ", which a read-only console does not pass");
            }
            default: throw new Refused("the viewer sent RFB message " + type + ", which a read-only console does not pass");
        }
    }

    private int drop(int left, int length) {
        if (left < length) return 0;
        dropped++;
        return length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
