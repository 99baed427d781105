package io.olimpus.server.platform.openstack;

import io.olimpus.server.engine.apply.BootBudget;
import io.olimpus.server.errors.DomainError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import static io.olimpus.server.zones.Fields.range;
import static io.olimpus.server.zones.Fields.require;

/**
 * How the engine reaches an OpenStack zone: Keystone, the region, and the service account that
 * creates one project per slice. The password is write-only: never returned by the API, never
 * logged, never in {@link #toString()}, and stored apart from the rest. {@code bootSeconds} is how
 * long Nova may take to make a server ACTIVE and Neutron to wire its ports: a cloud that builds
 * slowly under a class (one API worker, a busy hypervisor) needs more than the default.
 */
public record OpenStackZoneSettings(String keystoneUrl, String region, String userDomain, String projectDomain,
                                    String username, String password, String project, String externalNetwork, Integer bootSeconds) {
    /** Settings stored before the boot budget existed read as the default. */
    public OpenStackZoneSettings {
        if (bootSeconds == null) bootSeconds = (int) BootBudget.DEFAULT.toSeconds();
    }

    static final Pattern NOVA_AZ = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$");
    static final Pattern OS_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@ -]{0,254}$");

    /** The body of PUT /zones/{zone}/settings for an OpenStack zone; a missing password keeps the stored one. */
    public record Body(String platform, String keystoneUrl, String region, String userDomain, String projectDomain,
                       String username, String password, String project, String externalNetwork, Integer bootSeconds) {}

    /** The settings as the API shows them: the password only as whether one is set. */
    public record View(String keystoneUrl, String region, String userDomain, String projectDomain, String username,
                       String project, String externalNetwork, int bootSeconds, boolean passwordSet) {}

    /**
     * Checks every field of {@code b}, fills in the default domains, and returns the settings with
     * {@code password} (the body's, or the stored one when the body has none); throws a
     * DomainError naming the first bad field.
     */
    static OpenStackZoneSettings validate(Body b, String password) {
        String url = b.keystoneUrl();
        if (url == null || url.isEmpty()) throw DomainError.badField("keystoneUrl", "required");
        try {
            URI u = new URI(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null || u.getUserInfo() != null)
                throw DomainError.badField("keystoneUrl", "must be an http:// or https:// URL with a host, like https://keystone.example.org:5000/v3");
        } catch (URISyntaxException e) {
            throw DomainError.badField("keystoneUrl", "is not a URL: " + e.getReason());
        }
        require("region", b.region(), NOVA_AZ);
        String userDomain = b.userDomain() == null ? "Default" : b.userDomain();
        String projectDomain = b.projectDomain() == null ? "Default" : b.projectDomain();
        require("userDomain", userDomain, OS_NAME);
        require("projectDomain", projectDomain, OS_NAME);
        require("username", b.username(), OS_NAME);
        if (password == null || password.isEmpty()) throw DomainError.badField("password", "required");
        if (password.length() > 1024) throw DomainError.badField("password", "must be at most 1024 characters");
        require("project", b.project(), OS_NAME);
        if (b.externalNetwork() != null) require("externalNetwork", b.externalNetwork(), OS_NAME);
        int boot = b.bootSeconds() == null ? (int) BootBudget.DEFAULT.toSeconds()
                : range("bootSeconds", b.bootSeconds(), BootBudget.MIN_SECONDS, BootBudget.MAX_SECONDS,
                " seconds (how long Nova may take to make a server ACTIVE and Neutron to wire its ports)");
        return new OpenStackZoneSettings(url, b.region(), userDomain, projectDomain, b.username(), password, b.project(), b.externalNetwork(), boot);
    }

    OpenStackZoneSettings withPassword(String newPassword) {
        return new OpenStackZoneSettings(keystoneUrl, region, userDomain, projectDomain, username, newPassword, project, externalNetwork, bootSeconds);
    }

    /** The API's view; whether a password is set comes from the store, which need not open it to say so. */
    View view(boolean passwordSet) {
        return new View(keystoneUrl, region, userDomain, projectDomain, username, project, externalNetwork, bootSeconds, passwordSet);
    }

    /** The line the audit log keeps of these settings (no password). */
    String summary() {
        return keystoneUrl + ", region " + region + ", user " + username + ", project " + project + ", boot budget " + bootSeconds + " s";
    }

    @Override
    public String toString() {
        return "OpenStackZoneSettings[keystoneUrl=" + keystoneUrl + ", region=" + region + ", userDomain=" + userDomain
                + ", projectDomain=" + projectDomain + ", username=" + username + ", password=***, project=" + project
                + ", externalNetwork=" + externalNetwork + ", bootSeconds=" + bootSeconds + "]";
    }
}
