package io.olimpus.server.users;

/**
 * A user's limits: VMs, vCPUs and RAM over the slices they deploy. Every user row holds one; the
 * server's settings give the one a new user starts with.
 */
public record Quota(int maxVms, int maxVcpus, int maxRamMb) {}
