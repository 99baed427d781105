package io.olimpus.server.zones;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.json.StrictJson;

import java.io.IOException;

/** The JSON object of PUT /zones/{zone}/settings, read into the platform's own body record. */
public record SettingsBody(JsonNode json) {
    /** The body as {@code type}, read as strictly as every request body; a wrong or unknown field is refused by name. */
    public <T> T as(Class<T> type) {
        try {
            return StrictJson.MAPPER.treeToValue(json, type);
        } catch (IOException e) {
            throw StrictJson.invalid(e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof IOException io) throw StrictJson.invalid(io);
            throw DomainError.badRequest("invalid-json", "the body is not the expected JSON object");
        }
    }
}
