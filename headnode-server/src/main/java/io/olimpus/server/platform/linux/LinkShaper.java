package io.olimpus.server.platform.linux;

import io.olimpus.model.topology.LinkImpairment;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A link's impairment as {@code tc} on a VM's tap, on the tap's worker. The tap's egress is what
 * the VM receives, so on a VM-to-VM link, with both taps shaped, each direction is delayed, lost
 * and limited once. Delay, jitter and loss are {@code netem} (the kernel's sch_netem); a rate alone
 * is {@code tbf} (sch_tbf), and under netem a tbf child of it. Shaping replaces the tap's root
 * qdisc in one kernel step ({@code tc qdisc replace}), never delete-then-add: a failed change (a
 * kernel without sch_netem, a refused value) keeps the shaping the link had instead of leaving it
 * plain. No impairment removes it (the kernel's default comes back). Values are the validated
 * numbers of the model, rendered as plain decimals; the tap name comes from {@link LinuxNames}.
 */
final class LinkShaper {
    /** The tbf queue's bound: how long a packet may wait for its tokens before it is dropped, as on a real slow link. */
    static final int TBF_LATENCY_MS = 500;
    /** The smallest bucket that holds one full Ethernet frame (the kernel refuses a burst below the MTU). */
    static final int MIN_BURST_BYTES = 1600;
    /** Root handles, one per layout (see {@link #shape}). */
    static final String NETEM_TBF_ROOT = "1:", TBF_ROOT = "2:", NETEM_ROOT = "3:";

    private LinkShaper() {}

    /** The script that makes {@code tap} behave as {@code imp}; idempotent. */
    static Script shape(String tap, LinkImpairment imp) {
        LinuxNames.requireInterface("tap", tap);
        List<String> problems = imp.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException("impairment out of range: " + problems);
        if (!imp.impairs()) return Script.create().tolerate("tc", "qdisc", "del", "dev", tap, "root");
        Script s = Script.create();
        boolean netem = imp.has(LinkImpairment.Property.DELAY) || imp.has(LinkImpairment.Property.LOSS);
        boolean rate = imp.has(LinkImpairment.Property.RATE);
        // Each layout has its own root handle: the kernel changes a qdisc in place only when the
        // handle and the kind match, and swaps in a new one (atomically) when the handle differs,
        // so a different layout never meets "Invalid qdisc name" and a same one keeps its child.
        String root = netem ? (rate ? NETEM_TBF_ROOT : NETEM_ROOT) : TBF_ROOT;
        if (netem) {
            List<String> argv = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", tap, "root", "handle", root, "netem"));
            if (imp.has(LinkImpairment.Property.DELAY)) {
                argv.addAll(List.of("delay", ms(imp.value(LinkImpairment.Property.DELAY))));
                if (imp.has(LinkImpairment.Property.JITTER)) argv.add(ms(imp.value(LinkImpairment.Property.JITTER)));
            }
            if (imp.has(LinkImpairment.Property.LOSS)) argv.addAll(List.of("loss", decimal(imp.value(LinkImpairment.Property.LOSS)) + "%"));
            s.run(argv.toArray(String[]::new));
        }
        if (rate) {
            List<String> argv = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", tap));
            argv.addAll(netem ? List.of("parent", root + "1", "handle", "10:") : List.of("root", "handle", root));
            double mbit = imp.value(LinkImpairment.Property.RATE);
            argv.addAll(List.of("tbf", "rate", kbit(mbit), "burst", Long.toString(burstBytes(mbit)), "latency", TBF_LATENCY_MS + "ms"));
            s.run(argv.toArray(String[]::new));
        }
        return s;
    }

    /** The tap's qdiscs, as {@code tc} shows them: what a check or a test reads back. */
    static Script show(String tap) {
        return Script.create().run("tc", "qdisc", "show", "dev", LinuxNames.requireInterface("tap", tap));
    }

    /** Whether a failed shaping's output says the kernel lacks a qdisc (sch_netem is often a module not loaded, or not built). */
    static boolean kernelLacksQdisc(String output) {
        return output != null && output.contains("qdisc kind is unknown");
    }

    /** A bucket of about 10 ms of the rate (a timer tick's worth), never below one frame. */
    static long burstBytes(double mbit) {
        return Math.max(MIN_BURST_BYTES, Math.round(mbit * 1_000_000 / 8 / 100));
    }

    /** Whole kbit/s: the model's minimum (0.01 Mbit/s) is 10 kbit. */
    static String kbit(double mbit) { return Math.round(mbit * 1000) + "kbit"; }

    static String ms(double v) { return decimal(v) + "ms"; }

    /** A plain decimal with no exponent and at most three places: what tc parses. */
    static String decimal(double v) {
        if (!Double.isFinite(v) || v < 0) throw new IllegalArgumentException("not a shaping value: " + v);
        return LinkImpairment.format(Math.round(v * 1000) / 1000.0).toLowerCase(Locale.ROOT);
    }
}
