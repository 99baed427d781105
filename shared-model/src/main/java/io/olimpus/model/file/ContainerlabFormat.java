package io.olimpus.model.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * containerlab topologies ({@code *.clab.yml}): {@code name}, {@code topology.defaults|kinds|groups|nodes|links}.
 * A node's kind and image are resolved the way containerlab does (node, then its group, then its kind,
 * then the defaults) and mapped to an Olimpus image; {@code bridge} and {@code ovs-bridge} nodes are
 * switches; positions come from the {@code graph-posX}/{@code graph-posY} labels graph editors write.
 * Exports write those labels back, plus {@code olimpus-*} labels that carry what containerlab has no
 * field for, so a lab survives the round trip.
 */
final class ContainerlabFormat {
    static final String POS_X = "graph-posX", POS_Y = "graph-posY";
    static final String IMAGE_LABEL = "olimpus-image", FLAVOR_LABEL = "olimpus-flavor", INTERNET_LABEL = "olimpus-internet", ZONE_LABEL = "olimpus-zone";
    private static final Set<String> SWITCH_KINDS = Set.of("bridge", "ovs-bridge");
    /** Endpoints that are not nodes of the lab: the host, the management network, host interfaces. */
    private static final Set<String> HOST_ENDS = Set.of("host", "mgmt-net", "macvlan");
    private static final Set<String> NODE_FIELDS_USED = Set.of("kind", "image", "group", "labels");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ContainerlabFormat() {}

    static LabImport read(String text, ImageMapping mapping) {
        JsonNode root = Yaml.read(text);
        JsonFields lab = JsonFields.object(root, "");
        if (!lab.has("topology"))
            throw new TopologyFileException("topology", "is required (a containerlab file has 'name' and 'topology')");
        String labName = lab.requiredString("name");
        JsonFields topo = JsonFields.object(lab.raw("topology"), "topology");
        ForeignImport imp = new ForeignImport();
        for (String other : fieldNames(root)) if (!other.equals("name") && !other.equals("topology"))
            imp.note("lab " + Names.clip(labName), "'" + other + "' settings are not carried");

        JsonNode defaults = object(topo, "defaults");
        JsonNode kinds = object(topo, "kinds");
        JsonNode groups = object(topo, "groups");
        if (!topo.has("nodes")) throw new TopologyFileException(topo.child("nodes"), "is required");
        JsonFields nodes = JsonFields.object(topo.raw("nodes"), topo.child("nodes"));
        for (var it = topo.raw("nodes").fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            String path = nodes.child(name);
            JsonNode n = e.getValue();
            if (ForeignImport.isEmpty(n)) n = F.objectNode();
            JsonFields node = JsonFields.object(n, path);
            JsonNode group = groups.path(nonNullText(node.optionalString("group")));
            String kind = firstText(n.get("kind"), group.get("kind"), defaults.get("kind"));
            String image = firstText(n.get("image"), group.get("image"), kind == null ? null : kinds.path(kind).get("image"), defaults.get("image"));
            JsonNode labels = n.path("labels");
            if (!labels.isMissingNode() && !labels.isObject()) throw new TopologyFileException(node.child("labels"), "expected a map of labels");
            String element = "node " + Names.clip(name);
            String id;
            if (kind != null && SWITCH_KINDS.contains(kind)) {
                id = imp.switchNode(name, path);
            } else {
                String olimpusImage = ForeignImport.text(labels.get(IMAGE_LABEL));
                if (olimpusImage == null) {
                    ImageMapping.Choice c = mapping.choose("kind", kind, image);
                    imp.reportChoice(element, c);
                    olimpusImage = c.image();
                }
                VmSpec spec = new VmSpec(ForeignImport.text(labels.get(FLAVOR_LABEL)), olimpusImage, ForeignImport.text(labels.get(ZONE_LABEL)),
                        "true".equals(ForeignImport.text(labels.get(INTERNET_LABEL))), null);
                id = imp.vm(name, spec, path);
            }
            Double x = ForeignImport.number(labels.get(POS_X)), y = ForeignImport.number(labels.get(POS_Y));
            if (x != null && y != null) imp.place(id, x, y);
            List<String> lost = new ArrayList<>();
            for (String f : fieldNames(n)) if (!NODE_FIELDS_USED.contains(f)) lost.add(f);
            if (!lost.isEmpty()) imp.note(element, String.join(", ", lost) + " not carried");
            List<String> lostLabels = new ArrayList<>();
            for (String l : fieldNames(labels))
                if (!l.startsWith("graph-") && !l.startsWith("olimpus-")) lostLabels.add(l);
            if (!lostLabels.isEmpty()) imp.note(element, "labels " + String.join(", ", lostLabels) + " not carried");
        }

        if (topo.has("links")) {
            JsonNode links = topo.requiredArray("links");
            Map<String, Integer> nics = new HashMap<>();
            for (int i = 0; i < links.size(); i++) readLink(imp, links.get(i), topo.child("links") + "[" + i + "]", nics);
        }
        return imp.build(labName, null, LabFormat.CONTAINERLAB);
    }

