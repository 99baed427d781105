package io.olimpus.model.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The one entry point for lab files of every format: {@link #read} picks the format from the file's
 * name and content, {@link #write} writes a design in a chosen format. Both return what could not
 * be carried, element by element. Pure: the caller reads and writes the bytes.
 * <pre>
 *   LabImport in  = LabFiles.read(path.getFileName().toString(), Files.readAllBytes(path), mapping);
 *   LabExport out = LabFiles.write(document, LabFormat.byId("clab"), mapping);
 * </pre>
 */
public final class LabFiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LabFiles() {}

    public static LabImport read(String fileName, byte[] content) {
        return read(fileName, content, ImageMapping.DEFAULT);
    }

    /**
     * Reads {@code content}, the bytes of a file called {@code fileName} (only its name is used, to
     * pick the format and in messages). A file that is not what it claims to be, or not readable,
     * throws {@link TopologyFileException} naming the file and the place; a course file with
     * problems in some elements throws {@link LabFileProblems} with all of them and the valid part.
     */
    public static LabImport read(String fileName, byte[] content, ImageMapping mapping) {
        String name = fileName == null ? "(unnamed)" : fileName;
        try {
            String text = decode(content);
            LabFormat format = detect(name, text);
            return switch (format) {
                case OLIMPUS -> new LabImport(TopologyFile.read(text), LabFormat.OLIMPUS, List.of());
                case COURSE -> {
                    CourseImport imp = CourseFormat.read(text);
                    LabImport read = new LabImport(imp.document(), LabFormat.COURSE, imp.notices().stream().map(LabFiles::courseNote).toList());
                    if (!imp.problems().isEmpty()) throw new LabFileProblems(name, imp.problems(), read);
                    yield read;
                }
                case CONTAINERLAB -> ContainerlabFormat.read(text, mapping);
                case GNS3 -> Gns3Format.read(text, mapping);
                case NETLAB -> NetlabFormat.read(text, mapping, baseName(name));
                case HEAT -> throw new TopologyFileException("heat_template_version",
                        "an OpenStack Heat template: Olimpus writes these but cannot import them; import the lab's original file instead");
            };
        } catch (TopologyFileException e) {
            throw e.file() == null ? e.inFile(name) : e;
        }
    }

    private static ExchangeNote courseNote(String notice) {
        int quote = notice.indexOf("' renamed");
        return quote > 0 ? new ExchangeNote(notice.substring(0, quote + 1), notice.substring(quote + 2)) : new ExchangeNote("slice", notice);
    }

    /** Writes the design in {@code format}; the report lists what that format cannot hold. */
    public static LabExport write(TopologyDocument doc, LabFormat format, ImageMapping mapping) {
        return switch (format) {
            case OLIMPUS -> new LabExport(TopologyFile.write(doc), format, List.of());
            case CONTAINERLAB -> ContainerlabFormat.write(doc, mapping);
            case GNS3 -> Gns3Format.write(doc, mapping);
            case NETLAB -> NetlabFormat.write(doc, mapping);
            case HEAT -> HeatFormat.write(doc, mapping);
            case COURSE -> throw new IllegalArgumentException("the course tool's format is read only; export to one of " + LabFormat.writableIds());
        };
    }

    public static LabExport write(TopologyDocument doc, LabFormat format) {
        return write(doc, format, ImageMapping.DEFAULT);
    }

    /**
     * The format of a file: by its name's ending ({@code .clab.yml}, {@code .gns3}), and for the
     * generic endings ({@code .json}, {@code .yml}) or none by what the content holds. A file whose
     * ending claims one format while its content is plainly another is refused, saying which.
     */
    public static LabFormat detect(String fileName, String text) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        LabFormat claimed = lower.endsWith(".gns3") ? LabFormat.GNS3
                : lower.endsWith(".clab.yml") || lower.endsWith(".clab.yaml") ? LabFormat.CONTAINERLAB : null;
        if (claimed != null) {
            LabFormat actual = sniff(text);
            if (actual != null && actual != claimed)
                throw new TopologyFileException("", "named like a " + claimed.label() + " but holds a " + actual.label()
                        + (actual.readable() ? "; rename it to end in " + actual.extension() : ""));
            return claimed;
        }
        boolean json = lower.endsWith(".json"), yaml = lower.endsWith(".yml") || lower.endsWith(".yaml");
        if (!json && !yaml) json = text.stripLeading().startsWith("{");
        if (json) {
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return LabFormat.OLIMPUS;  // its reader says where the JSON breaks
            }
            LabFormat f = ofJson(root);
            if (f != null) return f;
            throw new TopologyFileException("", "not a lab file Olimpus knows: a JSON file must be an Olimpus topology (\"format\"), "
                    + "a GNS3 project (\"type\": \"topology\") or a course tool slice (\"nombre\", \"vms\")");
        }
        LabFormat f = ofYaml(Yaml.read(text));
        if (f != null) return f;
        throw new TopologyFileException("", "not a lab file Olimpus knows: a YAML file must be a containerlab topology (with 'name' and 'topology') "
                + "or a netlab topology (with 'nodes' and 'links')");
    }

    /** What the content plainly is, or null when it is not recognisably any format. */
    private static LabFormat sniff(String text) {
        try {
            return ofJson(JSON.readTree(text));
        } catch (JsonProcessingException notJson) {
            try {
                return ofYaml(Yaml.read(text));
            } catch (TopologyFileException notYaml) {
                return null;
            }
        }
    }

    private static LabFormat ofJson(JsonNode root) {
        if (root == null || !root.isObject()) return null;
        if (root.has("format")) return LabFormat.OLIMPUS;
        if (root.has("topology") && "topology".equals(root.path("type").asText(null))) return LabFormat.GNS3;
        if (root.has("nombre") || root.has("vms")) return LabFormat.COURSE;
        return null;
    }

    private static LabFormat ofYaml(JsonNode root) {
        if (root == null || !root.isObject()) return null;
        if (root.has("heat_template_version")) return LabFormat.HEAT;
        if (root.has("topology")) return LabFormat.CONTAINERLAB;
        if (root.has("nodes") || root.has("links") || root.has("groups")) return LabFormat.NETLAB;
        return null;
    }

    private static String decode(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new TopologyFileException("", "not a text file (not UTF-8); lab files are text");
        }
    }

    /** The file name without directories and endings: "labs/ospf.yml" -> "ospf". */
    static String baseName(String fileName) {
        String n = fileName.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
