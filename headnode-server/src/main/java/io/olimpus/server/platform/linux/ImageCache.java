package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.platform.linux.ssh.Command;
import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Copies of images on the workers, in {@code <state>/images/<sha256 of the first file>/}: each file
 * is copied once, verified by SHA-256, and kept for every later VM (it is no slice's resource, so
 * nothing deletes it). Parallel VMs on a worker wait for one copy.
 */
final class ImageCache {
    private final ImageSource images;
    private final Function<LinuxHost, RemoteShell> shells;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    ImageCache(ImageSource images, Function<LinuxHost, RemoteShell> shells) {
        this.images = images;
        this.shells = shells;
    }

    /** The image's folder on {@code h}, once every file there has the image's checksum. */
    String ensure(LinuxHost h, ImageSource.Image image) {
        String cache = h.stateRoot() + "/images/" + image.files().get(0).sha256();
        String key = h.id() + "/" + cache;
        if (verified.contains(key)) return cache;
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            if (verified.contains(key)) return cache;
            RemoteShell shell = shells.apply(h);
            for (ImageSource.ImageFile f : image.files()) {
                String path = cache + "/" + f.role();
                // Empty when the file is not there yet (the pipe's status is cut's).
                String have = shell.check(Script.create().run("mkdir", "-p", cache).run(sha256(path))).trim();
                if (have.equals(f.sha256())) continue;
                try (InputStream in = images.open(image.name(), f.role())) {
                    shell.upload(in, path);
                } catch (IOException e) {
                    // The I/O error names the server's image file: for the log, not for whoever deployed.
                    throw DriverException.withAdminDetail("image " + image.name() + " cannot be read on the server; an administrator has been told",
                            "cannot read image " + image.name() + ": " + e.getMessage(), e);
                }
                String after = shell.check(Script.create().run(sha256(path))).trim();
                if (!after.equals(f.sha256())) {
                    shell.run(Script.create().run("rm", "-f", path));
                    throw new DriverException("image " + image.name() + " (" + f.role() + ") arrived corrupted on " + h.name());
                }
            }
            verified.add(key);
            return cache;
        }
    }

    private static Command sha256(String path) {
        return Command.of("sha256sum", path).pipe("cut", "-c1-64");
    }
}
