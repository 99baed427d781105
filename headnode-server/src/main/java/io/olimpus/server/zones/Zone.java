package io.olimpus.server.zones;

/** An availability zone: on OpenStack it maps to a Nova availability zone; on Linux it holds workers. */
public record Zone(long id, String name, String platform, String novaAz, long createdAt) {
    public static final String OPENSTACK = "openstack";
    public static final String LINUX = "linux";
}
