package io.olimpus.server.platform.linux;

import java.io.InputStream;
import java.util.List;

/**
 * Where the driver gets an image's bytes and checksums (the server's image store). A kernel
 * image is a kernel and an initrd booted directly; a disk image (qcow2 or raw) gets a
 * copy-on-write overlay per VM.
 */
public interface ImageSource {
    enum Kind { KERNEL, DISK }

    record ImageFile(String role, String sha256, long size) {
        public ImageFile {
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("sha256 of " + role + " is not a SHA-256");
            if (!role.matches("kernel|initrd|disk")) throw new IllegalArgumentException("unknown image file role " + role);
        }
    }

    /** diskFormat is "qcow2" or "raw" for disk images, null for kernels. */
    record Image(String name, Kind kind, String diskFormat, List<ImageFile> files) {
        public Image {
            files = List.copyOf(files);
            if (kind == Kind.DISK && !("qcow2".equals(diskFormat) || "raw".equals(diskFormat)))
                throw new IllegalArgumentException("disk image " + name + " must be qcow2 or raw");
        }

        public ImageFile file(String role) {
            return files.stream().filter(f -> f.role().equals(role)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("image " + name + " has no " + role));
        }
    }

    Image resolve(String imageName);

    /**
     * The cache keys ({@link ImageCache}: the SHA-256 of the first file) of every image the catalog
     * holds: a worker's copy of anything else belongs to a deleted image and may be evicted.
     */
    java.util.Set<String> cacheKeys();

    InputStream open(String imageName, String role) throws java.io.IOException;
}
