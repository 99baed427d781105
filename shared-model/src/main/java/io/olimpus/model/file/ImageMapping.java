package io.olimpus.model.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the images and kinds of other tools become Olimpus images and back, editable by the user.
 * <ul>
 * <li>{@code images}: a foreign image (container image, GNS3 disk, netlab box) to an Olimpus image;</li>
 * <li>{@code kinds}: a foreign kind/device/node type ({@code nokia_srlinux}, {@code vpcs}, {@code iosv}) to an Olimpus image;</li>
 * <li>{@code fallback}: the Olimpus image for a node nothing above maps;</li>
 * <li>{@code exports}: an Olimpus image to the image written into exported files (default: the same name).</li>
 * </ul>
 * On import a node's image is looked up in {@code images} (an image {@code exports} wrote comes
 * back as the Olimpus image it was written for), then kept as it is when it is a plain
 * name as Olimpus writes them (no '/' or ':', e.g. {@code cirros}), then its kind in {@code kinds},
 * then the fallback; every step but keeping is reported. As text (YAML or JSON):
 * {@code {fallback: cirros, images: {"ghcr.io/nokia/srlinux": srlinux-vm}, kinds: {vpcs: cirros}, exports: {}}}.
 */
public record ImageMapping(Map<String, String> images, Map<String, String> kinds, String fallback, Map<String, String> exports) {
    public static final String DEFAULT_FALLBACK = "cirros";
    public static final ImageMapping DEFAULT = new ImageMapping(Map.of(), Map.of(), DEFAULT_FALLBACK, Map.of());

    public ImageMapping {
        images = copy(images);
        kinds = copy(kinds);
        exports = copy(exports);
        Objects.requireNonNull(fallback, "fallback");
        if (fallback.isBlank()) throw new IllegalArgumentException("the mapping's fallback image must not be blank");
    }

    private static Map<String, String> copy(Map<String, String> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** An Olimpus image chosen for a foreign node, and how (null when the image was kept as it is). */
    public record Choice(String image, String how) {}

    /**
     * The Olimpus image for a node of kind {@code kind} (may be null) running {@code image} (may be null).
     * {@code kindWord} names the kind in the message ("kind", "device", "node type").
     */
    public Choice choose(String kindWord, String kind, String image) {
        String unexported = image == null ? null : unexported(image);
        if (unexported != null && !images.containsKey(image)) return new Choice(unexported, null);  // an Olimpus export's own name
        if (image != null && images.containsKey(image))
            return new Choice(images.get(image), "image '" + image + "' mapped to '" + images.get(image) + "' by the mapping");
        if (image != null && isPlainName(image)) return new Choice(image, null);
        if (kind != null && kinds.containsKey(kind))
            return new Choice(kinds.get(kind), kindWord + " " + kind + (image == null ? "" : " (image '" + image + "')")
                    + " mapped to '" + kinds.get(kind) + "' by the mapping");
        String what = kind == null ? "no " + kindWord : kindWord + " " + kind;
        return new Choice(fallback, what + (image == null ? "" : " with image '" + image + "'")
                + " has no Olimpus image; mapped to '" + fallback + "' by the mapping's fallback");
    }

    /** What an export writes for the Olimpus image {@code image} (null stays null). */
    public String exported(String image) {
        return image == null ? null : exports.getOrDefault(image, image);
    }

    /** The Olimpus image an exported image came from, when the export mapping renamed it. */
    String unexported(String foreign) {
        for (var e : exports.entrySet()) if (e.getValue().equals(foreign)) return e.getKey();
        return null;
    }

    /** A name like Olimpus catalog images have: no registry path or tag, so it can only be a VM image name. */
    static boolean isPlainName(String image) {
        return !image.isBlank() && image.indexOf('/') < 0 && image.indexOf(':') < 0;
    }

    // ---- as text, for a user-edited file -----------------------------------------------------

    /** Reads a mapping written as YAML or JSON; absent sections take the defaults. */
    public static ImageMapping parse(String text) {
        JsonNode root = Yaml.read(text);
        if (root == null || root.isNull() || root.isMissingNode()) return DEFAULT;
        JsonFields m = JsonFields.object(root, "").only(List.of("fallback", "images", "kinds", "exports"));
        String fallback = m.optionalString("fallback");
        return new ImageMapping(map(m, "images"), map(m, "kinds"), fallback == null ? DEFAULT_FALLBACK : fallback, map(m, "exports"));
    }

    private static Map<String, String> map(JsonFields m, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!m.has(field)) return out;
        JsonFields section = JsonFields.object(m.raw(field), m.child(field));
        for (var it = m.raw(field).fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().isBlank())
                throw new TopologyFileException(section.child(e.getKey()), "expected an image name");
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** The mapping as YAML, for a user to edit; {@link #parse} reads it back. */
    public String toText() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("fallback", fallback);
        images.forEach(root.putObject("images")::put);
        kinds.forEach(root.putObject("kinds")::put);
        exports.forEach(root.putObject("exports")::put);
        return Yaml.write(root);
    }
}
