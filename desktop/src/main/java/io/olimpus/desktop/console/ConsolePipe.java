package io.olimpus.desktop.console;

/**
 * A two-way byte pipe to a VM's console (a VNC/RFB stream): the server's WebSocket
 * (binary frames both ways), or a plain socket in tests. The viewer knows nothing else about the
 * transport, so any byte source can feed it.
 *
 * <p>Contract: {@link #open} is called once, by the viewer; the pipe then calls the listener's
 * {@link Listener#received} with the incoming bytes in order, in chunks of any size (never two
 * calls at the same time), and finally exactly one of {@link Listener#closed} or
 * {@link Listener#failed}. {@link #send} may be called from any thread after {@code open};
 * {@link #close} is safe to call more than once.
 */
public interface ConsolePipe {
    /** Starts delivering bytes to the listener. */
    void open(Listener listener);

    /** Sends bytes to the console; the pipe may not keep a reference to the array after it returns. */
    void send(byte[] bytes);

    /** Closes the pipe; the listener then hears {@link Listener#closed}. */
    void close();

    /** Where a pipe delivers what arrives. */
    interface Listener {
        /** Bytes from the console, in order; the array is the listener's to keep. */
        void received(byte[] bytes);

        /** The pipe ended normally (the VM's console closed, or {@link #close} was called); {@code reason} is for people. */
        void closed(String reason);

        /** The pipe broke; the message of {@code error} is shown to the user. */
        void failed(Throwable error);
    }
}
