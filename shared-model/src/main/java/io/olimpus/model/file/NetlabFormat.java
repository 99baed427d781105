package io.olimpus.model.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.model.network.Attachment;
import io.olimpus.model.network.DerivedNetwork;
import io.olimpus.model.network.NetworkDeriver;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * netlab topologies (YAML): {@code nodes} (a list of names or a map of node data), {@code links}
 * in its four spellings ("r1-r2", [r1, r2, r3], a map of node names and link attributes, or a map
 * with {@code interfaces}), {@code groups}, {@code defaults} and {@code addressing}. Dotted keys
 * ({@code defaults.device: iosv}) are expanded as netlab does. A link of two nodes is a VM-VM link;
 * a link of one or more than two nodes, of type lan or with a bridge is a switch; nodes of device
 * {@code bridge} are switches. netlab has no positions, groups and pools have no Olimpus
 * counterpart (Olimpus takes subnets from the zone's address pool): they are reported.
 */
final class NetlabFormat {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> NODE_FIELDS_USED = Set.of("device", "image", "box", "cpu", "memory", "id", "name");
    private static final Set<String> TOP_FIELDS_USED = Set.of("name", "nodes", "links", "groups", "defaults", "addressing");
    /** netlab's default limit for node, lab and bridge names (its "id" type: letters, digits, '_' and '-'). */
    static final int MAX_NODE_NAME = 16;

    private NetlabFormat() {}

    static LabImport read(String text, ImageMapping mapping, String fileBaseName) {
        JsonNode root = expandDots(Yaml.read(text));
        JsonFields lab = JsonFields.object(root, "");
        ForeignImport imp = new ForeignImport();
        String labName = ForeignImport.text(root.get("name"));
        if (labName == null) labName = fileBaseName;
        List<String> other = new ArrayList<>();
        for (String f : ContainerlabFormat.fieldNames(root)) if (!TOP_FIELDS_USED.contains(f)) other.add(f);
        if (!other.isEmpty()) imp.note("lab " + Names.clip(labName), String.join(", ", other) + " settings are not carried");
        String defaultDevice = ForeignImport.text(root.path("defaults").get("device"));
        for (String f : ContainerlabFormat.fieldNames(root.path("defaults")))
            if (!f.equals("device")) imp.note("defaults", "'" + f + "' is not carried");

        // Groups may set a device for their members, so they are read before the nodes.
        Map<String, String> groupDevice = new LinkedHashMap<>();
        if (lab.has("groups")) {
            JsonFields groups = JsonFields.object(root.get("groups"), "groups");
            for (var it = root.get("groups").fields(); it.hasNext(); ) {
                var g = it.next();
                JsonNode members = g.getValue() != null && g.getValue().isObject() ? g.getValue().get("members") : g.getValue();
                List<String> names = names(members, groups.child(g.getKey()));
                String device = g.getValue() != null && g.getValue().isObject() ? ForeignImport.text(g.getValue().get("device")) : null;
                if (device != null) for (String m : names) groupDevice.putIfAbsent(m, device);
                imp.note("group " + Names.clip(g.getKey()), "(" + String.join(", ", names) + ") Olimpus has no groups; the membership is not carried");
            }
        }

        // Only the file's nodes may be link members, not the switches made for earlier LANs.
        Set<String> nodeNames = new java.util.HashSet<>();
        if (lab.has("nodes")) {
            JsonNode nodes = root.get("nodes");
            if (nodes.isArray() || nodes.isTextual()) {
                for (String n : names(nodes, "nodes")) {
                    nodeNames.add(n);
                    addNode(imp, mapping, n, F.objectNode(), "nodes." + n, defaultDevice, groupDevice);
                }
            } else {
                JsonFields map = JsonFields.object(nodes, "nodes");
                for (var it = nodes.fields(); it.hasNext(); ) {
                    var e = it.next();
                    JsonNode data = ForeignImport.isEmpty(e.getValue()) ? F.objectNode() : e.getValue();
                    JsonFields.object(data, map.child(e.getKey()));
                    nodeNames.add(e.getKey());
                    addNode(imp, mapping, e.getKey(), data, map.child(e.getKey()), defaultDevice, groupDevice);
                }
            }
        }

        if (lab.has("addressing")) {
            JsonFields pools = JsonFields.object(root.get("addressing"), "addressing");
            for (var it = root.get("addressing").fields(); it.hasNext(); ) {
                var p = it.next();
                List<String> parts = new ArrayList<>();
                if (p.getValue() != null && p.getValue().isObject())
                    for (var f = p.getValue().fields(); f.hasNext(); ) {
                        var kv = f.next();
                        if (kv.getValue().isValueNode() && !ForeignImport.isEmpty(kv.getValue())) parts.add(kv.getKey() + " " + kv.getValue().asText());
                    }
                imp.note("addressing pool " + Names.clip(p.getKey()), (parts.isEmpty() ? "" : "(" + Names.clip(String.join(", ", parts)) + ") ")
                        + "not carried: Olimpus gives each network a subnet from the zone's address pool when the slice is deployed");
            }
        }

        if (lab.has("links")) {
            JsonNode links = root.get("links");
            List<JsonNode> flat = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            if (links.isArray()) {
                for (int i = 0; i < links.size(); i++) { flat.add(links.get(i)); paths.add("links[" + i + "]"); }
            } else {
                // "links as a dictionary": named lists of links, for structure only.
                JsonFields.object(links, "links");
                for (var it = links.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isArray()) throw new TopologyFileException("links." + e.getKey(), "expected a list of links");
                    for (int i = 0; i < e.getValue().size(); i++) { flat.add(e.getValue().get(i)); paths.add("links." + e.getKey() + "[" + i + "]"); }
                }
            }
            int lans = 0;
            for (int i = 0; i < flat.size(); i++) lans += readLink(imp, nodeNames, flat.get(i), paths.get(i), lans);
        }
        return imp.build(labName, null, LabFormat.NETLAB);
    }

    private static void addNode(ForeignImport imp, ImageMapping mapping, String name, JsonNode data, String path,
                                String defaultDevice, Map<String, String> groupDevice) {
        String device = ForeignImport.text(data.get("device"));
        if (device == null) device = groupDevice.getOrDefault(name, defaultDevice);
        String element = "node " + Names.clip(name);
        if ("bridge".equals(device)) {
            imp.switchNode(name, path);
            return;
        }
        String image = ForeignImport.text(data.get("image"));
        if (image == null) image = ForeignImport.text(data.get("box"));
        ImageMapping.Choice c = mapping.choose("device", device, image);
        imp.reportChoice(element, c);
        Double cpu = ForeignImport.number(data.get("cpu")), memory = ForeignImport.number(data.get("memory"));
        Resources need = cpu != null && memory != null && cpu > 0 && memory > 0 ? new Resources((int) Math.ceil(cpu), (int) Math.ceil(memory), 0) : null;
        imp.vm(name, new VmSpec(null, c.image(), null, false, need), path);
        List<String> lost = new ArrayList<>();
        for (String f : ContainerlabFormat.fieldNames(data)) if (!NODE_FIELDS_USED.contains(f)) lost.add(f);
        if (!lost.isEmpty()) imp.note(element, String.join(", ", lost) + " not carried");
    }

    /** Reads one link; returns 1 when it made a switch (to number the next one). */
    private static int readLink(ForeignImport imp, Set<String> nodeNames, JsonNode link, String path, int lansSoFar) {
        List<String> members = new ArrayList<>();
        Map<String, JsonNode> attrs = new LinkedHashMap<>();
        if (link.isTextual()) {
            members.addAll(List.of(link.textValue().split("-")));
        } else if (link.isArray()) {
            members.addAll(names(link, path));
        } else {
            JsonFields l = JsonFields.object(link, path);
            for (var it = link.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equals("interfaces")) {
                    JsonNode ifs = l.requiredArray("interfaces");
                    for (int i = 0; i < ifs.size(); i++) {
                        JsonNode itf = ifs.get(i);
                        String n = itf.isTextual() ? itf.textValue() : JsonFields.object(itf, l.child("interfaces") + "[" + i + "]").requiredString("node");
                        members.add(n);
                    }
                } else if (nodeNames.contains(e.getKey())) {
                    members.add(e.getKey());
                } else {
                    attrs.put(e.getKey(), e.getValue());
                }
            }
        }
        for (String m : members)
            if (!nodeNames.contains(m)) throw new TopologyFileException(path, "no node named '" + Names.clip(m) + "'");
        String type = ForeignImport.text(attrs.get("type"));
        String linkName = ForeignImport.text(attrs.get("name"));
        String bridge = ForeignImport.text(attrs.get("bridge"));
        String element = Names.clip("link " + (linkName != null ? "'" + linkName + "'" : String.join("-", members)));
        if (type != null && Set.of("loopback", "tunnel", "lag", "vlan_member").contains(type)) {
            imp.note(element, "a " + type + " link has no Olimpus counterpart; not carried");
            return 0;
        }
        if (attrs.containsKey("disable") && "true".equals(ForeignImport.text(attrs.get("disable")))) {
            imp.note(element, "disabled in the file; not carried");
            return 0;
        }
        List<String> lost = new ArrayList<>();
        for (String a : attrs.keySet()) if (!Set.of("type", "name", "bridge").contains(a)) lost.add(a);
        if (!lost.isEmpty()) imp.note(element, String.join(", ", lost) + " not carried"
                + (lost.contains("prefix") || lost.contains("pool") ? " (Olimpus gives each network a subnet from the zone's address pool)" : ""));
        boolean lan = members.size() != 2 || "lan".equals(type) || "stub".equals(type) || bridge != null;
        if (!lan) {
            imp.link(imp.idOf(members.get(0)), imp.idOf(members.get(1)));
            if (linkName != null) imp.note(element, "the link's name (an interface description in netlab) is not carried");
            return 0;
        }
        // A LAN's switch takes the bridge's name, or the link's name when that is a valid name; a
        // descriptive link name stays with the switch as its note.
        String switchName = bridge != null ? bridge : linkName != null && Names.isValid(linkName) ? linkName : "lan" + (lansSoFar + 1);
        String sw = imp.switchNode(uniqueForeign(imp, switchName), path);
        if (linkName != null && !linkName.equals(switchName)) imp.look(sw, new NodeLook(0, 0, null, linkName));
        for (String m : members) imp.link(imp.idOf(m), sw);
        return 1;
    }

    /** A multi-access link's switch gets the link's name; nodes may already use it. */
    private static String uniqueForeign(ForeignImport imp, String name) {
        if (imp.idOf(name) == null) return name;
        int k = 2;
        while (imp.idOf(name + "-" + k) != null) k++;
        return name + "-" + k;
    }

    private static List<String> names(JsonNode v, String path) {
        List<String> out = new ArrayList<>();
        if (ForeignImport.isEmpty(v)) return out;
        if (v.isTextual()) {
            for (String s : v.textValue().split("[,\\s]+")) if (!s.isBlank()) out.add(s);
            return out;
        }
        if (!v.isArray()) throw new TopologyFileException(path, "expected a list of node names, got " + JsonFields.kindOf(v));
        for (int i = 0; i < v.size(); i++) {
            String s = ForeignImport.text(v.get(i));
            if (s == null) throw new TopologyFileException(path + "[" + i + "]", "expected a node name, got " + JsonFields.kindOf(v.get(i)));
            out.add(s);
        }
        return out;
    }

    /** netlab lets any key be written dotted ({@code defaults.device: iosv}); this nests them. */
    static JsonNode expandDots(JsonNode n) {
        if (n == null) return null;
        if (n.isArray()) {
            ArrayNode out = F.arrayNode();
            n.forEach(e -> out.add(expandDots(e)));
            return out;
        }
        if (!n.isObject()) return n;
        ObjectNode out = F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            String[] parts = e.getKey().split("\\.");
            ObjectNode at = out;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode next = at.get(parts[i]);
                if (!(next instanceof ObjectNode)) { next = F.objectNode(); at.set(parts[i], next); }
                at = (ObjectNode) next;
            }
            JsonNode value = expandDots(e.getValue());
            JsonNode existing = at.get(parts[parts.length - 1]);
            if (existing instanceof ObjectNode eo && value instanceof ObjectNode vo) eo.setAll(vo);
            else at.set(parts[parts.length - 1], value);
        }
        return out;
    }

    // ---- export ------------------------------------------------------------------------------

    static LabExport write(TopologyDocument doc, ImageMapping mapping) {
        Topology t = doc.topology();
        List<ExchangeNote> report = new ArrayList<>();
        ObjectNode root = F.objectNode();
        root.put("name", t.name());
        if (t.name().length() > MAX_NODE_NAME)
            report.add(new ExchangeNote("slice " + t.name(), "netlab accepts lab names of at most " + MAX_NODE_NAME + " characters; shorten it before running netlab"));
        root.putObject("defaults").put("device", "linux");
        ObjectNode nodes = root.putObject("nodes");
        if (t.zone() != null) report.add(new ExchangeNote("slice " + t.name(), "zone '" + t.zone() + "' has no netlab counterpart; not carried"));
        for (Node n : t.vms()) {
            ObjectNode o = nodes.putObject(n.name());
            VmSpec vm = n.vm();
            if (vm.image() != null) o.put("image", mapping.exported(vm.image()));
            if (vm.requirement() != null) {
                o.put("cpu", Math.max(1, vm.requirement().vcpus()));
                o.put("memory", vm.requirement().ramMb());
            } else if (vm.flavor() != null) {
                report.add(new ExchangeNote("node " + n.name(), "flavor '" + vm.flavor() + "' is an Olimpus catalog name; netlab keeps its default CPU and memory"));
            }
            if (vm.internet()) report.add(new ExchangeNote("node " + n.name(), "internet access is not carried"));
            if (vm.zone() != null) report.add(new ExchangeNote("node " + n.name(), "zone '" + vm.zone() + "' is not carried"));
            if (n.name().length() > MAX_NODE_NAME)
                report.add(new ExchangeNote("node " + n.name(), "netlab accepts names of at most " + MAX_NODE_NAME + " characters unless defaults.const.MAX_NODE_ID_LENGTH is raised"));
        }
        ArrayNode links = root.putArray("links");
        for (DerivedNetwork net : NetworkDeriver.derive(t).all()) {
            Set<String> vmNames = new LinkedHashSet<>();
            for (Attachment a : net.attachments()) vmNames.add(t.requireNode(a.vmId()).name());
            if (net.switchIds().isEmpty()) {
                ArrayNode pair = links.addArray();
                vmNames.forEach(pair::add);
                continue;
            }
            List<String> switchNames = net.switchIds().stream().map(id -> t.requireNode(id).name()).toList();
            if (vmNames.isEmpty()) {
                report.add(new ExchangeNote("switch " + String.join(", ", switchNames), "joins no VM; netlab has no empty networks; not written"));
                continue;
            }
            if (switchNames.size() > 1)
                report.add(new ExchangeNote("switch " + String.join(", ", switchNames), "linked switches form one network; written as one LAN named '" + switchNames.get(0) + "'"));
            ObjectNode lan = links.addObject();
            lan.put("type", "lan");
            lan.put("bridge", switchNames.get(0));
            if (switchNames.get(0).length() > MAX_NODE_NAME)
                report.add(new ExchangeNote("switch " + switchNames.get(0), "netlab accepts bridge names of at most " + MAX_NODE_NAME + " characters; rename it"));
            ArrayNode ifs = lan.putArray("interfaces");
            for (Attachment a : net.attachments()) ifs.add(t.requireNode(a.vmId()).name());
        }
        for (Link l : t.links())
            if (t.node(l.a()).isEmpty() || t.node(l.b()).isEmpty() || l.a().equals(l.b()))
                report.add(new ExchangeNote("link " + l.id(), "does not join two nodes; not written"));
        if (!doc.presentation().nodes().isEmpty() || !doc.presentation().notes().isEmpty())
            report.add(new ExchangeNote("slice " + t.name(), "positions, colours and notes are not carried (netlab topologies have no drawing)"));
        return new LabExport(Yaml.write(root), LabFormat.NETLAB, report);
    }
}
