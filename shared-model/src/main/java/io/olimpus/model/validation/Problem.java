package io.olimpus.model.validation;

import java.util.List;

/** One thing wrong with a design, pointing at the nodes and links it concerns (by id). */
public record Problem(ProblemCode code, Severity severity, String message, List<String> nodeIds, List<String> linkIds) {
    public Problem {
        nodeIds = List.copyOf(nodeIds);
        linkIds = List.copyOf(linkIds);
    }

    public static Problem of(ProblemCode code, String message, List<String> nodeIds, List<String> linkIds) {
        return new Problem(code, code.severity(), message, nodeIds, linkIds);
    }

    public static Problem onNodes(ProblemCode code, String message, String... nodeIds) {
        return of(code, message, List.of(nodeIds), List.of());
    }

    public static Problem onLink(ProblemCode code, String message, String linkId) {
        return of(code, message, List.of(), List.of(linkId));
    }

    public boolean isError() { return severity == Severity.ERROR; }
}
