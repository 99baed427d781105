package io.olimpus.server.deploy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read-only RFB filter on its own: whatever pieces the viewer's bytes come in (down to one
 * byte at a time), what reaches the VM is the handshake and the screen requests, never input.
 */
class RfbViewOnlyTest {
    /** A viewer's whole session: every byte it sends, and those of it a read-only console passes. */
    record Session(byte[] sent, byte[] passed) {
        /** The session cut into frames of the given sizes, cycled, to the end. */
        List<byte[]> cut(int[] sizes) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0, k = 0; i < sent.length; k++) {
                int n = Math.min(sizes[k % sizes.length], sent.length - i);
                out.add(Arrays.copyOfRange(sent, i, i + n));
                i += n;
            }
            return out;
        }
    }

    static Session viewerSession() {
        ByteArrayOutputStream sent = new ByteArrayOutputStream(), passed = new ByteArrayOutputStream();
        byte[] version = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
        both(sent, passed, version);
        both(sent, passed, new byte[]{1});                 // security: none
        sent.write(0);                                      // ClientInit asking for the display alone...
        passed.write(1);                                    // ...reaches the VM as shared
        byte[] pixelFormat = ByteBuffer.allocate(20).put((byte) 0).put(new byte[3]).put(new byte[]{32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0}).array();
        byte[] encodings = ByteBuffer.allocate(4 + 4 * 3).put((byte) 2).put((byte) 0).putShort((short) 3).putInt(0).putInt(1).putInt(-223).array();
        byte[] update = ByteBuffer.allocate(10).put((byte) 3).put((byte) 1).putShort((short) 0).putShort((short) 0).putShort((short) 800).putShort((short) 600).array();
        byte[] key = ByteBuffer.allocate(8).put((byte) 4).put((byte) 1).putShort((short) 0).putInt(0x72).array();   // 'r' pressed
        byte[] pointer = ByteBuffer.allocate(6).put((byte) 5).put((byte) 1).putShort((short) 10).putShort((short) 20).array();
        byte[] text = "rm -rf /home/student".getBytes(StandardCharsets.US_ASCII);
        byte[] cut = ByteBuffer.allocate(8 + text.length).put((byte) 6).put(new byte[3]).putInt(text.length).put(text).array();
        byte[] extendedCut = ByteBuffer.allocate(8 + 12).put((byte) 6).put(new byte[3]).putInt(-12).put(new byte[12]).array();
        byte[] qemuKey = ByteBuffer.allocate(12).put((byte) 255).put((byte) 0).putShort((short) 1).putInt(0x72).putInt(0x13).array();
        both(sent, passed, pixelFormat);
        both(sent, passed, encodings);
        both(sent, passed, update);
        sent.writeBytes(key);
        sent.writeBytes(pointer);
        sent.writeBytes(cut);
        both(sent, passed, update);
        sent.writeBytes(extendedCut);
        sent.writeBytes(qemuKey);
        sent.writeBytes(key);
        both(sent, passed, update);
        return new Session(sent.toByteArray(), passed.toByteArray());
    }

    private static void both(ByteArrayOutputStream a, ByteArrayOutputStream b, byte[] bytes) {
        a.writeBytes(bytes);
        b.writeBytes(bytes);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] through(RfbViewOnly f, List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] fr : frames) out.writeBytes(f.pass(fr));
        return out.toByteArray();
    }

    @Test
    void onlyTheHandshakeAndTheScreenRequestsPassHoweverTheBytesAreCut() {
        Session s = viewerSession();
        for (int size = 1; size <= s.sent().length; size++) {
            RfbViewOnly f = new RfbViewOnly();
            assertThat(through(f, s.cut(new int[]{size}))).as("in frames of %d bytes", size).isEqualTo(s.passed());
            assertThat(f.dropped()).as("two keys, a pointer event, two cut texts, QEMU's key event").isEqualTo(6);
        }
        assertThat(s.passed().length).isLessThan(s.sent().length);
    }

    @Test
    void vncAuthenticationPassesAndTheOldProtocolGoesStraightToTheClientInit() {
        byte[] v38 = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII), v33 = "RFB 003.003\n".getBytes(StandardCharsets.US_ASCII);
        byte[] response = new byte[16];
        Arrays.fill(response, (byte) 7);
        byte[] key = {4, 1, 0, 0, 0, 0, 0, 0x61};
        byte[] withAuth = concat(concat(concat(v38, new byte[]{2}), response), concat(new byte[]{0}, key));
        assertThat(new RfbViewOnly().pass(withAuth)).isEqualTo(concat(concat(v38, new byte[]{2}), concat(response, new byte[]{1})));
        assertThat(new RfbViewOnly().pass(concat(v33, concat(new byte[]{0}, key)))).isEqualTo(concat(v33, new byte[]{1}));
    }

    @Test
    void whatCannotBeReadEndsTheConnection() {
        byte[] v = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new RfbViewOnly().pass("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(RfbViewOnly.Refused.class).hasMessageContaining("protocol version");
        assertThatThrownBy(() -> new RfbViewOnly().pass(concat(v, new byte[]{19})))
                .isInstanceOf(RfbViewOnly.Refused.class).hasMessageContaining("security");
        assertThatThrownBy(() -> new RfbViewOnly().pass(concat(v, new byte[]{1, 1, (byte) 251})))
                .isInstanceOf(RfbViewOnly.Refused.class).hasMessageContaining("251");
        assertThatThrownBy(() -> new RfbViewOnly().pass(concat(v, new byte[]{1, 1, (byte) 255, 1})))
                .isInstanceOf(RfbViewOnly.Refused.class).hasMessageContaining("QEMU message 1");
    }
}
