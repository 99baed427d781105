package io.olimpus.server.catalog;

import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** The catalog_aliases table: per kind of entry (zone, image, flavor), alias -> entry name. */
public final class CatalogAliasStore {
    /** One alias as stored. */
    public record Row(String kind, String alias, String target) {}

    private final Jdbi jdbi;

    public CatalogAliasStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public List<Row> all() {
        return jdbi.withHandle(h -> h.createQuery("select kind, alias, target from catalog_aliases order by kind, target, alias_key")
                .map((rs, c) -> new Row(rs.getString("kind"), rs.getString("alias"), rs.getString("target"))).list());
    }

    /** The entry an alias key names, other than {@code target}, if any. */
    public java.util.Optional<String> otherTarget(String kind, String aliasKey, String target) {
        return jdbi.withHandle(h -> h.createQuery("select target from catalog_aliases where kind = :k and alias_key = :a and target <> :t")
                .bind("k", kind).bind("a", aliasKey).bind("t", target).mapTo(String.class).findOne());
    }

    /** Replaces the aliases of one entry, all or nothing. */
    public void replace(String kind, String target, List<String> aliases, List<String> keys, long now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from catalog_aliases where kind = :k and target = :t").bind("k", kind).bind("t", target).execute();
            for (int i = 0; i < aliases.size(); i++)
                h.createUpdate("insert into catalog_aliases (kind, alias_key, alias, target, created_at) values (:k, :key, :a, :t, :now)")
                        .bind("k", kind).bind("key", keys.get(i)).bind("a", aliases.get(i)).bind("t", target).bind("now", now).execute();
        });
    }
}
