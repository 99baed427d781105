package io.olimpus.server.platform.openstack;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The Olimpus catalog as the OpenStack driver sees it: the source of truth for flavors and
 * images, which the driver creates in Nova and Glance on first use. Image bytes are streamed
 * from the server's store straight into Glance, never held in memory whole.
 */
public interface OpenStackCatalogSource {
    record FlavorSpec(String name, int vcpus, int ramMb, int diskGb) {
        public FlavorSpec {
            if (vcpus < 1 || ramMb < 1 || diskGb < 0) throw new IllegalArgumentException("flavor " + name + " needs at least 1 vCPU and 1 MB RAM");
        }
    }

    /** diskFormat as Glance names it (qcow2, raw, ...); size in bytes, or -1 when unknown. */
    record ImageSpec(String name, String diskFormat, String containerFormat, long size) {
        public ImageSpec {
            if (diskFormat == null || !diskFormat.matches("qcow2|raw|vmdk|vdi|iso|ami|ari|aki|vhd|vhdx|ploop"))
                throw new IllegalArgumentException("image " + name + ": disk format " + diskFormat + " is not one Glance knows");
            if (containerFormat == null) containerFormat = "bare";
        }
    }

    /** The flavor's size; empty when the catalog has no such flavor (the plan's resources are used then). */
    Optional<FlavorSpec> flavor(String name);

    /** The image's formats; throws IllegalArgumentException when the catalog has no such image. */
    ImageSpec image(String name);

    /** The image's bytes, opened anew for every upload; the caller closes the stream. */
    InputStream open(String imageName) throws IOException;
}
