package io.olimpus.server.auth;

import io.olimpus.server.errors.DomainError;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-use tickets that open one WebSocket (a VM's console). A browser cannot set a header on a
 * WebSocket, and a session token in the URL ends up in proxy logs and browser history, where it
 * would stay valid for hours. A ticket is worth far less there: it opens only the one thing it was
 * issued for ({@code scope}, e.g. one VM's console), once, within {@link #TTL}, and only while the
 * session it was issued to is still valid (the session's token is re-checked when it is redeemed,
 * so logging out or being disabled kills the ticket too). Kept in memory: a restart voids them,
 * which costs a client one more request.
 */
public final class SocketTickets {
    public static final Duration TTL = Duration.ofSeconds(30);
    /** Outstanding tickets per session and in all: a client asking in a loop cannot fill the memory. */
    static final int MAX_PER_SESSION = 16, MAX_IN_ALL = 20_000;

    /** A ticket as issued: its value and when it stops working (epoch ms). */
    public record Ticket(String value, long expiresAt) {}

    private record Held(String sessionToken, String scope, long expiresAt) {}

    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public SocketTickets(Clock clock) { this(clock, TTL); }

    public SocketTickets(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A ticket for {@code scope}, on behalf of the session whose token is {@code sessionToken}. */
    public Ticket issue(String sessionToken, String scope) {
        long now = clock.millis();
        purgeExpired(now);
        long mine = held.values().stream().filter(h -> h.sessionToken().equals(sessionToken)).count();
        if (mine >= MAX_PER_SESSION || held.size() >= MAX_IN_ALL)
            throw new DomainError(DomainError.Kind.THROTTLED, "too-many-tickets",
                    "too many console tickets are waiting to be used; use one or wait " + ttl.toSeconds() + " s for them to expire",
                    null, null, Map.of("retryAfterSeconds", ttl.toSeconds()));
        byte[] b = new byte[32];
        random.nextBytes(b);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        long expires = now + ttl.toMillis();
        held.put(value, new Held(sessionToken, scope, expires));
        return new Ticket(value, expires);
    }

    /**
     * Uses up a ticket: the session token it was issued to, or null when the ticket is unknown,
     * already used, expired or issued for another scope. A ticket tried once is gone, whatever the
     * outcome, so guessing gets nowhere.
     */
    public String redeem(String ticket, String scope) {
        if (ticket == null) return null;
        Held h = held.remove(ticket);
        if (h == null || h.expiresAt() <= clock.millis() || !h.scope().equals(scope)) return null;
        return h.sessionToken();
    }

    private void purgeExpired(long now) {
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); )
            if (it.next().expiresAt() <= now) it.remove();
    }
}
