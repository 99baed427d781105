package io.olimpus.desktop.io;

import io.olimpus.model.file.ImageMapping;
import io.olimpus.model.file.TopologyFileException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user's image mapping for lab imports and exports: {@code ~/.olimpus/image-mapping.yml}, or the default. */
public final class MappingFile {
    private MappingFile() {}

    /** Where the user keeps their mapping (it need not exist). */
    public static Path standard() { return Path.of(System.getProperty("user.home"), ".olimpus", "image-mapping.yml"); }

    /**
     * The mapping in {@code file}, or {@link ImageMapping#DEFAULT} when there is no such file. A file
     * that is not a mapping throws TopologyFileException (the caller names the file).
     */
    public static ImageMapping load(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) return ImageMapping.DEFAULT;
        try {
            return ImageMapping.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (TopologyFileException e) {
            throw e.file() == null ? e.inFile(file.toString()) : e;
        }
    }
}
