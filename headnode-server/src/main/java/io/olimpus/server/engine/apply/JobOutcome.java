package io.olimpus.server.engine.apply;

/**
 * How a job ended. INCOMPLETE means a rollback or undeploy could not delete everything: the
 * leftovers stay recorded in the journal, visible, and the operation can be run again.
 */
public enum JobOutcome {
    SUCCEEDED, ROLLED_BACK, INCOMPLETE
}
