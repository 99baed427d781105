package io.olimpus.server.platform.openstack;

/**
 * How the engine reaches an OpenStack zone: Keystone, the region, and the service account that
 * creates one project per slice. The password is write-only: never returned by the API, never
 * logged, never in {@link #toString()}.
 */
public record OpenStackZoneSettings(String keystoneUrl, String region, String userDomain, String projectDomain,
                                    String username, String password, String project, String externalNetwork) {
    @Override
    public String toString() {
        return "OpenStackZoneSettings[keystoneUrl=" + keystoneUrl + ", region=" + region + ", userDomain=" + userDomain
                + ", projectDomain=" + projectDomain + ", username=" + username + ", password=***, project=" + project
                + ", externalNetwork=" + externalNetwork + "]";
    }
}
