package io.olimpus.server.engine.driver;

import java.util.Objects;

/**
 * One thing a driver created on a platform: its kind (e.g. {@code linux.vm}, {@code openstack.port}),
 * a name or id that finds it again, the host it lives on (a worker id, or null for cloud-wide
 * resources), the plan element it belongs to ({@code owner}: a VM id, a network id, or
 * {@link #SLICE} for slice-wide resources) and its teardown rank: higher ranks are deleted first (servers before ports before
 * networks before projects), so rollback and undeploy never strand a dependent resource.
 */
public record ResourceRef(String kind, String name, String host, String owner, int teardownRank) {
    public static final String SLICE = "slice";

    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
    }
}
