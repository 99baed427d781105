package io.olimpus.server.platform.linux.ssh;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.olimpus.server.engine.driver.DriverException;

/**
 * One kept-open SSH session per host, shared by every step of a job (a round trip costs about
 * 0.3 s; a new connection several). Host keys must match the admin's known_hosts file: an
 * unknown or changed key is refused, never accepted on first use. Sessions multiplex channels,
 * so parallel steps on one worker do not queue behind each other.
 */
public final class SshSessions implements AutoCloseable {
    private static final java.security.SecureRandom UPLOAD_IDS = new java.security.SecureRandom();
    /** Standard input into $part; a part file that could not be written completely goes. */
    private static final String RECEIVE = "cat > \"$part\" || { rm -f \"$part\"; exit 1; }";
    private final SshClient client;
    private final List<KeyPair> identities;
    private final Duration timeout;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    /** One lock per host: a host that does not answer holds up its own connects only, never another host's. */
    private final Map<String, Object> connecting = new ConcurrentHashMap<>();
    private final AtomicLong roundTrips = new AtomicLong();

    public SshSessions(Path knownHosts, Path privateKey, Duration timeout) {
        this(knownHosts, List.of(privateKey), timeout);
    }

    /** Every key is offered to every host: a zone's workers may each have their own. */
    public SshSessions(Path knownHosts, List<Path> privateKeys, Duration timeout) {
        if (!Files.isReadable(knownHosts)) throw new DriverException("known_hosts file " + knownHosts + " is not readable");
        this.timeout = timeout;
        List<KeyPair> loaded = new ArrayList<>();
        for (Path privateKey : privateKeys) {
            if (!Files.isReadable(privateKey)) throw new DriverException("SSH key " + privateKey + " is not readable");
            try {
                FileKeyPairProvider keys = new FileKeyPairProvider(privateKey);
                keys.setPasswordFinder(FilePasswordProvider.EMPTY);
                int before = loaded.size();
                keys.loadKeys(null).forEach(loaded::add);
                if (loaded.size() == before) throw new DriverException("no key found in " + privateKey);
            } catch (RuntimeException e) {
                if (e instanceof DriverException d) throw d;
                throw new DriverException("cannot read SSH key " + privateKey + ": " + e.getMessage(), e);
            }
        }
        if (loaded.isEmpty()) throw new DriverException("no SSH key given");
        this.identities = List.copyOf(loaded);
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
        client.start();
    }

    static {
        // Make sure the EdDSA provider is registered before any key is parsed.
        SecurityUtils.isEDDSACurveSupported();
    }

    public RemoteShell shell(SshEndpoint endpoint) {
        return new Shell(endpoint);
    }

    /**
     * Runs {@code script} on the host with its standard input and output left open as a byte stream
     * both ways (a console, a tunnel to a UNIX socket). The channel shares the host's kept-open
     * session; reads block until the command writes, without a timeout, and end at its exit.
     */
    public RemoteStream stream(SshEndpoint endpoint, Script script) {
        roundTrips.incrementAndGet();
        ChannelExec ch = null;
        try {
            ch = session(endpoint).createExecChannel(script.commandFor(endpoint));
            BoundedBuffer err = new BoundedBuffer(4096);
            ch.setErr(err);
            ch.open().verify(timeout);
            InputStream in = ch.getInvertedOut();
            if (in instanceof org.apache.sshd.common.channel.ChannelPipedInputStream piped) piped.setTimeout(0);
            return new Stream(ch, in, ch.getInvertedIn(), err);
        } catch (IOException ex) {
            if (ch != null) ch.close(true);
            throw new DriverException("on " + endpoint.name() + ": SSH failed: " + rootMessage(ex), ex);
        }
    }

    private record Stream(ChannelExec channel, InputStream in, java.io.OutputStream out, BoundedBuffer err) implements RemoteStream {
        @Override public String stderr() { return err.toString(); }

        @Override
        public void close() {
            try { out.close(); } catch (IOException ignored) { /* the channel goes anyway */ }
            channel.close(true);
        }
    }

    /** Keeps the first {@code limit} bytes written and drops the rest, so a chatty command cannot fill memory. */
    private static final class BoundedBuffer extends java.io.OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int limit;

        BoundedBuffer(int limit) { this.limit = limit; }

        @Override public synchronized void write(int b) { if (kept.size() < limit) kept.write(b); }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            kept.write(b, off, Math.min(len, Math.max(0, limit - kept.size())));
        }

        @Override public synchronized String toString() { return kept.toString(StandardCharsets.UTF_8); }
    }

    /** Commands sent so far, over every host: the benchmark divides this by VMs deployed. */
    public long roundTrips() { return roundTrips.get(); }

    private ClientSession session(SshEndpoint e) {
        String key = e.user() + "@" + e.address() + ":" + e.port();
        ClientSession s = sessions.get(key);
        if (s != null && s.isOpen() && !s.isClosing()) return s;
        synchronized (connecting.computeIfAbsent(key, k -> new Object())) {
            s = sessions.get(key);
            if (s != null && s.isOpen() && !s.isClosing()) return s;
            try {
                ClientSession fresh = client.connect(e.user(), e.address(), e.port()).verify(timeout).getSession();
                identities.forEach(fresh::addPublicKeyIdentity);
                fresh.auth().verify(timeout);
                sessions.put(key, fresh);
                return fresh;
            } catch (IOException ex) {
                throw new DriverException("cannot open SSH to " + e.name() + " (" + e.address() + ":" + e.port() + "): " + rootMessage(ex), ex);
            }
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        sessions.values().forEach(s -> {
            try { s.close(); } catch (IOException ignored) { /* closing anyway */ }
        });
        sessions.clear();
        client.stop();
    }

    private final class Shell implements RemoteShell {
        private final SshEndpoint endpoint;

        Shell(SshEndpoint endpoint) { this.endpoint = endpoint; }

        @Override public String hostName() { return endpoint.name(); }

        @Override
        public CommandResult run(Script script) {
            return exec(script, null);
        }

        @Override
        public void upload(InputStream content, String remotePath) {
            // A part file of its own per upload: two jobs (or two headnodes) caching the same image on
            // one worker must not move each other's half-written file; mv -f is atomic either way.
            String tmp = remotePath + ".part-" + Long.toHexString(UPLOAD_IDS.nextLong() & Long.MAX_VALUE);
            Script s = Script.create().fixed(RECEIVE, Script.var("part", tmp))
                    .run("mv", "-f", tmp, remotePath);
            CommandResult r = exec(s, content);
            if (!r.ok()) throw new RemoteCommandException(endpoint.name(), r);
        }

        private CommandResult exec(Script script, InputStream stdin) {
            roundTrips.incrementAndGet();
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            try (ChannelExec ch = session(endpoint).createExecChannel(script.commandFor(endpoint))) {
                ch.setOut(out);
                ch.setErr(err);
                if (stdin != null) ch.setIn(stdin);
                ch.open().verify(timeout);
                Set<ClientChannelEvent> done = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), timeout.multipliedBy(10));
                if (!done.contains(ClientChannelEvent.EXIT_STATUS) && !done.contains(ClientChannelEvent.CLOSED))
                    throw new DriverException("on " + endpoint.name() + ": command did not finish within " + timeout.multipliedBy(10).toSeconds() + " s");
                ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(2));
                Integer code = ch.getExitStatus();
                return new CommandResult(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } catch (IOException ex) {
                throw new DriverException("on " + endpoint.name() + ": SSH failed: " + rootMessage(ex), ex);
            }
        }
    }
}
