package io.olimpus.server.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** bcrypt hashing and generated passwords. A password is never logged or stored in clear. */
public final class Passwords {
    public static final int MIN_LENGTH = 8;
    /** bcrypt reads at most 72 bytes; longer passwords would be silently truncated, so they are refused. */
    public static final int MAX_BYTES = 72;
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int cost;
    /** A hash of nothing, checked when the user does not exist so that both cases take the same time; made on first need. */
    private volatile String dummyHash;

    public Passwords(int cost) {
        this.cost = cost;
    }

    private String dummyHash() {
        String d = dummyHash;
        if (d == null) dummyHash = d = hash(generate());
        return d;
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean verify(String password, String hash) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) return false;
        return BCrypt.verifyer().verify(password.toCharArray(), (hash == null ? dummyHash() : hash).toCharArray()).verified && hash != null;
    }

    /** Why a password is refused, or null when it is acceptable. */
    public static String whyWeak(String password) {
        if (password == null || password.length() < MIN_LENGTH) return "must be at least " + MIN_LENGTH + " characters";
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) return "must be at most " + MAX_BYTES + " bytes";
        return null;
    }

    /** 16 characters from an unambiguous alphabet: about 93 bits. */
    public static String generate() {
        char[] out = new char[16];
        for (int i = 0; i < out.length; i++) out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return new String(out);
    }
}
