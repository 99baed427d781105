package io.olimpus.server.courses;

/** What each enrolled student may run in the course's labs at once: VMs, vCPUs and RAM (MB). */
public record CourseQuota(int maxVms, int maxVcpus, int maxRamMb) {}