    private static void readLink(ForeignImport imp, JsonNode json, String path, Map<String, Integer> nics) {
        JsonFields link = JsonFields.object(json, path);
        String type = link.optionalString("type");
        if (type != null && !type.equals("veth")) {
            // The extended link syntax's host, mgmt-net, macvlan, dummy and vxlan links have one lab end.
            JsonNode end = json.path("endpoint");
            String node = end.isObject() ? ForeignImport.text(end.get("node")) : null;
            imp.note(Names.clip("link " + type + (node == null ? "" : " of " + node)), "a " + type + " link has no Olimpus counterpart; not carried");
            return;
        }
        JsonNode eps = link.requiredArray("endpoints");
        List<String[]> ends = new ArrayList<>();
        for (int e = 0; e < eps.size(); e++) {
            String epPath = link.child("endpoints") + "[" + e + "]";
            JsonNode ep = eps.get(e);
            String node, iface;
            if (ep.isTextual()) {
                int colon = ep.textValue().indexOf(':');
                if (colon <= 0) throw new TopologyFileException(epPath, "expected \"node:interface\", got \"" + Names.clip(ep.textValue()) + "\"");
                node = ep.textValue().substring(0, colon);
                iface = ep.textValue().substring(colon + 1);
            } else {
                JsonFields o = JsonFields.object(ep, epPath);
                node = o.requiredString("node");
                iface = o.optionalString("interface");
            }
            ends.add(new String[]{node, iface, epPath});
        }
        String element = "link " + String.join(" - ", ends.stream().map(x -> x[0] + (x[1] == null ? "" : ":" + x[1])).toList());
        element = Names.clip(element);
        for (String[] end : ends) {
            if (HOST_ENDS.contains(end[0])) {
                imp.note(element, "a link to the container host ('" + end[0] + "') has no Olimpus counterpart; not carried");
                return;
            }
            if (imp.idOf(end[0]) == null) throw new TopologyFileException(end[2], "no node named '" + Names.clip(end[0]) + "'");
        }
        if (ends.size() != 2) {
            imp.note(element, ends.size() + " endpoints; only links with two are carried");
            return;
        }
        imp.link(imp.idOf(ends.get(0)[0]), imp.idOf(ends.get(1)[0]));
        // Olimpus numbers interfaces eth1, eth2, ... in the order of a node's links (eth0 is the
        // management side in containerlab): names that follow that rule are carried as they are.
        boolean renamed = false;
        for (String[] end : ends) {
            int k = nics.merge(end[0], 1, Integer::sum);
            if (end[1] != null && !end[1].equals("eth" + k)) renamed = true;
        }
        if (renamed)
            imp.note(element, "interface names are not kept; Olimpus numbers a VM's interfaces in the order of its links");
    }

