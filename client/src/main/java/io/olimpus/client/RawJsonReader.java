package io.olimpus.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import io.olimpus.wire.Wire;

import java.io.IOException;

/** Reads a passed-through JSON value (a slice's design) as its text, for the model's own reader. */
final class RawJsonReader extends JsonDeserializer<Wire.RawJson> {
    @Override
    public Wire.RawJson deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return new Wire.RawJson(p.readValueAsTree().toString());
    }
}
