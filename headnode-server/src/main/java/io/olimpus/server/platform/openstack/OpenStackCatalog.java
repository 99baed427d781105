package io.olimpus.server.platform.openstack;

import io.olimpus.server.catalog.Flavor;
import io.olimpus.server.catalog.Image;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Olimpus catalog as the OpenStack driver reads it, from lookups the composition root hands
 * in: flavors and images by name, and an image file's bytes. Only disk images boot on OpenStack.
 */
public record OpenStackCatalog(Function<String, Optional<Flavor>> flavors, Function<String, Optional<Image>> images, ImageBytes bytes)
        implements OpenStackCatalogSource {
    /** Opens one file of a stored image, by image name and file role ("disk"). */
    @FunctionalInterface
    public interface ImageBytes {
        InputStream open(String imageName, String role) throws IOException;
    }

    @Override
    public Optional<FlavorSpec> flavor(String name) {
        return flavors.apply(name).map(f -> new FlavorSpec(f.name(), f.vcpus(), f.ramMb(), f.diskGb()));
    }

    @Override
    public ImageSpec image(String name) {
        Image img = images.apply(name).orElseThrow(() -> new IllegalArgumentException("no image '" + name + "' in the catalog"));
        if (img.diskFormat() == null)
            throw new IllegalArgumentException("image '" + name + "' is a kernel+initrd pair, which OpenStack zones cannot boot; upload a qcow2 or raw disk");
        return new ImageSpec(img.name(), img.diskFormat(), "bare", img.sizeBytes());
    }

    @Override
    public InputStream open(String imageName) throws IOException {
        return bytes.open(imageName, "disk");
    }
}
