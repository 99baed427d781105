package io.olimpus.server.catalog;

import io.olimpus.model.topology.Names;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.db.Unique;
import io.olimpus.server.errors.DomainError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The image store. An upload streams to a temporary file in the store folder (never whole in
 * memory), its SHA-256 computed on the way; only a complete upload within the size limit is moved
 * into place and recorded. A cut-off or oversized upload leaves nothing behind. The Linux driver reads
 * stored images through {@code platform.linux.StoredImageSource}.
 */
public final class ImageService {
    private static final Logger log = LoggerFactory.getLogger(ImageService.class);
    /** Enough of a file's start to reach the deepest magic sniffed: Btrfs's superblock at 64 KiB. */
    static final int SNIFF_BYTES = 0x10048;

    /** What the first bytes of a file say it is. */
    public enum Detected {
        QCOW2("disk", "qcow2"), RAW("disk", "raw"), KERNEL("kernel", null), INITRD("initrd", null);
        final String role;
        final String diskFormat;
        Detected(String role, String diskFormat) { this.role = role; this.diskFormat = diskFormat; }
    }

    private final ImageStore store;
    private final CatalogUsage usage;
    private final AuditLog audit;
    private final Clock clock;
    private final Path root;
    private final Path incoming;
    private final long maxBytes;
    private Runnable afterDelete = () -> {};

    public ImageService(ImageStore store, CatalogUsage usage, AuditLog audit, Clock clock, Path root, long maxBytes) throws IOException {
        this.store = store;
        this.usage = usage;
        this.audit = audit;
        this.clock = clock;
        this.root = root.toAbsolutePath();
        this.incoming = this.root.resolve(".incoming");
        this.maxBytes = maxBytes;
        Files.createDirectories(incoming);
        // Leftovers of uploads cut off by a crash: never recorded, so never visible; remove them.
        try (var s = Files.list(incoming)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
        }
    }

    public Path root() { return root; }

    public Path incomingFolder() { return incoming; }

