package io.olimpus.server.testbed;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The little of the pcap format the capture tests need: reading a whole file (global header,
 * then records) in either byte order, decoding Ethernet -> IPv4 -> ICMP, and writing a file of
 * given frames for fake captures.
 */
public record Pcap(int linkType, List<Record> records) {
    public static final int ETHERNET = 1;

    public record Record(long seconds, long micros, int originalLength, byte[] data) {
        /** The frame as ICMP over IPv4 over Ethernet, when it is that. */
        public Optional<Icmp> icmp() {
            if (data.length < 14 + 20 + 8) return Optional.empty();
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
            if ((b.getShort(12) & 0xffff) != 0x0800) return Optional.empty();
            int version = (data[14] >> 4) & 0xf, ihl = (data[14] & 0xf) * 4;
            if (version != 4 || ihl < 20 || data.length < 14 + ihl + 8) return Optional.empty();
            if ((data[14 + 9] & 0xff) != 1) return Optional.empty();
            return Optional.of(new Icmp(ip(data, 14 + 12), ip(data, 14 + 16), data[14 + ihl] & 0xff, data[14 + ihl + 1] & 0xff,
                    b.getShort(14 + ihl + 4) & 0xffff, b.getShort(14 + ihl + 6) & 0xffff));
        }
    }

    /** An ICMP message: type 8 is an echo request, 0 its reply. */
    public record Icmp(String source, String destination, int type, int code, int id, int seq) {}

    /** The file as far as it is complete: a record still being written at its end is left out (a capture read while it runs). */
    public static Pcap readComplete(byte[] file) {
        if (file.length < 24) return read(file);
        ByteBuffer b = ByteBuffer.wrap(file).order(b0(file) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int at = 24;
        while (file.length - at >= 16 && file.length - at - 16 >= b.getInt(at + 8)) at += 16 + b.getInt(at + 8);
        return read(java.util.Arrays.copyOf(file, at));
    }

    private static boolean b0(byte[] f) { return (f[0] & 0xff) == 0xa1; }

    public static Pcap read(byte[] file) {
        if (file.length < 24) throw new IllegalArgumentException("not pcap: " + file.length + " bytes, shorter than the global header");
        ByteBuffer b = ByteBuffer.wrap(file);
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4) b.order(ByteOrder.BIG_ENDIAN);
        else if (magic == 0xd4c3b2a1) b.order(ByteOrder.LITTLE_ENDIAN);
        else throw new IllegalArgumentException("not pcap: magic " + Integer.toHexString(magic));
        if ((b.getShort(4) & 0xffff) != 2) throw new IllegalArgumentException("pcap version " + b.getShort(4));
        int linkType = b.getInt(20);
        List<Record> records = new ArrayList<>();
        int at = 24;
        while (at < file.length) {
            if (file.length - at < 16) throw new IllegalArgumentException("a record header cut short at byte " + at);
            long sec = b.getInt(at) & 0xffffffffL, usec = b.getInt(at + 4) & 0xffffffffL;
            int incl = b.getInt(at + 8), orig = b.getInt(at + 12);
            if (incl < 0 || file.length - at - 16 < incl) throw new IllegalArgumentException("a record cut short at byte " + at);
            byte[] data = new byte[incl];
            System.arraycopy(file, at + 16, data, 0, incl);
            records.add(new Record(sec, usec, orig, data));
            at += 16 + incl;
        }
        return new Pcap(linkType, records);
    }

    /** A little-endian Ethernet pcap file of {@code frames}, as tcpdump on x86 writes them. */
    public static byte[] write(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header());
        for (int i = 0; i < frames.size(); i++) out.writeBytes(record(i, frames.get(i)));
        return out.toByteArray();
    }

    public static byte[] header() {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(262144).putInt(ETHERNET).array();
    }

    public static byte[] record(int seconds, byte[] frame) {
        return ByteBuffer.allocate(16 + frame.length).order(ByteOrder.LITTLE_ENDIAN).putInt(seconds).putInt(0)
                .putInt(frame.length).putInt(frame.length).put(frame).array();
    }

    /** An Ethernet frame carrying an ICMP echo (type 8) or reply (0) between two IPv4 addresses. */
    public static byte[] icmpFrame(String source, String destination, int type, int seq) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[]{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 28).putInt(0).put((byte) 64).put((byte) 1).putShort((short) 0);
        b.put(address(source)).put(address(destination));
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) 7).putShort((short) seq);
        return b.array();
    }

    private static byte[] address(String ip) {
        String[] p = ip.split("\\.");
        return new byte[]{(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])};
    }

    private static String ip(byte[] d, int at) {
        return (d[at] & 0xff) + "." + (d[at + 1] & 0xff) + "." + (d[at + 2] & 0xff) + "." + (d[at + 3] & 0xff);
    }
}
