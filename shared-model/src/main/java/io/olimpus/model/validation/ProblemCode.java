package io.olimpus.model.validation;

/**
 * Stable codes for every problem a design can have. Clients key on the code (to mark the canvas,
 * to translate the message), so codes are never renamed; new ones are only added.
 */
public enum ProblemCode {
    EMPTY_TOPOLOGY(Severity.ERROR),
    INVALID_TOPOLOGY_NAME(Severity.ERROR),
    INVALID_NAME(Severity.ERROR),
    DUPLICATE_NAME(Severity.ERROR),
    DUPLICATE_NODE_ID(Severity.ERROR),
    DUPLICATE_LINK_ID(Severity.ERROR),
    SELF_LINK(Severity.ERROR),
    DUPLICATE_LINK(Severity.ERROR),
    DANGLING_LINK(Severity.ERROR),
    TOO_MANY_INTERFACES(Severity.ERROR),
    TOO_MANY_NODES(Severity.ERROR),
    MISSING_FLAVOR(Severity.ERROR),
    MISSING_IMAGE(Severity.ERROR),
    ISOLATED_VM(Severity.WARNING),
    DISCONNECTED(Severity.WARNING),
    EMPTY_SWITCH(Severity.WARNING),
    // Catalog-aware checks, run by the server through TopologyCheck.
    UNKNOWN_FLAVOR(Severity.ERROR),
    UNKNOWN_IMAGE(Severity.ERROR),
    UNKNOWN_ZONE(Severity.ERROR),
    NO_MATCHING_FLAVOR(Severity.ERROR),
    QUOTA_EXCEEDED(Severity.ERROR),
    ZONE_CAPACITY(Severity.ERROR),
    IMAGE_LARGER_THAN_FLAVOR(Severity.ERROR),
    /** A name the design gave was an alias of a catalog entry and now reads as that entry's name. */
    CATALOG_ALIAS(Severity.WARNING),
    /** A link's delay, jitter, loss or rate is out of range, or not supported where the slice deploys. */
    INVALID_LINK_PROPERTY(Severity.ERROR),
    /** A VM asks for the internet in a zone that has no way out (a Linux zone without an uplink interface). */
    NO_INTERNET_IN_ZONE(Severity.ERROR);

    private final Severity severity;

    ProblemCode(Severity severity) { this.severity = severity; }

    public Severity severity() { return severity; }
}
