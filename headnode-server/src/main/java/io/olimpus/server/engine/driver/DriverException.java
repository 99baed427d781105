package io.olimpus.server.engine.driver;

/** A platform refused or failed an operation; the message is meant for the user, naming what failed. */
public class DriverException extends RuntimeException {
    public DriverException(String message) { super(message); }

    public DriverException(String message, Throwable cause) { super(message, cause); }
}
