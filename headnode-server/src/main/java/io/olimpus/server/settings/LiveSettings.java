package io.olimpus.server.settings;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.auth.Principal;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.labs.ClassDeployRunner;
import io.olimpus.server.labs.LabScheduler;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.olimpus.server.slices.SliceService.clip;

/**
 * The server's settings an admin changes while it runs (GET/PUT /settings), under the names of the
 * config file: {@code lab.concurrency} (the class runner's pool) and {@code lab.scheduler-period}
 * (the lab scheduler's rounds). A change acts at once and lasts until the server restarts; the
 * config file (or its environment variable or flag) holds the value a restart starts from.
 */
public final class LiveSettings {
    public static final String LAB_CONCURRENCY = "lab.concurrency", LAB_SCHEDULER_PERIOD = "lab.scheduler-period";

    private final ClassDeployRunner runner;
    private final LabScheduler scheduler;
    private final AuditLog audit;

    public LiveSettings(ClassDeployRunner runner, LabScheduler scheduler, AuditLog audit) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.audit = audit;
    }

    /** The values in effect now, by setting name. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(LAB_CONCURRENCY, runner.concurrency());
        m.put(LAB_SCHEDULER_PERIOD, scheduler.period().toString());
        return m;
    }

    /**
     * Applies the settings named in {@code body} (any subset) after checking every one of them:
     * nothing changes when one is wrong. Returns the values in effect afterwards.
     */
    public Map<String, Object> put(Principal by, JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty())
            throw DomainError.badRequest("invalid-body", "send a JSON object of settings to change, e.g. {\"" + LAB_CONCURRENCY + "\": 8}; GET /api/v1/settings lists them");
        Integer concurrency = null;
        Duration period = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            switch (e.getKey()) {
                case LAB_CONCURRENCY -> concurrency = concurrency(e.getValue());
                case LAB_SCHEDULER_PERIOD -> period = period(e.getValue());
                default -> throw DomainError.badField(clip(e.getKey()), "no such setting; the ones changed here are " + LAB_CONCURRENCY + " and " + LAB_SCHEDULER_PERIOD);
            }
        }
        StringBuilder changed = new StringBuilder();
        if (concurrency != null) {
            runner.concurrency(concurrency);
            changed.append(LAB_CONCURRENCY).append('=').append(concurrency);
        }
        if (period != null) {
            scheduler.period(period);
            changed.append(changed.isEmpty() ? "" : ", ").append(LAB_SCHEDULER_PERIOD).append('=').append(period);
        }
        audit.record(by, "settings.change", "server", changed.toString());
        return view();
    }

    private static int concurrency(JsonNode v) {
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > ClassDeployRunner.MAX_CONCURRENCY)
            throw DomainError.badField(LAB_CONCURRENCY, "a whole number from 1 to " + ClassDeployRunner.MAX_CONCURRENCY + " (copies deployed at once), got " + clip(v.toString()));
        return v.intValue();
    }

    private static Duration period(JsonNode v) {
        String why = "an ISO-8601 duration from " + LabScheduler.MIN_PERIOD + " to " + LabScheduler.MAX_PERIOD + ", e.g. \"PT30S\", got " + clip(v.toString());
        if (!v.isTextual()) throw DomainError.badField(LAB_SCHEDULER_PERIOD, why);
        Duration d;
        try {
            d = Duration.parse(v.asText().trim());
        } catch (DateTimeParseException e) {
            throw DomainError.badField(LAB_SCHEDULER_PERIOD, why);
        }
        if (d.compareTo(LabScheduler.MIN_PERIOD) < 0 || d.compareTo(LabScheduler.MAX_PERIOD) > 0) throw DomainError.badField(LAB_SCHEDULER_PERIOD, why);
        return d;
    }
}
