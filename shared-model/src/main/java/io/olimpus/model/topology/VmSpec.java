package io.olimpus.model.topology;

/**
 * What a VM asks of the cloud. The flavor is a catalog name; when a design comes from a tool that
 * only knew raw sizes (the course format), {@code requirement} holds them until the catalog maps
 * them to a flavor. {@code zone} null means the slice's default zone.
 */
public record VmSpec(String flavor, String image, String zone, boolean internet, Resources requirement) {
    public static final VmSpec EMPTY = new VmSpec(null, null, null, false, null);

    public static VmSpec of(String flavor, String image) {
        return new VmSpec(flavor, image, null, false, null);
    }

    public VmSpec withFlavor(String f) { return new VmSpec(f, image, zone, internet, requirement); }
    public VmSpec withImage(String i) { return new VmSpec(flavor, i, zone, internet, requirement); }
    public VmSpec withZone(String z) { return new VmSpec(flavor, image, z, internet, requirement); }
    public VmSpec withInternet(boolean on) { return new VmSpec(flavor, image, zone, on, requirement); }
    public VmSpec withRequirement(Resources r) { return new VmSpec(flavor, image, zone, internet, r); }
}
