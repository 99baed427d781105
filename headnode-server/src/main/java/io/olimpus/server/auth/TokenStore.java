package io.olimpus.server.auth;

import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/** The auth_tokens table: SHA-256 of each live token, its user and expiry. */
public final class TokenStore {
    private final Jdbi jdbi;

    public TokenStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public void insert(String tokenSha256, long userId, long now, long expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("insert into auth_tokens (token_sha256, user_id, created_at, expires_at) values (:t, :u, :now, :exp)")
                .bind("t", tokenSha256).bind("u", userId).bind("now", now).bind("exp", expiresAt).execute());
    }

    /** A live token's caller and when the token expires (epoch ms). */
    public record Live(Principal principal, long expiresAt) {}

    /** The caller of a live token of an enabled user. */
    public Optional<Live> principal(String tokenSha256, long now) {
        return jdbi.withHandle(h -> h.createQuery("select u.id, u.username, u.role, t.expires_at, u.must_change_password from auth_tokens t join users u on u.id = t.user_id"
                        + " where t.token_sha256 = :t and t.expires_at > :now and u.disabled = false")
                .bind("t", tokenSha256).bind("now", now)
                .map((rs, c) -> new Live(new Principal(rs.getLong(1), rs.getString(2), Role.valueOf(rs.getString(3)), rs.getBoolean(5)), rs.getLong(4))).findOne());
    }

    public void delete(String tokenSha256) {
        jdbi.useHandle(h -> h.createUpdate("delete from auth_tokens where token_sha256 = :t").bind("t", tokenSha256).execute());
    }

    public void deleteOthers(long userId, String keepSha256) {
        jdbi.useHandle(h -> h.createUpdate("delete from auth_tokens where user_id = :u and token_sha256 <> :k").bind("u", userId).bind("k", keepSha256).execute());
    }

    public void deleteForUser(long userId) {
        jdbi.useHandle(h -> h.createUpdate("delete from auth_tokens where user_id = :u").bind("u", userId).execute());
    }

    public int deleteExpired(long now) {
        return jdbi.withHandle(h -> h.createUpdate("delete from auth_tokens where expires_at <= :now").bind("now", now).execute());
    }
}
