package io.olimpus.server.testbed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test bed's script, or a command on one of its hosts, bounded in time. The output goes to
 * a file rather than a pipe: a bed script leaves daemons behind (sshd, QEMU, OpenStack services)
 * that could hold a pipe open, and reading a pipe to its end would wait for them past any timeout.
 */
public final class Command {
    private Command() {}

    /** Exit code and the command's stdout and stderr together. */
    public record Result(int code, String output) {}

    public static Result exec(List<String> argv, int seconds) throws Exception {
        return exec(argv, seconds, java.util.Map.of());
    }

    /** {@link #exec(List, int)} with {@code env} added to this process's environment (a bed's layout). */
    public static Result exec(List<String> argv, int seconds, java.util.Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("olimpus-testbed-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("timed out after " + seconds + " s: " + argv + "\n" + read(out));
            }
            return new Result(p.exitValue(), read(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@link #exec}, failing with the command's output unless it exits 0. */
    public static void run(List<String> argv, int seconds) throws Exception {
        run(argv, seconds, java.util.Map.of());
    }

    public static void run(List<String> argv, int seconds, java.util.Map<String, String> env) throws Exception {
        Result r = exec(argv, seconds, env);
        if (r.code() != 0) throw new IllegalStateException(String.join(" ", argv) + " failed (" + r.code() + "):\n" + r.output());
    }

    private static String read(Path out) throws java.io.IOException {
        return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);   // lenient: a script may print any bytes
    }
}
