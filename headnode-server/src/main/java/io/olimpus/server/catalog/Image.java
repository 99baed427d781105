package io.olimpus.server.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A bootable image: a disk ({@code kind} "disk", {@code diskFormat} "qcow2" or "raw", one file with
 * role "disk") or a kernel and initrd booted directly ({@code kind} "kernel", files "kernel" and
 * "initrd"). {@code ready} is false while a kernel image still lacks one of its two files.
 * {@code virtualSizeBytes} is a disk's size as its guest sees it (read from the file on upload;
 * null for kernel images); {@code bootSeconds} is how long a VM of it may take to boot, set by an
 * admin (null: the zone's budget applies).
 */
public record Image(long id, String name, String kind, String diskFormat, List<ImageFile> files, long createdAt,
                    Long virtualSizeBytes, Integer bootSeconds) {
    /** One stored file: its role, checksum, size, and where it is under the image store folder. */
    public record ImageFile(String role, String sha256, long sizeBytes, String path) {}

    public Image {
        files = List.copyOf(files);
    }

    public boolean ready() {
        if ("disk".equals(kind)) return files.stream().anyMatch(f -> f.role().equals("disk"));
        return files.stream().anyMatch(f -> f.role().equals("kernel")) && files.stream().anyMatch(f -> f.role().equals("initrd"));
    }

    public Optional<Duration> bootBudget() {
        return bootSeconds == null ? Optional.empty() : Optional.of(Duration.ofSeconds(bootSeconds));
    }

    public long sizeBytes() { return files.stream().mapToLong(ImageFile::sizeBytes).sum(); }
}
