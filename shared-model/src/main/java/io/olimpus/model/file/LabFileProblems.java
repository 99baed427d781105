package io.olimpus.model.file;

import java.util.List;

/**
 * A lab file with problems in some of its elements: every problem at once, and the design made of
 * what is valid, so the user may import that part and fix the rest in the designer. The message
 * lists all problems, so a caller that only prints messages still tells everything.
 */
public final class LabFileProblems extends TopologyFileException {
    private final List<FileProblem> problems;
    private final transient LabImport validPart;

    public LabFileProblems(String file, List<FileProblem> problems, LabImport validPart) {
        super(file, "", summary(problems));
        if (problems.isEmpty()) throw new IllegalArgumentException("a file with problems has at least one");
        this.problems = List.copyOf(problems);
        this.validPart = validPart;
    }

    private static String summary(List<FileProblem> problems) {
        StringBuilder s = new StringBuilder(problems.size() == 1 ? "1 problem: " : problems.size() + " problems: ");
        for (int i = 0; i < problems.size(); i++) s.append(i == 0 ? "" : "; ").append(problems.get(i).message());
        return s.toString();
    }

    /** Every problem, in the order of the file. */
    public List<FileProblem> problems() { return problems; }

    /** The design made of the valid elements (what the problems name is left out or left unset). */
    public LabImport validPart() { return validPart; }

    @Override
    public LabFileProblems inFile(String fileName) {
        LabFileProblems e = new LabFileProblems(fileName, problems, validPart);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
