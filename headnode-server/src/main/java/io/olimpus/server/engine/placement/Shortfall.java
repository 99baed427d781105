package io.olimpus.server.engine.placement;

/** One resource a VM could not get: how much it needs and how much is missing on the closest worker. */
public record Shortfall(String resource, String unit, long needed, long missing) {
    @Override public String toString() { return missing + " " + unit + " of " + resource; }
}
