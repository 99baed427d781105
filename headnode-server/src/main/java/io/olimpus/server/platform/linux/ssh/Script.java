package io.olimpus.server.platform.linux.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A shell script built from argument vectors, never from concatenated strings: every argument is
 * single-quoted, so no value can become shell syntax. Values are also validated where they are
 * made (names by the model's pattern, numbers as numbers); quoting is the second lock.
 * Lines run under {@code set -eu}: the first failing command stops the script.
 * What argument vectors cannot say (an {@code if}, a wait loop) is a {@link #fixed} snippet: a
 * constant of this program that reads its values from quoted variables.
 */
public final class Script {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern VARIABLE = Pattern.compile("[a-z][a-z0-9_]{0,30}");
    /** The descriptor {@link #lock} holds; {@link #daemon} closes it for the daemon. */
    private static final int LOCK_FD = 9;
    private final List<String> lines = new ArrayList<>();

    public static Script create() { return new Script(); }

    /** One command; each argument is quoted. */
    public Script run(String... argv) {
        lines.add(command(argv));
        return this;
    }

    /** One command line, pipes included. */
    public Script run(Command command) {
        lines.add(command.render());
        return this;
    }

    /** A command whose failure is acceptable (e.g. deleting what may already be gone). */
    public Script tolerate(String... argv) {
        lines.add(command(argv) + " 2>/dev/null || true");
        return this;
    }

    /** Runs {@code then} only when {@code test} fails: create-if-missing, the core of idempotence. */
    public Script unless(String[] test, String... then) {
        return unless(Command.of(test), Command.of(then));
    }

    /** {@link #unless(String[], String...)} with a test that is a pipe (e.g. a listing searched by grep). */
    public Script unless(Command test, Command then) {
        lines.add(test.render() + " >/dev/null 2>&1 || " + then.render());
        return this;
    }

    /**
     * Runs {@code then} when the constant test {@code constantTest} succeeds on the host and
     * {@code otherwise} when it fails: for what the host itself decides when the script runs
     * (whether it has Open vSwitch). The branches keep {@code set -eu}.
     */
    public Script either(String constantTest, Script then, Script otherwise) {
        lines.add("if " + constantTest + "; then");
        lines.addAll(then.isEmpty() ? List.of(":") : then.lines);
        lines.add("else");
        lines.addAll(otherwise.isEmpty() ? List.of(":") : otherwise.lines);
        lines.add("fi");
        return this;
    }

    /** Runs {@code then} as long as {@code test} succeeds: removes every copy of a rule that may have been added twice. */
    public Script whileSucceeds(String[] test, String... then) {
        lines.add("while " + command(test) + " 2>/dev/null; do " + command(then) + "; done");
        return this;
    }

    /**
     * Holds an exclusive lock on the file {@code path} from here to the script's end: scripts that
     * take the same lock run this part one at a time.
     */
    public Script lock(String path) {
        lines.add("exec " + LOCK_FD + ">" + quote(path) + " && flock " + LOCK_FD);
        return this;
    }

    /** A command that starts a daemon; the daemon does not inherit the script's {@link #lock}, or it would hold it for its whole life. */
    public Script daemon(String... argv) {
        lines.add(command(argv) + " " + LOCK_FD + ">&-");
        return this;
    }

    /** The script becomes {@code argv} (its input and output, its end): for streams. */
    public Script exec(String... argv) {
        lines.add("exec " + command(argv));
        return this;
    }

    /** A value for a {@link #fixed} snippet, bound to a shell variable of a lower-case name. */
    public record Var(String name, String value) {
        public Var {
            if (name == null || !VARIABLE.matcher(name).matches()) throw new IllegalArgumentException("variable name '" + name + "' must match " + VARIABLE.pattern());
            quote(value);
        }
    }

    public static Var var(String name, String value) { return new Var(name, value); }

    /**
     * A fixed piece of shell that argument vectors cannot say (an {@code if}, a wait loop).
     * {@code constantShell} must be a constant of this program: values reach it only through
     * {@code vars}, each bound to its variable (quoted) on the line before, and read there as
     * {@code "$name"}; so no value is ever part of the shell text.
     */
    public Script fixed(String constantShell, Var... vars) {
        if (vars.length > 0) {
            StringBuilder bind = new StringBuilder();
            for (Var v : vars) {
                if (!constantShell.contains("$" + v.name())) throw new IllegalArgumentException("the snippet does not read $" + v.name());
                if (bind.length() > 0) bind.append(' ');
                bind.append(v.name()).append('=').append(quote(v.value()));
            }
            lines.add(bind.toString());
        }
        lines.add(constantShell);
        return this;
    }

    /** Writes {@code content} (quoted) to a file. */
    public Script write(String path, String content) {
        lines.add("printf '%s\\n' " + quote(content) + " > " + quote(path));
        return this;
    }

    public Script append(Script other) {
        lines.addAll(other.lines);
        return this;
    }

    /**
     * Runs the parts at once, each in a subshell of its own (under {@code set -eu} like the rest),
     * and waits for all of them; the script goes on only when every part succeeded. For steps that
     * wait and do not depend on each other: several VMs of a worker each given time to quit.
     */
    public Script parallel(List<Script> parts) {
        List<Script> real = parts.stream().filter(p -> !p.isEmpty()).toList();
        if (real.size() <= 1) {
            real.forEach(this::append);
            return this;
        }
        lines.add("olx_pids=");
        for (Script part : real) {
            lines.add("(");
            lines.addAll(part.lines);
            lines.add(") & olx_pids=\"$olx_pids $!\"");
        }
        // Every part is waited for, even after one failed: none is left running unseen.
        lines.add("olx_rc=0; for olx_p in $olx_pids; do wait \"$olx_p\" || olx_rc=1; done; [ \"$olx_rc\" = 0 ]");
        return this;
    }

    /**
     * Runs {@code part} in a subshell of its own (under {@code set -eu}, so its first failing line
     * fails it) and prints {@code words} when it succeeded; its failure does not stop the script.
     * For one round trip that answers several questions (which of these VMs is leased).
     */
    public Script tell(Script part, String... words) {
        lines.add("(");
        lines.addAll(part.lines);
        // In the background and then waited for: a subshell in an if's condition would run with set -e ignored.
        lines.add(") & if wait \"$!\"; then echo " + command(words) + "; fi");
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

    /**
     * The command line sent to {@code endpoint}: {@link #asShCommand} as it is, or through
     * {@code sudo -n} (never a password prompt: a user without passwordless sudo fails at once,
     * "sudo: a password is required") when the endpoint asks for it. Standard input and output
     * pass through sudo, so uploads and consoles work alike.
     */
    String commandFor(SshEndpoint endpoint) {
        return endpoint.sudo() ? "sudo -n " + asShCommand() : asShCommand();
    }

    @Override public String toString() { return render(); }
}
