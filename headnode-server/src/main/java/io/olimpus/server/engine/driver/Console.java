package io.olimpus.server.engine.driver;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A VM's console as a byte stream: the graphical one speaks RFB (the VNC protocol), the serial one
 * plain terminal bytes. What the VM says comes out of {@link #in()}, the viewer's keys (and
 * clicks) go into {@link #out()}. Closing ends the connection on the platform too.
 */
public interface Console extends AutoCloseable {
    InputStream in();

    OutputStream out();

    /**
     * Why the stream ended, in the user's words, when the platform said (a tunnel's connection
     * refused, say); null when it just ended. Asked after {@link #in()} reached its end.
     */
    default String endNote() { return null; }

    @Override
    void close();
}
