package io.olimpus.server.engine.apply;

import io.olimpus.server.engine.driver.DriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a failure into what a job's watchers (students included) are told, and writes what only an
 * administrator should read to the server log. A {@link DriverException}'s message is written for
 * users, so it is told as it is; its admin detail, and anything else (a bug, an I/O error, a
 * library's exception, whose words may name the server's files), is logged with its stack under an
 * incident id, and the watchers read a plain sentence naming that incident. One instance per job
 * run: the same failure, seen by the VM that failed and by the job that rolls back, is one incident.
 */
public final class Failures {
    /** The MDC key under which the job's thread carries its id, so every line of a job names it. */
    public static final String JOB = "job";
    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private final String sliceId;
    private final String job;
    private final Map<Throwable, String> told = new IdentityHashMap<>();

    /** @param sliceId the slice's id on platforms; the job's id comes from the calling thread's MDC ({@link #JOB}) */
    public Failures(String sliceId) {
        this.sliceId = sliceId;
        this.job = MDC.get(JOB);
    }

    /**
     * What to tell about {@code failure}, which stopped {@code doing} ("the deploy of vm2"); {@code vmId}
     * names the VM in the log (null: none). Logged once per failure.
     */
    public synchronized String tell(RuntimeException failure, String doing, String vmId) {
        String known = told.get(failure);
        if (known != null) return known;
        String message;
        if (failure instanceof DriverException d && d.getMessage() != null && !d.getMessage().isBlank()) {
            message = d.getMessage();
            if (d.adminDetail() != null || d.getCause() != null)
                log.warn("job {} slice {} vm {}: {}: {} (detail for admins: {})", job == null ? "-" : job, sliceId, vmId == null ? "-" : vmId, doing, message,
                        d.adminDetail() == null ? "none" : d.adminDetail(), d);
        } else {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            log.error("incident {}: job {} slice {} vm {}: an internal error stopped {}", incident, job == null ? "-" : job, sliceId, vmId == null ? "-" : vmId, doing, failure);
            message = "an internal error stopped " + doing + "; an administrator can find " + (job == null ? "" : "job " + job + ", ")
                    + "incident " + incident + " in the server log";
        }
        told.put(failure, message);
        return message;
    }
}
