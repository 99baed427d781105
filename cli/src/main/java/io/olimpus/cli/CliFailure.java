package io.olimpus.cli;

/** A command that cannot go on, with the exit code and the sentence (already in the user's language) to print. */
final class CliFailure extends RuntimeException {
    final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
