package io.olimpus.model.validation;

import io.olimpus.model.network.DerivedNetwork;
import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.DisjointSets;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.TopologyLimits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every problem of a design in one pass, so a user fixes them all at once instead of one
 * per attempt. Linear in nodes plus links: it runs on every canvas edit and every API call.
 */
public final class TopologyValidator {
    private TopologyValidator() {}

    public static ValidationReport validate(Topology t) {
        return validate(t, List.of());
    }

    public static ValidationReport validate(Topology t, List<? extends TopologyCheck> extraChecks) {
        List<Problem> out = new ArrayList<>();
        if (!Names.isValid(t.name()))
            out.add(Problem.of(ProblemCode.INVALID_TOPOLOGY_NAME,
                    "slice name '" + Names.clip(t.name()) + "' " + Names.whyInvalid(t.name()), List.of(), List.of()));
        if (t.nodes().isEmpty()) {
            out.add(Problem.of(ProblemCode.EMPTY_TOPOLOGY, "the topology has no nodes", List.of(), List.of()));
            return new ValidationReport(out);
        }
        if (t.nodes().size() > TopologyLimits.MAX_NODES)
            out.add(Problem.of(ProblemCode.TOO_MANY_NODES, "the topology has " + t.nodes().size()
                    + " nodes, more than the limit of " + TopologyLimits.MAX_NODES, List.of(), List.of()));

        Map<String, Node> byId = new HashMap<>(t.nodes().size() * 2);
        Map<String, List<String>> idsByName = new LinkedHashMap<>();
        for (Node n : t.nodes()) {
            Node first = byId.putIfAbsent(n.id(), n);
            if (first != null)
                out.add(Problem.onNodes(ProblemCode.DUPLICATE_NODE_ID, "node id '" + n.id() + "' is used by more than one node", n.id()));
            String why = Names.whyInvalid(n.name());
            if (why != null)
                out.add(Problem.onNodes(ProblemCode.INVALID_NAME, "name '" + Names.clip(n.name()) + "' " + why, n.id()));
            else
                idsByName.computeIfAbsent(n.name(), k -> new ArrayList<>(1)).add(n.id());
            if (n.isVm()) {
                if (n.vm().flavor() == null && n.vm().requirement() == null)
                    out.add(Problem.onNodes(ProblemCode.MISSING_FLAVOR, Names.clip(n.name()) + " has no flavor", n.id()));
                if (n.vm().image() == null || n.vm().image().isBlank())
                    out.add(Problem.onNodes(ProblemCode.MISSING_IMAGE, Names.clip(n.name()) + " has no image", n.id()));
            }
        }
        idsByName.forEach((name, ids) -> {
            if (ids.size() > 1)
                out.add(Problem.of(ProblemCode.DUPLICATE_NAME, "name '" + Names.clip(name) + "' is used by " + ids.size() + " nodes", ids, List.of()));
        });

        Map<String, Integer> degree = new HashMap<>(byId.size() * 2);
        Map<String, String> linkByPair = new HashMap<>(t.links().size() * 2);
        var linkIds = new java.util.HashSet<String>(t.links().size() * 2);
        DisjointSets parent = new DisjointSets(byId.size());
        for (String id : byId.keySet()) parent.add(id);
        for (Link l : t.links()) {
            for (String why : l.impairment().problems())
                out.add(Problem.onLink(ProblemCode.INVALID_LINK_PROPERTY, "link " + Names.clip(l.id()) + ": " + why, l.id()));
            if (!linkIds.add(l.id()))
                out.add(Problem.onLink(ProblemCode.DUPLICATE_LINK_ID, "link id '" + l.id() + "' is used by more than one link", l.id()));
            boolean hasA = byId.containsKey(l.a()), hasB = byId.containsKey(l.b());
            if (!hasA || !hasB) {
                List<String> present = new ArrayList<>();
                if (hasA) present.add(l.a());
                if (hasB) present.add(l.b());
                String missing = !hasA ? l.a() : l.b();
                out.add(Problem.of(ProblemCode.DANGLING_LINK, "link " + Names.clip(l.id()) + " refers to node '" + Names.clip(missing) + "', which does not exist",
                        present, List.of(l.id())));
                continue;
            }
            if (l.a().equals(l.b())) {
                out.add(Problem.of(ProblemCode.SELF_LINK, byId.get(l.a()).name() + " is linked to itself", List.of(l.a()), List.of(l.id())));
                continue;
            }
            String earlier = linkByPair.putIfAbsent(l.pairKey(), l.id());
            if (earlier != null) {
                out.add(Problem.of(ProblemCode.DUPLICATE_LINK, byId.get(l.a()).name() + " and " + byId.get(l.b()).name()
                        + " are linked more than once", List.of(l.a(), l.b()), List.of(earlier, l.id())));
                continue;
            }
            if (l.impairment().impairs() && byId.get(l.a()).isSwitch() && byId.get(l.b()).isSwitch())
                out.add(Problem.of(ProblemCode.INVALID_LINK_PROPERTY, "link " + Names.clip(l.id()) + " joins two switches, which make one network with no port"
                        + " to shape; set its delay, loss or rate on the links of the VMs instead", List.of(l.a(), l.b()), List.of(l.id())));
            degree.merge(l.a(), 1, Integer::sum);
            degree.merge(l.b(), 1, Integer::sum);
            parent.union(l.a(), l.b());
        }

        for (Node n : byId.values()) {
            int d = degree.getOrDefault(n.id(), 0);
            if (n.isVm() && d > TopologyLimits.MAX_INTERFACES_PER_VM)
                out.add(Problem.onNodes(ProblemCode.TOO_MANY_INTERFACES, Names.clip(n.name()) + " has " + d
                        + " interfaces, more than the limit of " + TopologyLimits.MAX_INTERFACES_PER_VM, n.id()));
            if (n.isVm() && d == 0 && byId.size() > 1)
                out.add(Problem.onNodes(ProblemCode.ISOLATED_VM, Names.clip(n.name()) + " is not linked to anything", n.id()));
        }

        // Connected parts: every part but the largest is reported, except lone VMs (already ISOLATED_VM).
        Map<String, List<String>> parts = new LinkedHashMap<>();
        for (Node n : t.nodes()) if (byId.get(n.id()) == n) parts.computeIfAbsent(parent.find(n.id()), k -> new ArrayList<>()).add(n.id());
        if (parts.size() > 1) {
            List<String> largest = parts.values().stream().max((x, y) -> Integer.compare(x.size(), y.size())).orElseThrow();
            for (List<String> part : parts.values()) {
                if (part == largest) continue;
                if (part.size() == 1 && byId.get(part.get(0)).isVm()) continue;
                out.add(Problem.of(ProblemCode.DISCONNECTED, "a part of " + part.size() + " node(s) including "
                        + byId.get(part.get(0)).name() + " is not connected to the rest", part, List.of()));
            }
        }

        for (DerivedNetwork net : NetworkDeriver.derive(t).all())
            if (net.isSwitched() && net.attachments().isEmpty())
                out.add(Problem.of(ProblemCode.EMPTY_SWITCH, "switch network " + net.name() + " has no VM on it", net.switchIds(), List.of()));

        for (TopologyCheck check : extraChecks) out.addAll(check.check(t));
        return new ValidationReport(out);
    }
}
