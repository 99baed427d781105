package io.olimpus.server.audit;

import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** The audit_log table. Entries are only ever added. */
public final class AuditStore {
    private final Jdbi jdbi;

    public AuditStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public void add(long at, String actor, String action, String target, String detail) {
        jdbi.useHandle(h -> h.createUpdate("insert into audit_log (at, actor, action, target, detail) values (:at, :actor, :action, :target, :detail)")
                .bind("at", at).bind("actor", actor).bind("action", action)
                .bind("target", clip(target, 255)).bind("detail", clip(detail, 1000)).execute());
    }

    public List<AuditEntry> list(String actor, String action, int limit, int offset) {
        return jdbi.withHandle(h -> {
            String where = actor != null && action != null ? " where actor = :actor and action = :action"
                    : actor != null ? " where actor = :actor" : action != null ? " where action = :action" : "";
            var q = h.createQuery("select id, at, actor, action, target, detail from audit_log" + where + " order by id desc limit :limit offset :offset");
            if (actor != null) q.bind("actor", actor);
            if (action != null) q.bind("action", action);
            return q.bind("limit", limit).bind("offset", offset)
                    .map((rs, c) -> new AuditEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)))
                    .list();
        });
    }

    private static String clip(String s, int max) { return s == null || s.length() <= max ? s : s.substring(0, max); }
}
