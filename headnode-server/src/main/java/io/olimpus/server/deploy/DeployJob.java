package io.olimpus.server.deploy;

/** One deploy or undeploy of a slice: what clients poll, and what a restarted server resumes. */
public record DeployJob(long id, long sliceId, Kind kind, State state, String message, String requestedBy, long startedAt, Long finishedAt) {
    public enum Kind { DEPLOY, UNDEPLOY }

    /** RUNNING until the engine finishes; INCOMPLETE means resources are left and undeploy must run again. */
    public enum State { RUNNING, SUCCEEDED, ROLLED_BACK, INCOMPLETE }
}
