package io.olimpus.model.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * How a link misbehaves on purpose, as a networking course wants it: added one-way delay and its
 * jitter (ms), random loss (%), and a rate limit (Mbit/s). Each value is optional; absent and 0
 * both mean "not impaired", so setting everything back to 0 gives a plain link. Values may be out
 * of range here (a design may hold mistakes): {@link #problems} says which, and the validator
 * reports them on the link.
 */
public record LinkImpairment(Double delayMs, Double jitterMs, Double lossPercent, Double rateMbit) {
    public static final LinkImpairment NONE = new LinkImpairment(null, null, null, null);

    public static final double MAX_DELAY_MS = 10_000;
    public static final double MAX_RATE_MBIT = 100_000;
    /** Below 10 kbit/s a rate limiter holds a single full-size packet for over a second: not a link any more. */
    public static final double MIN_RATE_MBIT = 0.01;

    /** The four properties, in the order files, diffs and panels show them. */
    public enum Property {
        DELAY("delayMs", "delay", "ms"), JITTER("jitterMs", "jitter", "ms"), LOSS("lossPercent", "loss", "%"), RATE("rateMbit", "rate", "Mbit/s");

        private final String field, label, unit;

        Property(String field, String label, String unit) {
            this.field = field;
            this.label = label;
            this.unit = unit;
        }

        /** Its name in the file format and on the wire. */
        public String field() { return field; }

        public String label() { return label; }

        public String unit() { return unit; }
    }

    /** A value; 0 when absent. */
    public double value(Property p) {
        Double v = switch (p) {
            case DELAY -> delayMs;
            case JITTER -> jitterMs;
            case LOSS -> lossPercent;
            case RATE -> rateMbit;
        };
        return v == null ? 0 : v;
    }

    public LinkImpairment with(Property p, Double v) {
        return switch (p) {
            case DELAY -> new LinkImpairment(v, jitterMs, lossPercent, rateMbit);
            case JITTER -> new LinkImpairment(delayMs, v, lossPercent, rateMbit);
            case LOSS -> new LinkImpairment(delayMs, jitterMs, v, rateMbit);
            case RATE -> new LinkImpairment(delayMs, jitterMs, lossPercent, v);
        };
    }

    /** Whether the link misbehaves at all (some value is not 0); not named isX, so JSON mappers see no property. */
    public boolean impairs() {
        for (Property p : Property.values()) if (value(p) != 0) return true;
        return false;
    }

    public boolean has(Property p) { return value(p) != 0; }

    /** The same impairment with absent and 0 made one: what two designs compare by. */
    public LinkImpairment normalized() {
        LinkImpairment n = NONE;
        for (Property p : Property.values()) if (has(p)) n = n.with(p, value(p));
        return n;
    }

    /** Whether the two impair the link the same way (absent and 0 are the same). */
    public boolean sameEffect(LinkImpairment other) {
        return normalized().equals((other == null ? NONE : other).normalized());
    }

    /** Each out-of-range value, as "field: reason" with what is accepted; empty when all are fine. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Property p : Property.values()) {
            double v = value(p);
            if (!Double.isFinite(v)) { out.add(p.label + " must be a finite number"); continue; }
            if (v < 0) { out.add(p.label + " must not be negative (0 turns it off)"); continue; }
            switch (p) {
                case DELAY -> { if (v > MAX_DELAY_MS) out.add("delay " + format(v) + " ms is over the limit of " + format(MAX_DELAY_MS) + " ms"); }
                case JITTER -> {
                    if (v > value(Property.DELAY)) out.add("jitter " + format(v) + " ms is larger than the delay (" + format(value(Property.DELAY))
                            + " ms); jitter varies the delay, so set a delay at least as large");
                }
                case LOSS -> { if (v > 100) out.add("loss " + format(v) + " % is over 100 %"); }
                case RATE -> {
                    if (v > 0 && v < MIN_RATE_MBIT) out.add("rate " + format(v) + " Mbit/s is under the minimum of " + format(MIN_RATE_MBIT) + " Mbit/s");
                    if (v > MAX_RATE_MBIT) out.add("rate " + format(v) + " Mbit/s is over the limit of " + format(MAX_RATE_MBIT) + " Mbit/s");
                }
            }
        }
        return out;
    }

    /** What changes from {@code before} to this, one "delay 0 -> 50 ms" per property that differs. */
    public List<String> changesFrom(LinkImpairment before) {
        LinkImpairment b = before == null ? NONE : before;
        List<String> out = new ArrayList<>();
        for (Property p : Property.values())
            if (b.value(p) != value(p)) out.add(p.label + " " + format(b.value(p)) + " -> " + format(value(p)) + " " + p.unit);
        return out;
    }

    /** "delay 50 ms, loss 2 %"; "none" when plain. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (Property p : Property.values()) if (has(p)) parts.add(p.label + " " + format(value(p)) + " " + p.unit);
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** A number without a needless ".0": 50, 0.5, 12.25. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
