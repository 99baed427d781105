package io.olimpus.model.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.olimpus.model.file.FileProblem.Kind;
import io.olimpus.model.topology.Link;
import io.olimpus.model.topology.Names;
import io.olimpus.model.topology.Node;
import io.olimpus.model.topology.Resources;
import io.olimpus.model.topology.Topology;
import io.olimpus.model.topology.VmSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the original course tool's slice JSON, which students already have on disk, in both of
 * the variants that tool wrote:
 * <ul>
 * <li>newer: {@code {"nombre", "fecha", "AZ", "vms": [{"nombre", "alias", "ram" (MB), "cpu", "disk" (GB), "imagen"}],
 * "enlaces": [["vm1","vm2"], ...]}};</li>
 * <li>older: numbers written as strings ({@code "cpu": "2"}, decimal comma {@code "0,5"}), RAM as
 * {@code "capacidad"} with units ({@code "512MB"}, {@code "1 GB"}), switches listed in
 * {@code "switches"} (names or objects with {@code "nombre"}) and linked by name like VMs.</li>
 * </ul>
 * Each VM's sizes become a flavor requirement that the catalog maps to a flavor later. That tool
 * wrote extra fields over its versions, so unknown fields are tolerated. What is wrong in an
 * element (a link to an undefined name, a duplicate link, a VM without image) does not stop the
 * reading: every such problem is collected with the design made of the valid part. Only a file
 * that is not a slice at all (not JSON, no "vms" list) throws.
 */
