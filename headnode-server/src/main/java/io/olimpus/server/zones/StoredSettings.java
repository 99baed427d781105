package io.olimpus.server.zones;

import io.olimpus.server.json.StrictJson;
import io.olimpus.server.secrets.Secret;

import java.io.IOException;

/**
 * A zone's settings as stored: its platform, the platform's record as JSON (no secrets), and the
 * secret (a password) apart, sealed at rest and opened only by {@link #secret()}.
 */
public record StoredSettings(String platform, String body, Secret secretAtRest, long updatedAt) {
    /** Settings whose secret is already in the clear (fake stores in tests). */
    public StoredSettings(String platform, String body, String secret, long updatedAt) {
        this(platform, body, Secret.of(secret), updatedAt);
    }

    /** The secret in the clear, or null; throws {@link io.olimpus.server.secrets.SecretBox.Unreadable} when it does not open with this server's key. */
    public String secret() { return secretAtRest.reveal(); }

    /** Whether a secret is stored, without opening it. */
    public boolean hasSecret() { return secretAtRest.isSet(); }

    /** The stored record read back as the platform's {@code type}. */
    public <T> T read(Class<T> type) {
        try {
            return StrictJson.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored zone settings cannot be read as " + type.getSimpleName(), e);
        }
    }
}
