package io.olimpus.server.zones;

import io.olimpus.server.json.StrictJson;

import java.io.IOException;

/** A zone's settings as stored: its platform, the platform's record as JSON (no secrets), and the secret (a password) apart. */
public record StoredSettings(String platform, String body, String secret, long updatedAt) {
    /** The stored record read back as the platform's {@code type}. */
    public <T> T read(Class<T> type) {
        try {
            return StrictJson.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored zone settings cannot be read as " + type.getSimpleName(), e);
        }
    }
}
