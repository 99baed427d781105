package io.olimpus.model.file;

import java.util.Objects;

/**
 * One thing an import or export changed or could not carry, told about the element it concerns:
 * {@code node r1: kind srl has no Olimpus image; mapped to 'cirros' by the mapping's fallback}.
 */
public record ExchangeNote(String element, String message) {
    public ExchangeNote {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(message, "message");
    }

    @Override public String toString() { return element + ": " + message; }
}
