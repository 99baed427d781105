package io.olimpus.desktop.session;

import io.olimpus.model.file.TopologyDocument;
import io.olimpus.model.file.TopologyFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a design is kept when the server cannot take it: one file per design name, written to a
 * temporary file and moved into place, so not even a crash loses it or leaves half of it.
 */
public final class DraftFolder {
    private final Path dir;

    public DraftFolder(Path dir) { this.dir = dir; }

    /** ~/.olimpus/drafts, or the folder named by the system property {@code olimpus.drafts}. */
    public static DraftFolder standard() {
        String p = System.getProperty("olimpus.drafts");
        return new DraftFolder(p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".olimpus", "drafts"));
    }

    /** Writes {@code design} and returns its file. */
    Path keep(TopologyDocument design) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(design.topology().name() + ".json");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, TopologyFile.write(design), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
