package io.olimpus.model.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.olimpus.model.topology.Names;

/** YAML to and from Jackson trees, so the YAML formats share the JSON formats' path-aware readers. */
final class Yaml {
    /**
     * SnakeYAML refuses documents over 3 MB by default; a lab at the node limit is larger than
     * that, so the bound is raised to what a file at {@link io.olimpus.model.topology.TopologyLimits#MAX_NODES} needs.
     */
    static final int MAX_CHARS = 64 * 1024 * 1024;
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder().loaderOptions(loaderOptions()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private Yaml() {}

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        var o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(MAX_CHARS);
        return o;
    }

    /** The document's tree; a syntax error becomes a TopologyFileException with the line and column. */
    static JsonNode read(String text) {
        try {
            JsonNode n = YAML.readTree(text);
            return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg == null ? -1 : msg.indexOf('\n');
            throw new TopologyFileException("", "not valid YAML" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + ": " + Names.clip(nl < 0 ? String.valueOf(msg) : msg.substring(0, nl)));
        }
    }

    static String write(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a tree of plain values cannot fail", e);
        }
    }
}
