package io.olimpus.model.validation;

import java.util.ArrayList;
import java.util.List;

/** Every problem found, errors and warnings together. A design with no errors may be deployed. */
public record ValidationReport(List<Problem> problems) {
    public ValidationReport {
        problems = List.copyOf(problems);
    }

    public List<Problem> errors() { return problems.stream().filter(Problem::isError).toList(); }

    public List<Problem> warnings() { return problems.stream().filter(p -> !p.isError()).toList(); }

    public boolean hasErrors() { return problems.stream().anyMatch(Problem::isError); }

    public boolean has(ProblemCode code) { return problems.stream().anyMatch(p -> p.code() == code); }

    public ValidationReport plus(List<Problem> more) {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(more);
        return new ValidationReport(all);
    }
}
