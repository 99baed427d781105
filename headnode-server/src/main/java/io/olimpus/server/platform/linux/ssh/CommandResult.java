package io.olimpus.server.platform.linux.ssh;

/** What a remote script did. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    public boolean ok() { return exitCode == 0; }
}
