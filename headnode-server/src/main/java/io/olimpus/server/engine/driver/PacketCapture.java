package io.olimpus.server.engine.driver;

import java.io.InputStream;

/**
 * Packets seen on one link of a running slice, as a pcap file being written (global header
 * first, then one record per packet) by a capture running on the platform. Closing stops the
 * capture there too; it ends by itself once one of its {@link CaptureLimits} is reached.
 */
public interface PacketCapture extends AutoCloseable {
    /** The pcap bytes as the capture writes them; ends when the capture does. */
    InputStream pcap();

    /** Why the capture ended or failed, in the capturing tool's own words (its first few KB of errors). */
    String diagnostics();

    /** Where the capture runs, for the audit log and error messages: "worker2, tap3a0b1c (vm1)". */
    String where();

    @Override
    void close();
}
