package io.olimpus.server.engine.driver;

/**
 * The bounds of one capture: it stops after {@code packets} packets, {@code seconds} seconds or
 * {@code bytes} bytes of pcap, whichever comes first. Ranges are the edge's to check; these are
 * only kept positive so a platform never gets a bound that means "unbounded".
 */
public record CaptureLimits(int packets, int seconds, long bytes) {
    public CaptureLimits {
        if (packets < 1 || seconds < 1 || bytes < 1) throw new IllegalArgumentException("capture limits must be positive: " + packets + " packets, " + seconds + " s, " + bytes + " bytes");
    }
}
