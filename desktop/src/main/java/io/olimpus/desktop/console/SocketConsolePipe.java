package io.olimpus.desktop.console;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A {@link ConsolePipe} over a plain socket: a UNIX socket such as QEMU's {@code -vnc
 * unix:PATH}, or TCP to a VNC server. One daemon thread reads; sends write straight through.
 */
public final class SocketConsolePipe implements ConsolePipe {
    private final SocketChannel channel;
    private final String label;
    private volatile boolean closing;

    private SocketConsolePipe(SocketChannel channel, String label) {
        this.channel = channel;
        this.label = label;
    }

    /** Connects to a UNIX socket (a {@link UnixDomainSocketAddress}) or a TCP address. */
    public static SocketConsolePipe connect(SocketAddress address) throws IOException {
        SocketChannel ch = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            ch.connect(address);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new SocketConsolePipe(ch, address.toString());
    }

    @Override
    public void open(Listener listener) {
        Thread reader = new Thread(() -> read(listener), "console-pipe " + label);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Listener listener) {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try {
            while (true) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) break;
                if (n > 0) listener.received(Arrays.copyOf(in.array(), n));
            }
            close();
            listener.closed("the console closed the connection");
        } catch (ClosedChannelException e) {
            listener.closed("closed");
        } catch (IOException e) {
            close();
            if (closing) listener.closed("closed");
            else listener.failed(e);
        }
    }

    @Override
    public void send(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            synchronized (channel) {
                while (b.hasRemaining()) channel.write(b);
            }
        } catch (IOException e) {
            // The reader hears the end of the channel and reports it; a lost key press is moot then.
            close();
        }
    }

    @Override
    public void close() {
        closing = true;
        try { channel.close(); } catch (IOException ignored) { /* closing anyway */ }
    }
}
