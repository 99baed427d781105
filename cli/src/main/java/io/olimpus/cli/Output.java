package io.olimpus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How results are printed: {@code table} for people (aligned columns, one header line) or
 * {@code json} or {@code yaml} for scripts (the wire records as the server sent them).
 */
final class Output {
    enum Format { table, json, yaml }

    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final PrintStream out;
    private final Format format;

    Output(PrintStream out, Format format) {
        this.out = out;
        this.format = format;
    }

    /** Whether results are data for a script (JSON or YAML) rather than sentences and tables. */
    boolean forScripts() { return format != Format.table; }

    /** Prints {@code value} as JSON, or the table it makes. */
    void print(Object value, Table table) {
        if (forScripts()) printData(value);
        else table.print(out);
    }

    /** A sentence for people; nothing in JSON mode, where {@code value} is printed instead. */
    void say(Object value, String sentence) {
        if (forScripts()) printData(value);
        else out.println(sentence);
    }

    void printData(Object value) {
        try {
            if (format == Format.yaml) out.print(Yaml.MAPPER.writeValueAsString(value));
            else out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a wire record did not serialise", e);
        }
    }

    /** Loaded only when YAML is asked for, so other runs do not pay for it at start-up. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
    }

    /** Left-aligned columns, two spaces apart; nulls print as "-". */
    static final class Table {
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();

        Table(String... headers) {
            this.headers = List.of(headers);
        }

        Table row(Object... cells) {
            List<String> r = new ArrayList<>(cells.length);
            for (Object c : cells) r.add(c == null || c.toString().isEmpty() ? "-" : c.toString());
            rows.add(r);
            return this;
        }

        int size() { return rows.size(); }

        void print(PrintStream out) {
            int[] w = new int[headers.size()];
            for (int i = 0; i < w.length; i++) w[i] = headers.get(i).length();
            for (List<String> r : rows)
                for (int i = 0; i < w.length && i < r.size(); i++) w[i] = Math.max(w[i], r.get(i).length());
            line(out, headers, w);
            for (List<String> r : rows) line(out, r, w);
        }

        private static void line(PrintStream out, List<String> cells, int[] w) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) b.append("  ");
                b.append(cells.get(i));
                if (i < cells.size() - 1) b.append(" ".repeat(Math.max(0, w[i] - cells.get(i).length())));
            }
            out.println(b);
        }

        @Override public String toString() { return headers + " " + Arrays.deepToString(rows.toArray()); }
    }
}