public final class CourseFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A size as the course tool wrote it: 2, "2", "0,5", "512MB", "1 GB". */
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:[.,][0-9]+)?)\\s*([A-Za-z]*)\\s*");

    private CourseFormat() {}

    public static CourseImport read(String json) {
        JsonNode root = JsonFields.parse(JSON, json);
        JsonFields slice = JsonFields.object(root, "");
        List<String> notices = new ArrayList<>();
        List<FileProblem> problems = new ArrayList<>();

        String rawName = text(slice.raw("nombre"));
        String name;
        if (rawName == null || rawName.isBlank()) {
            problems.add(FileProblem.of("nombre", Kind.NO_SLICE_NAME));
            name = "imported";
        } else {
            name = Names.isValid(rawName) ? rawName : Names.sanitize(rawName);
            if (!name.equals(rawName)) notices.add("slice '" + rawName + "' renamed to '" + name + "'");
        }
        String zone = text(slice.has("AZ") ? slice.raw("AZ") : slice.raw("zona"));
        if (zone != null && zone.isBlank()) zone = null;

        List<Node> nodes = new ArrayList<>();
        Map<String, String> idByOriginalName = new HashMap<>();
        UniqueNames usedNames = new UniqueNames();
        Map<String, NodeLook> looks = new LinkedHashMap<>();

        JsonNode vmsJson = slice.requiredArray("vms");
        for (int i = 0; i < vmsJson.size(); i++) {
            String path = "vms[" + i + "]";
            JsonNode vm = vmsJson.get(i);
            if (!vm.isObject()) {
                problems.add(FileProblem.of(path, Kind.BAD_ENTRY, "vms", i + 1));
                continue;
            }
            String original = text(vm.get("nombre"));
            if (original == null || original.isBlank()) {
                problems.add(FileProblem.of(path + ".nombre", Kind.NO_NAME, "VM", i + 1));
                continue;
            }
            if (idByOriginalName.containsKey(original)) {
                problems.add(FileProblem.of(path + ".nombre", Kind.DUPLICATE_NAME, original));
                continue;
            }
            String vmName = usedNames.take(original);
            if (!vmName.equals(original)) notices.add("VM '" + original + "' renamed to '" + vmName + "'");
            String id = "n" + (nodes.size() + 1);
            idByOriginalName.put(original, id);

            Integer cpu = size(vm, path, original, "cpu", Unit.CPU, problems);
            Integer ram = vm.has("ram") || !vm.has("capacidad")
                    ? size(vm, path, original, "ram", Unit.MB, problems)
                    : size(vm, path, original, "capacidad", Unit.MB, problems);
            Integer disk = size(vm, path, original, vm.has("disk") || !vm.has("disco") ? "disk" : "disco", Unit.GB, problems);
            Resources need = cpu == null || ram == null || disk == null ? null : new Resources(cpu, ram, disk);

            String image = text(vm.get("imagen"));
            if (image == null || image.isBlank()) {
                problems.add(FileProblem.of(path + ".imagen", Kind.NO_IMAGE, original));
                image = null;
            }
            nodes.add(Node.vm(id, vmName, new VmSpec(null, image, null, false, need)));
            String alias = text(vm.get("alias"));
            if (alias != null && !alias.isBlank()) looks.put(id, new NodeLook(0, 0, null, alias));
        }

        JsonNode switchesJson = slice.raw("switches");
        if (switchesJson != null && !switchesJson.isNull()) {
            if (!switchesJson.isArray()) throw new TopologyFileException("switches", "expected a list of switch names, got " + JsonFields.kindOf(switchesJson));
            for (int i = 0; i < switchesJson.size(); i++) {
                String path = "switches[" + i + "]";
                JsonNode sw = switchesJson.get(i);
                String original = sw.isObject() ? text(sw.get("nombre") != null ? sw.get("nombre") : sw.get("name")) : text(sw);
                if (sw.isContainerNode() && !sw.isObject()) {
                    problems.add(FileProblem.of(path, Kind.BAD_ENTRY, "switches", i + 1));
                    continue;
                }
                if (original == null || original.isBlank()) {
                    problems.add(FileProblem.of(path, Kind.NO_NAME, "switch", i + 1));
                    continue;
                }
                if (idByOriginalName.containsKey(original)) {
                    problems.add(FileProblem.of(path, Kind.DUPLICATE_NAME, original));
                    continue;
                }
                String swName = usedNames.take(original);
                if (!swName.equals(original)) notices.add("switch '" + original + "' renamed to '" + swName + "'");
                String id = "n" + (nodes.size() + 1);
                idByOriginalName.put(original, id);
                nodes.add(Node.switchNode(id, swName));
            }
        }

        JsonNode linksJson = slice.has("enlaces") ? slice.requiredArray("enlaces") : JSON.createArrayNode();
        List<Link> links = new ArrayList<>(linksJson.size());
        Map<String, Integer> linkNumberByEnds = new HashMap<>();
        for (int i = 0; i < linksJson.size(); i++) {
            String path = "enlaces[" + i + "]";
            int number = i + 1;
            String[] names = ends(linksJson.get(i));
            if (names == null) {
                problems.add(FileProblem.of(path, Kind.BAD_LINK, number));
                continue;
            }
            String a = idByOriginalName.get(names[0]), b = idByOriginalName.get(names[1]);
            boolean undefined = false;
            for (int e = 0; e < 2; e++) {
                if (idByOriginalName.get(names[e]) == null && (e == 0 || !names[1].equals(names[0]))) {
                    problems.add(FileProblem.of(path + "[" + e + "]", Kind.UNDEFINED_END, number, names[e]));
                    undefined = true;
                }
            }
            if (undefined) continue;
            if (a.equals(b)) {
                problems.add(FileProblem.of(path, Kind.SELF_LINK, number, names[0]));
                continue;
            }
            String key = a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
            Integer earlier = linkNumberByEnds.putIfAbsent(key, number);
            if (earlier != null) {
                problems.add(FileProblem.of(path, Kind.DUPLICATE_LINK, number, names[0], names[1], earlier));
                continue;
            }
            links.add(new Link("l" + (links.size() + 1), a, b));
        }
        if (slice.has("fecha")) notices.add("created by the course tool on " + text(slice.raw("fecha")));
        // Aliases carry no position: the designer lays the imported nodes out when it opens them.
        Presentation presentation = looks.isEmpty() ? Presentation.EMPTY : new Presentation(looks, List.of());
        return new CourseImport(new TopologyDocument(new Topology(name, zone, nodes, links), presentation), notices, problems);
    }

    /** A link's two names: ["vm1", "sw1"] or {"origen": "vm1", "destino": "sw1"}; null when neither. */
    private static String[] ends(JsonNode link) {
        JsonNode a = null, b = null;
        if (link.isArray() && link.size() == 2) {
            a = link.get(0);
            b = link.get(1);
        } else if (link.isObject()) {
            a = link.get("origen");
            b = link.get("destino");
        }
        String x = text(a), y = text(b);
        return x == null || y == null || x.isBlank() || y.isBlank() ? null : new String[] {x, y};
    }

    /** The units a size may be written in, and how many of them its base unit counts. */
    private enum Unit {
        CPU(Map.of("", 1.0, "vcpu", 1.0, "vcpus", 1.0, "cpu", 1.0, "cpus", 1.0)),
        MB(Map.of("", 1.0, "m", 1.0, "mb", 1.0, "mib", 1.0, "g", 1024.0, "gb", 1024.0, "gib", 1024.0, "k", 1 / 1024.0, "kb", 1 / 1024.0)),
        GB(Map.of("", 1.0, "g", 1.0, "gb", 1.0, "gib", 1.0, "m", 1 / 1024.0, "mb", 1 / 1024.0, "mib", 1 / 1024.0, "t", 1024.0, "tb", 1024.0));

        final Map<String, Double> factors;

        Unit(Map<String, Double> factors) { this.factors = factors; }
    }

    /**
     * A VM's size in whole units, rounded up (half a vCPU still needs one; a disk of 0 stays 0);
     * null, with the problem recorded, when it is missing or not a size.
     */
    private static Integer size(JsonNode vm, String path, String vmName, String field, Unit unit, List<FileProblem> problems) {
        JsonNode v = vm.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
            problems.add(FileProblem.of(path + "." + field, Kind.NO_SIZE, vmName, field));
            return null;
        }
        Double value = null;
        if (v.isNumber()) value = v.doubleValue();
        else if (v.isTextual()) {
            Matcher m = SIZE.matcher(v.textValue());
            Double factor = m.matches() ? unit.factors.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
            if (factor != null) value = Double.parseDouble(m.group(1).replace(',', '.')) * factor;
        }
        boolean zeroAllowed = unit == Unit.GB;
        if (value == null || !Double.isFinite(value) || value < 0 || (value == 0 && !zeroAllowed) || value > Integer.MAX_VALUE) {
            problems.add(FileProblem.of(path + "." + field, Kind.BAD_SIZE, vmName, field, v.isValueNode() ? v.asText() : JsonFields.kindOf(v)));
            return null;
        }
        return (int) Math.ceil(value - 1e-9);
    }

    /** A scalar as text (numbers too: some files name VMs 1, 2, 3); null for absent, null or a collection. */
    private static String text(JsonNode v) {
        return ForeignImport.text(v);
    }
}