    /**
     * Stores one file of image {@code name}: a qcow2 or raw disk, or the kernel or initrd of a
     * kernel image (the second file of a pair completes it). {@code declaredLength} is -1 when unknown.
     */
    public Image upload(Principal by, String name, InputStream body, long declaredLength) {
        String why = Names.whyInvalid(name);
        if (why != null) throw DomainError.badField("name", why + " (pattern " + Names.REGEX + ")");
        if (declaredLength > maxBytes) throw tooLarge();
        Image existing = store.byName(name).orElse(null);
        if (existing != null && existing.ready())
            throw DomainError.conflict("image-exists", "image '" + name + "' already exists; delete it first to replace it", "name");

        Path tmp = incoming.resolve(UUID.randomUUID() + ".part");
        boolean kept = false;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] head = new byte[SNIFF_BYTES];
            int headLen = 0;
            long total = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = body.read(buf)) > 0; ) {
                    total += n;
                    if (total > maxBytes) throw tooLarge();
                    if (headLen < SNIFF_BYTES) {
                        int c = Math.min(n, SNIFF_BYTES - headLen);
                        System.arraycopy(buf, 0, head, headLen, c);
                        headLen += c;
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                throw DomainError.badRequest("upload-incomplete", "the upload was cut off after " + total + " bytes; nothing was stored");
            }
            if (declaredLength >= 0 && total != declaredLength)
                throw DomainError.badRequest("upload-incomplete", "received " + total + " of " + declaredLength + " bytes; nothing was stored");
            if (total == 0) throw DomainError.badField("body", "the image file is empty");
            Detected d = sniff(Arrays.copyOf(head, headLen));
            if (d == null) throw notAnImage(name);
            String kind = d.role.equals("disk") ? "disk" : "kernel";
            Long virtualSize = kind.equals("disk") ? DiskHeader.read(d, Arrays.copyOf(head, headLen), total, name).virtualSizeBytes() : null;
            if (existing != null) {
                if (!existing.kind().equals(kind))
                    throw DomainError.conflict("image-kind", "image '" + name + "' is a " + existing.kind() + " image; this file is a " + d.role, null);
                if (existing.files().stream().anyMatch(f -> f.role().equals(d.role)))
                    throw DomainError.conflict("image-file-exists", "image '" + name + "' already has its " + d.role, null);
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            String rel = name + "-" + d.role + "-" + UUID.randomUUID();
            Files.move(tmp, root.resolve(rel), StandardCopyOption.ATOMIC_MOVE);
            try {
                store.addFile(name, kind, d.diskFormat, virtualSize, new Image.ImageFile(d.role, digest, total, rel), clock.millis());
            } catch (RuntimeException e) {
                Files.deleteIfExists(root.resolve(rel));
                if (Unique.isViolation(e)) throw DomainError.conflict("image-exists", "image '" + name + "' was changed by another upload meanwhile", "name");
                throw e;
            }
            kept = true;
            audit.record(by, "image.upload", name, d.name().toLowerCase() + ", " + total + " bytes"
                    + (virtualSize == null ? "" : ", virtual size " + virtualSize + " bytes") + ", sha256 " + digest);
            return store.byName(name).orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("image store I/O failed", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!kept) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    log.warn("could not remove the partial upload {}", tmp, e);
                }
            }
        }
    }

    /** The file is none of what {@link #sniff} knows: QEMU would boot noise, or a VMDK/VHD read as raw. */
    private static DomainError notAnImage(String name) {
        return DomainError.unprocessable("not-an-image", "the file uploaded for image '" + name + "' is not a disk, kernel or initrd this server recognizes;"
                + " expected a qcow2 disk, a raw disk with a partition table (MBR or GPT) or a filesystem (ext2/3/4, XFS, Btrfs, FAT, NTFS,"
                + " ISO 9660, squashfs, EROFS, F2FS, LVM, LUKS), or a Linux kernel (bzImage, x86-64 ELF vmlinux, arm64 Image) or initrd"
                + " (gzip, xz, zstd, lz4, bzip2 or cpio). Check the file (qemu-img info shows its format; convert other formats with"
                + " qemu-img convert -O qcow2) and upload it again; nothing was stored",
                "body", "not a qcow2 or raw disk, kernel or initrd", null);
    }

    private DomainError tooLarge() {
        return new DomainError(DomainError.Kind.TOO_LARGE, "body-too-large", "the image is larger than the limit of " + maxBytes + " bytes; nothing was stored",
                null, null, Map.of("limitBytes", maxBytes));
    }

    /**
     * qcow2 by its magic; an x86 bzImage, an x86-64 ELF vmlinux (QEMU boots it with PVH, as the
     * Linux test bed's guest does) or arm64 Image kernel; an initrd by its compression or cpio magic;
     * a raw disk by a partition table or a filesystem's superblock. Anything else is null: a raw
     * disk has no magic of its own, so without one of these the bytes are no image (or a format,
     * such as VMDK or VHD, that QEMU must not read as raw).
     */
    public static Detected sniff(byte[] h) {
        if (starts(h, 0, 'Q', 'F', 'I', 0xfb)) return Detected.QCOW2;
        if (starts(h, 0x202, 'H', 'd', 'r', 'S')) return Detected.KERNEL;
        if (starts(h, 0x38, 'A', 'R', 'M', 0x64)) return Detected.KERNEL;
        // ELF, 64-bit, little-endian, executable, x86-64.
        if (starts(h, 0, 0x7f, 'E', 'L', 'F', 2, 1) && starts(h, 16, 2, 0, 0x3e, 0)) return Detected.KERNEL;
        if (starts(h, 0, 0x1f, 0x8b) || starts(h, 0, 0xfd, '7', 'z', 'X', 'Z', 0x00) || starts(h, 0, 0x28, 0xb5, 0x2f, 0xfd)
                || starts(h, 0, 0x02, 0x21, 0x4c, 0x18) || starts(h, 0, 'B', 'Z', 'h') || starts(h, 0, '0', '7', '0', '7', '0'))
            return Detected.INITRD;
        return isRawDisk(h) ? Detected.RAW : null;
    }

    private static boolean isRawDisk(byte[] h) {
        return starts(h, 510, 0x55, 0xaa)                       // MBR, and FAT/NTFS boot sectors, GPT's protective MBR
                || starts(h, 512, "EFI PART") || starts(h, 4096, "EFI PART")  // GPT, 512 B or 4 KiB sectors
                || starts(h, 512, "LABELONE")                   // an LVM physical volume
                || starts(h, 1080, 0x53, 0xef)                  // ext2/3/4
                || starts(h, 1024, 0xe2, 0xe1, 0xf5, 0xe0)      // EROFS
                || starts(h, 1024, 0x10, 0x20, 0xf5, 0xf2)      // F2FS
                || starts(h, 0, "XFSB") || starts(h, 0, "hsqs")  // XFS, squashfs
                || starts(h, 0, 'L', 'U', 'K', 'S', 0xba, 0xbe) // LUKS
                || starts(h, 0x8001, "CD001")                   // ISO 9660
                || starts(h, 0x10040, "_BHRfS_M");              // Btrfs
    }

    private static boolean starts(byte[] h, int at, String ascii) { return starts(h, at, ascii.chars().toArray()); }

    private static boolean starts(byte[] h, int at, int... magic) {
        if (h.length < at + magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((h[at + i] & 0xff) != magic[i]) return false;
        return true;
    }

    public List<Image> list() { return store.all(); }

    public Image get(String name) {
        return store.byName(name).orElseThrow(() -> DomainError.notFound("image '" + FlavorService.clip(name) + "'"));
    }

    static final int MIN_BOOT_SECONDS = io.olimpus.server.engine.apply.BootBudget.MIN_SECONDS, MAX_BOOT_SECONDS = io.olimpus.server.engine.apply.BootBudget.MAX_SECONDS;

    /** Sets how long a VM of the image may take to boot (null: the zone's budget applies again). */
    public Image setBootSeconds(Principal by, String name, Integer seconds) {
        Image img = get(name);
        if (seconds != null && (seconds < MIN_BOOT_SECONDS || seconds > MAX_BOOT_SECONDS))
            throw DomainError.badField("bootSeconds", "must be between " + MIN_BOOT_SECONDS + " and " + MAX_BOOT_SECONDS
                    + " seconds, or null to use the zone's boot budget");
        if (!store.setBootSeconds(img.name(), seconds)) throw DomainError.notFound("image '" + FlavorService.clip(name) + "'");
        audit.record(by, "image.boot-budget", img.name(), seconds == null ? "zone's budget" : seconds + " s");
        return get(name);
    }

    public void delete(Principal by, String name) {
        Image img = get(name);
        long using = usage.slicesUsingImage(img.name());
        if (using > 0) throw DomainError.conflict("image-in-use", "image '" + name + "' is used by " + using + " slice(s)", null);
        store.delete(img.id());
        for (Image.ImageFile f : img.files()) {
            try {
                Files.deleteIfExists(root.resolve(f.path()));
            } catch (IOException e) {
                log.warn("image {} deleted but its file {} could not be removed", name, f.path(), e);
            }
        }
        audit.record(by, "image.delete", img.name(), null);
        afterDelete.run();
    }

    /** What else holds copies of images and must drop a deleted one's (the workers' caches); set once by the composition root. */
    public void afterDelete(Runnable hook) { this.afterDelete = hook; }
}
