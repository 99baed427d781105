package io.olimpus.server.platform.linux.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A shell script built from argument vectors, never from concatenated strings: every argument is
 * single-quoted, so no value can become shell syntax. Values are also validated where they are
 * made (names by the model's pattern, numbers as numbers); quoting is the second lock.
 * Lines run under {@code set -eu}: the first failing command stops the script.
 */
public final class Script {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private final List<String> lines = new ArrayList<>();

    public static Script create() { return new Script(); }

    /** One command; each argument is quoted. */
    public Script run(String... argv) {
        lines.add(command(argv));
        return this;
    }

    /** A command whose failure is acceptable (e.g. deleting what may already be gone). */
    public Script tolerate(String... argv) {
        lines.add(command(argv) + " 2>/dev/null || true");
        return this;
    }

    /** Runs {@code then} only when {@code test} fails: create-if-missing, the core of idempotence. */
    public Script unless(String[] test, String... then) {
        lines.add(command(test) + " >/dev/null 2>&1 || " + command(then));
        return this;
    }

    /** Writes {@code content} (quoted) to a file. */
    public Script write(String path, String content) {
        lines.add("printf '%s\\n' " + quote(content) + " > " + quote(path));
        return this;
    }

    /**
     * A fixed fragment of shell written by this program (pipes, redirections). It must never
     * contain a value from outside; values go in through {@link #quote}.
     */
    public Script raw(String trustedShell) {
        lines.add(trustedShell);
        return this;
    }

    public Script append(Script other) {
        lines.addAll(other.lines);
        return this;
    }

    public boolean isEmpty() { return lines.isEmpty(); }

    public String render() {
        return "set -eu\n" + String.join("\n", lines) + "\n";
    }

    /** One command line with every argument quoted. */
    public static String command(String... argv) {
        if (argv.length == 0) throw new IllegalArgumentException("empty command");
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(quote(a));
        }
        return sb.toString();
    }

    /** Single quotes, with embedded quotes closed, escaped and reopened: 'it'\''s'. */
    public static String quote(String value) {
        if (value == null) throw new IllegalArgumentException("null argument");
        if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0) throw new IllegalArgumentException("argument with a NUL or newline: refused");
        if (!value.isEmpty() && SAFE.matcher(value).matches()) return value;
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** The whole script as one argument of {@code sh -c}: its own newlines are fine inside single quotes. */
    String asShCommand() {
        String body = render();
        if (body.indexOf('\0') >= 0) throw new IllegalArgumentException("script with a NUL: refused");
        return "sh -c '" + body.replace("'", "'\\''") + "'";
    }

    @Override public String toString() { return render(); }
}
