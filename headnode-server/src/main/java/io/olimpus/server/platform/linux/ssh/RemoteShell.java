package io.olimpus.server.platform.linux.ssh;

import java.io.InputStream;

/** A host the driver runs scripts on. */
public interface RemoteShell {
    String hostName();

    CommandResult run(Script script);

    /** Runs the script and fails, naming the host and the script's error, unless it exits 0. */
    default String check(Script script) {
        CommandResult r = run(script);
        if (!r.ok()) throw new RemoteCommandException(hostName(), r);
        return r.stdout();
    }

    /** Streams {@code content} into a file on the host (no whole-file buffer); atomic via a temporary name. */
    void upload(InputStream content, String remotePath);
}
