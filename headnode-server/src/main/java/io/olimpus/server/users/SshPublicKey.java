package io.olimpus.server.users;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An OpenSSH public key line as a user pastes it from {@code ~/.ssh/id_*.pub}: its type, the
 * base64 key blob and an optional comment. It ends up in every VM the user deploys (cloud-init's
 * ssh_authorized_keys), so only what sshd reads as one key is accepted: a known type, a blob that
 * decodes and names the same type, and a comment of printable characters.
 */
public final class SshPublicKey {
    /** An RSA key of 16384 bits is about 2.8 KB in base64: room for that and a comment. */
    public static final int MAX_CHARS = 4096;
    public static final int MAX_COMMENT = 255;
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern COMMENT = Pattern.compile("[\\x20-\\x7E]*");

    private SshPublicKey() {}

    /** Why {@code line} is not one OpenSSH public key, or null when it is. */
    public static String whyInvalid(String line) {
        if (line.length() > MAX_CHARS) return "is longer than " + MAX_CHARS + " characters; paste one public key (the .pub file), not a private key or several keys";
        if (line.contains("PRIVATE KEY")) return "is a private key: paste the public key (the .pub file beside it) and keep the private key to yourself";
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) return "must be one line: paste one public key, as in ~/.ssh/id_ed25519.pub";
        String[] parts = line.strip().split(" +", 3);
        if (parts.length < 2) return "must read '<type> <base64 key> [comment]', e.g. 'ssh-ed25519 AAAAC3Nza... you@laptop' (the content of ~/.ssh/id_ed25519.pub)";
        String type = parts[0], blob = parts[1];
        if (!TYPES.contains(type)) return "has type '" + clip(type) + "'; use an ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256/384/521 key (ssh-keygen -t ed25519 makes one)";
        if (!BASE64.matcher(blob).matches()) return "has a key part that is not base64; paste the whole line of the .pub file, unchanged";
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(blob);
        } catch (IllegalArgumentException e) {
            return "has a key part that is not base64; paste the whole line of the .pub file, unchanged";
        }
        if (!type.equals(innerType(raw))) return "has a key part that is not a " + type + " key; paste the whole line of the .pub file, unchanged";
        if (parts.length == 3 && (parts[2].length() > MAX_COMMENT || !COMMENT.matcher(parts[2]).matches()))
            return "has a comment that is not up to " + MAX_COMMENT + " printable ASCII characters; shorten it or remove it";
        return null;
    }

    /** The line as stored: surrounding blanks removed, single spaces between its parts. */
    public static String normalized(String line) {
        return String.join(" ", line.strip().split(" +", 3));
    }

    /** The key type written inside the blob (its first length-prefixed string), or null when there is none. */
    private static String innerType(byte[] raw) {
        if (raw.length < 4) return null;
        ByteBuffer b = ByteBuffer.wrap(raw);
        int n = b.getInt();
        if (n <= 0 || n > 64 || n > b.remaining()) return null;
        byte[] name = new byte[n];
        b.get(name);
        // The type alone is not a key: a real blob carries key material after it.
        return b.remaining() < 16 ? null : new String(name, StandardCharsets.US_ASCII);
    }

    private static String clip(String s) {
        String p = s.replaceAll("[^\\x20-\\x7E]", "?");
        return p.length() > 40 ? p.substring(0, 40) + "..." : p;
    }
}
