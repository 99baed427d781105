package io.olimpus.model.file;

import java.util.List;

/** A design written in another format, and what that format could not carry. */
public record LabExport(String text, LabFormat format, List<ExchangeNote> report) {
    public LabExport {
        report = List.copyOf(report);
    }

    public List<String> reportLines() { return report.stream().map(ExchangeNote::toString).toList(); }
}
