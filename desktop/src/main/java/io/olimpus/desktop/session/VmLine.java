package io.olimpus.desktop.session;

/** One VM of a deployed (or deploying) slice as the desktop shows it; {@code vmId} is the design's node id. */
public record VmLine(String vmId, String name, String worker, String state, String detail) {
    public VmLine withState(String newState, String newDetail) { return new VmLine(vmId, name, worker, newState, newDetail); }
}