    // ---- export ------------------------------------------------------------------------------

    static LabExport write(TopologyDocument doc, ImageMapping mapping) {
        Topology t = doc.topology();
        List<ExchangeNote> report = new ArrayList<>();
        ObjectNode root = F.objectNode();
        root.put("name", t.name());
        ObjectNode topo = root.putObject("topology");
        ObjectNode nodes = topo.putObject("nodes");
        if (t.zone() != null) report.add(new ExchangeNote("slice " + t.name(), "zone '" + t.zone() + "' has no containerlab counterpart; not carried"));
        for (Node n : t.nodes()) {
            ObjectNode o = nodes.putObject(n.name());
            ObjectNode labels = F.objectNode();
            if (n.isSwitch()) {
                o.put("kind", "bridge");
                report.add(new ExchangeNote("switch " + n.name(), "written as a containerlab bridge: create the Linux bridge '" + n.name() + "' on the host before deploying"
                        + (n.name().length() > 15 ? " (Linux bridge names have at most 15 characters; rename it)" : "")));
            } else {
                VmSpec vm = n.vm();
                o.put("kind", "linux");
                if (vm.image() != null) o.put("image", mapping.exported(vm.image()));
                else report.add(new ExchangeNote("node " + n.name(), "has no image; containerlab needs one"));
                if (vm.image() != null) labels.put(IMAGE_LABEL, vm.image());
                if (vm.flavor() != null) labels.put(FLAVOR_LABEL, vm.flavor());
                if (vm.zone() != null) labels.put(ZONE_LABEL, vm.zone());
                if (vm.internet()) labels.put(INTERNET_LABEL, "true");
                if (vm.requirement() != null)
                    report.add(new ExchangeNote("node " + n.name(), "the size requirement (" + vm.requirement().vcpus() + " vCPU, " + vm.requirement().ramMb()
                            + " MB) is not carried; the flavor is chosen again on import"));
            }
            NodeLook look = doc.presentation().nodes().get(n.id());
            if (look != null) {
                labels.put(POS_X, number(look.x()));
                labels.put(POS_Y, number(look.y()));
                if (look.color() != null || look.note() != null)
                    report.add(new ExchangeNote("node " + n.name(), "colour and note are not carried"));
            }
            if (!labels.isEmpty()) o.set("labels", labels);
        }
        var linksJson = topo.putArray("links");
        Map<String, Integer> nextIf = new HashMap<>();
        for (Link l : t.links()) {
            Node a = t.node(l.a()).orElse(null), b = t.node(l.b()).orElse(null);
            if (a == null || b == null || a.id().equals(b.id())) {
                report.add(new ExchangeNote("link " + l.id(), "does not join two nodes; not written"));
                continue;
            }
            var eps = linksJson.addObject().putArray("endpoints");
            eps.add(a.name() + ":eth" + nextIf.merge(a.id(), 1, Integer::sum));
            eps.add(b.name() + ":eth" + nextIf.merge(b.id(), 1, Integer::sum));
        }
        if (!doc.presentation().notes().isEmpty())
            report.add(new ExchangeNote("canvas", doc.presentation().notes().size() + " notes are not carried (containerlab has no notes)"));
        return new LabExport(Yaml.write(root), LabFormat.CONTAINERLAB, report);
    }

    /** Coordinates as containerlab's graph labels hold them: text, without ".0" for whole numbers. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static JsonNode object(JsonFields parent, String field) {
        if (!parent.has(field)) return F.objectNode();
        return JsonFields.object(parent.raw(field), parent.child(field)).node();
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode c : candidates) {
            String s = ForeignImport.text(c);
            if (s != null && !s.isBlank()) return s;
        }
        return null;
    }

    private static String nonNullText(String s) { return s == null ? "" : s; }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || !n.isObject()) return out;
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }
}
