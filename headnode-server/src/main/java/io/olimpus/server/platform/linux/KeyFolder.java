package io.olimpus.server.platform.linux;

import io.olimpus.server.errors.DomainError;
import io.olimpus.server.zones.Fields;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one folder on the headnode server whose files SSH key and known-hosts references may name:
 * {@code <data>/keys}. A reference is a path relative to it ("lab/id_ed25519"); absolute paths,
 * ".." and symbolic links leading out of it name nothing, so an admin's reference cannot make the
 * server read (or say whether there is) any other file, such as /etc/shadow.
 */
public final class KeyFolder {
    private final Path root;

    public KeyFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folder under a data folder: {@code <data>/keys}. */
    public static KeyFolder in(Path dataDir) { return new KeyFolder(dataDir.resolve("keys")); }

    public Path root() { return root; }

    /** Creates the folder (private to the server's user) when it is not there yet. */
    public KeyFolder create() throws IOException {
        Files.createDirectories(root);
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix"))
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return this;
    }

    /**
     * The readable regular file {@code ref} names inside the folder, or empty: for a reference of
     * the wrong form (see {@link Fields#keyRef}), a missing or unreadable file, and a file a symbolic
     * link puts outside the folder alike, so the answer tells nothing about files elsewhere.
     */
    public Optional<Path> file(String ref) {
        if (Fields.whyNotKeyRef(ref) != null) return Optional.empty();
        Path p = root.resolve(ref).normalize();
        if (!p.startsWith(root)) return Optional.empty();
        try {
            Path real = p.toRealPath();
            if (!real.startsWith(root.toRealPath())) return Optional.empty();
            return Files.isRegularFile(real) && Files.isReadable(real) ? Optional.of(real) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks a reference an admin gives for {@code field}: its form, then that it names a readable
     * file in the folder. The refusal names the folder and what to do, never a file outside it.
     */
    public String require(String field, String ref) {
        Fields.keyRef(field, ref);
        if (file(ref).isEmpty())
            throw DomainError.badField(field, "no readable file '" + Fields.clip(ref) + "' in the keys folder " + root
                    + "; copy the file there (readable by the server's user) and name it relative to that folder");
        return ref;
    }

    /** The message for a stored reference that names no readable file here (it may come from an older version, which took absolute paths). */
    String missing(String what, String ref) {
        return what + " '" + Fields.clip(ref) + "' is not a readable file in the keys folder " + root
                + " (references are relative to that folder); copy the file there and store the reference again";
    }
}
