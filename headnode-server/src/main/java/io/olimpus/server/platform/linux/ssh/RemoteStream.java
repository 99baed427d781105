package io.olimpus.server.platform.linux.ssh;

import io.olimpus.server.engine.driver.Console;

/**
 * A command running on a host with its standard input and output connected both ways over the
 * kept-open SSH session (its standard error is kept apart, never mixed into the stream).
 * Closing it closes the SSH channel, which ends the command.
 */
public interface RemoteStream extends Console {
    /** The first few KB the command wrote to standard error: why it ended, when it did. */
    String stderr();
}
