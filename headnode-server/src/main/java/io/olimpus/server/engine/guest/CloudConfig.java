package io.olimpus.server.engine.guest;

import io.olimpus.model.topology.Names;

import java.nio.charset.StandardCharsets;

/**
 * What cloud-init reads in a VM, built from the VM's name and its owner's {@link GuestAccess}:
 * the NoCloud meta-data (instance id, hostname) and the user-data, a cloud-config that sets the
 * hostname, installs the owner's SSH key for the image's default user, and gives that user the
 * generated password (never expiring, so the console logs in with it; SSH accepts it only when
 * the owner has no key). Pure: the drivers put the text where their platform reads it (a seed
 * drive on Linux zones, Nova's user_data on OpenStack).
 *
 * <p>A slice's own cloud-config is not parsed and rewritten here: the user-data becomes a MIME
 * multipart of ours then theirs, and cloud-init merges the two with the Merge-Type below: their
 * lists append to ours (more ssh_authorized_keys, packages, runcmd), their mappings merge into
 * ours, and where both set one value (hostname, password) theirs wins, as they asked for it.
 * An image without cloud-init reads none of this and boots as it would.
 */
public final class CloudConfig {
    /** The first line of every cloud-config document. */
    public static final String HEADER = "#cloud-config";
    /** A slice's own cloud-config at most (UTF-8 bytes): far more than a lab's packages and files need, far below Nova's 64 KiB user_data. */
    public static final int MAX_USER_BYTES = 16 * 1024;
    static final String BOUNDARY = "==OLIMPUS-CLOUD-CONFIG-PART==";
    static final String MERGE_TYPE = "dict(recurse_array)+list(append)+str()";

    private CloudConfig() {}

    /** The NoCloud meta-data of a VM: its instance id (unique per slice and VM) and hostname. */
    public static String metaData(String instanceId, String hostname) {
        return "instance-id: " + quoted(instanceId) + "\nlocal-hostname: " + quoted(requireHostname(hostname)) + "\n";
    }

    /** The user-data of the VM named {@code hostname}. */
    public static String userData(String hostname, GuestAccess access) {
        StringBuilder ours = new StringBuilder(HEADER).append('\n');
        ours.append("hostname: ").append(quoted(requireHostname(hostname))).append('\n');
        // The VM's own name resolves (sudo warns on every call when it does not).
        ours.append("manage_etc_hosts: true\n");
        if (access.sshPublicKey() != null) ours.append("ssh_authorized_keys:\n  - ").append(quoted(access.sshPublicKey())).append('\n');
        if (access.password() != null) {
            ours.append("password: ").append(quoted(access.password())).append('\n');
            ours.append("chpasswd:\n  expire: false\n");
            ours.append("ssh_pwauth: ").append(access.sshPublicKey() == null).append('\n');
        }
        String theirs = access.userCloudConfig();
        if (theirs == null || theirs.isBlank()) return ours.toString();
        return "Content-Type: multipart/mixed; boundary=\"" + BOUNDARY + "\"\nMIME-Version: 1.0\n\n"
                + "--" + BOUNDARY + "\n" + part(null) + ours
                + "--" + BOUNDARY + "\n" + part(MERGE_TYPE) + (theirs.endsWith("\n") ? theirs : theirs + "\n")
                + "--" + BOUNDARY + "--\n";
    }

    private static String part(String mergeType) {
        return "Content-Type: text/cloud-config; charset=\"utf-8\"\nMIME-Version: 1.0\n"
                + (mergeType == null ? "" : "Merge-Type: " + mergeType + "\n") + "\n";
    }

    /**
     * Why a slice's own cloud-config cannot be used as it is, or null: it must start with the
     * {@value #HEADER} line, stay within {@link #MAX_USER_BYTES} and hold no NUL nor the line
     * that separates the parts. Whether it is YAML is checked by whoever can parse YAML.
     */
    public static String whyInvalid(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_USER_BYTES) return "is " + bytes + " bytes; at most " + MAX_USER_BYTES + " are accepted: move large files to a package or a download in runcmd";
        String first = text.lines().findFirst().orElse("").strip();
        if (!first.equals(HEADER)) return "must start with the line '" + HEADER + "' (cloud-init reads nothing else as a cloud-config)";
        if (text.indexOf('\0') >= 0) return "holds a NUL character; save it as plain UTF-8 text";
        if (text.contains(BOUNDARY)) return "holds the text '" + BOUNDARY + "', which the server uses to join cloud-configs; remove it";
        return null;
    }

    private static String requireHostname(String name) {
        if (!Names.isValid(name)) throw new IllegalArgumentException("'" + name + "' is not a valid hostname");
        return name;
    }

    /** A YAML double-quoted scalar (JSON string syntax, which YAML reads the same way). */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
