package io.olimpus.server.platform.linux;

import io.olimpus.server.engine.apply.DeploymentRunner;
import io.olimpus.server.engine.driver.ResourceRef;
import io.olimpus.server.engine.driver.SliceContext;
import io.olimpus.server.engine.plan.DeploymentPlan;
import io.olimpus.server.platform.Leftovers;
import io.olimpus.server.platform.linux.ssh.RemoteShell;
import io.olimpus.server.platform.linux.ssh.Script;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the hosts of a Linux zone hold that no slice of this server owns. The markers tell it
 * ({@link Markers}: every resource has one in {@code <state>/slices/<slice id>/} on its host from
 * before it is made until it is gone); beyond them, what carries Olimpus's names without a marker:
 * VM folders in {@code <state>/vms/} and QEMU processes named by a VM key ({@link LinuxNames#vmKey})
 * of a slice nobody owns. The clean-up deletes a stray slice's marked resources through the driver,
 * as an undeploy would, then the unmarked folders and processes.
 */
final class LinuxLeftovers {
    /**
     * One line per finding: {@code marker <slice id> <marker line>}, {@code vmdir <vm key>},
     * {@code qemu <vm key> <pid>}. Names are read back, never trusted: {@link #survey} validates them.
     */
    private static final String SURVEY = "for f in \"$root\"/slices/*/*; do if [ -f \"$f\" ]; then d=${f%/*}; printf 'marker %s ' \"${d##*/}\"; head -n 1 \"$f\"; fi; done; "
            + "for d in \"$root\"/vms/*; do if [ -d \"$d\" ]; then echo \"vmdir ${d##*/}\"; fi; done; "
            + "ps -eo pid=,args= | while read -r pid cmd opt key rest; do if [ \"$cmd\" = qemu-system-x86_64 ] && [ \"$opt\" = -name ]; then echo \"qemu $key $pid\"; fi; done; true";
    /** Stops process $pid, but only while it still is the QEMU of VM $key. */
    private static final String KILL = "if tr '\\0' ' ' < \"/proc/$pid/cmdline\" 2>/dev/null | grep -qF -- \"-name $key \"; then kill \"$pid\" 2>/dev/null || true; "
            + "for i in $(seq 1 50); do kill -0 \"$pid\" 2>/dev/null || break; sleep 0.1; done; ! kill -0 \"$pid\" 2>/dev/null || kill -KILL \"$pid\"; fi";
    static final String PROCESS = "linux.process";

    /** One finding: the stray slice it belongs to, on which host, and the marker's resource (a process's pid as its name). */
    record Found(String sliceId, LinuxHost host, ResourceRef ref, boolean marked, boolean shared) {
        Leftovers.Item item() {
            String why = "slice " + sliceId + " has no record on this server"
                    + (marked ? "" : ref.kind().equals(PROCESS) ? "; a QEMU process with no VM folder" : "; a VM folder with no marker")
                    + (shared ? "; a slice of this server uses the same name here, so the clean-up removes only the marker" : "");
            String name = ref.kind().equals(PROCESS) ? ref.owner() : ref.name();
            return new Leftovers.Item(ref.kind(), ref.name(), name, host.name(), why);
        }
    }

    private final String zoneName;
    private final LinuxZone zone;
    private final Function<LinuxHost, RemoteShell> shells;
    private final LinuxClusterDriver driver;

    LinuxLeftovers(String zoneName, LinuxZone zone, Function<LinuxHost, RemoteShell> shells, LinuxClusterDriver driver) {
        this.zoneName = zoneName;
        this.zone = zone;
        this.shells = shells;
        this.driver = driver;
    }

    Leftovers.Report report(Set<String> owned) {
        return Leftovers.Report.of(zoneName, LinuxPlatform.ID, survey(owned).stream().map(Found::item).toList());
    }

    /**
     * Per stray slice (asked again right before, so a slice deploying meanwhile is never touched):
     * its marked resources through the driver, highest rank first, a rank's failure keeping the
     * lower ranks (they may hold up what failed); then unmarked VM folders and QEMU processes.
     */
    Leftovers.Report clean(Supplier<Set<String>> owned) {
        List<Found> before = survey(owned.get());
        List<Leftovers.Item> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<String> slices = new LinkedHashSet<>();
        for (Found f : before) slices.add(f.sliceId());
        for (String id : slices) {
            if (owned.get().contains(id)) continue;
            SliceContext slice = new SliceContext(id, id, new DeploymentPlan(id, zoneName, List.of(), List.of()));
            List<Found> marked = new ArrayList<>(), unmarked = new ArrayList<>();
            for (Found f : before) if (f.sliceId().equals(id)) (f.marked() ? marked : unmarked).add(f);
            boolean ok = deleteMarked(slice, marked, removed, failures);
            if (!ok) continue;
            for (Found f : unmarked) {
                try {
                    if (f.ref().kind().equals(PROCESS)) shells.apply(f.host()).check(Script.create().fixed(KILL, Script.var("pid", f.ref().name()), Script.var("key", f.ref().owner())));
                    else driver.delete(slice, f.ref());
                    removed.add(f.item());
                } catch (RuntimeException e) {
                    failures.add(f.ref().kind() + " " + f.ref().name() + " on " + f.host().name() + ": " + e.getMessage());
                }
            }
        }
        List<Leftovers.Item> left = survey(owned.get()).stream().map(Found::item).toList();
        return new Leftovers.Report(zoneName, LinuxPlatform.ID, left, removed, failures);
    }

    private boolean deleteMarked(SliceContext slice, List<Found> marked, List<Leftovers.Item> removed, List<String> failures) {
        List<ResourceRef> refs = marked.stream().map(Found::ref).toList();
        for (List<ResourceRef> rank : DeploymentRunner.byRankHighestFirst(refs)) {
            boolean rankOk = true;
            for (ResourceRef r : rank) {
                Found f = marked.stream().filter(m -> m.ref().equals(r)).findFirst().orElseThrow();
                try {
                    if (f.shared()) {
                        Script unmark = Script.create();
                        Markers.unmark(unmark, f.host(), slice, r);
                        shells.apply(f.host()).check(unmark);
                    } else {
                        driver.delete(slice, r);
                    }
                    removed.add(f.item());
                } catch (RuntimeException e) {
                    rankOk = false;
                    failures.add(r.kind() + " " + r.name() + " on " + f.host().name() + " (slice " + slice.sliceId() + "): " + e.getMessage());
                }
            }
            if (!rankOk) return false;
        }
        return true;
    }

    /**
     * Every host's findings of slices not in {@code owned}; a VM folder with a marker, or a process
     * with a folder, counts once. A stray marker naming what an owned slice also marks on the host
     * (a segment id or address given out again since) is {@code shared}: only its marker may go.
     */
    List<Found> survey(Set<String> owned) {
        List<Found> out = new ArrayList<>();
        for (LinuxHost h : zone.allHosts()) {
            String listed = shells.apply(h).check(Script.create().fixed(SURVEY, Script.var("root", h.stateRoot())));
            Set<String> markedVms = new LinkedHashSet<>(), folders = new LinkedHashSet<>(), ownedNames = new LinkedHashSet<>();
            List<Found> here = new ArrayList<>();
            for (String line : listed.split("\n")) {
                String[] f = line.trim().split(" ", 3);
                if (f.length < 3 || !f[0].equals("marker") || !validSlice(f[1])) continue;
                String slice = f[1];
                for (ResourceRef r : Markers.parse(h, f[2])) {
                    if (r.kind().equals(LinuxResource.VM.id())) markedVms.add(r.name());
                    if (owned.contains(slice)) ownedNames.add(r.kind() + " " + r.name());
                    else here.add(new Found(slice, h, r, true, false));
                }
            }
            for (String line : listed.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 2) continue;
                String slice = sliceOfKey(f[1]);
                if (slice == null) continue;
                if (f[0].equals("vmdir") && f.length == 2) {
                    folders.add(f[1]);
                    if (!owned.contains(slice) && !markedVms.contains(f[1]))
                        here.add(new Found(slice, h, LinuxResource.VM.ref(f[1], h, "leftover"), false, false));
                } else if (f[0].equals("qemu") && f.length == 3 && f[2].matches("[0-9]{1,9}")) {
                    if (!owned.contains(slice) && !folders.contains(f[1]))
                        here.add(new Found(slice, h, new ResourceRef(PROCESS, f[2], h.id(), f[1], 0), false, false));
                }
            }
            for (Found f : here)
                out.add(f.marked() && ownedNames.contains(f.ref().kind() + " " + f.ref().name()) ? new Found(f.sliceId(), h, f.ref(), true, true) : f);
        }
        return out;
    }

    private static boolean validSlice(String id) {
        try {
            LinuxNames.requireSliceId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The slice id of a VM key, or null when the name is not one Olimpus makes. */
    static String sliceOfKey(String key) {
        int sep = key.indexOf("--");
        if (sep < 0) return null;
        try {
            return LinuxNames.vmKey(key.substring(0, sep), key.substring(sep + 2)).equals(key) ? key.substring(0, sep) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
