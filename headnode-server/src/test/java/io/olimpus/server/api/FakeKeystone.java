package io.olimpus.server.api;

import io.olimpus.server.platform.openstack.OpenStackVerifier;
import io.olimpus.server.platform.openstack.OpenStackZoneSettings;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for Keystone in the API tests: accepts any service account except the password
 * {@value #WRONG_PASSWORD} (refused, blaming the password), and a Keystone on host
 * {@value #UNREACHABLE_HOST} (not answering, a plain exception). Records the usernames it saw.
 */
final class FakeKeystone implements OpenStackVerifier {
    static final String WRONG_PASSWORD = "wrong-password";
    static final String UNREACHABLE_HOST = "keystone.unreachable.invalid";
    static final FakeKeystone INSTANCE = new FakeKeystone();
    final List<String> checked = new CopyOnWriteArrayList<>();

    @Override
    public void verify(io.olimpus.server.zones.Zone zone, OpenStackZoneSettings s) {
        checked.add(s.username());
        if (UNREACHABLE_HOST.equals(URI.create(s.keystoneUrl()).getHost()))
            throw new IllegalStateException("connection to " + s.keystoneUrl() + " timed out");
        if (WRONG_PASSWORD.equals(s.password()))
            // A careless real verifier might echo the password; the server must redact it.
            throw new Refused("password", "Keystone refused the service account: 401 Unauthorized (password " + s.password() + ")");
    }
}
