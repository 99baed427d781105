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

    /** A user's string shortened and made printable, for quoting it in a message. */
    public static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
