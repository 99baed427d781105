package io.olimpus.server.catalog;

import java.util.List;

/**
 * A bootable image: a disk ({@code kind} "disk", {@code diskFormat} "qcow2" or "raw", one file with
 * role "disk") or a kernel and initrd booted directly ({@code kind} "kernel", files "kernel" and
 * "initrd"). {@code ready} is false while a kernel image still lacks one of its two files.
 */
public record Image(long id, String name, String kind, String diskFormat, List<ImageFile> files, long createdAt) {
    /** One stored file: its role, checksum, size, and where it is under the image store folder. */
    public record ImageFile(String role, String sha256, long sizeBytes, String path) {}

    public Image {
        files = List.copyOf(files);
    }

    public boolean ready() {
        if ("disk".equals(kind)) return files.stream().anyMatch(f -> f.role().equals("disk"));
        return files.stream().anyMatch(f -> f.role().equals("kernel")) && files.stream().anyMatch(f -> f.role().equals("initrd"));
    }

    public long sizeBytes() { return files.stream().mapToLong(ImageFile::sizeBytes).sum(); }
}
