package io.olimpus.server.zones;

import io.olimpus.server.engine.allocation.Ipv4Block;
import io.olimpus.server.errors.DomainError;

import java.util.regex.Pattern;

/**
 * The checks of single request fields that the zones feature and the platforms' settings share;
 * each refusal names the field, so a client can point at it.
 */
public final class Fields {
    private static final Pattern STATE_PATH = Pattern.compile("^/[A-Za-z0-9._/-]{1,200}$");

    private Fields() {}

    public static String require(String field, String v, Pattern p) {
        if (v == null || v.isEmpty()) throw DomainError.badField(field, "required");
        if (!p.matcher(v).matches()) throw DomainError.badField(field, "must match " + p.pattern());
        return v;
    }

    public static int range(String field, Integer v, int min, int max) {
        return range(field, v, min, max, "");
    }

    /** {@code why} is appended to the refusal: what the bounds come from. */
    public static int range(String field, Integer v, int min, int max, String why) {
        if (v == null) throw DomainError.badField(field, "required");
        if (v < min || v > max) throw DomainError.badField(field, "must be between " + min + " and " + max + why);
        return v;
    }

    public static String ipv4(String field, String v) {
        if (v == null || v.isEmpty()) throw DomainError.badField(field, "required");
        if (!Ipv4Block.isAddress(v)) throw DomainError.badField(field, "'" + clip(v) + "' is not an IPv4 address");
        return v;
    }

    /** A folder on a host where Olimpus keeps state: absolute, safe characters, no "..". */
    public static String statePath(String field, String v) {
        if (v == null || !STATE_PATH.matcher(v).matches() || v.contains(".."))
            throw DomainError.badField(field, "must be an absolute path of [A-Za-z0-9._/-] without '..'");
        return v;
    }

    /**
     * Why {@code v} is not a reference to a file in the headnode's keys folder, or null when it is
     * one: a path relative to that folder, of [A-Za-z0-9._/-], without "..". Only the form is
     * checked here; the platform that reads the file resolves it inside the folder.
     */
    public static String whyNotKeyRef(String v) {
        if (v == null || v.isEmpty()) return "required: a file name in the keys folder, like 'lab/id_ed25519'";
        if (v.contains("PRIVATE KEY")) return "is a reference to a key file, not the key itself";
        if (!Worker.KEY_REF.matcher(v).matches()) return "must be a file name of [A-Za-z0-9._/-] in the keys folder, like 'lab/id_ed25519'";
        if (v.startsWith("/")) return "must name a file in the keys folder relative to it, like 'lab/id_ed25519', not an absolute path";
        if (v.contains("..")) return "must not contain '..'";
        return null;
    }

    /** Checks the form of a key or known-hosts reference (see {@link #whyNotKeyRef}); returns it. */
    public static String keyRef(String field, String v) {
        String why = whyNotKeyRef(v);
        if (why != null) throw DomainError.badField(field, why);
        return v;
    }

    /** A user's string shortened (80 characters at most, then "…") and made printable, for quoting it in a message. */
    public static String clip(String s) {
        return io.olimpus.model.topology.Names.clip(s);
    }
}
