package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.DriverException;
import io.olimpus.server.platform.linux.ssh.Command;
import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Copies of images on the workers, in {@code <state>/images/<sha256 of the first file>/}: each file
 * is copied once, verified by SHA-256, and kept for later VMs (it is no slice's resource, so no
 * undeploy deletes it). Parallel VMs on a worker wait for one copy. Each use touches the copy's
 * folder, and the cache is pruned on the worker ({@link #prune}) whenever an image is first used
 * there by a job and whenever an image is deleted from the catalog.
 */
final class ImageCache {
    private static final Logger log = LoggerFactory.getLogger(ImageCache.class);

    /**
     * In $images, evicts every copy but $keep and those a VM's launch line in $vms names (a running
     * or stopped VM still needs its base image): first copies whose key is not in $live (deleted
     * images), then, least recently used first, copies of live images while the cache holds more
     * than $maxkb KiB. Only folders named like a SHA-256 are touched.
     */
    private static final String PRUNE = "cd \"$images\" 2>/dev/null || exit 0\n"
            + "inuse=\" $(cat \"$vms\"/*/launch.sh 2>/dev/null | grep -o 'images/[0-9a-f]\\{64\\}' | cut -d/ -f2 | tr '\\n' ' ') \"\n"
            + "for d in $(ls -1tr); do\n"
            + "  case \"$d\" in *[!0-9a-f]*) continue ;; esac\n"
            + "  [ \"${#d}\" -eq 64 ] && [ \"$d\" != \"$keep\" ] || continue\n"
            + "  case \"$inuse\" in *\" $d \"*) continue ;; esac\n"
            + "  case \" $live \" in *\" $d \"*) [ \"$(du -sk . | cut -f1)\" -gt \"$maxkb\" ] || continue ;; esac\n"
            + "  rm -rf -- \"$d\" && echo \"evicted $d\"\n"
            + "done";

    private final ImageSource images;
    private final Function<LinuxHost, RemoteShell> shells;
    private final long maxBytes;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    /** @param maxBytes how much a worker's cache may hold before least recently used copies go */
    ImageCache(ImageSource images, Function<LinuxHost, RemoteShell> shells, long maxBytes) {
        this.images = images;
        this.shells = shells;
        this.maxBytes = maxBytes;
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
                String have = shell.check(Script.create().run("mkdir", "-p", cache).run("touch", cache).run(sha256(path))).trim();
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
            prune(shell, h, image.files().get(0).sha256());
            return cache;
        }
    }

    /**
     * Evicts on {@code h} what {@link #PRUNE} says, keeping {@code keep} (null: nothing in
     * particular). Best effort: a cache that could not be pruned never fails a deploy; it is logged.
     */
    void prune(RemoteShell shell, LinuxHost h, String keep) {
        Set<String> live = images.cacheKeys();
        for (String k : live) if (!k.matches("[0-9a-f]{64}")) throw new IllegalStateException("cache key " + k + " is not a SHA-256");
        Script s = Script.create().fixed(PRUNE, Script.var("images", h.stateRoot() + "/images"), Script.var("vms", h.stateRoot() + "/vms"),
                Script.var("keep", keep == null ? "" : keep), Script.var("live", String.join(" ", new java.util.TreeSet<>(live))),
                Script.var("maxkb", String.valueOf(Math.max(1, maxBytes / 1024))));
        try {
            var r = shell.run(s);
            if (!r.ok()) log.warn("the image cache on {} could not be pruned: {}", h.name(), r.stderr().strip());
            else if (!r.stdout().isBlank()) log.info("image cache on {}: {}", h.name(), r.stdout().strip().replace('\n', ','));
        } catch (RuntimeException e) {
            log.warn("the image cache on {} could not be pruned", h.name(), e);
        }
    }

    private static Command sha256(String path) {
        return Command.of("sha256sum", path).pipe("cut", "-c1-64");
    }
}
