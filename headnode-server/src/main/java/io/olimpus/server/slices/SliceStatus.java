package io.olimpus.server.slices;

/** Where a slice is in its life. Only DRAFT exists until the engine deploys; the engine moves the rest. */
public enum SliceStatus {
    DRAFT, DEPLOYING, RUNNING, FAILED, UNDEPLOYING;

    /** A slice whose design may be replaced: not while the engine is working on it. */
    public boolean editable() { return this != DEPLOYING && this != UNDEPLOYING; }

    /** A slice that may be deleted: nothing of it runs. */
    public boolean deletable() { return this == DRAFT || this == FAILED; }
}
