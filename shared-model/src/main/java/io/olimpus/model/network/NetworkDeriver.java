package io.olimpus.model.network;

import io.olimpus.model.topology.DisjointSets;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives layer-2 networks from a drawing, so that no network is ever drawn twice:
 * each VM–VM link is its own network; switches linked together form one network shared by every
 * VM linked to any of them. Links that cannot carry traffic (self-links, dangling ends) are
 * ignored here; the validator reports them.
 */
public final class NetworkDeriver {
    private NetworkDeriver() {}

    public static DerivedNetworks derive(Topology topology) {
        Map<String, Node> nodes = new HashMap<>();
        for (Node n : topology.nodes()) nodes.putIfAbsent(n.id(), n);

        DisjointSets parent = new DisjointSets(topology.nodes().size());
        for (Node n : topology.nodes()) if (n.isSwitch()) parent.add(n.id());
        for (Link l : topology.links()) {
            Node a = nodes.get(l.a()), b = nodes.get(l.b());
            if (a != null && b != null && a.isSwitch() && b.isSwitch() && !a.id().equals(b.id()))
                parent.union(a.id(), b.id());
        }

        // One builder per switch component, in the order its first switch appears.
        Map<String, Builder> switched = new LinkedHashMap<>();
        for (Node n : topology.nodes()) {
            if (!n.isSwitch()) continue;
            Builder b = switched.computeIfAbsent(parent.find(n.id()), root -> new Builder("net-" + n.id(), n.name()));
            b.switchIds.add(n.id());
        }

        List<Builder> ordered = new ArrayList<>();
        var seenSwitched = new java.util.HashSet<Builder>();
        for (Link l : topology.links()) {
            Node a = nodes.get(l.a()), b = nodes.get(l.b());
            if (a == null || b == null || a.id().equals(b.id())) continue;
            if (a.isVm() && b.isVm()) {
                Builder net = new Builder("net-" + l.id(), a.name() + "-" + b.name());
                net.attachments.add(new Attachment(a.id(), l.id()));
                net.attachments.add(new Attachment(b.id(), l.id()));
                ordered.add(net);
            } else if (a.isVm() != b.isVm()) {
                Node vm = a.isVm() ? a : b, sw = a.isVm() ? b : a;
                Builder net = switched.get(parent.find(sw.id()));
                net.attachments.add(new Attachment(vm.id(), l.id()));
                if (seenSwitched.add(net)) ordered.add(net);
            }
        }
        // Switch networks without VMs still exist (they are drawn); list them after the rest.
        for (Builder b : switched.values()) if (seenSwitched.add(b)) ordered.add(b);

        List<DerivedNetwork> result = new ArrayList<>(ordered.size());
        for (Builder b : ordered) result.add(new DerivedNetwork(b.id, b.name, b.switchIds, b.attachments));
        return new DerivedNetworks(result);
    }

    private static final class Builder {
        final String id, name;
        final List<String> switchIds = new ArrayList<>();
        final List<Attachment> attachments = new ArrayList<>();
        Builder(String id, String name) { this.id = id; this.name = name; }
    }
}
