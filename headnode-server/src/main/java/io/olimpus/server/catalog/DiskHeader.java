package io.olimpus.server.catalog;

import io.olimpus.server.errors.DomainError;

import java.nio.ByteBuffer;

/**
 * What an uploaded disk's own header says, as {@code qemu-img info} reports it: its format and the
 * size its guest sees. A qcow2 that refers to another file (a backing file or an external data
 * file) or is encrypted is refused: the server stores one self-contained file per disk, and QEMU
 * on a worker would look for the other file there (or ask for a key no one gives).
 */
record DiskHeader(String format, long virtualSizeBytes) {
    /** qcow2 header fields (big-endian), from the qcow2 specification. */
    private static final int VERSION = 4, BACKING_OFFSET = 8, SIZE = 24, CRYPT = 32, INCOMPATIBLE = 72;
    /** Incompatible feature bit 2: the guest data lives in an external file. */
    private static final long EXTERNAL_DATA = 1L << 2;

    /**
     * @param head  the file's first bytes (at least the 104-byte qcow2 v3 header)
     * @param total the file's length: a raw disk's virtual size
     */
    static DiskHeader read(ImageService.Detected detected, byte[] head, long total, String name) {
        if (detected == ImageService.Detected.RAW) return new DiskHeader("raw", total);
        if (detected != ImageService.Detected.QCOW2) throw new IllegalArgumentException(detected + " is not a disk");
        if (head.length < 72) throw refused(name, "its qcow2 header is cut short");
        ByteBuffer b = ByteBuffer.wrap(head);
        int version = b.getInt(VERSION);
        if (version != 2 && version != 3) throw refused(name, "it is qcow2 version " + version + "; QEMU writes versions 2 and 3");
        if (b.getLong(BACKING_OFFSET) != 0)
            throw refused(name, "it has a backing file (it only holds changes to another disk); flatten it first with"
                    + " qemu-img convert -O qcow2 IN.qcow2 OUT.qcow2 and upload OUT.qcow2");
        if (b.getInt(CRYPT) != 0) throw refused(name, "it is encrypted; upload an unencrypted disk");
        if (version == 3 && head.length >= INCOMPATIBLE + 8 && (b.getLong(INCOMPATIBLE) & EXTERNAL_DATA) != 0)
            throw refused(name, "its data lives in an external file; convert it with qemu-img convert -O qcow2 and upload the result");
        long size = b.getLong(SIZE);
        if (size <= 0) throw refused(name, "its header gives no virtual size");
        return new DiskHeader("qcow2", size);
    }

    private static DomainError refused(String name, String why) {
        return DomainError.unprocessable("disk-not-usable", "the disk uploaded for image '" + name + "' cannot be used: " + why + "; nothing was stored",
                "body", why, null);
    }
}
