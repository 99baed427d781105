package io.olimpus.server.engine.driver;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A VM's graphical console as a byte stream (RFB, the VNC protocol): what the VM's display says
 * comes out of {@link #in()}, the viewer's keys and clicks go into {@link #out()}. Closing ends
 * the connection on the platform too.
 */
public interface Console extends AutoCloseable {
    InputStream in();

    OutputStream out();

    @Override
    void close();
}
