package io.olimpus.server.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    final LoginThrottle t = new LoginThrottle();

    @Test
    void aPairWaitsAfterFiveFailuresAndOnlyThatPair() {
        long now = 1_000_000;
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(t.check("ana", "10.9.9.9", now).now()).isTrue();
            t.failed("ana", "10.9.9.9", now);
        }
        assertThat(t.check("ana", "10.9.9.9", now).millis()).isEqualTo(LoginThrottle.FIRST_DELAY_MS);
        assertThat(t.check("ana", "10.1.1.1", now).now()).as("the owner elsewhere").isTrue();
        assertThat(t.check("bob", "10.9.9.9", now).now()).as("another account from there").isTrue();
        assertThat(t.check("ana", "10.9.9.9", now + LoginThrottle.FIRST_DELAY_MS).now()).isTrue();
        t.failed("ana", "10.9.9.9", now + 1_000);
        assertThat(t.check("ana", "10.9.9.9", now + 1_000).millis()).as("doubles").isEqualTo(2 * LoginThrottle.FIRST_DELAY_MS);
        t.succeeded("ana", "10.9.9.9");
        assertThat(t.check("ana", "10.9.9.9", now + 1_000).now()).isTrue();
    }

    @Test
    void delaysStopAtFiveMinutesAndAreForgottenAfterQuiet() {
        long now = 0;
        for (int i = 0; i < 40; i++) t.failed("ana", "a", now);
        assertThat(t.check("ana", "a", now).millis()).isEqualTo(LoginThrottle.MAX_DELAY_MS);
        assertThat(t.check("ana", "a", now + LoginThrottle.FORGET_AFTER_MS + 1).now()).isTrue();
    }

    @Test
    void anAddressSprayingNamesWaitsButOthersDoNot() {
        long now = 5_000_000;
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++) t.failed("made-up-" + i, "sprayer", now);
        assertThat(t.check("someone-new", "sprayer", now).reason()).contains("from your address");
        assertThat(t.check("someone-new", "honest", now).now()).isTrue();
    }

    @Test
    void pastTheGlobalBudgetOnlyAddressesWithoutRecentFailuresAreHeard() {
        long now = 9_000_000;
        // Many addresses, each below its own limit, together over the budget.
        for (int i = 0; i < LoginThrottle.GLOBAL_FAILURES_PER_MINUTE; i++) t.failed("x" + i, "bot-" + (i % 100), now + i);
        long then = now + LoginThrottle.GLOBAL_FAILURES_PER_MINUTE;
        assertThat(t.check("victim", "bot-7", then).reason()).contains("too many failed logins");
        assertThat(t.check("victim", "clean-address", then).now()).isTrue();
        // A minute later the budget is back.
        assertThat(t.check("victim", "bot-7", then + 61_000).now()).isTrue();
    }
}
