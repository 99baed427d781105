package io.olimpus.desktop.session;

import io.olimpus.desktop.ui.Msg;
import io.olimpus.desktop.ui.TopologyCanvas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dry run as the user reads it before deploying: each VM created, changed, kept or removed,
 * with the worker (Linux) or zone (OpenStack) it goes to, and the networks added or removed.
 */
public record PlanView(List<Line> vms, int networksAdded, int networksRemoved, int networksChanged) {
    public record Line(Looks.Change change, String vmId, String name, String where) {
        public String text() {
            return Msg.fmt("plan.line." + change.name().toLowerCase(java.util.Locale.ROOT), name, where == null ? "" : where);
        }
    }

    public PlanView {
        vms = List.copyOf(vms);
    }

    /** Builds the view from the plan's VMs (id, name, where) and the ids its difference adds, changes and removes. */
    public static PlanView of(List<Line> planned, List<String> added, List<String> changed, List<Line> removed,
                              int networksAdded, int networksRemoved, int networksChanged) {
        List<Line> out = new ArrayList<>();
        for (Line l : planned) {
            Looks.Change c = added.contains(l.vmId()) ? Looks.Change.CREATE : changed.contains(l.vmId()) ? Looks.Change.CHANGE : Looks.Change.KEEP;
            out.add(new Line(c, l.vmId(), l.name(), l.where()));
        }
        for (Line r : removed) out.add(new Line(Looks.Change.REMOVE, r.vmId(), r.name(), r.where()));
        return new PlanView(out, networksAdded, networksRemoved, networksChanged);
    }

    /** Nothing would change: the slice already runs as designed. */
    public boolean isEmpty() {
        return networksAdded == 0 && networksRemoved == 0 && networksChanged == 0 && vms.stream().allMatch(l -> l.change() == Looks.Change.KEEP);
    }

    public long count(Looks.Change c) { return vms.stream().filter(l -> l.change() == c).count(); }

    /** The canvas colours: VMs still in the design, by what the plan does to them. */
    public Map<String, TopologyCanvas.Mark> marks() {
        Map<String, TopologyCanvas.Mark> m = new LinkedHashMap<>();
        for (Line l : vms) if (l.change() != Looks.Change.REMOVE) m.put(l.vmId(), Looks.planMark(l.change(), l.where()));
        return m;
    }

    public String summary() {
        return Msg.fmt("plan.summary", count(Looks.Change.CREATE), count(Looks.Change.CHANGE), count(Looks.Change.REMOVE),
                count(Looks.Change.KEEP), networksAdded, networksRemoved);
    }
}
