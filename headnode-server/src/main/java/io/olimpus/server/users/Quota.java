package io.olimpus.server.users;

/**
 * A user's limits. Deployed resources: VMs, vCPUs and RAM over the slices they deploy. Stored
 * drafts, which cost the server CPU and disk even when nothing runs: how many slices they may keep
 * ({@code maxSlices}) and how large one design may be, counting every node, VMs and switches alike
 * ({@code maxNodes}), and its links ({@code maxLinks}). Every user row holds one; the server's
 * settings give the one a new user starts with, and an admin changes a user's.
 */
public record Quota(int maxVms, int maxVcpus, int maxRamMb, int maxSlices, int maxNodes, int maxLinks) {
    /** The draft limits a class needs and no more: the defaults of the settings, and of users stored before these limits existed. */
    public static final int DEFAULT_MAX_SLICES = 20, DEFAULT_MAX_NODES = 200, DEFAULT_MAX_LINKS = 400;
}
