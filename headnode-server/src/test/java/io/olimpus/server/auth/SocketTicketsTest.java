package io.olimpus.server.auth;

import io.olimpus.server.errors.DomainError;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A console ticket: one use, one scope, 30 s, and a bounded number waiting per session. */
class SocketTicketsTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final Clock clock = new Clock() {
        public ZoneOffset getZone() { return ZoneOffset.UTC; }
        public Clock withZone(java.time.ZoneId z) { return this; }
        public Instant instant() { return Instant.ofEpochMilli(now.get()); }
    };
    final SocketTickets tickets = new SocketTickets(clock);

    @Test
    void aTicketIsRedeemedOnceForItsScopeOnly() {
        var t = tickets.issue("session-a", "/api/v1/slices/7/vms/n1/console");
        assertThat(t.value()).hasSizeGreaterThanOrEqualTo(40).doesNotContain("session-a");
        assertThat(t.expiresAt()).isEqualTo(now.get() + 30_000);
        assertThat(tickets.redeem(t.value(), "/api/v1/slices/7/vms/n1/console")).isEqualTo("session-a");
        assertThat(tickets.redeem(t.value(), "/api/v1/slices/7/vms/n1/console")).isNull();

        var other = tickets.issue("session-a", "/api/v1/slices/7/vms/n1/console");
        assertThat(tickets.redeem(other.value(), "/api/v1/slices/7/vms/n2/console")).isNull();
        assertThat(tickets.redeem(other.value(), "/api/v1/slices/7/vms/n1/console")).as("tried once, gone").isNull();
        assertThat(tickets.redeem(null, "x")).isNull();
    }

    @Test
    void aTicketExpiresAfterThirtySeconds() {
        var early = tickets.issue("s", "p");
        var late = tickets.issue("s", "p");
        now.addAndGet(Duration.ofSeconds(29).toMillis());
        assertThat(tickets.redeem(early.value(), "p")).isEqualTo("s");
        now.addAndGet(Duration.ofSeconds(1).toMillis());
        assertThat(tickets.redeem(late.value(), "p")).isNull();
    }

    @Test
    void aSessionCannotHoardTickets() {
        for (int i = 0; i < SocketTickets.MAX_PER_SESSION; i++) tickets.issue("greedy", "p");
        assertThatThrownBy(() -> tickets.issue("greedy", "p")).isInstanceOfSatisfying(DomainError.class,
                e -> assertThat(e.kind()).isEqualTo(DomainError.Kind.THROTTLED));
        assertThat(tickets.issue("someone-else", "p")).isNotNull();
        now.addAndGet(30_001);
        assertThat(tickets.issue("greedy", "p")).as("expired ones no longer count").isNotNull();
    }
}
