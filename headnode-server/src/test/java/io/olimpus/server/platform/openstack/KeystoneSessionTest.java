package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import org.junit.jupiter.api.Test;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token reuse and renewal of the service account's session, with a fake Keystone login instead of a cloud. */
class KeystoneSessionTest {
    static final String BASE = "http://127.0.0.1:9";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final OpenStackZone ZONE = new OpenStackZone("unit", URI.create(BASE + "/v3"), "RegionOne", "Default", "olimpus", "pw", "olimpus", "nova", null);

    /** What was asked of Keystone: a scope per login, "name@domain" for the account's project, "id" for a slice's. */
    final List<String> logins = new CopyOnWriteArrayList<>();
    final AtomicInteger issued = new AtomicInteger();
    Duration lifetime = Duration.ofHours(1);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final ApiCalls calls = new ApiCalls();

    KeystoneSession session() {
        // The session reads this test's clock, so a test can move time on.
        return new KeystoneSession(ZONE, calls, Config.newConfig(), this::login, new Clock() {
            public ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(ZoneId z) { return this; }
            public Instant instant() { return clock.instant(); }
        });
    }

    Token login(Identifier project, Identifier projectDomain) {
        logins.add(projectDomain == null ? project.getId() : project.getId() + "@" + projectDomain.getId());
        String pid = projectDomain == null ? project.getId() : "p-svc";
        return FakeKeystone.token(BASE, pid, "tok-" + issued.incrementAndGet(), clock.instant().plus(lifetime));
    }

    @Test
    void theAccountsTokenIsReusedWhileFreshAndRenewedWithinFiveMinutesOfItsExpiry() {
        KeystoneSession s = session();
        Token first = s.adminToken();
        assertThat(s.adminToken()).isSameAs(first);
        assertThat(logins).containsExactly("olimpus@Default");

        clock = Clock.fixed(NOW.plus(Duration.ofMinutes(54)), ZoneOffset.UTC);
        assertThat(s.adminToken()).isSameAs(first);
        clock = Clock.fixed(NOW.plus(Duration.ofMinutes(56)), ZoneOffset.UTC);
        assertThat(s.adminToken()).isNotSameAs(first);
        assertThat(logins).hasSize(2);
        assertThat(calls.perService()).containsEntry("Keystone", 2L);
    }

    @Test
    void theZoneCheckAuthenticatesAnewAndTheNewTokenIsKept() {
        KeystoneSession s = session();
        Token first = s.adminToken();
        Token checked = s.reauthenticate();
        assertThat(checked).isNotSameAs(first);
        assertThat(s.adminToken()).isSameAs(checked);
        assertThat(logins).hasSize(2);
    }

    @Test
    void eachSliceProjectHasItsOwnTokenScopedByIdUntilTheProjectIsForgotten() {
        KeystoneSession s = session();
        Token a = s.projectToken("p-a");
        Token b = s.projectToken("p-b");
        assertThat(a.getProject().getId()).isEqualTo("p-a");
        assertThat(b.getProject().getId()).isEqualTo("p-b");
        assertThat(s.projectToken("p-a")).isSameAs(a);
        assertThat(logins).containsExactly("p-a", "p-b");

        s.forgetProject("p-a");
        assertThat(s.projectToken("p-a")).isNotSameAs(a);
        assertThat(logins).containsExactly("p-a", "p-b", "p-a");
    }

    @Test
    void threadsAskingForTheSameProjectAtOnceAuthenticateItOnce() throws Exception {
        CountDownLatch inLogin = new CountDownLatch(1), release = new CountDownLatch(1);
        KeystoneSession s = new KeystoneSession(ZONE, calls, Config.newConfig(), (p, d) -> {
            inLogin.countDown();
            try { release.await(10, TimeUnit.SECONDS); } catch (InterruptedException e) { throw new IllegalStateException(e); }
            return login(p, d);
        }, clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Token>> asked = List.of(pool.submit(() -> s.projectToken("p-a")), pool.submit(() -> s.projectToken("p-a")),
                    pool.submit(() -> s.projectToken("p-a")), pool.submit(() -> s.projectToken("p-a")));
            assertThat(inLogin.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            Token first = asked.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Token> f : asked) assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
        } finally {
            pool.shutdownNow();
        }
        assertThat(logins).containsExactly("p-a");
    }

    @Test
    void theDomainAndTheAccountComeFromTheTokenWithoutAskingKeystone() {
        KeystoneSession s = session();
        assertThat(s.domainId()).isEqualTo("default");
        assertThat(s.serviceUserId()).isEqualTo("u-svc");
        assertThat(calls.perService()).containsExactly(Map.entry("Keystone", 1L));
    }

    @Test
    void endpointsArePublicOnesOfTheZonesRegion() {
        KeystoneSession s = session();
        Token t = s.adminToken();
        assertThat(s.endpoint(t, "compute")).isEqualTo(BASE + "/v2.1");
        assertThat(s.endpoint(t, "object-store")).isNull();
        assertThatThrownBy(() -> s.requireEndpoint("object-store")).isInstanceOf(DriverException.class)
                .hasMessage("Keystone's catalog has no public object-store endpoint in region RegionOne");

        KeystoneSession elsewhere = new KeystoneSession(new OpenStackZone("unit", URI.create(BASE), "RegionTwo", "Default", "olimpus", "pw",
                "olimpus", "nova", null), calls, Config.newConfig(), this::login, clock);
        assertThat(elsewhere.endpoint(elsewhere.adminToken(), "compute")).isNull();
    }
}
