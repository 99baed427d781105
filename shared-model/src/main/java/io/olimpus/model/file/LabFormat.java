package io.olimpus.model.file;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lab formats Olimpus reads and writes; {@link #id()} is what the CLI's {@code --format} takes. */
public enum LabFormat {
    OLIMPUS("olimpus", "Olimpus topology", ".json", true, true),
    COURSE("course", "course tool JSON", ".json", true, false),
    CONTAINERLAB("clab", "containerlab topology", ".clab.yml", true, true),
    GNS3("gns3", "GNS3 project", ".gns3", true, true),
    NETLAB("netlab", "netlab topology", ".yml", true, true),
    HEAT("hot", "OpenStack Heat template", ".hot.yaml", false, true);

    private final String id;
    private final String label;
    private final String extension;
    private final boolean readable;
    private final boolean writable;

    LabFormat(String id, String label, String extension, boolean readable, boolean writable) {
        this.id = id;
        this.label = label;
        this.extension = extension;
        this.readable = readable;
        this.writable = writable;
    }

    public String id() { return id; }

    /** How a person calls it, for menus and messages. */
    public String label() { return label; }

    /** The file name ending an export in this format gets (e.g. {@code lab1.clab.yml}). */
    public String extension() { return extension; }

    public boolean readable() { return readable; }

    public boolean writable() { return writable; }

    /** The file name an export of slice {@code name} gets. */
    public String fileName(String name) { return name + extension; }

    /** The format named {@code id} (as in {@code --format clab}); the message lists the accepted ones. */
    public static LabFormat byId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (LabFormat f : values()) if (f.id.equals(wanted)) return f;
        throw new IllegalArgumentException("unknown format '" + io.olimpus.model.topology.Names.clip(id) + "'; use one of "
                + Arrays.stream(values()).map(LabFormat::id).collect(Collectors.joining(", ")));
    }

    /** The formats an export can be written in, by id: olimpus, clab, gns3, netlab, hot. */
    public static String writableIds() {
        return Arrays.stream(values()).filter(LabFormat::writable).map(LabFormat::id).collect(Collectors.joining("|"));
    }
}
