package io.olimpus.server.engine.driver;

/** A VM's life as users see it; the desktop colours the canvas by these. */
public enum VmState {
    QUEUED, CREATING, BOOTING, RUNNING, STOPPED, FAILED, DELETING, DELETED
}
