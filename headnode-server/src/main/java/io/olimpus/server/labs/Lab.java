package io.olimpus.server.labs;

/**
 * A lab: a template design published to a course with a window and options. Times are epoch
 * millis; {@code opensAt}/{@code closesAt} null mean "by hand only", {@code idleMinutes} null "never".
 */
public record Lab(long id, long courseId, String name, Long opensAt, Long closesAt, Options options, State state, long createdAt) {
    public enum State { PUBLISHED, OPEN, CLOSED }

    /**
     * @param deployAtOpen    opening deploys every student's copy (else students deploy their own)
     * @param undeployAtClose closing undeploys every copy (they stay as drafts)
     * @param studentsMayEdit a student may change their copy's design
     */
    public record Options(boolean deployAtOpen, boolean undeployAtClose, Integer idleMinutes, boolean studentsMayEdit) {}
}
