package io.olimpus.server.platform.linux.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * One command line of a {@link Script}: an argument vector, optionally piped into further ones
 * ({@code bridge fdb show dev vx5 | grep -q ...}). Every argument is quoted when rendered, so a
 * pipe is said without a string of shell.
 */
public final class Command {
    private final List<List<String>> stages;

    private Command(List<List<String>> stages) {
        this.stages = stages;
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv(argv)));
    }

    /** This command's standard output becomes {@code argv}'s standard input. */
    public Command pipe(String... argv) {
        List<List<String>> more = new ArrayList<>(stages);
        more.add(argv(argv));
        return new Command(List.copyOf(more));
    }

    String render() {
        List<String> rendered = new ArrayList<>();
        for (List<String> stage : stages) rendered.add(Script.command(stage.toArray(String[]::new)));
        return String.join(" | ", rendered);
    }

    private static List<String> argv(String... argv) {
        if (argv.length == 0) throw new IllegalArgumentException("empty command");
        for (String a : argv) if (a == null) throw new IllegalArgumentException("null argument");
        return List.of(argv);
    }

    @Override public String toString() { return render(); }
}
