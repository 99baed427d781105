package io.olimpus.server.secrets;

/**
 * A secret as storage hands it out: whether there is one, and its clear text only when the code
 * that needs it asks, so that showing or listing settings never decrypts (nor fails on) it.
 */
public interface Secret {
    boolean isSet();

    /** The clear text, or null when there is none; throws {@link SecretBox.Unreadable} when it does not open with this server's key. */
    String reveal();

    /** A secret already in the clear (a fake store in tests, a value just received). */
    static Secret of(String clear) {
        return new Secret() {
            @Override public boolean isSet() { return clear != null && !clear.isEmpty(); }
            @Override public String reveal() { return clear; }
            @Override public String toString() { return isSet() ? "Secret[***]" : "Secret[none]"; }
        };
    }
}
