package io.olimpus.model.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GNS3 project files ({@code .gns3}, JSON, revision 5 and later = GNS3 2.x): nodes with their
 * x/y, links between node ports, and text drawings. QEMU nodes keep their disk image, RAM and CPUs;
 * VPCS, Docker, Dynamips, IOU, VirtualBox and VMware nodes become VMs through the image mapping;
 * Ethernet switches and hubs become switches; a VM linked to a NAT node gets internet access.
 * Exports write revision 9 (GNS3 2.2) with QEMU nodes and Ethernet switches.
 */
final class Gns3Format {
    static final int MIN_REVISION = 5, WRITTEN_REVISION = 9;
    private static final Set<String> SWITCH_TYPES = Set.of("ethernet_switch", "ethernet_hub");
    private static final Set<String> VM_TYPES = Set.of("qemu", "vpcs", "docker", "dynamips", "iou", "virtualbox", "vmware", "traceng");
    private static final Pattern SVG_TEXT = Pattern.compile("<text[^>]*>(.*?)</text>", Pattern.DOTALL);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Gns3Format() {}

    static LabImport read(String text, ImageMapping mapping) {
        JsonNode root = JsonFields.parse(JSON, text);
        JsonFields project = JsonFields.object(root, "");
        String type = project.optionalString("type");
        if (!"topology".equals(type) || !project.has("topology"))
            throw new TopologyFileException("type", "expected \"topology\" with a \"topology\" object (not a GNS3 project file)");
        JsonNode rev = project.raw("revision");
        if (rev == null || !rev.isIntegralNumber()) throw new TopologyFileException("revision", "expected the file format revision, a whole number");
        if (rev.intValue() < MIN_REVISION)
            throw new TopologyFileException("revision", "revision " + rev.intValue() + " is a GNS3 1.x project; open and save it in GNS3 2.x first");
        String projectName = project.optionalString("name");
        JsonFields topo = JsonFields.object(project.raw("topology"), "topology");
        ForeignImport imp = new ForeignImport();

        Map<String, String> foreignName = new HashMap<>();   // GNS3 node_id -> its name
        Map<String, String> kindOf = new HashMap<>();        // node_id -> node_type
        Set<String> usedIds = new HashSet<>();
        JsonNode nodes = topo.has("nodes") ? topo.requiredArray("nodes") : F.arrayNode();
        for (int i = 0; i < nodes.size(); i++) {
            String path = topo.child("nodes") + "[" + i + "]";
            JsonFields n = JsonFields.object(nodes.get(i), path);
            String nodeId = n.requiredString("node_id");
            if (!usedIds.add(nodeId)) throw new TopologyFileException(n.child("node_id"), "node_id '" + Names.clip(nodeId) + "' appears twice");
            String name = n.requiredString("name");
            String nodeType = n.requiredString("node_type");
            foreignName.put(nodeId, name);
            kindOf.put(nodeId, nodeType);
            String element = "node " + Names.clip(name);
            JsonNode props = n.raw("properties") == null ? F.objectNode() : n.raw("properties");
            String id;
            if (SWITCH_TYPES.contains(nodeType)) {
                id = imp.switchNode(name, path);
                if (nodeType.equals("ethernet_switch") && hasVlans(props))
                    imp.note(element, "VLANs and trunk ports are not carried; every port joins one network");
            } else if (VM_TYPES.contains(nodeType)) {
                String image = imageOf(nodeType, props);
                ImageMapping.Choice c = mapping.choose("node type", nodeType, image);
                imp.reportChoice(element, c);
                Resources need = null;
                Double ram = ForeignImport.number(props.get("ram")), cpus = ForeignImport.number(props.get("cpus"));
                if (nodeType.equals("qemu") && ram != null && ram > 0)
                    need = new Resources(cpus == null || cpus < 1 ? 1 : (int) Math.ceil(cpus), (int) Math.ceil(ram), 0);
                id = imp.vm(name, new VmSpec(null, c.image(), null, false, need), path);
                List<String> extra = new ArrayList<>();
                for (String disk : List.of("hdb_disk_image", "hdc_disk_image", "hdd_disk_image", "cdrom_image"))
                    if (ForeignImport.text(props.get(disk)) != null && !props.get(disk).asText().isBlank()) extra.add(disk + " " + props.get(disk).asText());
                if (!extra.isEmpty()) imp.note(element, "only the first disk is carried; " + Names.clip(String.join(", ", extra)) + " not carried");
            } else {
                imp.note(element, switch (nodeType) {
                    case "nat" -> "a NAT node: the VMs linked to it get internet access instead";
                    case "cloud" -> "a cloud (host interface) has no Olimpus counterpart; not carried with its links";
                    default -> "a " + nodeType + " node has no Olimpus counterpart; not carried with its links";
                });
                continue;
            }
            Double x = ForeignImport.number(n.raw("x")), y = ForeignImport.number(n.raw("y"));
            String label = ForeignImport.text(n.raw("label") == null ? null : n.raw("label").get("text"));
            String note = label != null && !label.equals(name) ? label : null;
            if (x != null && y != null) imp.look(id, new NodeLook(x, y, null, note));
        }

        JsonNode links = topo.has("links") ? topo.requiredArray("links") : F.arrayNode();
        for (int i = 0; i < links.size(); i++) {
            String path = topo.child("links") + "[" + i + "]";
            JsonFields l = JsonFields.object(links.get(i), path);
            JsonNode ends = l.requiredArray("nodes");
            List<String> endIds = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int e = 0; e < ends.size(); e++) {
                JsonFields end = JsonFields.object(ends.get(e), l.child("nodes") + "[" + e + "]");
                String nodeId = end.requiredString("node_id");
                if (!foreignName.containsKey(nodeId)) throw new TopologyFileException(end.child("node_id"), "no node with node_id '" + Names.clip(nodeId) + "'");
                endIds.add(nodeId);
                JsonNode label = end.raw("label");
                String port = label == null ? null : ForeignImport.text(label.get("text"));
                names.add(foreignName.get(nodeId) + (port == null ? "" : ":" + port));
            }
            String element = Names.clip("link " + String.join(" - ", names));
            if (endIds.size() != 2) {
                imp.note(element, endIds.size() + " ends; only links with two are carried");
                continue;
            }
            String a = imp.idOf(foreignName.get(endIds.get(0))), b = imp.idOf(foreignName.get(endIds.get(1)));
            String natSide = "nat".equals(kindOf.get(endIds.get(0))) ? b : "nat".equals(kindOf.get(endIds.get(1))) ? a : null;
            if (natSide != null && imp.node(natSide) != null && imp.node(natSide).isVm()) {
                imp.replace(imp.node(natSide).withVm(imp.node(natSide).vm().withInternet(true)));
                imp.note(element, "link to NAT: internet access turned on for " + imp.node(natSide).name());
                continue;
            }
            if (a == null || b == null) {
                imp.note(element, "joins a node that was not carried; not carried");
                continue;
            }
            imp.link(a, b);
        }

