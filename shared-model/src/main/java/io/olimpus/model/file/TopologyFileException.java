package io.olimpus.model.file;

/**
 * A topology file that cannot be read, with the path of the bad field (e.g. {@code topology.nodes[3].kind})
 * and, once known, the name of the file it came from, so the message says which file and where.
 */
public class TopologyFileException extends RuntimeException {
    private final String file;
    private final String path;
    private final String reason;

    public TopologyFileException(String path, String reason) {
        this(null, path, reason);
    }

    public TopologyFileException(String file, String path, String reason) {
        super(message(file, path, reason));
        this.file = file;
        this.path = path;
        this.reason = reason;
    }

    private static String message(String file, String path, String reason) {
        String where = path.isEmpty() ? reason : path + ": " + reason;
        return file == null ? where : file + ": " + where;
    }

    /** The same failure, told as coming from {@code fileName}. */
    public TopologyFileException inFile(String fileName) {
        TopologyFileException e = new TopologyFileException(fileName, path, reason);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The file's name as the user gave it, or null when the text did not come from a named file. */
    public String file() { return file; }

    public String path() { return path; }

    public String reason() { return reason; }
}
