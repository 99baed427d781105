package io.olimpus.model.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the original course tool's slice JSON, which students already have on disk:
 * {@code {"nombre", "fecha", "AZ", "vms": [{"nombre", "alias", "ram" (MB), "cpu", "disk" (GB), "imagen", ...}],
 * "enlaces": [["vm1","vm2"], ...]}}. Each VM's sizes become a flavor requirement that the
 * catalog maps to a flavor later. That tool wrote extra fields over its versions, so unknown
 * fields are tolerated here (unlike our own format); types are still checked.
 */
public final class CourseFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CourseFormat() {}

    public static CourseImport read(String json) {
        JsonNode root = JsonFields.parse(JSON, json);
        JsonFields slice = JsonFields.object(root, "");
        List<String> notices = new ArrayList<>();

        String rawName = slice.requiredString("nombre");
        String name = Names.isValid(rawName) ? rawName : Names.sanitize(rawName);
        if (!name.equals(rawName)) notices.add("slice '" + rawName + "' renamed to '" + name + "'");
        String zone = slice.optionalString("AZ");
        if (zone != null && zone.isBlank()) zone = null;

        JsonNode vmsJson = slice.requiredArray("vms");
        List<Node> nodes = new ArrayList<>(vmsJson.size());
        Map<String, String> idByOriginalName = new HashMap<>();
        UniqueNames usedNames = new UniqueNames();
        Map<String, NodeLook> looks = new java.util.LinkedHashMap<>();
        for (int i = 0; i < vmsJson.size(); i++) {
            JsonFields vm = JsonFields.object(vmsJson.get(i), "vms[" + i + "]");
            String original = vm.requiredString("nombre");
            if (idByOriginalName.containsKey(original))
                throw new TopologyFileException(vm.child("nombre"), "VM name '" + original + "' appears twice");
            String vmName = usedNames.take(original);
            if (!vmName.equals(original)) notices.add("VM '" + original + "' renamed to '" + vmName + "'");
            String id = "n" + (i + 1);
            idByOriginalName.put(original, id);
            Resources need = new Resources(
                    (int) Math.ceil(positive(vm, "cpu")),
                    (int) Math.ceil(positive(vm, "ram")),
                    (int) Math.ceil(nonNegative(vm, "disk")));
            String image = vm.optionalString("imagen");
            nodes.add(Node.vm(id, vmName, new VmSpec(null, image == null || image.isBlank() ? null : image, null, false, need)));
            String alias = vm.optionalString("alias");
            if (alias != null && !alias.isBlank()) looks.put(id, new NodeLook(0, 0, null, alias));
        }

        JsonNode linksJson = slice.requiredArray("enlaces");
        List<Link> links = new ArrayList<>(linksJson.size());
        for (int i = 0; i < linksJson.size(); i++) {
            String path = "enlaces[" + i + "]";
            JsonNode pair = linksJson.get(i);
            if (!pair.isArray() || pair.size() != 2)
                throw new TopologyFileException(path, "expected a pair of VM names like [\"vm1\", \"vm2\"]");
            String[] ends = new String[2];
            for (int e = 0; e < 2; e++) {
                JsonNode end = pair.get(e);
                if (!end.isTextual()) throw new TopologyFileException(path + "[" + e + "]", "expected a VM name, got " + JsonFields.kindOf(end));
                String id = idByOriginalName.get(end.textValue());
                if (id == null) throw new TopologyFileException(path + "[" + e + "]", "no VM named '" + end.textValue() + "'");
                ends[e] = id;
            }
            links.add(new Link("l" + (i + 1), ends[0], ends[1]));
        }
        if (slice.has("fecha")) notices.add("created by the course tool on " + slice.optionalString("fecha"));
        // Aliases carry no position: the designer lays the imported nodes out when it opens them.
        Presentation presentation = looks.isEmpty() ? Presentation.EMPTY : new Presentation(looks, List.of());
        return new CourseImport(new TopologyDocument(new Topology(name, zone, nodes, links), presentation), notices);
    }

    private static double positive(JsonFields f, String field) {
        double v = f.requiredNumber(field);
        if (v <= 0) throw new TopologyFileException(f.child(field), "must be greater than 0, got " + v);
        return v;
    }

    private static double nonNegative(JsonFields f, String field) {
        double v = f.requiredNumber(field);
        if (v < 0) throw new TopologyFileException(f.child(field), "must not be negative, got " + v);
        return v;
    }
}
