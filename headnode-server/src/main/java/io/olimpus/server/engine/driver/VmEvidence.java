package io.olimpus.server.engine.driver;

import java.util.regex.Pattern;

/**
 * The last words of a VM that failed: the end of its serial console and of its hypervisor's error
 * output, kept with the job after the rollback deleted the VM. Bounded and printable only (colour
 * codes and other control characters removed), since anyone who may read the job reads it.
 */
public record VmEvidence(String console, String platformLog) {
    /** The most of each text kept: the end, where a failure shows. */
    public static final int MAX_CHARS = 4096;
    public static final VmEvidence NONE = new VmEvidence("", "");
    private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?|[@-Z\\\\-_])");

    public VmEvidence {
        console = printableTail(console);
        platformLog = printableTail(platformLog);
    }

    public boolean isEmpty() { return console.isBlank() && platformLog.isBlank(); }

    /** The end of {@code raw} (at most {@link #MAX_CHARS}), without escape sequences and control characters but newline and tab. */
    static String printableTail(String raw) {
        if (raw == null || raw.isEmpty()) return "";
        String s = ESCAPES.matcher(raw).replaceAll("").replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS * 2));
        s.codePoints().forEach(c -> {
            if (c == '\n' || c == '\t' || (!Character.isISOControl(c) && Character.isDefined(c) && c != 0xFFFD
                    && Character.getType(c) != Character.PRIVATE_USE && Character.getType(c) != Character.SURROGATE)) out.appendCodePoint(c);
        });
        if (out.length() <= MAX_CHARS) return out.toString();
        int from = out.length() - MAX_CHARS;
        if (Character.isLowSurrogate(out.charAt(from))) from++;
        return out.substring(from);
    }
}
