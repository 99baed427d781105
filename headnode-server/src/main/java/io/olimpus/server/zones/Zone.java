package io.olimpus.server.zones;

/**
 * An availability zone on one platform (its id, e.g. "linux" or "openstack"): {@code novaAz} is
 * its name on the platform's side where the platform has one (OpenStack's Nova availability zone).
 */
public record Zone(long id, String name, String platform, String novaAz, long createdAt) {}
