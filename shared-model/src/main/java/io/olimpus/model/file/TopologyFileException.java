package io.olimpus.model.file;

/** A topology file that cannot be read, with the JSON path of the bad field (e.g. {@code topology.nodes[3].kind}). */
public final class TopologyFileException extends RuntimeException {
    private final String path;
    private final String reason;

    public TopologyFileException(String path, String reason) {
        super(path.isEmpty() ? reason : path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() { return path; }

    public String reason() { return reason; }
}
