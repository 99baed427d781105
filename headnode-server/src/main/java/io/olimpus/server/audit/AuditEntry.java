package io.olimpus.server.audit;

/** One thing somebody did: when (epoch ms), who, what, to what, and a short detail. */
public record AuditEntry(long id, long at, String actor, String action, String target, String detail) {}
