package io.olimpus.server.engine.placement;

/** One resource a VM could not get: how much it needs and how much is missing on the closest worker. */
public record Shortfall(String resource, String unit, long needed, long missing) {
    /** "1024 MB of RAM", but "1 vCPU" rather than "1 vCPU of vCPU". */
    @Override public String toString() { return unit.equals(resource) ? missing + " " + unit : missing + " " + unit + " of " + resource; }
}
