package io.olimpus.server.platform.openstack;

import io.olimpus.server.zones.Zone;

/**
 * Checks an OpenStack zone's service account before its settings are stored, so that a wrong
 * password is a clear error at zone setup and not a failure at deploy time. Throws when the
 * settings do not work; {@link Refused} names the field to blame, any other exception is reported
 * against {@code keystoneUrl}. Messages must never contain the password.
 */
@FunctionalInterface
public interface OpenStackVerifier {
    /** {@code zone} gives the Nova availability zone the settings must reach. */
    void verify(Zone zone, OpenStackZoneSettings settings);

    /** The settings do not work, because of {@code field}. */
    final class Refused extends RuntimeException {
        private final String field;

        public Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() { return field; }
    }

    /** Accepts anything: what runs until the real Keystone check is wired in. */
    OpenStackVerifier UNCHECKED = (z, s) -> {};
}
