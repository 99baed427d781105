package io.olimpus.server.platform.linux;

import io.olimpus.server.catalog.ImageStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The image store as the Linux driver reads it: ready images only, files opened from the store folder. */
public final class StoredImageSource implements ImageSource {
    private final ImageStore store;
    private final Path root;

    public StoredImageSource(ImageStore store, Path root) {
        this.store = store;
        this.root = root;
    }

    @Override
    public ImageSource.Image resolve(String imageName) {
        io.olimpus.server.catalog.Image img = store.byName(imageName).filter(io.olimpus.server.catalog.Image::ready)
                .orElseThrow(() -> new IllegalArgumentException("image " + imageName + " does not exist or is incomplete"));
        return new ImageSource.Image(img.name(), img.kind().equals("disk") ? Kind.DISK : Kind.KERNEL, img.diskFormat(),
                img.files().stream().map(f -> new ImageSource.ImageFile(f.role(), f.sha256(), f.sizeBytes())).toList());
    }

    @Override
    public java.util.Set<String> cacheKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        // Incomplete uploads too: their copies are not made yet, and an upload finishing must not race an eviction.
        for (io.olimpus.server.catalog.Image img : store.all())
            if (!img.files().isEmpty() && img.files().get(0).sha256() != null) keys.add(img.files().get(0).sha256());
        return keys;
    }

    @Override
    public InputStream open(String imageName, String role) throws IOException {
        io.olimpus.server.catalog.Image img = store.byName(imageName).orElseThrow(() -> new IOException("image " + imageName + " does not exist"));
        var f = img.files().stream().filter(x -> x.role().equals(role)).findFirst()
                .orElseThrow(() -> new IOException("image " + imageName + " has no " + role));
        return Files.newInputStream(root.resolve(f.path()));
    }
}
