package io.olimpus.cli;

/** {@code olimpus-cli}: runs one command and exits with its code (see {@link Cli} for the codes). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(Env.system(), args));
    }
}
