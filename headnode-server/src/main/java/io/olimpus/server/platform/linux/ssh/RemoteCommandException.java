package io.olimpus.server.platform.linux.ssh;

import io.olimpus.server.engine.driver.DriverException;

/** A script failed on a host; the message carries the host and what the script said, for the user. */
public final class RemoteCommandException extends DriverException {
    private final CommandResult result;

    public RemoteCommandException(String host, CommandResult result) {
        super("on " + host + ": command failed (exit " + result.exitCode() + ")" + summary(result));
        this.result = result;
    }

    public CommandResult result() { return result; }

    private static String summary(CommandResult r) {
        String err = r.stderr().isBlank() ? r.stdout() : r.stderr();
        err = err.strip();
        if (err.isEmpty()) return "";
        if (err.length() > 400) err = "…" + err.substring(err.length() - 400);
        return ": " + err;
    }
}
