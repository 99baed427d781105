package io.olimpus.client;

import java.util.List;
import java.util.Map;

/**
 * The bodies of the lab routes (/courses/{id}/labs, /labs/...) as docs/labs.md shapes them. The
 * server documents them inline in openapi.json rather than as {@code Wire} records, so the client
 * keeps its own reading of them here; unknown fields are ignored as everywhere in this client.
 */
public final class LabWire {
    private LabWire() {}

    // ---- labs (issue 15), as docs/labs.md shapes them ----------------------------------------------

    /** A lab of a course: its window (epoch ms, null = by hand) and options; {@code state} PUBLISHED, OPEN or CLOSED. */
    public record Lab(long id, long courseId, String name, String state, Long opensAt, Long closesAt,
                      boolean deployAtOpen, boolean undeployAtClose, Integer idleMinutes, boolean studentsMayEdit, long createdAt) {}

    /** A student's view of a lab they have a copy of: the lab, its course and their own slice. */
    public record StudentLab(long id, long courseId, String name, String state, Long opensAt, Long closesAt,
                             Integer idleMinutes, boolean studentsMayEdit, String course, Long sliceId, String sliceStatus) {}

    /**
     * One student's copy on a lab's live board: CREATING (its copy being made; no slice yet),
     * QUEUED, DEPLOYING, RUNNING, FAILED (with reason; no slice when the copy could not be made),
     * UNDEPLOYING, STOPPED or DRAFT.
     */
    public record BoardRow(Long sliceId, String student, String state, String reason, Long jobId, long at) {}

    /** A lab's live board: how many copies are in each state and every student's row; {@code version} grows with each change. */
    public record Board(long labId, long version, Map<String, Integer> counts, List<BoardRow> rows) {
        /** The states of work under way: a board in none of them is settled. */
        public static final List<String> BUSY = List.of("CREATING", "QUEUED", "DEPLOYING", "UNDEPLOYING");

        /** Whether a copy is still being made, queued, deployed or undeployed. */
        public boolean busy() { return BUSY.stream().anyMatch(s -> counts.getOrDefault(s, 0) > 0); }
    }


    /** The capacity forecast of a lab for its class; {@code message} says it in one sentence. */
    public record Forecast(String zone, int students, int vmsPerStudent, int totalVms, boolean fits, int studentsThatFit,
                           List<String> fullWorkers, String message) {}
}
