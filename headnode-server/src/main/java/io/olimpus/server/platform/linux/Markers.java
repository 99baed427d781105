package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.ArrayList;
import java.util.List;

/**
 * Every resource leaves a marker in {@code <state>/slices/<slice id>/} on its host, written before
 * the resource is made and removed after it is gone: listing the markers finds even what a crash
 * left unreported.
 */
final class Markers {
    /** Every marker of the folder, one per line; nothing when the slice has none on the host. */
    private static final String LIST = "cat \"$dir\"/* 2>/dev/null || true";

    private Markers() {}

    private static String sliceDir(LinuxHost h, SliceContext s) {
        return h.stateRoot() + "/slices/" + LinuxNames.requireSliceId(s.sliceId());
    }

    private static String file(LinuxHost h, SliceContext s, ResourceRef ref) {
        return sliceDir(h, s) + "/" + ref.kind() + "." + ref.name();
    }

    static void mark(Script script, LinuxHost h, SliceContext s, ResourceRef ref) {
        script.run("mkdir", "-p", sliceDir(h, s))
              .write(file(h, s, ref), ref.kind() + " " + ref.name() + " " + ref.owner() + " " + ref.teardownRank());
    }

    static void unmark(Script script, LinuxHost h, SliceContext s, ResourceRef ref) {
        script.run("rm", "-f", file(h, s, ref))
              // The slice's folder goes with its last marker.
              .tolerate("rmdir", sliceDir(h, s));
    }

    static Script list(LinuxHost h, SliceContext s) {
        return Script.create().fixed(LIST, Script.var("dir", sliceDir(h, s)));
    }

    /** The resources the output of {@link #list} names; lines that are not markers are skipped. */
    static List<ResourceRef> parse(LinuxHost h, String listed) {
        List<ResourceRef> out = new ArrayList<>();
        for (String line : listed.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length != 4 || !f[3].matches("[0-9]{1,3}")) continue;
            out.add(new ResourceRef(f[0], f[1], h.id(), f[2], Integer.parseInt(f[3])));
        }
        return out;
    }
}
