package io.olimpus.server.auth;

import io.olimpus.model.topology.Names;
import io.olimpus.server.audit.AuditLog;
import io.olimpus.server.errors.DomainError;
import io.olimpus.server.users.User;
import io.olimpus.server.users.UserStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins, tokens and who a token belongs to. Tokens are 256 random bits handed out once; only
 * their SHA-256 is stored. Resolved callers are cached for a few seconds (the API's hot path);
 * logout, disabling a user and a role change drop the cache entry at once.
 */
public final class AuthService {
    /** What a successful login returns. */
    public record Login(String token, long expiresAt, User user) {}

    private static final long CACHE_MS = 5_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Cached(Principal principal, long until) {}

    private final UserStore users;
    private final TokenStore tokens;
    private final Passwords passwords;
    private final LoginThrottle throttle = new LoginThrottle();
    private final AuditLog audit;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public AuthService(UserStore users, TokenStore tokens, Passwords passwords, AuditLog audit, Clock clock, Duration ttl) {
        this.users = users;
        this.tokens = tokens;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Login login(String username, String password, String fromIp) {
        if (username == null || username.isEmpty()) throw DomainError.badField("username", "required");
        if (password == null || password.isEmpty()) throw DomainError.badField("password", "required");
        if (username.length() > 64) throw DomainError.badField("username", "too long");
        long now = clock.millis();
        refuseIfThrottled(username, fromIp, now);
        User user = users.byName(username).orElse(null);
        String hash = user == null ? null : users.passwordHash(user.id()).orElse(null);
        boolean ok = passwords.verify(password, hash);
        if (!ok || user.disabled()) {
            throttle.failed(username, fromIp, now);
            audit.record(Names.PATTERN.matcher(username).matches() ? username : null, "login.failed", "from " + fromIp, null);
            throw DomainError.unauthorized("wrong username or password, or the account is disabled");
        }
        throttle.succeeded(username, fromIp);
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long expires = now + ttl.toMillis();
        tokens.insert(sha256(token), user.id(), now, expires);
        if (RANDOM.nextInt(50) == 0) tokens.deleteExpired(now);
        audit.record(user.username(), "login", "from " + fromIp, null);
        return new Login(token, expires, user);
    }

    /** A user changes their own password, proving the current one; every other session of theirs ends. */
    public void changePassword(Principal who, String token, String current, String next, String fromIp) {
        if (current == null || current.isEmpty()) throw DomainError.badField("currentPassword", "required");
        if (next == null) throw DomainError.badField("newPassword", "required");
        String weak = Passwords.whyWeak(next);
        if (weak != null) throw DomainError.badField("newPassword", weak);
        long now = clock.millis();
        refuseIfThrottled(who.username(), fromIp, now);
        String hash = users.passwordHash(who.userId()).orElse(null);
        if (!passwords.verify(current, hash)) {
            throttle.failed(who.username(), fromIp, now);
            throw DomainError.badField("currentPassword", "is not your current password");
        }
        users.setPasswordHash(who.userId(), passwords.hash(next));  // also ends a one-time password's "must change"
        String keep = sha256(token);
        tokens.deleteOthers(who.userId(), keep);
        // every cached entry goes, the kept session's too: it may still say "must change password"
        cache.entrySet().removeIf(e -> e.getValue().principal.userId() == who.userId());
        audit.record(who, "user.password-change", who.username(), null);
    }

    /**
     * The caller proves again who they are before a change a stolen session must not make alone
     * (taking over another admin's account). A wrong password counts as a failed login of the
     * caller's account, so a token cannot be used to guess it; the refusal names {@code field}.
     */
    public void confirm(Principal who, String password, String field, String what, String fromIp) {
        if (password == null || password.isEmpty())
            throw new DomainError(DomainError.Kind.FORBIDDEN, "reauthentication-required", what + " needs your own current password: send it in '"
                    + field + "'", field, "required: your own current password", null);
        long now = clock.millis();
        refuseIfThrottled(who.username(), fromIp, now);
        if (!passwords.verify(password, users.passwordHash(who.userId()).orElse(null))) {
            throttle.failed(who.username(), fromIp, now);
            audit.record(who, "reauthentication.failed", "from " + fromIp, what);
            throw new DomainError(DomainError.Kind.FORBIDDEN, "reauthentication-failed", "'" + field + "' is not your current password; "
                    + what + " needs it", field, "is not your current password", null);
        }
    }

    public void logout(String token, Principal who) {
        String key = sha256(token);
        tokens.delete(key);
        cache.remove(key);
        audit.record(who, "logout", null, null);
    }

    /** The caller behind a token, or null when the token is unknown, expired or its user disabled. */
    public Principal resolve(String token) {
        if (token.length() > 200) return null;
        String key = sha256(token);
        long now = clock.millis();
        Cached c = cache.get(key);
        if (c != null && c.until > now) return c.principal;
        TokenStore.Live live = tokens.principal(key, now).orElse(null);
        if (live == null) {
            cache.remove(key);
            return null;
        }
        if (cache.size() > 50_000) cache.clear();
        cache.put(key, new Cached(live.principal(), Math.min(now + CACHE_MS, live.expiresAt())));
        return live.principal();
    }

    /** Ends every session of a user (disabled, password reset, role changed, deleted). */
    public void endSessions(long userId) {
        tokens.deleteForUser(userId);
        cache.values().removeIf(c -> c.principal.userId() == userId);
    }

    private void refuseIfThrottled(String account, String fromIp, long now) {
        LoginThrottle.Wait wait = throttle.check(account, fromIp, now);
        if (wait.now()) return;
        long seconds = (wait.millis() + 999) / 1000;
        throw new DomainError(DomainError.Kind.THROTTLED, "login-throttled", wait.reason() + "; try again in " + seconds + " s",
                null, null, Map.of("retryAfterSeconds", seconds));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