        JsonNode drawings = topo.has("drawings") ? topo.requiredArray("drawings") : F.arrayNode();
        int shapes = 0;
        for (int i = 0; i < drawings.size(); i++) {
            JsonFields d = JsonFields.object(drawings.get(i), topo.child("drawings") + "[" + i + "]");
            String svg = d.optionalString("svg");
            Matcher m = svg == null ? null : SVG_TEXT.matcher(svg);
            Double x = ForeignImport.number(d.raw("x")), y = ForeignImport.number(d.raw("y"));
            if (m != null && m.find() && x != null && y != null) imp.canvasNote(unescape(m.group(1)), x, y);
            else shapes++;
        }
        if (shapes > 0) imp.note("project " + Names.clip(String.valueOf(projectName)), shapes + " drawings (shapes, images) are not carried; text drawings became notes");
        return imp.build(projectName, null, LabFormat.GNS3);
    }

    private static boolean hasVlans(JsonNode props) {
        for (JsonNode p : props.path("ports_mapping"))
            if (!"access".equals(p.path("type").asText("access")) || p.path("vlan").asInt(1) != 1) return true;
        return false;
    }

    private static String imageOf(String nodeType, JsonNode props) {
        String field = switch (nodeType) {
            case "qemu" -> "hda_disk_image";
            case "docker", "dynamips" -> "image";
            case "iou" -> "path";
            case "virtualbox" -> "vmname";
            case "vmware" -> "vmx_path";
            default -> null;
        };
        String image = field == null ? null : ForeignImport.text(props.get(field));
        return image == null || image.isBlank() ? null : image;
    }

    // ---- export ------------------------------------------------------------------------------

    static LabExport write(TopologyDocument doc, ImageMapping mapping) {
        Topology t = doc.topology();
        List<ExchangeNote> report = new ArrayList<>();
        ObjectNode root = F.objectNode();
        root.put("auto_close", true);
        root.put("auto_open", false);
        root.put("auto_start", false);
        root.put("name", t.name());
        root.put("project_id", uuid(t.name(), "project").toString());
        root.put("revision", WRITTEN_REVISION);
        root.put("scene_height", 1000);
        root.put("scene_width", 2000);
        ObjectNode topo = root.putObject("topology");
        topo.putArray("computes");
        ArrayNode drawings = topo.putArray("drawings");
        ArrayNode links = topo.putArray("links");
        ArrayNode nodes = topo.putArray("nodes");
        root.put("type", "topology");
        root.put("version", "2.2.0");
        if (t.zone() != null) report.add(new ExchangeNote("slice " + t.name(), "zone '" + t.zone() + "' has no GNS3 counterpart; not carried"));

        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Link l : t.links()) {
            if (t.node(l.a()).isEmpty() || t.node(l.b()).isEmpty() || l.a().equals(l.b())) continue;
            ports.merge(l.a(), 1, Integer::sum);
            ports.merge(l.b(), 1, Integer::sum);
        }
        for (Node n : t.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("compute_id", "local");
            o.put("console_type", n.isSwitch() ? "none" : "telnet");
            NodeLook look = doc.presentation().nodes().get(n.id());
            ObjectNode label = o.putObject("label");
            label.put("rotation", 0);
            label.put("style", "font-family: TypeWriter;font-size: 10.0;font-weight: bold;fill: #000000;fill-opacity: 1.0;");
            label.put("text", n.name());
            label.put("x", 0);
            label.put("y", -25);
            o.put("name", n.name());
            o.put("node_id", uuid(t.name(), n.id()).toString());
            o.put("node_type", n.isSwitch() ? "ethernet_switch" : "qemu");
            o.put("port_name_format", "Ethernet{0}");
            o.put("port_segment_size", 0);
            o.putNull("first_port_name");
            ObjectNode props = o.putObject("properties");
            int count = ports.getOrDefault(n.id(), 0);
            if (n.isSwitch()) {
                ArrayNode map = props.putArray("ports_mapping");
                for (int p = 0; p < Math.max(8, count); p++)
                    map.addObject().put("name", "Ethernet" + p).put("port_number", p).put("type", "access").put("vlan", 1);
                o.put("symbol", ":/symbols/ethernet_switch.svg");
            } else {
                VmSpec vm = n.vm();
                props.put("adapters", Math.max(1, count));
                props.put("adapter_type", "virtio-net-pci");
                if (vm.image() != null) props.put("hda_disk_image", mapping.exported(vm.image()));
                else report.add(new ExchangeNote("node " + n.name(), "has no image; GNS3 will ask for a disk"));
                if (vm.requirement() != null) {
                    props.put("ram", vm.requirement().ramMb());
                    props.put("cpus", Math.max(1, vm.requirement().vcpus()));
                } else if (vm.flavor() != null) {
                    report.add(new ExchangeNote("node " + n.name(), "flavor '" + vm.flavor() + "' is an Olimpus catalog name; GNS3 keeps its default RAM and CPUs"));
                }
                if (vm.internet()) report.add(new ExchangeNote("node " + n.name(), "internet access is not carried; link it to a GNS3 NAT node"));
                if (vm.zone() != null) report.add(new ExchangeNote("node " + n.name(), "zone '" + vm.zone() + "' is not carried"));
                o.put("symbol", ":/symbols/qemu_guest.svg");
            }
            if (look != null) {
                o.put("x", (int) Math.round(look.x()));
                o.put("y", (int) Math.round(look.y()));
                if (look.x() != Math.rint(look.x()) || look.y() != Math.rint(look.y()))
                    report.add(new ExchangeNote("node " + n.name(), "position rounded to whole pixels"));
                if (look.note() != null) label.put("text", look.note());
                if (look.color() != null) report.add(new ExchangeNote("node " + n.name(), "colour is not carried"));
            } else {
                o.put("x", 0);
                o.put("y", 0);
            }
            o.put("z", 1);
        }
        Map<String, Integer> next = new HashMap<>();
        for (Link l : t.links()) {
            Node a = t.node(l.a()).orElse(null), b = t.node(l.b()).orElse(null);
            if (a == null || b == null || a.id().equals(b.id())) {
                report.add(new ExchangeNote("link " + l.id(), "does not join two nodes; not written"));
                continue;
            }
            ObjectNode link = links.addObject();
            link.putObject("filters");
            link.put("link_id", uuid(t.name(), l.id()).toString());
            ArrayNode ends = link.putArray("nodes");
            for (Node end : List.of(a, b)) {
                int k = next.merge(end.id(), 1, Integer::sum) - 1;
                ObjectNode e = ends.addObject();
                e.put("adapter_number", end.isSwitch() ? 0 : k);
                e.put("node_id", uuid(t.name(), end.id()).toString());
                e.put("port_number", end.isSwitch() ? k : 0);
            }
            link.put("suspend", false);
        }
        int i = 0;
        for (Note n : doc.presentation().notes()) {
            ObjectNode d = drawings.addObject();
            d.put("drawing_id", uuid(t.name(), "note" + (i++)).toString());
            d.put("locked", false);
            d.put("rotation", 0);
            d.put("svg", "<svg height=\"24\" width=\"" + Math.max(20, 8 * n.text().length()) + "\"><text fill=\"#000000\" fill-opacity=\"1.0\" "
                    + "font-family=\"TypeWriter\" font-size=\"10.0\" font-weight=\"bold\">" + escape(n.text()) + "</text></svg>");
            d.put("x", (int) Math.round(n.x()));
            d.put("y", (int) Math.round(n.y()));
            d.put("z", 2);
        }
        try {
            return new LabExport(JSON.writeValueAsString(root) + "\n", LabFormat.GNS3, report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a tree of plain values cannot fail", e);
        }
    }

    /** Ids derived from the slice and element, so exporting the same design twice gives the same file. */
    private static UUID uuid(String slice, String element) {
        return UUID.nameUUIDFromBytes(("olimpus:" + slice + ":" + element).getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }
}
