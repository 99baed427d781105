package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.driver.DriverException;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.ActionResponse;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Call counting and the wording of the cloud's refusals, without a cloud. */
class ApiCallsTest {
    final ApiCalls calls = new ApiCalls();

    @Test
    void everyRequestIsCountedPerServiceUntilReset() {
        calls.call("Nova", "listing", () -> 1);
        calls.call("Nova", "listing", () -> 2);
        calls.count("Keystone");
        try { calls.call("Neutron", "failing", () -> { throw new ResponseException("no", 500); }); } catch (DriverException ignored) {}
        assertThat(calls.perService()).containsExactly(java.util.Map.entry("Keystone", 1L), java.util.Map.entry("Neutron", 1L), java.util.Map.entry("Nova", 2L));
        assertThat(calls.total()).isEqualTo(4);
        calls.reset();
        assertThat(calls.perService()).isEmpty();
        assertThat(calls.total()).isZero();
    }

    @Test
    void aFailureNamesTheServiceWhatWasBeingDoneAndWhatTheServiceSaid() {
        assertThatThrownBy(() -> calls.call("Nova", "creating server vm1", () -> { throw new ResponseException("Quota\n  exceeded", 403); }))
                .isInstanceOf(DriverException.class).hasMessage("Nova refused creating server vm1 (HTTP 403): Quota exceeded");
        assertThatThrownBy(() -> calls.call("Neutron", "listing ports", () -> {
            throw new ConnectionException("failed", 0, new ConnectException("Connection refused"));
        })).hasMessage("Neutron did not answer while listing ports: Connection refused");
        assertThatThrownBy(() -> calls.call("Glance", "looking up image g", () -> { throw new IllegalStateException(); }))
                .hasMessage("Glance failed while looking up image g: IllegalStateException");
        DriverException own = new DriverException("already worded");
        assertThatThrownBy(() -> calls.call("Nova", "x", () -> { throw own; })).isSameAs(own);
    }

    @Test
    void anActionPassesOnSuccessAndADeleteAlsoWhenTheThingIsGone() {
        calls.act("Nova", "stopping vm1", false, ActionResponse::actionSuccess);
        calls.act("Neutron", "deleting port p", true, () -> ActionResponse.actionFailed("gone", 404));
        assertThatThrownBy(() -> calls.act("Nova", "starting vm1", false, () -> ActionResponse.actionFailed("not found", 404)))
                .hasMessage("Nova refused starting vm1 (HTTP 404): not found");
        assertThatThrownBy(() -> calls.act("Nova", "rebooting vm1", false, () -> ActionResponse.actionFailed("timed out", 0)))
                .hasMessage("Nova did not answer while rebooting vm1: timed out");
    }
}
