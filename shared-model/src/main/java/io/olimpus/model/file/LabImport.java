package io.olimpus.model.file;

import java.util.List;

/** A design read from a lab file, the format it was read as, and what the import changed or could not carry. */
public record LabImport(TopologyDocument document, LabFormat format, List<ExchangeNote> report) {
    public LabImport {
        report = List.copyOf(report);
    }

    /** The report as lines for a dialog or a terminal. */
    public List<String> reportLines() { return report.stream().map(ExchangeNote::toString).toList(); }
}
