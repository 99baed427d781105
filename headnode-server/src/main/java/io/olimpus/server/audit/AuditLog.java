package io.olimpus.server.audit;

import io.olimpus.server.auth.Principal;

import java.time.Clock;

/** Records who did what. Never given a password or a token. */
public final class AuditLog {
    private final AuditStore store;
    private final Clock clock;

    public AuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void record(Principal who, String action, String target, String detail) {
        store.add(clock.millis(), who == null ? null : who.username(), action, target, detail);
    }

    public void record(String actor, String action, String target, String detail) {
        store.add(clock.millis(), actor, action, target, detail);
    }

    public AuditStore store() { return store; }
}
