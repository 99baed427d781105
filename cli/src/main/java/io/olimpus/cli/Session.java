package io.olimpus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The login kept between runs: server, username and token in {@code session.json} of the user's
 * config folder. The file is created with mode 0600 (the folder 0700) before anything is written
 * to it, so the token is never readable by others, not even for a moment.
 */
record Session(String server, String username, String token) {
    static final String FILE = "session.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Session load(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        try {
            return JSON.readValue(f.toFile(), Session.class);
        } catch (IOException e) {
            return null;  // unreadable or from another version: as if logged out; login writes a new one
        }
    }

    void save(Path dir) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            else Files.createDirectories(dir);
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            Files.createFile(tmp, attrs);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another olimpus-cli is logging in right now; try again", e);
        }
        Files.write(tmp, JSON.writeValueAsBytes(this));
        try {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static boolean delete(Path dir) throws IOException {
        return Files.deleteIfExists(dir.resolve(FILE));
    }
}
