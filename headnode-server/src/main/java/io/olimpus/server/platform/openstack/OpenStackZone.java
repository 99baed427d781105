package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.apply.BootBudget;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server reaches one OpenStack availability zone: Keystone, the region, and the service
 * account (user, password, its own project, all in {@code domain}) that creates a project per slice
 * and gives itself {@code memberRole} on it. {@code externalNetwork} (name or id) is where routers
 * of VMs that ask for the internet get their gateway; null when the zone offers no internet.
 * The password never appears in {@link #toString()}, so a logged zone cannot leak it.
 */
public record OpenStackZone(String name, URI keystoneUrl, String region, String domain,
                            String user, String password, String project,
                            String availabilityZone, String externalNetwork, String memberRole,
                            Duration bootTimeout) {
    public static final String DEFAULT_MEMBER_ROLE = "member";
    /** The engine's default boot budget: one figure, whichever platform a zone is on. */
    public static final Duration DEFAULT_BOOT_TIMEOUT = BootBudget.DEFAULT;

    public OpenStackZone {
        Objects.requireNonNull(name, "zone name");
        Objects.requireNonNull(keystoneUrl, "Keystone URL");
        if (!"http".equals(keystoneUrl.getScheme()) && !"https".equals(keystoneUrl.getScheme()))
            throw new IllegalArgumentException("Keystone URL " + keystoneUrl + " must be http or https");
        requireText("region", region);
        requireText("domain", domain);
        requireText("service user", user);
        Objects.requireNonNull(password, "service password");
        requireText("service project", project);
        requireText("availability zone", availabilityZone);
        if (externalNetwork != null && externalNetwork.isBlank()) externalNetwork = null;
        if (memberRole == null || memberRole.isBlank()) memberRole = DEFAULT_MEMBER_ROLE;
        if (bootTimeout == null) bootTimeout = DEFAULT_BOOT_TIMEOUT;
    }

    public OpenStackZone(String name, URI keystoneUrl, String region, String domain, String user, String password,
                         String project, String availabilityZone, String externalNetwork) {
        this(name, keystoneUrl, region, domain, user, password, project, availabilityZone, externalNetwork, null, null);
    }

    public OpenStackZone withPassword(String newPassword) {
        return new OpenStackZone(name, keystoneUrl, region, domain, user, newPassword, project, availabilityZone, externalNetwork, memberRole, bootTimeout);
    }

    public OpenStackZone withBootTimeout(Duration timeout) {
        return new OpenStackZone(name, keystoneUrl, region, domain, user, password, project, availabilityZone, externalNetwork, memberRole, timeout);
    }

    /** The Keystone v3 root, whether the URL was given with or without "/v3". */
    public String identityV3() {
        String u = keystoneUrl.toString().replaceAll("/+$", "");
        return u.endsWith("/v3") ? u : u + "/v3";
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " must not be empty");
    }

    @Override
    public String toString() {
        return "OpenStackZone[name=" + name + ", keystoneUrl=" + keystoneUrl + ", region=" + region + ", domain=" + domain
                + ", user=" + user + ", password=****, project=" + project + ", availabilityZone=" + availabilityZone
                + ", externalNetwork=" + externalNetwork + ", memberRole=" + memberRole + ", bootTimeout=" + bootTimeout + "]";
    }
}
