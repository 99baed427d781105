package io.olimpus.server.platform.linux;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A student's SSH login to a VM as a real SSH client does it through the server: Apache MINA's
 * SSH client (the library the driver itself uses) connects to a loopback port whose one
 * connection is carried over the VM's ssh WebSocket, as olimpus-cli slice ssh-proxy carries
 * ssh's. The VM's host key is whatever it made at its first boot: accepted, as a first
 * connection's is.
 */
final class VmSshLogin {
    private VmSshLogin() {}

    /** Runs {@code command} on the VM as {@code user} with the private key in {@code keyFile}; returns its exit code and output. */
    static Result run(String wsUrl, String token, String user, Path keyFile, String command, Duration timeout) throws Exception {
        try (ServerSocket local = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread relay = new Thread(() -> relayOne(local, wsUrl, token), "ssh-relay");
            relay.setDaemon(true);
            relay.start();
            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", local.getLocalPort()).verify(timeout).getSession()) {
                FileKeyPairProvider keys = new FileKeyPairProvider(keyFile);
                keys.setPasswordFinder(FilePasswordProvider.EMPTY);
                for (KeyPair k : keys.loadKeys(null)) session.addPublicKeyIdentity(k);
                session.auth().verify(timeout);
                var out = new java.io.ByteArrayOutputStream();
                var err = new java.io.ByteArrayOutputStream();
                try (var ch = session.createExecChannel(command)) {
                    ch.setOut(out);
                    ch.setErr(err);
                    ch.open().verify(timeout);
                    ch.waitFor(java.util.EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED), timeout);
                    Integer code = ch.getExitStatus();
                    return new Result(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
                }
            } finally {
                client.stop();
            }
        }
    }

    record Result(int code, String output) {}

    /** Accepts one connection and joins it to the WebSocket until either side ends. */
    private static void relayOne(ServerSocket local, String wsUrl, String token) {
        try (Socket s = local.accept()) {
            OutputStream toClient = s.getOutputStream();
            var closed = new java.util.concurrent.CompletableFuture<Void>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                            try {
                                byte[] b = new byte[data.remaining()];
                                data.get(b);
                                toClient.write(b);
                                toClient.flush();
                            } catch (IOException e) {
                                w.abort();
                            }
                            w.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                            ended();
                            return null;
                        }

                        @Override
                        public void onError(WebSocket w, Throwable error) { ended(); }

                        /** The VM's side is gone: so is the client's connection. */
                        private void ended() {
                            closed.complete(null);
                            try { s.close(); } catch (IOException ignored) { /* closing anyway */ }
                        }
                    }).get(30, TimeUnit.SECONDS);
            InputStream fromClient = s.getInputStream();
            byte[] buf = new byte[32 * 1024];
            int n;
            while (!closed.isDone() && (n = fromClient.read(buf)) > 0)
                ws.sendBinary(ByteBuffer.wrap(buf, 0, n), true).get(30, TimeUnit.SECONDS);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            closed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the SSH client sees the connection end, and says so
        }
    }
}
