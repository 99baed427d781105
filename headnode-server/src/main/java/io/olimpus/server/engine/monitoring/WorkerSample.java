package io.olimpus.server.engine.monitoring;

import java.time.Instant;

/** One reading of a worker's load, kept for the usage charts. CPU is busy time over the interval since the previous reading. */
public record WorkerSample(String workerId, Instant takenAt, double cpuPercent, long memUsedMb, long memTotalMb, long diskUsedMb, long diskTotalMb) {
    public WorkerSample {
        if (cpuPercent < 0 || cpuPercent > 100) throw new IllegalArgumentException("cpuPercent out of 0..100: " + cpuPercent);
        if (memUsedMb < 0 || memTotalMb < 0 || diskUsedMb < 0 || diskTotalMb < 0) throw new IllegalArgumentException("negative size in " + workerId);
    }
}
